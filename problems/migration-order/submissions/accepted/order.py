import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    nxt = [[] for _ in range(n + 1)]
    indegree = [0] * (n + 1)
    for i in range(m):
        a, b = int(data[2 + 2 * i]), int(data[3 + 2 * i])
        nxt[a].append(b)
        indegree[b] += 1
    order = [v for v in range(1, n + 1) if indegree[v] == 0]
    for v in order:  # grows while we walk it: Kahn's algorithm
        for w in nxt[v]:
            indegree[w] -= 1
            if indegree[w] == 0:
                order.append(w)
    print("IMPOSSIBLE" if len(order) < n else " ".join(map(str, order)))


main()
