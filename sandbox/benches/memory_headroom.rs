//! How much of its memory limit a C solution can really use.
//!
//! Binary-searches the largest allocation that succeeds under a 256 MiB limit,
//! for one `malloc` and for a buffer grown by doubling `realloc` (what
//! `std::vector` does), and prints both as a share of the limit.
//!
//! Run: `cargo bench -p sandbox --bench memory_headroom` (needs `runner-images/install.sh c`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "toolchain.rs"]
#[allow(dead_code, reason = "this benchmark needs no native build")]
mod toolchain;

use sandbox::{CompiledModule, RunLimits, RunSpec, Sandbox, SandboxConfig, Termination};

const LIMIT: u64 = 256 << 20;
const MIB: u64 = 1 << 20;

fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let sandbox = Sandbox::new(&SandboxConfig::default()).expect("sandbox");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let wasm = toolchain::wasm(work.path(), "malloc_probe.c", &[]);
    let module = sandbox.compile(&wasm, "bench").expect("compile");

    println!(
        "memory limit {} MiB, C (clang-19, wasi-libc dlmalloc)",
        LIMIT / MIB
    );
    for mode in ["single", "double"] {
        let fits = |bytes: u64| {
            let spec = RunSpec {
                args: vec!["probe".into(), bytes.to_string(), mode.into()],
                limits: RunLimits {
                    memory_bytes: LIMIT,
                    ..RunLimits::default()
                },
                ..RunSpec::default()
            };
            probe(&runtime, &sandbox, &module, &spec)
        };
        let largest = largest_fitting(fits);
        println!(
            "  largest {mode:<6} allocation: {:>4} MiB ({:.0}% of the limit)",
            largest / MIB,
            100.0 * largest as f64 / LIMIT as f64
        );
    }
    println!(
        "  (doubling: linear memory never shrinks, so the freed smaller buffers stay below the new one;\n   \
         growing to N costs ~2N of linear memory, where native glibc's mremap/munmap costs ~1.5N)"
    );
}

fn probe(
    runtime: &tokio::runtime::Runtime,
    sandbox: &Sandbox,
    module: &CompiledModule,
    spec: &RunSpec,
) -> bool {
    let outcome = runtime.block_on(sandbox.run(module, spec)).expect("run");
    match outcome.termination {
        Termination::Exited { code: 0 } => true,
        Termination::Exited { code: 1 } | Termination::MemoryLimit => false,
        other => panic!("unexpected ending: {other}"),
    }
}

/// Largest whole number of MiB for which `fits` holds (it must be monotone).
fn largest_fitting(fits: impl Fn(u64) -> bool) -> u64 {
    let (mut lo, mut hi) = (0, LIMIT / MIB);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid * MIB) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo * MIB
}
