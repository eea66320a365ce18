# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
a, n = map(int, lines[0].split(" "))
assert 1 <= a <= 1000 and 1 <= n <= 10**5 and len(lines) == n + 3
balances = lines[1].split(" ")
assert len(balances) == a and all(0 <= int(b) <= 10**12 for b in balances)
for line in lines[2:2 + n]:
    op, key, account, amount = line.split(" ")
    assert op == "PAY" and re.fullmatch(r"[A-Za-z0-9-]{1,32}", key)
    assert 1 <= int(account) <= a and 1 <= int(amount) <= 10**12
sys.exit(42)
