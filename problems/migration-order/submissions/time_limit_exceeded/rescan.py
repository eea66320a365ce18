# Kahn's algorithm, but finds the next ready migration by scanning all of
# them each time: quadratic.
import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
nxt = [[] for _ in range(n + 1)]
indegree = [0] * (n + 1)
for i in range(m):
    a, b = int(data[2 + 2 * i]), int(data[3 + 2 * i])
    nxt[a].append(b)
    indegree[b] += 1
done = [False] * (n + 1)
order = []
while len(order) < n:
    ready = next((v for v in range(1, n + 1) if not done[v] and indegree[v] == 0), None)
    if ready is None:
        break
    done[ready] = True
    order.append(ready)
    for w in nxt[ready]:
        indegree[w] -= 1
print("IMPOSSIBLE" if len(order) < n else " ".join(map(str, order)))
