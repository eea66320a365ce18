const { add } = require("./util");
console.log(add(2, 3));
