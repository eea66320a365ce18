# Counts the window by scanning every earlier allowed request.
import sys

lines = sys.stdin.read().split("\n")
limit, w, n = map(int, lines[0].split())
allowed_sliding, allowed_fixed = [], []
for line in lines[1:1 + n]:
    t, u = line.split()
    t = int(t)
    recent = 0
    for pt, pu in allowed_sliding:
        if pu == u and pt > t - w:
            recent += 1
    sliding = recent < limit
    if sliding:
        allowed_sliding.append((t, u))
    same = 0
    for pt, pu in allowed_fixed:
        if pu == u and pt // w == t // w:
            same += 1
    fixed = same < limit
    if fixed:
        allowed_fixed.append((t, u))
    print("A" if sliding else "D", "A" if fixed else "D")
