// Count requests per (method, path without query) in an ordered map, then sort by count.
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Read, Write};

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let n: usize = tokens.next().unwrap().parse().unwrap();
    let k: usize = tokens.next().unwrap().parse().unwrap();
    let mut counts: BTreeMap<(&str, &str), i32> = BTreeMap::new();
    for _ in 0..n {
        let method = tokens.next().unwrap();
        let path = tokens.next().unwrap();
        let _status = tokens.next().unwrap();
        let path = path.split('?').next().unwrap();
        *counts.entry((method, path)).or_insert(0) += 1;
    }
    // &str orders by bytes: most requests first, then method, then path.
    let mut ranked: Vec<(i32, &str, &str)> = counts
        .into_iter()
        .map(|((method, path), count)| (-count, method, path))
        .collect();
    ranked.sort();
    let mut out = String::new();
    for &(count, method, path) in ranked.iter().take(k) {
        writeln!(out, "{method} {path} {}", -count).unwrap();
    }
    io::stdout().write_all(out.as_bytes()).unwrap();
}
