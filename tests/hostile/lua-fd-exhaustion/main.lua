local t = {}
for i = 1, 5000 do t[i] = assert(io.open(arg[0])) end
print(#t)
