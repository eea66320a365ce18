// Balances reach 10^12: still exact in a double (below 2^53).
const lines = require('fs').readFileSync(0, 'utf8').split('\n');
const [a, n] = lines[0].split(' ').map(Number);
const balance = [0, ...lines[1].split(' ').map(Number)];
const seen = new Map();
const out = [];
for (let i = 2; i < 2 + n; i++) {
  const [, key, accountText, amountText] = lines[i].split(' ');
  const account = Number(accountText), amount = Number(amountText);
  const first = seen.get(key);
  if (first) {
    out.push(first.account === account && first.amount === amount ? first.answer : 'CONFLICT');
    continue;
  }
  let answer = 'DECLINED';
  if (balance[account] >= amount) {
    balance[account] -= amount;
    answer = `OK ${balance[account]}`;
  }
  seen.set(key, { account, amount, answer });
  out.push(answer);
}
out.push(balance.slice(1).join(' '));
console.log(out.join('\n'));
