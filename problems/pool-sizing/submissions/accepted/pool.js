const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const out = [];
for (let i = 0; i < n; i++) {
  const [lambda, w, u] = data.slice(1 + 3 * i, 4 + 3 * i);
  const load = (lambda * w) / 1000;
  out.push(`${load.toFixed(9)} ${Math.ceil(load / u - 1e-9)}`);
}
console.log(out.join('\n'));
