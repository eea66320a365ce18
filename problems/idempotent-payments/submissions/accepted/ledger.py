import sys


def main():
    lines = sys.stdin.read().split("\n")
    a, n = map(int, lines[0].split())
    balance = [0] + [int(x) for x in lines[1].split()]
    seen = {}
    out = []
    for line in lines[2:2 + n]:
        _, key, account, amount = line.split()
        body = (int(account), int(amount))
        first = seen.get(key)
        if first is not None:
            out.append(first[1] if first[0] == body else "CONFLICT")
            continue
        account, amount = body
        if balance[account] >= amount:
            balance[account] -= amount
            answer = "OK %d" % balance[account]
        else:
            answer = "DECLINED"
        seen[key] = (body, answer)
        out.append(answer)
    out.append(" ".join(map(str, balance[1:])))
    sys.stdout.write("\n".join(out) + "\n")


main()
