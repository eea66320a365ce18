# Input validator: exits 42 when the input follows the statement exactly.
import sys

lines = sys.stdin.read().split("\n")
assert lines[-1] == ""
n, m = map(int, lines[0].split(" "))
assert 1 <= n <= 10**5 and 0 <= m <= 2 * 10**5 and len(lines) == m + 2
for line in lines[1:1 + m]:
    a, b = map(int, line.split(" "))
    assert 1 <= a <= n and 1 <= b <= n and a != b
sys.exit(42)
