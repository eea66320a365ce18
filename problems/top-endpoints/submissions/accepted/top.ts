// Count requests per "METHOD PATH" (query removed), then sort by count, method, path.
import * as fs from "fs";

type Ranked = [method: string, path: string, count: number];

const lines: string[] = fs.readFileSync(0, "utf8").split("\n");
const [n, k] = lines[0].split(" ").map(Number);
const counts = new Map<string, number>();
for (let i = 1; i <= n; i++) {
  const [method, path] = lines[i].split(" ");
  const key = `${method} ${path.split("?")[0]}`;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
// Break ties on method, then path, comparing the fields rather than the
// joined key (which is only a counting key).
const ranked: Ranked[] = [...counts].map(([key, count]): Ranked => {
  const [method, path] = key.split(" ");
  return [method, path, count];
});
ranked.sort((a, b) => b[2] - a[2] || byteOrder(a[0], b[0]) || byteOrder(a[1], b[1]));
console.log(ranked.slice(0, k).map((r) => r.join(" ")).join("\n"));
