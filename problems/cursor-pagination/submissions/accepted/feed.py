import bisect
import sys


def main():
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    live, next_id = [], 1  # ids only grow, so appending keeps the list sorted
    out = []
    for line in lines[1:1 + n]:
        op = line.split()
        if op[0] == "POST":
            live.append(next_id)
            next_id += 1
        elif op[0] == "DELETE":
            del live[bisect.bisect_left(live, int(op[1]))]
        else:
            c, k = int(op[1]), int(op[2])
            end = len(live) if c == 0 else bisect.bisect_left(live, c)
            start = max(0, end - k)
            page = live[start:end][::-1]
            if not page:
                out.append("END")
            else:
                out.append(" ".join(map(str, page)) + " " + (str(page[-1]) if start > 0 else "END"))
    sys.stdout.write("".join(o + "\n" for o in out))


main()
