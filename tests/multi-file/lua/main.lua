local util = require("util")
print(util.add(2, 3))
