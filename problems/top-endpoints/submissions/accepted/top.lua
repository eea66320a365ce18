-- Count requests per (method, path without query), then sort by count, method, path.
local nextLine = io.read("a"):gmatch("[^\n]+")
local n, k = nextLine():match("(%d+)%s+(%d+)")
n, k = tonumber(n), tonumber(k)

local counts = {}
for _ = 1, n do
  local method, path = nextLine():match("^(%S+)%s+([^%s?]*)")
  local key = method .. " " .. path
  counts[key] = (counts[key] or 0) + 1
end

local ranked = {}
for key, count in pairs(counts) do
  local method, path = key:match("^(%S+) (.*)$")
  ranked[#ranked + 1] = { method = method, path = path, count = count }
end
-- Break ties on method, then path, comparing the fields rather than the
-- joined key (which is only a counting key).
table.sort(ranked, function(a, b)
  if a.count ~= b.count then return a.count > b.count end
  if a.method ~= b.method then return a.method < b.method end
  return a.path < b.path
end)

local out = {}
for i = 1, math.min(k, #ranked) do
  local e = ranked[i]
  out[i] = e.method .. " " .. e.path .. " " .. e.count
end
io.write(table.concat(out, "\n"), "\n")
