// A Fenwick tree over latency values; the k-th smallest by binary lifting.
import * as fs from "fs";

const lines: string[] = fs.readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const MAXV = 1 << 20; // above 10^6
const tree = new Int32Array(MAXV + 1);
let count = 0;

const add = (i: number): void => {
  for (; i <= MAXV; i += i & -i) tree[i]++;
};

// Smallest value with at least k recorded at or below it.
const kth = (k: number): number => {
  let pos = 0;
  for (let step = MAXV; step; step >>= 1) {
    if (pos + step <= MAXV && tree[pos + step] < k) {
      pos += step;
      k -= tree[pos];
    }
  }
  return pos + 1;
};

const out: string[] = [];
for (let i = 1; i <= n; i++) {
  const line = lines[i];
  if (line[0] === "R") {
    add(Number(line.slice(2)));
    count++;
  } else if (count === 0) out.push("- - -");
  else out.push([50, 95, 99].map((p) => kth(Math.ceil((p * count) / 100))).join(" "));
}
if (out.length) console.log(out.join("\n"));
