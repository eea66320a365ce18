import bisect
import sys


def main():
    lines = sys.stdin.buffer.read().split(b"\n")
    n = int(lines[0])
    seen = []
    out = []
    for line in lines[1:1 + n]:
        if line[:1] == b"R":
            bisect.insort(seen, int(line[2:]))
        elif not seen:
            out.append("- - -")
        else:
            c = len(seen)
            out.append("%d %d %d" % tuple(seen[-(-p * c // 100) - 1] for p in (50, 95, 99)))
    sys.stdout.write("".join(x + "\n" for x in out))


main()
