import math
import sys

data = sys.stdin.read().split()
n = int(data[0])
out = []
for i in range(n):
    lam, w, u = (float(x) for x in data[1 + 3 * i:4 + 3 * i])
    load = lam * w / 1000
    out.append("%.9f %d" % (load, math.ceil(load / u - 1e-9)))
print("\n".join(out))
