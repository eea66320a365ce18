# Answers each query by replaying the log from the start.
import sys

lines = sys.stdin.read().split("\n")
log = []
for line in lines[1:1 + int(lines[0])]:
    op, a, x = line.split()
    x = int(x)
    if op != "AT":
        log.append((op, a, x))
        continue
    balance = 0
    for kind, account, amount in log[:x]:
        if account == a:
            if kind == "DEPOSIT":
                balance += amount
            elif balance >= amount:
                balance -= amount
    print(balance)
