"""Writes data/secret for latency-percentiles."""
import bisect
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


if __name__ == "__main__":
    main()
