# Treats the cursor as inclusive: the last post of a page starts the next one too.
import bisect
import sys

lines = sys.stdin.read().split("\n")
live, next_id = [], 1
for line in lines[1:1 + int(lines[0])]:
    op = line.split()
    if op[0] == "POST":
        live.append(next_id)
        next_id += 1
    elif op[0] == "DELETE":
        del live[bisect.bisect_left(live, int(op[1]))]
    else:
        c, k = int(op[1]), int(op[2])
        end = len(live) if c == 0 else bisect.bisect_right(live, c)
        start = max(0, end - k)
        page = live[start:end][::-1]
        print(" ".join(map(str, page)) + " " + (str(page[-1]) if start > 0 else "END") if page else "END")
