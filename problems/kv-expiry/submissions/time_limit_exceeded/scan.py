"""Right answers, but every command scans every key for expired ones: O(n)
per command, too slow on the large tests."""
import sys


def main():
    lines = sys.stdin.read().split("\n")
    q = int(lines[0])
    data, deadline, out = {}, {}, []
    for line in lines[1:1 + q]:
        parts = line.split()
        now, command = int(parts[0]), parts[1]
        for key in [k for k, at in deadline.items() if at <= now]:
            del data[key]
            del deadline[key]
        if command == "SET":
            data[parts[2]] = parts[3]
            deadline.pop(parts[2], None)
            if len(parts) > 4:
                deadline[parts[2]] = now + int(parts[4])
        elif command == "GET":
            out.append(data.get(parts[2], "(nil)"))
        elif command == "DEL":
            deadline.pop(parts[2], None)
            out.append("1" if data.pop(parts[2], None) is not None else "0")
        else:
            out.append(str(len(data)))
    sys.stdout.write("".join(x + "\n" for x in out))


main()
