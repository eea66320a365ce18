# A Fenwick tree over latency values; the k-th smallest by binary lifting.
MAXV = 1 << 20 # above 10^6
TREE = Array.new(MAXV + 1, 0)

def add(i)
  while i <= MAXV
    TREE[i] += 1
    i += i & -i
  end
end

# Smallest value with at least k recorded at or below it.
def kth(k)
  pos = 0
  step = MAXV
  while step > 0
    if pos + step <= MAXV && TREE[pos + step] < k
      pos += step
      k -= TREE[pos]
    end
    step >>= 1
  end
  pos + 1
end

lines = $stdin.read.split("\n")
n = lines[0].to_i
count = 0
out = +""
lines[1, n].each do |line|
  if line.start_with?("R")
    add(line[2..].to_i)
    count += 1
  elsif count.zero?
    out << "- - -\n"
  else
    # Nearest rank: ceil(p * count / 100), in integers.
    out << [50, 95, 99].map { |p| kth((p * count + 99) / 100) }.join(" ") << "\n"
  end
end
STDOUT.write(out)
