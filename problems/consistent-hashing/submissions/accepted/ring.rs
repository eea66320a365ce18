// The ring as an ordered set of (position, node name); GET is a lower bound that wraps around.
use std::collections::BTreeSet;
use std::io::{self, Read, Write};

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for &b in s.as_bytes() {
        h = (h ^ b as u32).wrapping_mul(16777619);
    }
    h
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let v: usize = tokens.next().unwrap().parse().unwrap();
    let n: usize = tokens.next().unwrap().parse().unwrap();
    // Names are slices of the input, which lives until the end; &str orders by bytes.
    let mut ring: BTreeSet<(u32, &str)> = BTreeSet::new();
    let mut out = String::new();
    for _ in 0..n {
        let op = tokens.next().unwrap();
        let name = tokens.next().unwrap();
        match op {
            "ADD" => {
                for j in 0..v {
                    ring.insert((fnv(&format!("{name}#{j}")), name));
                }
            }
            "REMOVE" => {
                for j in 0..v {
                    ring.remove(&(fnv(&format!("{name}#{j}")), name));
                }
            }
            _ => {
                // The first position at or after the key's, wrapping around to the smallest.
                let owner = ring
                    .range((fnv(name), "")..)
                    .next()
                    .or_else(|| ring.first());
                match owner {
                    None => out.push_str("NONE\n"),
                    Some(&(_, owner)) => {
                        out.push_str(owner);
                        out.push('\n');
                    }
                }
            }
        }
    }
    io::stdout().write_all(out.as_bytes()).unwrap();
}
