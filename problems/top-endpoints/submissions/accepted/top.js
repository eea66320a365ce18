const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [n, k] = lines[0].split(' ').map(Number);
const counts = new Map();
for (let i = 1; i <= n; i++) {
  const [method, path] = lines[i].split(' ');
  const key = `${method} ${path.split('?')[0]}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
// Compare method, then path: the joined "METHOD PATH" strings would not
// always sort the same way (GET /b vs GETX /a).
const ranked = [...counts].map(([key, count]) => [...key.split(' '), count]);
ranked.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
console.log(ranked.slice(0, k).map((r) => r.join(' ')).join('\n'));
