"""Reads the commands and prints the answers; the data lives in store.py."""
import sys

from store import Store


def main():
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    store = Store()
    out = []
    for line in lines[1:1 + q]:
        parts = line.split()
        now, command, args = int(parts[0]), parts[1], parts[2:]
        if command == "SET":
            store.set(args[0], args[1], now)
        elif command == "GET":
            value = store.get(args[0], now)
            out.append("(nil)" if value is None else value)
        elif command == "DEL":
            out.append("1" if store.delete(args[0], now) else "0")
        elif command == "COUNT":
            out.append(str(store.count(now)))
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
