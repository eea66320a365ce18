# Sorts everything seen so far on every query.
import sys

lines = sys.stdin.read().split("\n")
seen = []
for line in lines[1:1 + int(lines[0])]:
    if line[0] == "R":
        seen.append(int(line[2:]))
    elif not seen:
        print("- - -")
    else:
        ordered = sorted(seen)
        c = len(ordered)
        print(*(ordered[-(-p * c // 100) - 1] for p in (50, 95, 99)))
