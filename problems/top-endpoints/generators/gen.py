"""Writes data/secret and data/scaling for top-endpoints."""
import os
import random


def solve(text):
    lines = text.split("\n")
    n, k = map(int, lines[0].split())
    counts = {}
    for line in lines[1:1 + n]:
        method, path, _ = line.split()
        key = (method, path.split("?")[0])
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return "".join(f"{m} {p} {c}\n" for (m, p), c in ranked[:k])


def case(rng, n, k, paths):
    names = [f"/api/v1/{rng.choice(['users', 'orders', 'items', 'carts'])}/{i}" for i in range(paths)]
    weights = [1 / (i + 1) for i in range(paths)]
    lines = [f"{n} {k}"]
    for _ in range(n):
        path = rng.choices(names, weights)[0]
        if rng.random() < 0.3:
            path += f"?page={rng.randint(1, 9)}"
        method = rng.choice(["GET", "GET", "GET", "POST", "DELETE"])
        lines.append(f"{method} {path} {rng.choice([200, 200, 201, 404, 500])}")
    return "\n".join(lines) + "\n"


def main():
    rng = random.Random(404)
    cases = {
        "01-ties": "6 3\nGET /b 200\nGET /a 200\nPOST /a 201\nGET /b?x=1 200\nGET /a 500\nDELETE /a 204\n",
        "02-k-too-big": "2 10\nGET / 200\nGET /?q=1 200\n",
        "03-small": case(rng, 300, 5, 30),
        "04-medium": case(rng, 5000, 20, 500),
        "05-large": case(rng, 30000, 100, 3000),
    }
    for name, text in cases.items():
        with open(f"data/secret/{name}.in", "w") as f:
            f.write(text)
        with open(f"data/secret/{name}.ans", "w") as f:
            f.write(solve(text))
    scaling()


def scaling():
    """data/scaling: n log lines, every one a different endpoint (some with a
    query string), so the quadratic solution, which scans the whole log once
    per distinct endpoint, scans it n times."""
    rng = random.Random(4040)
    os.makedirs("data/scaling", exist_ok=True)
    for n in SCALING_SIZES:
        lines = [f"{n} 1"]
        for i in range(n):
            query = f"?page={rng.randint(1, 9)}" if rng.random() < 0.3 else ""
            method = rng.choice(["GET", "POST", "DELETE"])
            lines.append(f"{method} /api/v1/items/{i}{query} {rng.choice([200, 201, 404, 500])}")
        with open(f"data/scaling/n{n:05d}.in", "w") as f:
            f.write("\n".join(lines) + "\n")
        with open(f"data/scaling/n{n:05d}.yaml", "w") as f:
            f.write(f"n: {n}\n")


SCALING_SIZES = [1, 80, 160, 320, 640, 1280]


if __name__ == "__main__":
    main()
