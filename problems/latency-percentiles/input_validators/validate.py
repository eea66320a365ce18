# Input validator: exits 42 when the input follows the statement exactly.
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
n = int(lines[0])
assert 1 <= n <= 10**5 and len(lines) == n + 2
for line in lines[1:1 + n]:
    if line != "Q":
        op, x = line.split(" ")
        assert op == "R" and 1 <= int(x) <= 10**6
sys.exit(42)
