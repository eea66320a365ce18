# Evicts the oldest inserted key (FIFO), ignoring reads: not LRU.
import sys
from collections import OrderedDict

data = sys.stdin.read().split()
capacity, q = int(data[0]), int(data[1])
cache = OrderedDict()
out = []
i = 2
for _ in range(q):
    op, k = data[i], data[i + 1]
    if op == "GET":
        i += 2
        out.append(cache.get(k, "-1"))
    else:
        v = data[i + 2]
        i += 3
        if k not in cache and len(cache) == capacity:
            cache.popitem(last=False)
        cache[k] = v
print("\n".join(out))
