-- A Fenwick tree over latency values; the k-th smallest by binary lifting.
local MAXV = 1 << 20 -- above 10^6
local tree = {} -- sparse: a missing entry counts 0

local function add(i)
  while i <= MAXV do
    tree[i] = (tree[i] or 0) + 1
    i = i + (i & -i)
  end
end

-- Smallest value with at least k recorded at or below it.
local function kth(k)
  local pos, step = 0, MAXV
  while step > 0 do
    local below = tree[pos + step] or 0
    if pos + step <= MAXV and below < k then
      pos = pos + step
      k = k - below
    end
    step = step >> 1
  end
  return pos + 1
end

-- Nearest rank: ceil(p * count / 100), in integers.
local function rank(p, count) return (p * count + 99) // 100 end

local nextLine = io.read("a"):gmatch("[^\n]+")
local n = tonumber(nextLine())
local count = 0
local out = {}
for _ = 1, n do
  local op, x = nextLine():match("^(%a)%s*(%d*)")
  if op == "R" then
    add(tonumber(x))
    count = count + 1
  elseif count == 0 then
    out[#out + 1] = "- - -\n"
  else
    out[#out + 1] = kth(rank(50, count)) .. " " .. kth(rank(95, count)) .. " "
        .. kth(rank(99, count)) .. "\n"
  end
end
io.write(table.concat(out))
