// BigInt: times reach 10^12 and milli-tokens 10^9 times rates.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const [c, r, g, q] = data.slice(0, 4).map(BigInt);
const n = Number(data[4]);
const users = new Map();
let gMilli = g * 1000n, gLast = 0n;
const min = (a, b) => (a < b ? a : b);
const max = (a, b) => (a > b ? a : b);
const wait = (have, rate) => {
  const need = max(0n, 1000n - have);
  return (need + rate - 1n) / rate;
};
const out = [];
for (let i = 0; i < n; i++) {
  const t = BigInt(data[5 + 2 * i]);
  const u = data[6 + 2 * i];
  let b = users.get(u);
  if (!b) { b = { milli: c * 1000n, last: t }; users.set(u, b); }
  b.milli = min(c * 1000n, b.milli + (t - b.last) * r);
  b.last = t;
  gMilli = min(g * 1000n, gMilli + (t - gLast) * q);
  gLast = t;
  if (b.milli >= 1000n && gMilli >= 1000n) {
    b.milli -= 1000n;
    gMilli -= 1000n;
    out.push('ALLOW');
  } else {
    out.push('DENY ' + max(wait(b.milli, r), wait(gMilli, q)));
  }
}
console.log(out.join('\n'));
