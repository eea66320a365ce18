//! Determinism under load: a borderline program (its fuel within 1 % of its
//! limit, on each side) rerun many times while two other processes keep both
//! cores busy. Counts verdict changes and distinct fuel counts.
//!
//! Run: `cargo bench -p sandbox --bench determinism` (needs `runner-images/install.sh c`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "toolchain.rs"]
#[allow(dead_code, reason = "this benchmark needs no native build")]
mod toolchain;

use std::collections::BTreeSet;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use sandbox::{RunLimits, RunSpec, Sandbox, SandboxConfig, Termination};

const RUNS: usize = 1000;

fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let wasm = toolchain::wasm(work.path(), "kernels.c", &[]);
    let sandbox = Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 2,
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    let module = sandbox.compile(&wasm, "bench").expect("compile");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let spec = |fuel| RunSpec {
        args: vec!["kernels".into(), "fib25".into()],
        limits: RunLimits {
            fuel,
            wall: Duration::from_secs(60),
            ..RunLimits::default()
        },
        ..RunSpec::default()
    };
    let needs = runtime
        .block_on(sandbox.run(&module, &spec(u64::MAX / 2)))
        .expect("run")
        .fuel;

    let load: Vec<Child> = (0..2)
        .map(|_| {
            Command::new("sh")
                .args(["-c", "while :; do :; done"])
                .spawn()
                .expect("load")
        })
        .collect();
    println!(
        "determinism: fib(25) in C needs {needs} fuel; {RUNS} runs per limit, two busy-looping processes loading both cores"
    );
    for (name, limit, expected) in [
        ("limit 1% above", needs + needs / 100, "exited"),
        ("limit 1% below", needs - needs / 100, "out_of_fuel"),
    ] {
        let started = Instant::now();
        let mut fuels = BTreeSet::new();
        let mut endings = BTreeSet::new();
        let mut changes = 0;
        for _ in 0..RUNS {
            let outcome = runtime
                .block_on(sandbox.run(&module, &spec(limit)))
                .expect("run");
            let ending = match outcome.termination {
                Termination::Exited { code: 0 } => "exited",
                Termination::OutOfFuel => "out_of_fuel",
                _ => "other",
            };
            changes += usize::from(ending != expected);
            endings.insert(ending);
            fuels.insert(outcome.fuel);
        }
        println!(
            "  {name:<15} endings {endings:?}, verdict changes {changes}, distinct fuel counts {} ({:.1} s)",
            fuels.len(),
            started.elapsed().as_secs_f64()
        );
    }
    for mut child in load {
        let _ = child.kill();
        let _ = child.wait();
    }
}
