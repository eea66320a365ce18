# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
n, k = map(int, lines[0].split(" "))
assert 1 <= n <= 10**5 and 1 <= k <= 100 and len(lines) == n + 2
for line in lines[1:1 + n]:
    method, path, status = line.split(" ")
    assert re.fullmatch(r"[A-Z]+", method) and re.fullmatch(r"/\S{0,99}", path)
    assert re.fullmatch(r"[1-5][0-9][0-9]", status)
sys.exit(42)
