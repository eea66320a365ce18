# Keeps keys in a Python list and scans it on every operation: fine for the
# small group, far too slow for the large one (30 of 100 points).
import sys

data = sys.stdin.read().split()
capacity, q = int(data[0]), int(data[1])
keys, values = [], {}
out = []
i = 2


def touch(k):
    for j in range(len(keys)):
        if keys[j] == k:
            keys.append(keys.pop(j))
            return


for _ in range(q):
    op, k = data[i], data[i + 1]
    if op == "GET":
        i += 2
        if k in values:
            touch(k)
            out.append(values[k])
        else:
            out.append("-1")
    else:
        v = data[i + 2]
        i += 3
        if k in values:
            touch(k)
        else:
            if len(keys) == capacity:
                del values[keys.pop(0)]
            keys.append(k)
        values[k] = v
print("\n".join(out))
