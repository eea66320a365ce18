# Never flushes: its first question sits in its buffer while it waits for the
# reply, and the interactor waits for the question. Neither moves; the judge
# must end it (as a time limit) rather than hang.
import sys

n = int(sys.stdin.readline())
sys.stdout.write("? %d\n" % ((1 + n) // 2))
reply = sys.stdin.readline()
print("!", 1)
