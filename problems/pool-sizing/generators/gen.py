"""Writes data/secret for pool-sizing. The inputs' decimals are chosen so
that L / u is never within 1e-9 of a whole number, where rounding could go
either way. Also writes data/scaling."""
import math
import os
import random
from fractions import Fraction


def solve_line(line):
    lam, w, u = (Fraction(x) for x in line.split())
    big_l = lam * w / 1000
    p = math.ceil(big_l / u)
    return f"{float(big_l):.9f} {p}"


def solve(text):
    lines = text.split("\n")
    n = int(lines[0])
    return "".join(solve_line(line) + "\n" for line in lines[1:1 + n])


def safe(rng, big):
    while True:
        lam = f"{rng.uniform(0.1, 10**6 if big else 500):.3f}"
        w = f"{rng.uniform(0.5, 10**5 if big else 300):.2f}"
        u = f"{rng.uniform(0.01, 1):.2f}"
        ratio = Fraction(lam) * Fraction(w) / 1000 / Fraction(u)
        if ratio.denominator == 1 or abs(ratio - round(ratio)) > Fraction(1, 10**6):
            return f"{lam} {w} {u}"


def main():
    rng = random.Random(1961)
    cases = {
        "01-exact": "3\n100 50 1\n200 250 0.5\n1 1 1\n",
        "02-small": "\n".join(["50"] + [safe(rng, False) for _ in range(50)]) + "\n",
        "03-big": "\n".join(["1000"] + [safe(rng, True) for _ in range(1000)]) + "\n",
        "04-huge-pools": "2\n1000000 100000 0.01\n999999.999 99999.99 0.01\n",
        "05-many": "\n".join(["20000"] + [safe(rng, False) for _ in range(20000)]) + "\n",
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n services, each with lambda about n requests per second,
    W = 250 ms and a utilization between 0.5 and 1, so every pool holds about
    n / 3 connections: the slow solution, which counts pool sizes up one at a
    time, takes about n / 3 steps per service, n^2 / 3 in all."""
    rng = random.Random(1962)
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        lines = [str(n)]
        for _ in range(n):
            lines.append(f"{n + rng.uniform(0.001, 0.999):.3f} 250 {rng.uniform(0.5, 1):.2f}")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 100, 200, 400, 800, 1600]


if __name__ == "__main__":
    main()
