// Balances stay below 10^14 (10^5 deposits of 10^9): exact in a double.
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const n = Number(lines[0]);
const history = new Map(); // account -> { versions: [], balances: [] }
let events = 0;
const out = [];
for (let i = 1; i <= n; i++) {
  const [op, a, xText] = lines[i].split(' ');
  const x = Number(xText);
  let h = history.get(a);
  if (op === 'AT') {
    if (!h) { out.push(0); continue; }
    let lo = 0, hi = h.versions.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (h.versions[mid] <= x) lo = mid + 1; else hi = mid; }
    out.push(lo ? h.balances[lo - 1] : 0);
    continue;
  }
  events++;
  if (!h) { h = { versions: [], balances: [] }; history.set(a, h); }
  let now = h.balances.length ? h.balances[h.balances.length - 1] : 0;
  if (op === 'DEPOSIT') now += x; else if (now >= x) now -= x;
  h.versions.push(events);
  h.balances.push(now);
}
if (out.length) console.log(out.join('\n'));
