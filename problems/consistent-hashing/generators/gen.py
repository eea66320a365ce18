"""Writes data/secret and data/scaling for consistent-hashing."""
import bisect
import os
import random


def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def solve(text):
    lines = text.split("\n")
    v, n = map(int, lines[0].split())
    ring = []  # sorted (position, node)
    out = []
    for line in lines[1:1 + n]:
        op, name = line.split()
        if op == "ADD":
            for i in range(v):
                bisect.insort(ring, (fnv(f"{name}#{i}"), name))
        elif op == "REMOVE":
            ring = [p for p in ring if p[1] != name]
        elif not ring:
            out.append("NONE")
        else:
            i = bisect.bisect_left(ring, (fnv(name), ""))
            out.append(ring[i % len(ring)][1])
    return "".join(x + "\n" for x in out)


def case(rng, v, n, max_nodes, churn=0.05):
    lines = [f"{v} {n}"]
    live, fresh = [], 0
    for _ in range(n):
        r = rng.random()
        if (r < churn or not live) and len(live) < max_nodes:
            fresh += 1
            live.append(f"cache-{fresh}")
            lines.append(f"ADD {live[-1]}")
        elif r < churn * 1.4 and len(live) > 1:
            lines.append(f"REMOVE {live.pop(rng.randrange(len(live)))}")
        else:
            lines.append(f"GET user-{rng.randrange(10**6)}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(32)
    cases = {
        "01-empty": "3 3\nGET a\nADD x\nGET a\n",
        "02-small": case(rng, 3, 100, 5),
        "03-churn": case(rng, 5, 2000, 20),
        "04-large": case(rng, 10, 20000, 100, churn=0.01),
        "05-many-vnodes": case(rng, 20, 20000, 60, churn=0.005),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n operations on a ring with V = 1, alternately adding a
    new node and looking up a random key (no removals), so the ring grows to
    n/2 positions: the solution that scans the whole ring on every GET does
    quadratic work, where a sorted ring needs O(log n) per operation. Names
    and keys are short, so that hashing them (linear work every solution
    does) weighs little beside the scans."""
    os.makedirs("data/scaling", exist_ok=True)
    chars = "abcdefghijklmnopqrstuvwxyz0123456789"
    for n in SCALING_SIZES:
        rng = random.Random(n)
        lines = [f"1 {n}"]
        for i in range(n):
            if i % 2 == 0:
                lines.append(f"ADD n{i // 2 + 1}")
            else:
                lines.append("GET " + "".join(rng.choice(chars) for _ in range(2)))
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 200, 400, 800, 1600, 3200]


if __name__ == "__main__":
    main()
