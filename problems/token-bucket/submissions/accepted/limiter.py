import sys


def main():
    data = sys.stdin.buffer.read().split()
    c, r, g, q, n = (int(x) for x in data[:5])
    users = {}
    gmilli, glast = g * 1000, 0
    out = []
    for i in range(n):
        t = int(data[5 + 2 * i])
        u = data[6 + 2 * i]
        b = users.get(u)
        if b is None:
            b = users[u] = [c * 1000, t]
        b[0] = min(c * 1000, b[0] + (t - b[1]) * r)
        b[1] = t
        gmilli = min(g * 1000, gmilli + (t - glast) * q)
        glast = t
        if b[0] >= 1000 and gmilli >= 1000:
            b[0] -= 1000
            gmilli -= 1000
            out.append("ALLOW")
        else:
            wait = max(-(-max(0, 1000 - b[0]) // r), -(-max(0, 1000 - gmilli) // q))
            out.append("DENY %d" % wait)
    sys.stdout.write("\n".join(out) + "\n")


main()
