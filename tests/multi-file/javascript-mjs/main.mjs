import { add } from "./util.mjs";
console.log(add(2, 3));
