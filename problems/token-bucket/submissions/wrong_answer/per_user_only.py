# Forgets the global bucket: right for one user, wrong under global pressure.
import sys

data = sys.stdin.read().split()
c, r, g, q, n = (int(x) for x in data[:5])
users = {}
out = []
for i in range(n):
    t, u = int(data[5 + 2 * i]), data[6 + 2 * i]
    b = users.setdefault(u, [c * 1000, t])
    b[0] = min(c * 1000, b[0] + (t - b[1]) * r)
    b[1] = t
    if b[0] >= 1000:
        b[0] -= 1000
        out.append("ALLOW")
    else:
        out.append("DENY %d" % -(-(1000 - b[0]) // r))
print("\n".join(out))
