//! Native code made under a deadline: Cranelift runs in `judge __precompile`,
//! which fills the module cache or is killed when its time is up. (The
//! sandbox takes the text format too, so the modules here are WAT.)

use std::time::Duration;

use judge::internals::{Native, prepare};
use sandbox::{Sandbox, SandboxConfig};

/// A module with many functions, so that Cranelift has real work.
fn many_functions(count: usize) -> String {
    let functions: String = (0..count)
        .map(|i| {
            format!(
                "(func (export \"f{i}\") (param i64) (result i64) \
                 (i64.add (i64.mul (local.get 0) (i64.const {i})) (i64.const 7)))"
            )
        })
        .collect();
    format!("(module {functions} (func (export \"_start\")))")
}

fn sandbox(cache: &std::path::Path) -> Sandbox {
    Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 2,
        cache_dir: Some(cache.to_owned()),
        ..SandboxConfig::default()
    })
    .unwrap()
}

#[test]
fn a_child_compiles_into_the_cache_and_the_parent_loads_it() {
    let cache = tempfile::tempdir().unwrap();
    let sandbox = sandbox(cache.path());
    let helper = std::path::Path::new(env!("CARGO_BIN_EXE_judge"));
    let wasm = many_functions(200).into_bytes();
    assert!(!sandbox.is_cached(&wasm, "test"));
    let ready = prepare(helper, &sandbox, &wasm, "test", Duration::from_secs(120)).unwrap();
    assert_eq!(ready, Native::Compiled);
    let again = prepare(helper, &sandbox, &wasm, "test", Duration::from_secs(120)).unwrap();
    assert_eq!(again, Native::Ready, "cached: nothing to do");
    assert!(
        sandbox.is_cached(&wasm, "test"),
        "the child's code is the parent's cache entry"
    );
    let module = sandbox.compile(&wasm, "test").unwrap();
    assert!(module.from_cache(), "loaded, not compiled again in-process");
}

#[test]
fn a_compile_past_its_deadline_is_stopped_and_leaves_nothing() {
    let cache = tempfile::tempdir().unwrap();
    let sandbox = sandbox(cache.path());
    let helper = std::path::Path::new(env!("CARGO_BIN_EXE_judge"));
    let wasm = many_functions(20_000).into_bytes();
    let started = std::time::Instant::now();
    let outcome = prepare(helper, &sandbox, &wasm, "test", Duration::from_millis(50)).unwrap();
    assert_eq!(outcome, Native::TimedOut(Duration::from_millis(50)));
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "killed, not waited for"
    );
    assert!(!sandbox.is_cached(&wasm, "test"));
}

#[test]
fn a_module_the_sandbox_refuses_is_said_so() {
    let cache = tempfile::tempdir().unwrap();
    let sandbox = sandbox(cache.path());
    let helper = std::path::Path::new(env!("CARGO_BIN_EXE_judge"));
    let wasm = br#"(module (import "env" "nope" (func)) (func (export "_start")))"#.to_vec();
    match prepare(helper, &sandbox, &wasm, "test", Duration::from_secs(60)).unwrap() {
        Native::Refused(why) => assert!(why.contains("nope"), "{why}"),
        other => panic!("{other:?}"),
    }
}
