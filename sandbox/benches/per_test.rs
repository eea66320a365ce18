//! Per-test cost of the sandbox against fork/exec, measured side by side.
//!
//! One "test" is what a judge does per hidden test: take a precompiled module,
//! instantiate it in a fresh store, feed stdin, run to exit, capture stdout.
//! The baseline is the same C program compiled natively (static) and run with
//! fork/exec and pipes. Rounds alternate between the two so both see the same
//! machine noise.
//!
//! Run: `cargo bench -p sandbox --bench per_test` (needs `runner-images/install.sh c`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "stats.rs"]
mod stats;

#[path = "toolchain.rs"]
mod toolchain;

use stats::{median, time};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use sandbox::{RunSpec, Sandbox, SandboxConfig, Termination};

const ROUNDS: usize = 20;
const PER_ROUND: usize = 100;
const INPUT: &[u8] = b"1234567 7654321\n";
const ANSWER: &[u8] = b"8888888\n";

fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let wasm = toolchain::wasm(work.path(), "aplusb.c", &[]);
    let native = toolchain::native(work.path(), "aplusb.c");

    let sandbox = Sandbox::new(&SandboxConfig {
        cache_dir: Some(work.path().join("cache")),
        max_concurrent_runs: 4,
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    // Compile once into the cache, then load the precompiled module as the judge does.
    sandbox.compile(&wasm, "bench").expect("compile");
    let module = sandbox.compile(&wasm, "bench").expect("load");
    assert!(module.from_cache());

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let spec = RunSpec {
        stdin: INPUT.to_vec(),
        ..RunSpec::default()
    };
    let run_sandbox = || {
        let outcome = runtime.block_on(sandbox.run(&module, &spec)).expect("run");
        assert_eq!(outcome.termination, Termination::Exited { code: 0 });
        assert_eq!(outcome.stdout, ANSWER);
        outcome.fuel
    };
    let run_native = || {
        let mut child = Command::new(&native)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(INPUT)
            .expect("write");
        let output = child.wait_with_output().expect("wait");
        assert!(output.status.success());
        assert_eq!(output.stdout, ANSWER);
    };

    // Warm both paths (page cache, pool slots, allocator) before measuring.
    for _ in 0..PER_ROUND {
        run_sandbox();
        run_native();
    }
    let fuel = run_sandbox();
    let (mut in_sandbox, mut fork_exec) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        in_sandbox.extend(time(PER_ROUND, || {
            run_sandbox();
        }));
        fork_exec.extend(time(PER_ROUND, run_native));
    }

    let sandbox_median = median(&mut in_sandbox);
    let native_median = median(&mut fork_exec);
    println!(
        "per-test cost, C a+b, {} runs each, interleaved in {ROUNDS} rounds",
        ROUNDS * PER_ROUND
    );
    println!("  wasm module: {} bytes, fuel per run: {fuel}", wasm.len());
    report(
        "sandbox (precompiled, instantiate+run+capture)",
        &in_sandbox,
        sandbox_median,
    );
    report(
        "fork/exec (native static binary)",
        &fork_exec,
        native_median,
    );
    println!(
        "  ratio fork/exec / sandbox (medians): {:.1}x",
        native_median.as_secs_f64() / sandbox_median.as_secs_f64()
    );
}

fn report(name: &str, sorted: &[Duration], median: Duration) {
    let pct = |p: usize| sorted[(sorted.len() * p / 100).min(sorted.len() - 1)];
    println!(
        "  {name:<48} median {:>7.1} µs   p10 {:>7.1} µs   p90 {:>7.1} µs",
        median.as_secs_f64() * 1e6,
        pct(10).as_secs_f64() * 1e6,
        pct(90).as_secs_f64() * 1e6,
    );
}
