"""Writes data/ for migration-order. Answers hold one valid order (or
IMPOSSIBLE); the output validator accepts any valid order. Also writes
data/scaling."""
import heapq
import os
import random


def solve(text):
    it = iter(text.split())
    n, m = int(next(it)), int(next(it))
    adj = [[] for _ in range(n + 1)]
    indeg = [0] * (n + 1)
    for _ in range(m):
        a, b = int(next(it)), int(next(it))
        adj[a].append(b)
        indeg[b] += 1
    heap = [v for v in range(1, n + 1) if indeg[v] == 0]
    heapq.heapify(heap)
    order = []
    while heap:
        v = heapq.heappop(heap)
        order.append(v)
        for w in adj[v]:
            indeg[w] -= 1
            if indeg[w] == 0:
                heapq.heappush(heap, w)
    return ("IMPOSSIBLE" if len(order) < n else " ".join(map(str, order))) + "\n"


def dag(rng, n, m, cycle=False):
    perm = list(range(1, n + 1))
    rng.shuffle(perm)
    edges = set()
    while len(edges) < m:
        i, j = sorted(rng.sample(range(n), 2))
        edges.add((perm[i], perm[j]))
    edges = list(edges)
    if cycle:
        i, j = sorted(rng.sample(range(n), 2))
        edges.append((perm[j], perm[i]))
        edges.append((perm[i], perm[j]))
    rng.shuffle(edges)
    return f"{n} {len(edges)}\n" + "".join(f"{a} {b}\n" for a, b in edges)


def chain(n):
    return f"{n} {n - 1}\n" + "".join(f"{i + 1} {i}\n" for i in range(n - 1, 0, -1))


def main():
    rng = random.Random(7)
    cases = {
        "01-single": "1 0\n",
        "02-small": dag(rng, 10, 15),
        "03-cycle": dag(rng, 10, 12, cycle=True),
        "04-two-cycle": "2 2\n1 2\n2 1\n",
        "05-medium": dag(rng, 2000, 6000),
        "06-long-chain": chain(20000),
        "07-large": dag(rng, 20000, 60000),
        "08-large-cycle": dag(rng, 20000, 60000, cycle=True),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: a chain of n migrations, n before n - 1 before ... before 1.
    Only the highest-numbered migration left is ever ready, so the quadratic
    solution, which scans from migration 1 for a ready one, scans everything
    still waiting each time."""
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write(chain(n))
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 125, 250, 500, 1000, 2000]


if __name__ == "__main__":
    main()
