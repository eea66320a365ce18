# Keeps live posts in a set and sorts all of them for every page.
import sys

lines = sys.stdin.read().split("\n")
live, next_id = set(), 1
for line in lines[1:1 + int(lines[0])]:
    op = line.split()
    if op[0] == "POST":
        live.add(next_id)
        next_id += 1
    elif op[0] == "DELETE":
        live.discard(int(op[1]))
    else:
        c, k = int(op[1]), int(op[2])
        older = [i for i in sorted(live, reverse=True) if c == 0 or i < c]
        page = older[:k]
        print(" ".join(map(str, page)) + " " + (str(page[-1]) if len(older) > k else "END") if page else "END")
