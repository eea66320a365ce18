//! CPU kernels compiled to wasm and run in the sandbox with fuel, against the
//! same C compiled natively with `gcc -O2`, side by side.
//!
//! Five kernels (`fixtures/kernels.c`: sieve, recursive fib, sort, nested
//! loops, hash-map inserts), each built with the C runner image's clang-19
//! `-O2` for wasm32-wasi and with gcc `-O2` for the host. Rounds alternate
//! between the two so both see the same machine noise; each kernel's figure
//! is the median of its rounds, the summary the geometric mean of the ratios.
//!
//! Run: `cargo bench -p sandbox --bench kernels` (needs `runner-images/install.sh c`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "stats.rs"]
#[allow(dead_code, reason = "this benchmark times whole runs")]
mod stats;

#[path = "toolchain.rs"]
mod toolchain;

use stats::median;
use std::process::Command;
use std::time::{Duration, Instant};

use sandbox::{RunLimits, RunSpec, Sandbox, SandboxConfig, Termination};

const KERNELS: [&str; 5] = ["sieve", "fib", "sort", "loops", "hashmap"];
const ROUNDS: usize = 5;

fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let wasm = toolchain::wasm(work.path(), "kernels.c", &[]);
    let native = toolchain::native(work.path(), "kernels.c");
    // The same with wasm SIMD, which clang leaves off and gcc's x86-64 SSE2
    // baseline does not: how much of the gap is vectorisation.
    let simd_wasm = {
        let dir = work.path().join("simd");
        std::fs::create_dir_all(&dir).expect("simd dir");
        toolchain::wasm(&dir, "kernels.c", &["-msimd128"])
    };
    let sandbox = Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 2,
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    let module = sandbox.compile(&wasm, "bench").expect("compile");
    let simd = sandbox.compile(&simd_wasm, "bench").expect("compile");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");

    println!(
        "CPU kernels, wasm with fuel (clang-19 -O2) vs native (gcc -O2), median of {ROUNDS} interleaved rounds"
    );
    println!(
        "  {:<8} {:>12} {:>12} {:>8} {:>14} {:>12} {:>8}",
        "kernel", "sandbox", "native", "ratio", "fuel", "+simd128", "ratio"
    );
    let (mut log_sum, mut simd_log_sum) = (0.0, 0.0);
    for kernel in KERNELS {
        let spec = RunSpec {
            args: vec!["kernels".into(), kernel.into()],
            limits: RunLimits {
                fuel: 1_000_000_000_000,
                wall: Duration::from_secs(600),
                idle: Duration::from_secs(600),
                ..RunLimits::default()
            },
            ..RunSpec::default()
        };
        let (mut in_sandbox, mut natively, mut with_simd, mut fuel) =
            (Vec::new(), Vec::new(), Vec::new(), 0);
        for _ in 0..ROUNDS {
            let start = Instant::now();
            let outcome = runtime.block_on(sandbox.run(&module, &spec)).expect("run");
            in_sandbox.push(start.elapsed());
            assert_eq!(outcome.termination, Termination::Exited { code: 0 });
            fuel = outcome.fuel;

            let start = Instant::now();
            let vectorised = runtime.block_on(sandbox.run(&simd, &spec)).expect("run");
            with_simd.push(start.elapsed());
            assert_eq!(
                vectorised.stdout, outcome.stdout,
                "{kernel}: simd128 disagrees"
            );

            let start = Instant::now();
            let output = Command::new(&native).arg(kernel).output().expect("native");
            natively.push(start.elapsed());
            assert!(output.status.success());
            assert_eq!(
                output.stdout, outcome.stdout,
                "{kernel}: the two builds disagree"
            );
        }
        let (s, n, v) = (
            median(&mut in_sandbox),
            median(&mut natively),
            median(&mut with_simd),
        );
        let ratio = s.as_secs_f64() / n.as_secs_f64();
        let simd_ratio = v.as_secs_f64() / n.as_secs_f64();
        log_sum += ratio.ln();
        simd_log_sum += simd_ratio.ln();
        println!(
            "  {kernel:<8} {:>9.1} ms {:>9.1} ms {ratio:>7.2}x {fuel:>14} {:>9.1} ms {simd_ratio:>7.2}x",
            s.as_secs_f64() * 1e3,
            n.as_secs_f64() * 1e3,
            v.as_secs_f64() * 1e3,
        );
    }
    #[allow(clippy::cast_precision_loss, reason = "five kernels")]
    let (geomean, simd_geomean) = (
        (log_sum / KERNELS.len() as f64).exp(),
        (simd_log_sum / KERNELS.len() as f64).exp(),
    );
    println!(
        "  geomean wasm-with-fuel / native: {geomean:.2}x (with -msimd128: {simd_geomean:.2}x)"
    );
}
