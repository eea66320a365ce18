# Input validator: exits 42 when the input follows the statement exactly.
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
n = int(lines[0])
assert 1 <= n <= 10**5 and len(lines) == n + 2
live, next_id = set(), 1
for line in lines[1:1 + n]:
    op = line.split(" ")
    if op == ["POST"]:
        live.add(next_id)
        next_id += 1
    elif op[0] == "DELETE":
        live.remove(int(op[1]))
    else:
        assert op[0] == "PAGE" and len(op) == 3
        assert int(op[1]) >= 0 and 1 <= int(op[2]) <= 50
sys.exit(42)
