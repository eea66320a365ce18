import { add } from "./util.js";
console.log(add(2, 3));
