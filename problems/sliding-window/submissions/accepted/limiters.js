// A queue per user as an array with a moving head (shift() is linear).
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [limit, w, n] = lines[0].split(' ').map(Number);
const logs = new Map(), windows = new Map();
const out = [];
for (let i = 1; i <= n; i++) {
  const [tText, u] = lines[i].split(' ');
  const t = Number(tText); // at most 10^12: exact
  let log = logs.get(u);
  if (!log) { log = { items: [], head: 0 }; logs.set(u, log); }
  while (log.head < log.items.length && log.items[log.head] <= t - w) log.head++;
  const sliding = log.items.length - log.head < limit;
  if (sliding) log.items.push(t);
  const j = Math.floor(t / w);
  let win = windows.get(u);
  if (!win || win.j !== j) { win = { j, count: 0 }; windows.set(u, win); }
  const fixed = win.count < limit;
  if (fixed) win.count++;
  out.push(`${sliding ? 'A' : 'D'} ${fixed ? 'A' : 'D'}`);
}
console.log(out.join('\n'));
