import sys
from collections import Counter

lines = sys.stdin.read().split("\n")
n, k = map(int, lines[0].split())
counts = Counter()
for line in lines[1:1 + n]:
    method, path, _ = line.split()
    counts[(method, path.split("?", 1)[0])] += 1
for (method, path), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
    print(method, path, count)
