# Input validator: exits 42 when the input follows the statement exactly.
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
n = int(lines[0])
assert 1 <= n <= 10**5 and len(lines) == n + 2
events = 0
for line in lines[1:1 + n]:
    op, a, x = line.split(" ")
    assert 1 <= int(a) <= 10**9
    if op == "AT":
        assert 0 <= int(x) <= events
    else:
        assert op in ("DEPOSIT", "WITHDRAW") and 1 <= int(x) <= 10**9
        events += 1
sys.exit(42)
