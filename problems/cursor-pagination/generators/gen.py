"""Writes data/secret and data/scaling for cursor-pagination."""
import bisect
import os
import random


def solve(text):
    lines = text.split("\n")
    n = int(lines[0])
    live = []  # sorted ids
    next_id = 1
    out = []
    for line in lines[1:1 + n]:
        op = line.split()
        if op[0] == "POST":
            live.append(next_id)
            next_id += 1
        elif op[0] == "DELETE":
            del live[bisect.bisect_left(live, int(op[1]))]
        else:
            c, k = int(op[1]), int(op[2])
            end = len(live) if c == 0 else bisect.bisect_left(live, c)
            page = live[max(0, end - k):end][::-1]
            more = end - len(page) > 0
            if not page:
                out.append("END")
            else:
                out.append(" ".join(map(str, page)) + " " + (str(page[-1]) if more else "END"))
    return "".join(o + "\n" for o in out)


def case(rng, n, post_rate, delete_rate):
    lines = [str(n)]
    live, next_id, cursors = [], 1, [0]
    for _ in range(n):
        r = rng.random()
        if r < post_rate or not live:
            lines.append("POST")
            live.append(next_id)
            next_id += 1
        elif r < post_rate + delete_rate:
            lines.append(f"DELETE {live.pop(rng.randrange(len(live)))}")
        else:
            k = rng.randint(1, 50)
            c = rng.choice(cursors) if rng.random() < 0.7 else 0
            lines.append(f"PAGE {c} {k}")
            cursors.append(rng.randint(1, next_id))
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(2718)
    cases = {
        "01-empty": "3\nPAGE 0 5\nPOST\nPAGE 1 5\n",
        "02-small": case(rng, 200, 0.4, 0.2),
        "03-deletes": case(rng, 3000, 0.3, 0.3),
        "04-large": case(rng, 40000, 0.5, 0.1),
        "05-read-heavy": case(rng, 40000, 0.2, 0.05),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n operations, the first half POSTs, then PAGEs of at
    most 10 posts after random cursors, no DELETE: every page sees n/2 live
    posts, so the solution that sorts all live posts for every page does
    quadratic work, where a sorted list answers a page in O(log n + k)."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        rng = random.Random(n)
        posts = (n + 1) // 2
        lines = [str(n)] + ["POST"] * posts
        for _ in range(n - posts):
            lines.append(f"PAGE {rng.randint(1, posts)} {rng.randint(1, 10)}")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 175, 350, 700, 1400, 2800]


if __name__ == "__main__":
    main()
