# Finds the pool size by trying 1, 2, 3, ...: pools reach 10^7.
import sys

data = sys.stdin.read().split()
for i in range(int(data[0])):
    lam, w, u = (float(x) for x in data[1 + 3 * i:4 + 3 * i])
    load = lam * w / 1000
    p = 1
    while load / p > u + 1e-12:
        p += 1
    print("%.9f %d" % (load, p))
