//! The CPU kernels in Python (`fixtures/kernels.py`): CPython compiled to
//! wasm, run in the sandbox with fuel from its snapshot as a worker runs it,
//! against the host's native CPython 3.11 running the same file, side by
//! side in interleaved rounds.
//!
//! Run: `cargo bench -p judge --bench python_kernels` (after `runner-images/install.sh python`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "../../sandbox/benches/stats.rs"]
#[allow(dead_code, reason = "this benchmark times whole runs")]
mod stats;

#[path = "toolbox.rs"]
mod toolbox;

use stats::median;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use judge::internals::{Catalog, build};
use sandbox::{RunLimits, RunSpec, Termination};

const KERNELS: [&str; 5] = ["sieve", "fib", "sort", "loops", "hashmap"];
const ROUNDS: usize = 3;

fn main() {
    let source_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fixtures/kernels.py");
    let source = std::fs::read(&source_path).expect("kernels.py");
    let native = ["/usr/bin/python3.11", "python3"]
        .into_iter()
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("a native python3");
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env()).expect("catalog");
    let python = catalog
        .all()
        .iter()
        .find(|l| l.id() == "python")
        .expect("python");
    let cache = tempfile::tempdir().expect("tempdir");
    let (sandbox, compiler) = toolbox::sandbox_and_compiler(cache.path());
    let (module, launch) = build(&compiler, &sandbox, python, &source)
        .expect("build")
        .expect("compiles");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let version = Command::new(native)
        .arg("--version")
        .output()
        .expect("version");
    println!(
        "Python kernels: CPython 3.11 in wasm with fuel, from its snapshot, vs native {} ({native}), median of {ROUNDS} interleaved rounds",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    println!(
        "  {:<8} {:>12} {:>12} {:>8} {:>14}",
        "kernel", "sandbox", "native", "ratio", "fuel"
    );
    let mut log_sum = 0.0;
    for kernel in KERNELS {
        let spec = RunSpec {
            limits: RunLimits {
                fuel: 1_000_000_000_000,
                wall: Duration::from_secs(600),
                idle: Duration::from_secs(600),
                ..RunLimits::default()
            },
            ..launch.run_spec(&[kernel.to_owned()])
        };
        let (mut in_sandbox, mut natively, mut fuel) = (Vec::new(), Vec::new(), 0);
        for _ in 0..ROUNDS {
            let start = Instant::now();
            let outcome = runtime.block_on(sandbox.run(&module, &spec)).expect("run");
            in_sandbox.push(start.elapsed());
            assert_eq!(
                outcome.termination,
                Termination::Exited { code: 0 },
                "{outcome:?}"
            );
            fuel = outcome.fuel;

            let start = Instant::now();
            let output = Command::new(native)
                .arg(&source_path)
                .arg(kernel)
                .output()
                .expect("native");
            natively.push(start.elapsed());
            assert!(output.status.success());
            assert_eq!(output.stdout, outcome.stdout, "{kernel}: the two disagree");
        }
        let (s, n) = (median(&mut in_sandbox), median(&mut natively));
        let ratio = s.as_secs_f64() / n.as_secs_f64();
        log_sum += ratio.ln();
        println!(
            "  {kernel:<8} {:>9.1} ms {:>9.1} ms {ratio:>7.2}x {fuel:>14}",
            s.as_secs_f64() * 1e3,
            n.as_secs_f64() * 1e3
        );
    }
    #[allow(clippy::cast_precision_loss, reason = "five kernels")]
    let geomean = (log_sum / KERNELS.len() as f64).exp();
    println!("  geomean wasm-with-fuel / native: {geomean:.2}x");
}
