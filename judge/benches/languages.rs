//! Per-language figures for the sum program in `tests/languages/<id>/`:
//! toolchain version, compile time, .wasm size, first run (Cranelift compiles
//! the module) vs cached run (the module loads from the on-disk cache), and
//! the fuel of one run.
//!
//! Run: `cargo bench -p judge --bench languages` (after `runner-images/install.sh`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::path::Path;
use std::time::{Duration, Instant};

use judge::internals::Catalog;
use judge::internals::Limits;
use judge::internals::{Compiled, Compiler};
use sandbox::{RunSpec, Sandbox, SandboxConfig, Termination};

const INPUT: &[u8] = b"3 4\n-10\n1000000000000 5\n";

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo");
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env()).expect("catalog");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");

    println!(
        "{:<11} {:<42} {:>10} {:>10} {:>11} {:>11} {:>10}",
        "language", "toolchain", "compile", ".wasm", "first run", "cached run", "fuel"
    );
    for language in catalog.all() {
        let dir = repo.join("tests/languages").join(language.id());
        let Some(source) = std::fs::read_dir(&dir).ok().and_then(|entries| {
            entries
                .map(|e| e.expect("entry").path())
                .find(|p| p.file_stem().is_some_and(|s| s == "sum"))
        }) else {
            println!(
                "{:<11} no tests/languages/{}/sum.*",
                language.id(),
                language.id()
            );
            continue;
        };
        let cache = tempfile::tempdir().expect("tempdir");
        let compiler = Compiler {
            helper: Some(env!("CARGO_BIN_EXE_judge").into()),
            cache_dir: Some(cache.path().join("wasm")),
            hidden: vec![cache.path().to_owned()],
            limits: Limits::default(),
        };
        let compiled = compiler
            .compile(language, &std::fs::read(&source).expect("source"))
            .expect("compile");
        let Compiled::Module {
            wasm,
            toolchain,
            elapsed,
            launch,
            ..
        } = compiled
        else {
            panic!("{} did not compile: {compiled:?}", language.id());
        };
        let spec = RunSpec {
            stdin: INPUT.to_vec(),
            ..launch.run_spec(&[])
        };

        // First run: a fresh process with an empty module cache.
        let modules = cache.path().join("modules");
        let first = time_run(&runtime, &modules, &wasm, &toolchain, &spec);
        // Cached run: a fresh sandbox again, loading the module compiled above.
        let cached = time_run(&runtime, &modules, &wasm, &toolchain, &spec);
        assert_eq!(first.1, cached.1, "fuel differs between runs");
        println!(
            "{:<11} {:<42} {:>8.0}ms {:>8}KB {:>9.0}ms {:>9.1}ms {:>10}",
            language.id(),
            truncate(&toolchain, 42),
            ms(elapsed),
            wasm.len() / 1024,
            ms(first.0),
            ms(cached.0),
            first.1
        );
    }
}

/// Time from "here are the wasm bytes" to "the run's outcome": module compile
/// or cache load, instantiation and the run.
fn time_run(
    runtime: &tokio::runtime::Runtime,
    modules: &Path,
    wasm: &[u8],
    toolchain: &str,
    spec: &RunSpec,
) -> (Duration, u64) {
    let sandbox = Sandbox::new(&SandboxConfig {
        cache_dir: Some(modules.to_owned()),
        max_concurrent_runs: 1,
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    let started = Instant::now();
    let module = sandbox.compile(wasm, toolchain).expect("module");
    let outcome = runtime.block_on(sandbox.run(&module, spec)).expect("run");
    let elapsed = started.elapsed();
    assert_eq!(
        outcome.termination,
        Termination::Exited { code: 0 },
        "{outcome:?}"
    );
    assert_eq!(outcome.stdout, b"1000000000002\n");
    (elapsed, outcome.fuel)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn truncate(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
