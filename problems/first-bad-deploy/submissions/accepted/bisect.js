// Interactive: read a line at a time and flush after every question.
const n = Number(std.in.getline());
let lo = 1, hi = n;
while (lo < hi) {
  const mid = Math.floor((lo + hi) / 2);
  std.out.puts(`? ${mid}\n`);
  std.out.flush();
  if (std.in.getline().trim() === 'bad') hi = mid; else lo = mid + 1;
}
std.out.puts(`! ${lo}\n`);
std.out.flush();
