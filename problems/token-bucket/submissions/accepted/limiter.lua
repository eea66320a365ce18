-- Milli-tokens in Lua 5.4's 64-bit integers: refill is exact, no floating point.
local nextToken = io.read("a"):gmatch("%S+")
local c, r, g, q, n = tonumber(nextToken()), tonumber(nextToken()), tonumber(nextToken()),
    tonumber(nextToken()), tonumber(nextToken())

-- Smallest whole number of ms until a bucket with `have` milli-tokens holds one token.
local function wait(have, rate)
  local need = math.max(0, 1000 - have)
  return (need + rate - 1) // rate
end

local users = {}
local gMilli, gLast = g * 1000, 0
local out = {}
for i = 1, n do
  local t = tonumber(nextToken())
  local u = nextToken()
  local b = users[u]
  if not b then
    b = { milli = c * 1000, last = t }
    users[u] = b
  end
  -- At most 10^12 ms times 10^6 per second: below 2^63.
  b.milli = math.min(c * 1000, b.milli + (t - b.last) * r)
  b.last = t
  gMilli = math.min(g * 1000, gMilli + (t - gLast) * q)
  gLast = t
  if b.milli >= 1000 and gMilli >= 1000 then
    b.milli = b.milli - 1000
    gMilli = gMilli - 1000
    out[i] = "ALLOW"
  else
    out[i] = "DENY " .. math.max(wait(b.milli, r), wait(gMilli, q))
  end
end
io.write(table.concat(out, "\n"), "\n")
