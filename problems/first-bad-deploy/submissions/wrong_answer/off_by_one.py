# Stops one step early: answers the last good deploy's successor only sometimes.
n = int(input())
lo, hi = 1, n
while hi - lo > 1:
    mid = (lo + hi) // 2
    print("?", mid, flush=True)
    if input().strip() == "bad":
        hi = mid
    else:
        lo = mid
print("!", hi, flush=True)
