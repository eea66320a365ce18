# Counts each distinct endpoint by scanning the whole log again.
import sys

lines = sys.stdin.read().split("\n")
n, k = map(int, lines[0].split())
log = []
for line in lines[1:1 + n]:
    method, path, _ = line.split()
    log.append((method, path.split("?", 1)[0]))
ranked = []
for endpoint in set(log):
    count = 0
    for entry in log:
        if entry == endpoint:
            count += 1
    ranked.append((-count, endpoint))
ranked.sort()
for count, (method, path) in ranked[:k]:
    print(method, path, -count)
