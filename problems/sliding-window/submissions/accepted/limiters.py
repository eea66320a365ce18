import sys
from collections import deque


def main():
    lines = sys.stdin.read().split("\n")
    limit, w, n = map(int, lines[0].split())
    logs, windows = {}, {}
    out = []
    for line in lines[1:1 + n]:
        t, u = line.split()
        t = int(t)
        log = logs.get(u)
        if log is None:
            log = logs[u] = deque()
        while log and log[0] <= t - w:
            log.popleft()
        sliding = len(log) < limit
        if sliding:
            log.append(t)
        j, count = windows.get(u, (-1, 0))
        if j != t // w:
            j, count = t // w, 0
        fixed = count < limit
        windows[u] = (j, count + fixed)
        out.append(("A " if sliding else "D ") + ("A" if fixed else "D"))
    sys.stdout.write("\n".join(out) + "\n")


main()
