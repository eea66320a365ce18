# Treats W as seconds: forgets the milliseconds.
import math
import sys

data = sys.stdin.read().split()
for i in range(int(data[0])):
    lam, w, u = (float(x) for x in data[1 + 3 * i:4 + 3 * i])
    print("%.9f %d" % (lam * w, math.ceil(lam * w / u - 1e-9)))
