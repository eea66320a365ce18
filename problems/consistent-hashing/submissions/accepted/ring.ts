// The ring is an ordered set of (position, name), as std::set in C++: a treap,
// so adding, removing and looking up a virtual node each take O(log n).
import * as fs from "fs";

interface VNode {
  pos: number; // 32-bit FNV-1a position on the ring
  name: string;
  prio: number; // heap order: a parent's prio is at least its children's
  left: VNode | null;
  right: VNode | null;
}

const lines: string[] = fs.readFileSync(0, "utf8").split("\n");
const [v, n] = lines[0].split(" ").map(Number);

const fnv = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
};

// Priorities from a fixed-seed xorshift: the same tree shape on every run.
let seed = 2463534242;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return seed;
};

const less = (pos: number, name: string, t: VNode): boolean =>
  pos < t.pos || (pos === t.pos && name < t.name);

const insert = (t: VNode | null, x: VNode): VNode => {
  if (!t) return x;
  if (x.pos === t.pos && x.name === t.name) return t; // already in the set
  if (less(x.pos, x.name, t)) {
    const l = (t.left = insert(t.left, x));
    if (l.prio > t.prio) { t.left = l.right; l.right = t; return l; }
  } else {
    const r = (t.right = insert(t.right, x));
    if (r.prio > t.prio) { t.right = r.left; r.left = t; return r; }
  }
  return t;
};

// Every key in a is below every key in b.
const merge = (a: VNode | null, b: VNode | null): VNode | null => {
  if (!a || !b) return a ?? b;
  if (a.prio > b.prio) { a.right = merge(a.right, b); return a; }
  b.left = merge(a, b.left);
  return b;
};

const erase = (t: VNode | null, pos: number, name: string): VNode | null => {
  if (!t) return t;
  if (pos === t.pos && name === t.name) return merge(t.left, t.right);
  if (less(pos, name, t)) t.left = erase(t.left, pos, name);
  else t.right = erase(t.right, pos, name);
  return t;
};

// The first virtual node at or after pos, wrapping around to the smallest.
const owner = (root: VNode, pos: number): string => {
  let t: VNode | null = root;
  let found: VNode | null = null;
  while (t) {
    if (t.pos >= pos) { found = t; t = t.left; } else t = t.right;
  }
  if (!found) for (found = root; found.left; found = found.left);
  return found.name;
};

let root: VNode | null = null;
const out: string[] = [];
for (let i = 1; i <= n; i++) {
  const [op, name] = lines[i].split(" ");
  if (op === "ADD") {
    for (let j = 0; j < v; j++) {
      root = insert(root, { pos: fnv(`${name}#${j}`), name, prio: random(), left: null, right: null });
    }
  } else if (op === "REMOVE") {
    for (let j = 0; j < v; j++) root = erase(root, fnv(`${name}#${j}`), name);
  } else if (!root) out.push("NONE");
  else out.push(owner(root, fnv(name)));
}
if (out.length) console.log(out.join("\n"));
