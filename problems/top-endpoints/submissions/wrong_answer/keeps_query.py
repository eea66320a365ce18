# Counts paths with their query strings: /users?id=7 and /users are two endpoints.
import sys
from collections import Counter

lines = sys.stdin.read().split("\n")
n, k = map(int, lines[0].split())
counts = Counter(tuple(line.split()[:2]) for line in lines[1:1 + n])
for (method, path), count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]:
    print(method, path, count)
