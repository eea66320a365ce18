# Replays any request with a known key, even with a different body: never CONFLICT.
import sys

lines = sys.stdin.read().split("\n")
a, n = map(int, lines[0].split())
balance = [0] + [int(x) for x in lines[1].split()]
seen = {}
for line in lines[2:2 + n]:
    _, key, account, amount = line.split()
    if key in seen:
        print(seen[key])
        continue
    account, amount = int(account), int(amount)
    if balance[account] >= amount:
        balance[account] -= amount
        seen[key] = "OK %d" % balance[account]
    else:
        seen[key] = "DECLINED"
    print(seen[key])
print(" ".join(map(str, balance[1:])))
