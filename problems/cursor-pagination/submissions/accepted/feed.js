// Ids are dense: a deleted flag per id, walked backwards from the cursor,
// skipping deleted posts. A count of live posts below each id (a Fenwick
// tree) tells whether any live post is older than the page.
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const n = Number(lines[0]);
const deleted = new Uint8Array(n + 2);
const tree = new Int32Array(n + 2);
const add = (i, d) => { for (; i <= n + 1; i += i & -i) tree[i] += d; };
const liveUpTo = (i) => { let s = 0; for (; i > 0; i -= i & -i) s += tree[i]; return s; };
let nextId = 1;
const out = [];
for (let i = 1; i <= n; i++) {
  const op = lines[i].split(' ');
  if (op[0] === 'POST') { add(nextId, 1); nextId++; }
  else if (op[0] === 'DELETE') { const id = Number(op[1]); deleted[id] = 1; add(id, -1); }
  else {
    const c = Number(op[1]), k = Number(op[2]);
    let id = (c === 0 ? nextId : c) - 1;
    const page = [];
    while (id >= 1 && page.length < k) {
      if (!deleted[id]) page.push(id);
      id--;
    }
    if (page.length === 0) out.push('END');
    else out.push(`${page.join(' ')} ${liveUpTo(page[page.length - 1] - 1) > 0 ? page[page.length - 1] : 'END'}`);
  }
}
if (out.length) console.log(out.join('\n'));
