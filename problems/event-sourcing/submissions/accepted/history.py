import bisect
import sys


def main():
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    versions, balances = {}, {}
    events = 0
    out = []
    for line in lines[1:1 + n]:
        op, a, x = line.split()
        x = int(x)
        if op == "AT":
            vs = versions.get(a)
            i = bisect.bisect_right(vs, x) if vs else 0
            out.append(str(balances[a][i - 1] if i else 0))
            continue
        events += 1
        bs = balances.setdefault(a, [])
        now = bs[-1] if bs else 0
        if op == "DEPOSIT":
            now += x
        elif now >= x:
            now -= x
        versions.setdefault(a, []).append(events)
        bs.append(now)
    sys.stdout.write("".join(o + "\n" for o in out))


main()
