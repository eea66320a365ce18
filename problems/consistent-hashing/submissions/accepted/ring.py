import bisect
import sys


def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def main():
    lines = sys.stdin.read().split("\n")
    v, n = map(int, lines[0].split())
    ring = []
    out = []
    for line in lines[1:1 + n]:
        op, name = line.split()
        if op == "ADD":
            for i in range(v):
                bisect.insort(ring, (fnv("%s#%d" % (name, i)), name))
        elif op == "REMOVE":
            for i in range(v):
                del ring[bisect.bisect_left(ring, (fnv("%s#%d" % (name, i)), name))]
        elif not ring:
            out.append("NONE")
        else:
            i = bisect.bisect_left(ring, (fnv(name), ""))
            out.append(ring[i % len(ring)][1])
    sys.stdout.write("".join(x + "\n" for x in out))


main()
