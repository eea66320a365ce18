local sum = 0
for number in io.read("a"):gmatch("%S+") do
  sum = sum + math.tointeger(number)
end
print(sum)
