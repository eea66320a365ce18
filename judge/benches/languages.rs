//! Per-language figures for the sum program in `tests/languages/<id>/`:
//! toolchain version, compile time, .wasm size, the fuel of one run, and the
//! per-test cost: the program already built (an interpreted one on its
//! pre-initialised interpreter, as a worker runs it), instantiated and run
//! once per test, against the same program in the language's native
//! interpreter process where the host has one (`python3`, `node`), measured
//! in interleaved rounds.
//!
//! Run: `cargo bench -p judge --bench languages` (after `runner-images/install.sh`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

#[path = "../../sandbox/benches/stats.rs"]
mod stats;

#[path = "toolbox.rs"]
mod toolbox;

use stats::{median, time};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use judge::internals::{Catalog, Compiled, build};
use sandbox::{RunSpec, Termination};

const INPUT: &[u8] = b"3 4\n-10\n1000000000000 5\n";
const ANSWER: &[u8] = b"1000000000002\n";
const ROUNDS: usize = 10;
const PER_ROUND: usize = 20;

/// The native interpreter and the same program for it (Node cannot run the
/// QuickJS program, which imports `qjs:std`).
fn native(language: &str, source: &Path, work: &Path) -> Option<Vec<String>> {
    let on_path = |program: &str| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    match language {
        "python" if on_path("python3") => Some(vec!["python3".into(), path(source)]),
        "javascript" if on_path("node") => {
            let script = work.join("sum.cjs");
            std::fs::write(
                &script,
                "let s = 0n; for (const t of require('fs').readFileSync(0, 'utf8').split(/\\s+/)) if (t) s += BigInt(t); console.log(s.toString());\n",
            )
            .expect("node script");
            Some(vec!["node".into(), path(&script)])
        }
        "ruby" if on_path("ruby") => Some(vec!["ruby".into(), path(source)]),
        "lua" if on_path("lua5.4") => Some(vec!["lua5.4".into(), path(source)]),
        _ => None,
    }
}

fn path(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo");
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env()).expect("catalog");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let cache = tempfile::tempdir().expect("tempdir");
    let (sandbox, compiler) = toolbox::sandbox_and_compiler(cache.path());

    println!(
        "sum of a few integers per language; per test: median of {} runs in {ROUNDS} interleaved rounds",
        ROUNDS * PER_ROUND
    );
    println!(
        "{:<11} {:<34} {:>9} {:>8} {:>12} {:>11} {:>11} {:>8}",
        "language", "toolchain", "compile", ".wasm", "fuel", "sandbox", "native", "ratio"
    );
    for language in catalog.all() {
        let dir = repo.join("tests/languages").join(language.id());
        let Some(source) = sum_source(&dir) else {
            continue;
        };
        if !language.missing().is_empty() {
            println!("{:<11} not installed", language.id());
            continue;
        }
        let bytes = std::fs::read(&source).expect("source");
        let Compiled::Module {
            wasm,
            toolchain,
            elapsed,
            ..
        } = compiler.compile(language, &bytes).expect("compile")
        else {
            panic!("{} did not compile", language.id());
        };
        let (module, launch) = build(&compiler, &sandbox, language, &bytes)
            .expect("build")
            .expect("compiles");
        let spec = RunSpec {
            stdin: INPUT.to_vec(),
            ..launch.run_spec(&[])
        };
        let run_sandbox = || {
            let outcome = runtime.block_on(sandbox.run(&module, &spec)).expect("run");
            assert_eq!(
                outcome.termination,
                Termination::Exited { code: 0 },
                "{outcome:?}"
            );
            assert_eq!(outcome.stdout, ANSWER);
            outcome.fuel
        };
        let fuel = run_sandbox();
        let native = native(language.id(), &source, cache.path());
        let run_native = |argv: &[String]| {
            let mut child = Command::new(&argv[0])
                .args(&argv[1..])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .expect("native interpreter");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(INPUT)
                .expect("write");
            let output = child.wait_with_output().expect("wait");
            assert_eq!(output.stdout, ANSWER, "{argv:?}");
        };
        let (mut in_sandbox, mut natively) = (Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            in_sandbox.extend(time(PER_ROUND, || {
                run_sandbox();
            }));
            if let Some(argv) = &native {
                natively.extend(time(PER_ROUND, || run_native(argv)));
            }
        }
        let sandbox_median = median(&mut in_sandbox);
        let (native_text, ratio) = if natively.is_empty() {
            ("-".to_owned(), "-".to_owned())
        } else {
            let native_median = median(&mut natively);
            (
                format!("{:.2} ms", ms(native_median)),
                format!(
                    "{:.1}x",
                    native_median.as_secs_f64() / sandbox_median.as_secs_f64()
                ),
            )
        };
        println!(
            "{:<11} {:<34} {:>7.0}ms {:>6}KB {fuel:>12} {:>8.3} ms {native_text:>11} {ratio:>8}",
            language.id(),
            truncate(&toolchain, 34),
            ms(elapsed),
            wasm.len() / 1024,
            ms(sandbox_median),
        );
    }
    println!(
        "ratio: the native interpreter's per-test time / the sandbox's (higher is better for the sandbox)"
    );
}

fn sum_source(dir: &Path) -> Option<PathBuf> {
    std::fs::read_dir(dir).ok().and_then(|entries| {
        entries
            .map(|e| e.expect("entry").path())
            .find(|p| p.file_stem().is_some_and(|s| s == "sum"))
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn truncate(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}
