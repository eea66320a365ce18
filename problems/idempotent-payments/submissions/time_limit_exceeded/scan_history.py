# Looks keys up by scanning the whole request history: quadratic.
import sys

lines = sys.stdin.read().split("\n")
a, n = map(int, lines[0].split())
balance = [0] + [int(x) for x in lines[1].split()]
history = []
for line in lines[2:2 + n]:
    _, key, account, amount = line.split()
    body = (int(account), int(amount))
    answer = None
    for old_key, old_body, old_answer in history:
        if old_key == key:
            answer = old_answer if old_body == body else "CONFLICT"
            break
    if answer is None:
        if balance[body[0]] >= body[1]:
            balance[body[0]] -= body[1]
            answer = "OK %d" % balance[body[0]]
        else:
            answer = "DECLINED"
        history.append((key, body, answer))
    print(answer)
print(" ".join(map(str, balance[1:])))
