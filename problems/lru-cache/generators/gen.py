"""Writes data/secret for lru-cache (two scored groups), and data/scaling."""
import os
import random
from collections import OrderedDict


def solve(text):
    lines = text.split("\n")
    c, q = map(int, lines[0].split())
    cache = OrderedDict()
    out = []
    for line in lines[1:1 + q]:
        op = line.split()
        k = int(op[1])
        if op[0] == "GET":
            if k in cache:
                cache.move_to_end(k)
                out.append(str(cache[k]))
            else:
                out.append("-1")
        else:
            if k in cache:
                cache.move_to_end(k)
            elif len(cache) == c:
                cache.popitem(last=False)
            cache[k] = int(op[2])
    return "".join(x + "\n" for x in out)


def case(rng, c, q, keys):
    lines = [f"{c} {q}"]
    for _ in range(q):
        k = rng.randrange(keys)
        if rng.random() < 0.5:
            lines.append(f"GET {k}")
        else:
            lines.append(f"PUT {k} {rng.randrange(10**9)}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(42)
    groups = {
        "1-small": {"1": case(rng, 1, 50, 3), "2": case(rng, 10, 500, 20), "3": case(rng, 100, 1000, 150)},
        "2-large": {"1": case(rng, 1000, 20000, 1500), "2": case(rng, 20000, 50000, 30000)},
    }
    for group, cases in groups.items():
        for name, text in cases.items():
            with open(f"data/secret/{group}/{name}.in", "w") as f:
                f.write(text)
            with open(f"data/secret/{group}/{name}.ans", "w") as f:
                f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n operations on a cache of capacity m = ceil(n / 2): first
    m PUTs of new keys fill it, then GETs and PUTs of the two most recently
    used keys. Those sit at the end of the recency order, so the quadratic
    solution, which scans that order from the least recently used end, scans
    all m keys on each of them."""
    rng = random.Random(4343)
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        m = (n + 1) // 2
        lines = [f"{m} {n}"] + [f"PUT {k} {rng.randrange(10**9)}" for k in range(m)]
        for _ in range(n - m):
            k = m - 1 - rng.randrange(2)
            if rng.random() < 0.5:
                lines.append(f"GET {k}")
            else:
                lines.append(f"PUT {k} {rng.randrange(10**9)}")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 175, 350, 700, 1400, 2800]


if __name__ == "__main__":
    main()
