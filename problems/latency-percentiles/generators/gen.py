"""Writes data/secret and data/scaling for latency-percentiles."""
import bisect
import os
import random


def solve(text):
    lines = text.split("\n")
    n = int(lines[0])
    seen = []
    out = []
    for line in lines[1:1 + n]:
        if line[0] == "R":
            bisect.insort(seen, int(line[2:]))
        elif not seen:
            out.append("- - -")
        else:
            c = len(seen)
            out.append(" ".join(str(seen[-(-p * c // 100) - 1]) for p in (50, 95, 99)))
    return "".join(x + "\n" for x in out)


def case(rng, n, query_rate, spread):
    lines = [str(n)]
    for _ in range(n):
        if rng.random() < query_rate:
            lines.append("Q")
        else:
            # Mostly fast, with a heavy tail, as latencies are.
            x = int(rng.expovariate(1 / spread)) + 1 if rng.random() < 0.9 else rng.randint(1, 10**6)
            lines.append(f"R {min(x, 10**6)}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(95)
    cases = {
        "01-query-first": "3\nQ\nR 5\nQ\n",
        "02-small": case(rng, 100, 0.3, 50),
        "03-one-value": "6\nR 7\nR 7\nR 7\nQ\nR 7\nQ\n",
        "04-medium": case(rng, 5000, 0.2, 200),
        "05-large": case(rng, 40000, 0.5, 100),
        "06-heavy-tail": case(rng, 40000, 0.3, 10**5),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n lines alternating a request of random latency and a
    query: the solution that sorts all latencies for every query sorts about
    n/4 random values each time (quadratic work and more), where a sorted
    list takes O(log n) comparisons and a short memmove per request."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        rng = random.Random(n)
        lines = [str(n)]
        for i in range(n):
            lines.append(f"R {rng.randint(1, 10**6)}" if i % 2 == 0 else "Q")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 250, 500, 1000, 2000, 4000]


if __name__ == "__main__":
    main()
