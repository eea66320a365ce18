const data = require('fs').readFileSync(0, 'utf8').split(/\s+/).filter(Boolean).map(Number);
const [n, m] = data;
const next = Array.from({ length: n + 1 }, () => []);
const indegree = new Array(n + 1).fill(0);
for (let i = 0; i < m; i++) {
  const a = data[2 + 2 * i], b = data[3 + 2 * i];
  next[a].push(b);
  indegree[b]++;
}
const order = [];
for (let v = 1; v <= n; v++) if (indegree[v] === 0) order.push(v);
for (let i = 0; i < order.length; i++) {
  for (const w of next[order[i]]) if (--indegree[w] === 0) order.push(w);
}
console.log(order.length < n ? 'IMPOSSIBLE' : order.join(' '));
