// Node-style input through the prelude's require('fs').
const text = require("fs").readFileSync(0, "utf8");
let sum = 0n;
for (const token of text.split(/\s+/)) if (token) sum += BigInt(token);
console.log(String(sum));
