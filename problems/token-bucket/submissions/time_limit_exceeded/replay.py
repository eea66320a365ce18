# Correct, but recomputes every bucket by replaying the whole history on
# each request: quadratic.
import sys

data = sys.stdin.read().split()
c, r, g, q, n = (int(x) for x in data[:5])
reqs = [(int(data[5 + 2 * i]), data[6 + 2 * i]) for i in range(n)]
allowed = []
out = []
for i, (t, u) in enumerate(reqs):
    um, ul, gm, gl = None, None, g * 1000, 0
    for (pt, pu) in allowed:
        if pu == u:
            um = c * 1000 if um is None else min(c * 1000, um + (pt - ul) * r)
            ul = pt
            um -= 1000
        gm = min(g * 1000, gm + (pt - gl) * q)
        gl = pt
        gm -= 1000
    um = c * 1000 if um is None else min(c * 1000, um + (t - ul) * r)
    gm = min(g * 1000, gm + (t - gl) * q)
    if um >= 1000 and gm >= 1000:
        allowed.append((t, u))
        out.append("ALLOW")
    else:
        out.append("DENY %d" % max(-(-max(0, 1000 - um) // r), -(-max(0, 1000 - gm) // q)))
print("\n".join(out))
