// A Fenwick tree over latency values; the k-th smallest by binary lifting.
use std::fmt::Write as _;
use std::io::{self, Read, Write};

const MAXV: usize = 1 << 20; // above 10^6

fn add(tree: &mut [i32], mut i: usize) {
    while i <= MAXV {
        tree[i] += 1;
        i += i & i.wrapping_neg();
    }
}

// Smallest value with at least k recorded at or below it.
fn kth(tree: &[i32], mut k: i32) -> usize {
    let mut pos = 0;
    let mut step = MAXV;
    while step > 0 {
        if pos + step <= MAXV && tree[pos + step] < k {
            pos += step;
            k -= tree[pos];
        }
        step >>= 1;
    }
    pos + 1
}

fn main() {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input).unwrap();
    let mut tokens = input.split_ascii_whitespace();
    let n: usize = tokens.next().unwrap().parse().unwrap();
    let mut tree = vec![0i32; MAXV + 1];
    let mut count: i64 = 0;
    let mut out = String::new();
    for _ in 0..n {
        let op = tokens.next().unwrap();
        if op == "R" {
            let x: usize = tokens.next().unwrap().parse().unwrap();
            add(&mut tree, x);
            count += 1;
        } else if count == 0 {
            out.push_str("- - -\n");
        } else {
            let rank = |p: i64| ((p * count + 99) / 100) as i32;
            let [p50, p95, p99] = [50, 95, 99].map(|p| kth(&tree, rank(p)));
            writeln!(out, "{p50} {p95} {p99}").unwrap();
        }
    }
    io::stdout().write_all(out.as_bytes()).unwrap();
}
