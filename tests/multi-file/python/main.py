from util import add
print(add(2, 3))
