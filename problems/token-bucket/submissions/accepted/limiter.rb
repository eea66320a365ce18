# Milli-tokens in Integers: refill is exact, no floating point.
Bucket = Struct.new(:milli, :last)

data = $stdin.read.split
c, r, g, q, n = data[0, 5].map(&:to_i)

# Smallest whole number of ms until a bucket with `have` milli-tokens holds one token.
def wait(have, rate)
  need = [0, 1000 - have].max
  (need + rate - 1) / rate
end

users = {}
global = Bucket.new(g * 1000, 0)
out = Array.new(n) do |i|
  t = data[5 + 2 * i].to_i
  u = data[6 + 2 * i]
  b = users[u] ||= Bucket.new(c * 1000, t)
  b.milli = [c * 1000, b.milli + (t - b.last) * r].min
  b.last = t
  global.milli = [g * 1000, global.milli + (t - global.last) * q].min
  global.last = t
  if b.milli >= 1000 && global.milli >= 1000
    b.milli -= 1000
    global.milli -= 1000
    "ALLOW"
  else
    "DENY #{[wait(b.milli, r), wait(global.milli, q)].max}"
  end
end
STDOUT.write(out.join("\n"), "\n")
