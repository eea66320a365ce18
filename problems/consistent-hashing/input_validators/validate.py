# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
v, n = map(int, lines[0].split(" "))
assert 1 <= v <= 20 and 1 <= n <= 10**5 and len(lines) == n + 2
live = set()
for line in lines[1:1 + n]:
    op, name = line.split(" ")
    assert re.fullmatch(r"[A-Za-z0-9-]{1,20}", name)
    if op == "ADD":
        assert name not in live
        live.add(name)
    elif op == "REMOVE":
        live.remove(name)
    else:
        assert op == "GET"
sys.exit(42)
