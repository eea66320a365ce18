// A Map iterates in insertion order: delete + set moves a key to the end.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const capacity = Number(data[0]), q = Number(data[1]);
const cache = new Map();
const out = [];
let i = 2;
for (let n = 0; n < q; n++) {
  const op = data[i], k = data[i + 1];
  if (op === 'GET') {
    i += 2;
    if (cache.has(k)) {
      const v = cache.get(k);
      cache.delete(k);
      cache.set(k, v);
      out.push(v);
    } else out.push('-1');
  } else {
    const v = data[i + 2];
    i += 3;
    if (cache.has(k)) cache.delete(k);
    else if (cache.size === capacity) cache.delete(cache.keys().next().value);
    cache.set(k, v);
  }
}
if (out.length) console.log(out.join('\n'));
