// BigInt: times reach 10^12 and milli-tokens 10^9 times rates.
import * as fs from "fs";

interface Bucket {
  milli: bigint; // milli-tokens
  last: bigint; // time of the last refill, ms
}

const data: string[] = fs.readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
const [c, r, g, q] = data.slice(0, 4).map((x) => BigInt(x));
const n: number = Number(data[4]);

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
// Smallest whole number of ms until a bucket with `have` milli-tokens holds one token.
const wait = (have: bigint, rate: bigint): bigint => {
  const need = max(0n, 1000n - have);
  return (need + rate - 1n) / rate;
};

const users = new Map<string, Bucket>();
const global: Bucket = { milli: g * 1000n, last: 0n };
const refill = (b: Bucket, t: bigint, cap: bigint, rate: bigint): void => {
  b.milli = min(cap * 1000n, b.milli + (t - b.last) * rate);
  b.last = t;
};

const out: string[] = [];
for (let i = 0; i < n; i++) {
  const t = BigInt(data[5 + 2 * i]);
  const u = data[6 + 2 * i];
  let b = users.get(u);
  if (!b) {
    b = { milli: c * 1000n, last: t };
    users.set(u, b);
  }
  refill(b, t, c, r);
  refill(global, t, g, q);
  if (b.milli >= 1000n && global.milli >= 1000n) {
    b.milli -= 1000n;
    global.milli -= 1000n;
    out.push("ALLOW");
  } else {
    out.push(`DENY ${max(wait(b.milli, r), wait(global.milli, q))}`);
  }
}
console.log(out.join("\n"));
