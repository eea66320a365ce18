# Input validator: exits 42 when the input follows the statement exactly.
import re
import sys
from fractions import Fraction

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
n = int(lines[0])
assert 1 <= n <= 10**5 and len(lines) == n + 2
for line in lines[1:1 + n]:
    fields = line.split(" ")
    assert len(fields) == 3 and all(re.fullmatch(r"[0-9]+(\.[0-9]+)?", f) for f in fields)
    lam, w, u = map(Fraction, fields)
    assert 0 < lam <= 10**6 and 0 < w <= 10**5 and Fraction(1, 100) <= u <= 1
sys.exit(42)
