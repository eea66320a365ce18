# The ring is an ordered set of (position, name), as std::set in C++: a treap,
# so adding, removing and looking up a virtual node each take O(log n).
VNode = Struct.new(:pos, :name, :prio, :left, :right)

# 32-bit FNV-1a: Integers are unbounded, so mask after every multiply.
def fnv(s)
  h = 2166136261
  s.each_byte { |b| h = ((h ^ b) * 16777619) & 0xFFFFFFFF }
  h
end

def less?(pos, name, t)
  pos < t.pos || (pos == t.pos && name < t.name)
end

def insert(t, x)
  return x if t.nil?
  return t if x.pos == t.pos && x.name == t.name # already in the set

  if less?(x.pos, x.name, t)
    l = t.left = insert(t.left, x)
    if l.prio > t.prio
      t.left = l.right
      l.right = t
      return l
    end
  else
    r = t.right = insert(t.right, x)
    if r.prio > t.prio
      t.right = r.left
      r.left = t
      return r
    end
  end
  t
end

# Every key in a is below every key in b.
def merge(a, b)
  return a || b if a.nil? || b.nil?

  if a.prio > b.prio
    a.right = merge(a.right, b)
    a
  else
    b.left = merge(a, b.left)
    b
  end
end

def erase(t, pos, name)
  return nil if t.nil?
  return merge(t.left, t.right) if pos == t.pos && name == t.name

  if less?(pos, name, t)
    t.left = erase(t.left, pos, name)
  else
    t.right = erase(t.right, pos, name)
  end
  t
end

# The first virtual node at or after pos, wrapping around to the smallest.
def owner(root, pos)
  t = root
  found = nil
  while t
    if t.pos >= pos
      found = t
      t = t.left
    else
      t = t.right
    end
  end
  unless found
    found = root
    found = found.left while found.left
  end
  found.name
end

data = $stdin.read.split
v, n = data[0].to_i, data[1].to_i
rng = Random.new(42) # a fixed seed: the same tree shape on every run
root = nil
out = +""
n.times do |i|
  op, name = data[2 + 2 * i], data[3 + 2 * i]
  case op
  when "ADD"
    v.times { |j| root = insert(root, VNode.new(fnv("#{name}##{j}"), name, rng.rand(1 << 30))) }
  when "REMOVE"
    v.times { |j| root = erase(root, fnv("#{name}##{j}"), name) }
  else
    out << (root ? owner(root, fnv(name)) : "NONE") << "\n"
  end
end
STDOUT.write(out)
