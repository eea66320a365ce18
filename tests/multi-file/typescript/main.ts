import { add } from "./util";

console.log(add(2, 3));
