"""The key-value store."""


class Store:
    def __init__(self):
        self.data = {}

    def set(self, key, value, now):
        self.data[key] = value

    def get(self, key, now):
        return self.data.get(key)

    def delete(self, key, now):
        return self.data.pop(key, None) is not None

    def count(self, now):
        # TODO: keys that expired are not there.
        return len(self.data)
