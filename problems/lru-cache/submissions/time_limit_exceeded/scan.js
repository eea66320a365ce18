// An array scanned on every operation: quadratic.
const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean);
const capacity = Number(data[0]), q = Number(data[1]);
const keys = [], values = new Map(), out = [];
let i = 2;
const touch = (k) => {
  for (let j = 0; j < keys.length; j++) {
    if (keys[j] === k) { keys.splice(j, 1); keys.push(k); return; }
  }
};
for (let n = 0; n < q; n++) {
  const op = data[i], k = data[i + 1];
  if (op === 'GET') {
    i += 2;
    if (values.has(k)) { touch(k); out.push(values.get(k)); } else out.push('-1');
  } else {
    const v = data[i + 2];
    i += 3;
    if (values.has(k)) touch(k);
    else {
      if (keys.length === capacity) values.delete(keys.shift());
      keys.push(k);
    }
    values.set(k, v);
  }
}
console.log(out.join('\n'));
