"""Writes data/secret for lru-cache (two scored groups)."""
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


if __name__ == "__main__":
    main()
