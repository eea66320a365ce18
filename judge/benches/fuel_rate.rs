//! Fuel per wall-clock second of the slowest workloads, on an idle machine
//! and with both cores kept busy by two spinning threads: the measurement the
//! judge's wall-clock backstop is set from (`SLOWEST_FUEL_PER_SECOND` in
//! `judge/src/problem/limits.rs`). A backstop set from a faster rate would
//! end a slow, loaded run on the wall clock before its fuel runs out, and
//! the verdict would depend on the load.
//!
//! The kernels are the never-ending guests of `judge/tests/guests/`: `spin`
//! (a one-instruction loop), `calls` (recursive calls), `scatter` (stores
//! at random addresses across 256 MiB: cache and TLB misses).
//!
//! Run: `cargo bench -p judge --bench fuel_rate`.

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use judge::internals::SLOWEST_FUEL_PER_SECOND;
use sandbox::{RunLimits, RunSpec, Sandbox, SandboxConfig, Termination};

/// Fuel per measured run: long enough to dwarf start-up, short enough to repeat.
const FUEL: u64 = 2_000_000_000;
const RUNS: usize = 3;

fn main() {
    let guests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guests");
    let sandbox = Sandbox::new(&SandboxConfig::default()).expect("sandbox");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    println!("fuel per wall-clock second, {FUEL} fuel per run, slowest of {RUNS} runs (2 cores)");
    println!(
        "{:<8} {:>16} {:>16} {:>8}",
        "kernel", "idle", "2 cores busy", "busy/idle"
    );
    let mut slowest = f64::INFINITY;
    for kernel in ["spin", "calls", "scatter"] {
        let wat = std::fs::read(guests.join(format!("{kernel}.wat"))).expect("guest");
        let module = sandbox.compile(&wat, "bench").expect("compile");
        let rate = |busy: bool| {
            let _load = busy.then(|| Load::start(2));
            (0..RUNS)
                .map(|_| {
                    let spec = RunSpec {
                        limits: RunLimits {
                            fuel: FUEL,
                            memory_bytes: 512 << 20,
                            wall: Duration::from_secs(600),
                            ..RunLimits::default()
                        },
                        ..RunSpec::default()
                    };
                    let outcome = runtime.block_on(sandbox.run(&module, &spec)).expect("run");
                    assert_eq!(outcome.termination, Termination::OutOfFuel, "{kernel}");
                    outcome.fuel as f64 / outcome.wall.as_secs_f64()
                })
                .fold(f64::INFINITY, f64::min)
        };
        let (idle, busy) = (rate(false), rate(true));
        slowest = slowest.min(idle).min(busy);
        println!(
            "{kernel:<8} {idle:>16.3e} {busy:>16.3e} {:>8.2}",
            busy / idle
        );
    }
    println!(
        "slowest {slowest:.3e} fuel/s; the backstop assumes {:.3e} ({:.1}x margin)",
        SLOWEST_FUEL_PER_SECOND as f64,
        slowest / SLOWEST_FUEL_PER_SECOND as f64
    );
}

/// Threads that keep cores busy until dropped.
struct Load {
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    fn start(cores: usize) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..cores)
            .map(|_| {
                let stop = Arc::clone(&stop);
                std::thread::spawn(move || {
                    let mut x = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        x = std::hint::black_box(
                            x.wrapping_mul(6364136223846793005).wrapping_add(1),
                        );
                    }
                })
            })
            .collect();
        Self { stop, threads }
    }
}

impl Drop for Load {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
