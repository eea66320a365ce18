-- The ring is an ordered set of (position, name), as std::set in C++: a treap,
-- so adding, removing and looking up a virtual node each take O(log n).
local nextToken = io.read("a"):gmatch("%S+")
local v, n = tonumber(nextToken()), tonumber(nextToken())

-- 32-bit FNV-1a in Lua's 64-bit integers: the product stays below 2^56.
local function fnv(s)
  local h = 2166136261
  for i = 1, #s do
    h = ((h ~ s:byte(i)) * 16777619) & 0xFFFFFFFF
  end
  return h
end

-- A fixed seed: the same tree shape on every run.
math.randomseed(42)

local function less(pos, name, t)
  return pos < t.pos or (pos == t.pos and name < t.name)
end

local function insert(t, x)
  if not t then return x end
  if x.pos == t.pos and x.name == t.name then return t end -- already in the set
  if less(x.pos, x.name, t) then
    local l = insert(t.left, x)
    t.left = l
    if l.prio > t.prio then t.left, l.right = l.right, t; return l end
  else
    local r = insert(t.right, x)
    t.right = r
    if r.prio > t.prio then t.right, r.left = r.left, t; return r end
  end
  return t
end

-- Every key in a is below every key in b.
local function merge(a, b)
  if not a then return b end
  if not b then return a end
  if a.prio > b.prio then
    a.right = merge(a.right, b)
    return a
  end
  b.left = merge(a, b.left)
  return b
end

local function erase(t, pos, name)
  if not t then return nil end
  if pos == t.pos and name == t.name then return merge(t.left, t.right) end
  if less(pos, name, t) then
    t.left = erase(t.left, pos, name)
  else
    t.right = erase(t.right, pos, name)
  end
  return t
end

-- The first virtual node at or after pos, wrapping around to the smallest.
local function owner(root, pos)
  local t, found = root, nil
  while t do
    if t.pos >= pos then
      found, t = t, t.left
    else
      t = t.right
    end
  end
  if not found then
    found = root
    while found.left do found = found.left end
  end
  return found.name
end

local root = nil
local out = {}
for _ = 1, n do
  local op, name = nextToken(), nextToken()
  if op == "ADD" then
    for j = 0, v - 1 do
      root = insert(root, { pos = fnv(name .. "#" .. j), name = name, prio = math.random(0) })
    end
  elseif op == "REMOVE" then
    for j = 0, v - 1 do root = erase(root, fnv(name .. "#" .. j), name) end
  elseif not root then
    out[#out + 1] = "NONE\n"
  else
    out[#out + 1] = owner(root, fnv(name)) .. "\n"
  end
end
io.write(table.concat(out))
