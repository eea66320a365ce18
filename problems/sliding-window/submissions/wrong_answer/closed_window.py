# Keeps requests at exactly t - W in the sliding window: [t - W, t] instead of (t - W, t].
import sys
from collections import deque

lines = sys.stdin.read().split("\n")
limit, w, n = map(int, lines[0].split())
logs, windows = {}, {}
for line in lines[1:1 + n]:
    t, u = line.split()
    t = int(t)
    log = logs.setdefault(u, deque())
    while log and log[0] < t - w:
        log.popleft()
    sliding = len(log) < limit
    if sliding:
        log.append(t)
    j, count = windows.get(u, (-1, 0))
    if j != t // w:
        j, count = t // w, 0
    fixed = count < limit
    windows[u] = (j, count + fixed)
    print("A" if sliding else "D", "A" if fixed else "D")
