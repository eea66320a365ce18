"""Writes data/secret and data/scaling for event-sourcing."""
import os
import random


def solve(text):
    lines = text.split("\n")
    n = int(lines[0])
    balance, history, events = {}, {}, 0
    out = []
    for line in lines[1:1 + n]:
        op, a, x = line.split()
        a, x = int(a), int(x)
        if op == "AT":
            past = [b for v, b in history.get(a, []) if v <= x]
            out.append(str(past[-1] if past else 0))
            continue
        events += 1
        now = balance.get(a, 0)
        new = now + x if op == "DEPOSIT" else (now - x if now >= x else now)
        balance[a] = new
        history.setdefault(a, []).append((events, new))
    return "".join(o + "\n" for o in out)


def case(rng, n, accounts, query_rate):
    lines = [str(n)]
    events = 0
    ids = [rng.randint(1, 10**9) for _ in range(accounts)]
    for _ in range(n):
        a = rng.choice(ids)
        if rng.random() < query_rate:
            lines.append(f"AT {a} {rng.randint(0, events)}")
        else:
            events += 1
            op = "DEPOSIT" if rng.random() < 0.5 else "WITHDRAW"
            lines.append(f"{op} {a} {rng.randint(1, 10**9)}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(11)
    cases = {
        "01-rejected": "5\nDEPOSIT 1 10\nWITHDRAW 1 20\nAT 1 2\nWITHDRAW 1 10\nAT 1 1\n",
        "02-small": case(rng, 200, 3, 0.3),
        "03-medium": case(rng, 5000, 100, 0.4),
        "04-hot-account": case(rng, 20000, 1, 0.5),
        "05-large": case(rng, 20000, 2000, 0.5),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n lines on one account, the first half events (deposits
    and withdrawals), then queries near the end of the log: the solution
    that replays the log for every query replays about n/2 events each
    time, quadratic work, where per-account versions answer in O(log n)."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        rng = random.Random(n)
        events = (n + 1) // 2
        lines = [str(n)]
        for _ in range(events):
            op = "DEPOSIT" if rng.random() < 0.5 else "WITHDRAW"
            lines.append(f"{op} 7 {rng.randint(1, 10**9)}")
        for _ in range(n - events):
            lines.append(f"AT 7 {rng.randint(events * 3 // 4, events)}")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 100, 200, 400, 800, 1600]


if __name__ == "__main__":
    main()
