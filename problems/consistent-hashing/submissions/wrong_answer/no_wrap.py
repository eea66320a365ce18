# Forgets to wrap around: keys past the last position get NONE.
import bisect
import sys


def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


lines = sys.stdin.read().split("\n")
v, n = map(int, lines[0].split())
ring = []
for line in lines[1:1 + n]:
    op, name = line.split()
    if op == "ADD":
        for i in range(v):
            bisect.insort(ring, (fnv("%s#%d" % (name, i)), name))
    elif op == "REMOVE":
        ring = [p for p in ring if p[1] != name]
    else:
        i = bisect.bisect_left(ring, (fnv(name), ""))
        print(ring[i][1] if i < len(ring) else "NONE")
