"""The key-value store, with expiry: a heap of deadlines drops expired keys
lazily, so COUNT is amortised O(log n)."""
import heapq


class Store:
    def __init__(self):
        self.data = {}
        self.deadline = {}
        self.heap = []

    def _expire(self, now):
        while self.heap and self.heap[0][0] <= now:
            at, key = heapq.heappop(self.heap)
            if self.deadline.get(key) == at:
                del self.data[key]
                del self.deadline[key]

    def set(self, key, value, now, ttl=None):
        self._expire(now)
        self.data[key] = value
        self.deadline.pop(key, None)
        if ttl is not None:
            self.deadline[key] = now + ttl
            heapq.heappush(self.heap, (now + ttl, key))

    def get(self, key, now):
        self._expire(now)
        return self.data.get(key)

    def delete(self, key, now):
        self._expire(now)
        self.deadline.pop(key, None)
        return self.data.pop(key, None) is not None

    def count(self, now):
        self._expire(now)
        return len(self.data)
