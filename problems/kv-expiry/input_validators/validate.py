# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys

WORD = re.compile(r"[a-z0-9]{1,10}")
lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
q = int(lines[0])
assert 1 <= q <= 10**5 and len(lines) == q + 2
last = 0
for line in lines[1:1 + q]:
    op = line.split(" ")
    t = int(op[0])
    assert str(t) == op[0] and last <= t <= 10**9
    last = t
    if op[1] == "SET":
        assert len(op) in (4, 5) and WORD.fullmatch(op[2]) and WORD.fullmatch(op[3])
        if len(op) == 5:
            assert str(int(op[4])) == op[4] and 1 <= int(op[4]) <= 10**9
    elif op[1] in ("GET", "DEL"):
        assert len(op) == 3 and WORD.fullmatch(op[2])
    else:
        assert op[1] == "COUNT" and len(op) == 2
sys.exit(42)
