# Rounds the rank down instead of up (an off-by-one that only some counts show).
import bisect
import sys

lines = sys.stdin.read().split("\n")
seen = []
for line in lines[1:1 + int(lines[0])]:
    if line[0] == "R":
        bisect.insort(seen, int(line[2:]))
    elif not seen:
        print("- - -")
    else:
        c = len(seen)
        print(*(seen[max(p * c // 100, 1) - 1] for p in (50, 95, 99)))
