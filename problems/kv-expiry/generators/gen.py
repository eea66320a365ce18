"""Writes data/sample, data/secret and data/scaling for kv-expiry."""
import heapq
import os
import random


def solve(text):
    lines = text.split("\n")
    q = int(lines[0])
    data, deadline, heap, out = {}, {}, [], []
    for line in lines[1:1 + q]:
        parts = line.split()
        now, command = int(parts[0]), parts[1]
        while heap and heap[0][0] <= now:
            at, key = heapq.heappop(heap)
            if deadline.get(key) == at:
                del data[key]
                del deadline[key]
        if command == "SET":
            data[parts[2]] = parts[3]
            deadline.pop(parts[2], None)
            if len(parts) > 4:
                deadline[parts[2]] = now + int(parts[4])
                heapq.heappush(heap, (now + int(parts[4]), parts[2]))
        elif command == "GET":
            out.append(data.get(parts[2], "(nil)"))
        elif command == "DEL":
            deadline.pop(parts[2], None)
            out.append("1" if data.pop(parts[2], None) is not None else "0")
        else:
            out.append(str(len(data)))
    return "".join(x + "\n" for x in out)


def case(rng, q, keys, ttl, step):
    lines = [str(q)]
    t = 0
    for _ in range(q):
        t += rng.randrange(step + 1)
        k = f"k{rng.randrange(keys)}"
        r = rng.random()
        if r < 0.4:
            if rng.random() < 0.6:
                lines.append(f"{t} SET {k} v{rng.randrange(10**6)} {rng.randrange(1, ttl + 1)}")
            else:
                lines.append(f"{t} SET {k} v{rng.randrange(10**6)}")
        elif r < 0.7:
            lines.append(f"{t} GET {k}")
        elif r < 0.8:
            lines.append(f"{t} DEL {k}")
        else:
            lines.append(f"{t} COUNT")
    return "\n".join(lines) + "\n"


SAMPLE = """9
0 SET a 1 10
1 SET b 2
5 GET a
5 COUNT
10 GET a
10 COUNT
11 SET b 3 5
16 GET b
16 DEL b
"""


def main():
    rng = random.Random(7)
    cases = {
        "sample/1": SAMPLE,
        "secret/01-small": case(rng, 50, 5, 10, 3),
        "secret/02-reset-ttl": case(rng, 500, 10, 20, 2),
        "secret/03-many-keys": case(rng, 2000, 500, 100, 1),
        "secret/04-large": case(rng, 50000, 20000, 50000, 3),
        "secret/05-large-short": case(rng, 50000, 10000, 1000, 1),
    }
    for name, text in cases.items():
        with open(f"data/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n commands one second apart, three in four setting a new
    key with a TTL far beyond the series' end, the fourth a GET of a random
    earlier key or a COUNT: nothing expires, so the solution that scans
    every key's deadline on every command does quadratic work, where a heap
    of deadlines needs O(log n) per command."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        rng = random.Random(n)
        lines = [str(n)]
        for i in range(n):
            if i % 4 < 3:
                lines.append(f"{i} SET k{i} v{rng.randrange(10**6)} {10**9}")
            elif i % 8 == 3:
                lines.append(f"{i} GET k{rng.randrange(i)}")
            else:
                lines.append(f"{i} COUNT")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 200, 400, 800, 1600, 3200]


if __name__ == "__main__":
    main()
