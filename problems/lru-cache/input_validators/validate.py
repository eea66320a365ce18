# Input validator: exits 42 when the input follows the statement exactly.
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
c, q = map(int, lines[0].split(" "))
assert 1 <= c <= 10**5 and 1 <= q <= 10**5 and len(lines) == q + 2
for line in lines[1:1 + q]:
    op = line.split(" ")
    assert (op[0] == "GET" and len(op) == 2) or (op[0] == "PUT" and len(op) == 3)
    assert all(0 <= int(x) <= 10**9 for x in op[1:])
sys.exit(42)
