# Count requests per "METHOD PATH" (query removed), then sort by count, method, path.
lines = $stdin.read.split("\n")
n, k = lines[0].split.map(&:to_i)
counts = Hash.new(0)
lines[1, n].each do |line|
  method, path, _ = line.split
  # A string key, not [method, path]: hashing an Array is slow in ruby.wasm.
  counts["#{method} #{path.partition("?").first}"] += 1
end
# Break ties on method, then path, comparing the fields rather than the
# joined key (which is only a counting key).
ranked = counts.map { |key, count| [*key.split(" "), count] }
               .sort_by { |method, path, count| [-count, method, path] }
               .first(k)
STDOUT.write(ranked.map { |row| row.join(" ") + "\n" }.join)
