import * as fs from "fs";

// BigInt: the sum passes 2^53.
const numbers: bigint[] = fs
  .readFileSync(0, "utf8")
  .split(/\s+/)
  .filter((word: string) => word.length > 0)
  .map((word: string) => BigInt(word));
const total: bigint = numbers.reduce((sum, n) => sum + n, 0n);
console.log(total.toString());
