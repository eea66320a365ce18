//! Shared helpers for the sandbox's integration tests: one sandbox per test
//! binary's thread, and a one-call "compile this WAT and run it".

#![allow(dead_code, reason = "each test binary uses a different subset")]

use sandbox::{RunOutcome, RunSpec, Sandbox, SandboxConfig};

/// A sandbox with a small pool: tests run a handful of guests at once.
pub(crate) fn sandbox() -> Sandbox {
    Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 8,
        ..SandboxConfig::default()
    })
    .expect("sandbox")
}

/// Compiles `wat` and runs it once under `spec`.
pub(crate) fn run_wat(sandbox: &Sandbox, wat: &str, spec: &RunSpec) -> RunOutcome {
    let module = sandbox.compile(wat.as_bytes(), "wat").expect("compile");
    block_on(sandbox.run(&module, spec)).expect("run")
}

/// Drives a sandbox future the way the judge does: a current-thread runtime
/// with the time driver.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
        .block_on(future)
}

/// The WASI imports most guests use.
pub(crate) const PRELUDE: &str = r#"
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
"#;

/// Wraps a body (further imports first, then definitions) in a module with
/// the prelude's imports and one page of exported memory.
pub(crate) fn guest(body: &str) -> String {
    format!(r#"(module {PRELUDE} {body} (memory (export "memory") 1))"#)
}
