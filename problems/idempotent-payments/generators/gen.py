"""Writes data/secret and data/scaling for idempotent-payments."""
import os
import random


def solve(text):
    lines = text.split("\n")
    a, n = map(int, lines[0].split())
    balance = [0] + [int(x) for x in lines[1].split()]
    seen = {}
    out = []
    for line in lines[2:2 + n]:
        _, key, acct, amount = line.split()
        body = (int(acct), int(amount))
        if key in seen:
            first_body, answer = seen[key]
            out.append(answer if first_body == body else "CONFLICT")
            continue
        acct, amount = body
        if balance[acct] >= amount:
            balance[acct] -= amount
            answer = f"OK {balance[acct]}"
        else:
            answer = "DECLINED"
        seen[key] = (body, answer)
        out.append(answer)
    out.append(" ".join(map(str, balance[1:])))
    return "\n".join(out) + "\n"


def case(rng, a, n, retry, conflict):
    lines = [f"{a} {n}", " ".join(str(rng.randint(0, 10**6)) for _ in range(a))]
    sent = []
    for i in range(n):
        if sent and rng.random() < retry:
            key, acct, amount = rng.choice(sent)
            if rng.random() < conflict:
                amount += 1
        else:
            key, acct, amount = f"k-{i}-{rng.randrange(10**6)}", rng.randint(1, a), rng.randint(1, 10**5)
            sent.append((key, acct, amount))
        lines.append(f"PAY {key} {acct} {amount}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(402)
    cases = {
        "01-retry": "1 3\n100\nPAY a 1 60\nPAY a 1 60\nPAY b 1 60\n",
        "02-conflict": "2 4\n10 10\nPAY x 1 5\nPAY x 2 5\nPAY x 1 6\nPAY x 1 5\n",
        "03-small": case(rng, 5, 200, 0.3, 0.2),
        "04-big-amounts": "2 3\n1000000000000 0\nPAY big 1 1000000000000\nPAY big 1 1000000000000\nPAY other 2 1\n",
        "05-large": case(rng, 1000, 30000, 0.3, 0.1),
        "06-many-retries": case(rng, 50, 30000, 0.8, 0.05),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n requests, each with a new idempotency key (no retries)
    on 10 well-funded accounts: the solution that looks keys up by scanning
    the request history scans all earlier requests every time, quadratic
    work, where a dictionary of keys needs O(1) per request."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        rng = random.Random(n)
        lines = [f"10 {n}", " ".join(["1000000000000"] * 10)]
        for i in range(n):
            lines.append(f"PAY k-{i} {rng.randint(1, 10)} {rng.randint(1, 10**5)}")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 100, 200, 400, 800, 1600]


if __name__ == "__main__":
    main()
