const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [v, n] = lines[0].split(' ').map(Number);
const fnv = (s) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
};
const less = (a, b) => a.pos < b.pos || (a.pos === b.pos && a.name < b.name);
const ring = []; // sorted by (pos, name)
const lowerBound = (x) => {
  let lo = 0, hi = ring.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (less(ring[mid], x)) lo = mid + 1; else hi = mid; }
  return lo;
};
// Shifting by hand: QuickJS's splice costs several times more per element.
const insertAt = (at, x) => {
  ring.push(x);
  for (let j = ring.length - 1; j > at; j--) ring[j] = ring[j - 1];
  ring[at] = x;
};
const removeAt = (at) => {
  for (let j = at; j + 1 < ring.length; j++) ring[j] = ring[j + 1];
  ring.pop();
};
const out = [];
for (let i = 1; i <= n; i++) {
  const [op, name] = lines[i].split(' ');
  if (op === 'ADD') {
    for (let j = 0; j < v; j++) { const x = { pos: fnv(`${name}#${j}`), name }; insertAt(lowerBound(x), x); }
  } else if (op === 'REMOVE') {
    for (let j = 0; j < v; j++) removeAt(lowerBound({ pos: fnv(`${name}#${j}`), name }));
  } else if (ring.length === 0) out.push('NONE');
  else out.push(ring[lowerBound({ pos: fnv(name), name: '' }) % ring.length].name);
}
if (out.length) console.log(out.join('\n'));
