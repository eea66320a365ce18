# Scans every virtual node for each lookup.
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
        ring += [(fnv("%s#%d" % (name, i)), name) for i in range(v)]
    elif op == "REMOVE":
        ring = [p for p in ring if p[1] != name]
    elif not ring:
        print("NONE")
    else:
        h = fnv(name)
        after = [p for p in ring if p >= (h, "")]
        print(min(after)[1] if after else min(ring)[1])
