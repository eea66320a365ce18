# Input validator: exits 42 when the input follows the statement exactly.
import sys

n, k = map(int, sys.stdin.read().split(" "))
assert 1 <= k <= n <= 10**9
sys.exit(42)
