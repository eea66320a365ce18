# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
limit, w, n = map(int, lines[0].split(" "))
assert 1 <= limit <= 1000 and 1 <= w <= 10**9 and 1 <= n <= 10**5 and len(lines) == n + 2
last = 0
for line in lines[1:1 + n]:
    t, u = line.split(" ")
    assert last <= int(t) <= 10**12 and re.fullmatch(r"\S{1,20}", u)
    last = int(t)
sys.exit(42)
