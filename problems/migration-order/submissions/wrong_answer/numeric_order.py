# Runs migrations in numeric order and never checks the rules.
n, m = map(int, input().split())
print(" ".join(str(v) for v in range(1, n + 1)))
