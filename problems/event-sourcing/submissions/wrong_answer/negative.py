# Applies every withdrawal, even ones that overdraw the account.
import bisect
import sys

lines = sys.stdin.read().split("\n")
versions, balances, events = {}, {}, 0
for line in lines[1:1 + int(lines[0])]:
    op, a, x = line.split()
    x = int(x)
    if op == "AT":
        vs = versions.get(a, [])
        i = bisect.bisect_right(vs, x)
        print(balances[a][i - 1] if i else 0)
        continue
    events += 1
    bs = balances.setdefault(a, [])
    now = (bs[-1] if bs else 0) + (x if op == "DEPOSIT" else -x)
    versions.setdefault(a, []).append(events)
    bs.append(now)
