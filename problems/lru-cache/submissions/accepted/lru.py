import sys
from collections import OrderedDict


def main():
    data = sys.stdin.buffer.read().split()
    capacity, q = int(data[0]), int(data[1])
    cache = OrderedDict()
    out = []
    i = 2
    for _ in range(q):
        op, k = data[i], int(data[i + 1])
        if op == b"GET":
            i += 2
            if k in cache:
                cache.move_to_end(k)
                out.append(str(cache[k]))
            else:
                out.append("-1")
        else:
            v = int(data[i + 2])
            i += 3
            if k in cache:
                cache.move_to_end(k)
            elif len(cache) == capacity:
                cache.popitem(last=False)
            cache[k] = v
    sys.stdout.write("".join(x + "\n" for x in out))


main()
