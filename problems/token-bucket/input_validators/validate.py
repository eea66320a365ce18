# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == "", "the input ends with a newline"
c, r, g, q = map(int, lines[0].split(" "))
assert all(1 <= x <= 10**6 for x in (c, r, g, q))
n = int(lines[1])
assert 1 <= n <= 2 * 10**5 and len(lines) == n + 3
last = 0
for line in lines[2:2 + n]:
    t, u = line.split(" ")
    assert re.fullmatch(r"0|[1-9][0-9]*", t) and last <= int(t) <= 10**12
    assert re.fullmatch(r"[A-Za-z0-9]{1,20}", u)
    last = int(t)
sys.exit(42)
