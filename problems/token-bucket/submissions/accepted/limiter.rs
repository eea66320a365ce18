// Milli-tokens in 64-bit integers: refill is exact, no floating point.
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Read, Write};

struct Bucket {
    milli: i64,
    last: i64,
}

impl Bucket {
    fn refill(&mut self, t: i64, cap: i64, rate: i64) {
        // At most 10^12 ms times 10^6 per second: below 2^63.
        self.milli = (cap * 1000).min(self.milli + (t - self.last) * rate);
        self.last = t;
    }
}

fn wait(have: i64, rate: i64) -> i64 {
    let need = (1000 - have).max(0);
    (need + rate - 1) / rate
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let [c, r, g, q, n]: [i64; 5] =
        std::array::from_fn(|_| tokens.next().unwrap().parse().unwrap());
    let mut users: HashMap<&str, Bucket> = HashMap::new();
    let mut global = Bucket {
        milli: g * 1000,
        last: 0,
    };
    let mut out = String::new();
    for _ in 0..n {
        let t: i64 = tokens.next().unwrap().parse().unwrap();
        let u = tokens.next().unwrap();
        let b = users.entry(u).or_insert(Bucket {
            milli: c * 1000,
            last: t,
        });
        b.refill(t, c, r);
        global.refill(t, g, q);
        if b.milli >= 1000 && global.milli >= 1000 {
            b.milli -= 1000;
            global.milli -= 1000;
            out.push_str("ALLOW\n");
        } else {
            writeln!(out, "DENY {}", wait(b.milli, r).max(wait(global.milli, q))).unwrap();
        }
    }
    io::stdout().write_all(out.as_bytes()).unwrap();
}
