"""Writes data/secret for token-bucket: deterministic inputs, answers from the
reference below, and data/scaling. Run from the package: python3 generators/gen.py"""
import os
import random


def solve(text):
    lines = text.split("\n")
    c, r, g, q = map(int, lines[0].split())
    n = int(lines[1])
    users = {}
    glob = [g * 1000, 0]  # milli-tokens, last time
    out = []
    for line in lines[2:2 + n]:
        t, u = line.split()
        t = int(t)
        b = users.setdefault(u, [c * 1000, t])
        b[0] = min(c * 1000, b[0] + (t - b[1]) * r); b[1] = t
        glob[0] = min(g * 1000, glob[0] + (t - glob[1]) * q); glob[1] = t
        if b[0] >= 1000 and glob[0] >= 1000:
            b[0] -= 1000; glob[0] -= 1000
            out.append("ALLOW")
        else:
            wait = max(-(-max(0, 1000 - b[0]) // r), -(-max(0, 1000 - glob[0]) // q))
            out.append(f"DENY {wait}")
    return "\n".join(out) + "\n"


def case(rng, n, users, c, r, g, q, burst):
    t = rng.randint(0, 10**6)
    lines = [f"{c} {r} {g} {q}", str(n)]
    names = [f"user{i}" for i in range(users)]
    for _ in range(n):
        t += 0 if rng.random() < burst else rng.randint(0, 50)
        lines.append(f"{t} {rng.choice(names)}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(20261128)
    cases = {
        "01-one-user": case(rng, 50, 1, 3, 2, 100, 100, 0.5),
        "02-global-limit": case(rng, 200, 20, 5, 5, 3, 7, 0.3),
        "03-slow-refill": case(rng, 1000, 5, 2, 1, 10, 1, 0.1),
        "04-many-users": case(rng, 20000, 500, 10, 20, 50, 900, 0.2),
        "05-large": case(rng, 30000, 2000, 4, 3, 1000, 1000, 0.4),
    }
    big = ["1000000 1000000 1000000 1000000", "3", "0 a", "1000000000000 a", "1000000000000 b"]
    cases["06-huge-times"] = "\n".join(big) + "\n"
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n requests of one user, one per millisecond, with buckets
    big enough that every request is allowed: the quadratic solution, which
    replays every earlier allowed request, replays all of them."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        lines = ["1000000 1000000 1000000 1000000", str(n)] + [f"{10**6 + i} a" for i in range(n)]
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 32, 64, 128, 256, 512]


if __name__ == "__main__":
    main()
