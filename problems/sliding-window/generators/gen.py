"""Writes data/secret and data/scaling for sliding-window."""
import os
import random
from collections import deque


def solve(text):
    lines = text.split("\n")
    limit, w, n = map(int, lines[0].split())
    logs, windows = {}, {}
    out = []
    for line in lines[1:1 + n]:
        t, u = line.split()
        t = int(t)
        log = logs.setdefault(u, deque())
        while log and log[0] <= t - w:
            log.popleft()
        sliding = len(log) < limit
        if sliding:
            log.append(t)
        j, count = windows.get(u, (None, 0))
        if j != t // w:
            j, count = t // w, 0
        fixed = count < limit
        windows[u] = (j, count + fixed)
        out.append(("A" if sliding else "D") + " " + ("A" if fixed else "D"))
    return "".join(o + "\n" for o in out)


def case(rng, limit, w, n, users, gap):
    lines = [f"{limit} {w} {n}"]
    t = rng.randint(0, 10**9)
    names = [f"u{i}" for i in range(users)]
    for _ in range(n):
        t += rng.randint(0, gap)
        lines.append(f"{t} {rng.choice(names)}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(60)
    cases = {
        "01-boundary": "2 10 6\n0 a\n9 a\n10 a\n10 a\n19 a\n20 a\n",
        "02-small": case(rng, 3, 100, 300, 3, 30),
        "03-bursty": case(rng, 5, 1000, 5000, 10, 20),
        "04-large": case(rng, 50, 10000, 30000, 5, 30),
        "05-many-users": case(rng, 10, 500, 30000, 1000, 2),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n requests of one user, one per millisecond, with W = 1,
    so every request is allowed by both limiters: the quadratic solution,
    which scans every earlier allowed request, scans all of them."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        lines = [f"1 1 {n}"] + [f"{10**9 + i} a" for i in range(n)]
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 50, 100, 200, 400, 800]


if __name__ == "__main__":
    main()
