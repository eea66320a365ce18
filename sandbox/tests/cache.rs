//! The compiled-module cache: reuse, privacy, and recovery from bad entries.

mod support;

use std::os::unix::fs::PermissionsExt;

use sandbox::{RunSpec, Sandbox, SandboxConfig, Termination};
use support::block_on;

const HELLO: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "cached\n") (data (i32.const 0) "\10\00\00\00\07\00\00\00")
  (func (export "_start") (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

fn cached_sandbox(dir: &std::path::Path) -> Sandbox {
    Sandbox::new(&SandboxConfig {
        cache_dir: Some(dir.to_owned()),
        max_concurrent_runs: 2,
        ..SandboxConfig::default()
    })
    .expect("sandbox")
}

fn entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect()
}

#[test]
fn a_second_compile_loads_the_cached_module_and_runs_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("modules");
    let first = cached_sandbox(&cache)
        .compile(HELLO.as_bytes(), "wat")
        .unwrap();
    assert!(!first.from_cache());
    assert_eq!(
        std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777,
        0o700
    );
    assert_eq!(entries(&cache).len(), 1);

    // A new sandbox (a new process, as far as the cache knows) reuses the entry.
    let sandbox = cached_sandbox(&cache);
    let second = sandbox.compile(HELLO.as_bytes(), "wat").unwrap();
    assert!(second.from_cache());
    assert_eq!(second.sha256_hex(), first.sha256_hex());
    let outcome = block_on(sandbox.run(&second, &RunSpec::default())).unwrap();
    assert_eq!(outcome.termination, Termination::Exited { code: 0 });
    assert_eq!(outcome.stdout, b"cached\n");
}

#[test]
fn the_toolchain_is_part_of_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = cached_sandbox(dir.path());
    sandbox.compile(HELLO.as_bytes(), "clang-19.1.7").unwrap();
    let other = sandbox.compile(HELLO.as_bytes(), "clang-19.1.8").unwrap();
    assert!(!other.from_cache());
    assert_eq!(entries(dir.path()).len(), 2);
}

#[test]
fn a_corrupt_entry_is_recompiled_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    cached_sandbox(dir.path())
        .compile(HELLO.as_bytes(), "wat")
        .unwrap();
    let entry = entries(dir.path()).pop().unwrap();
    std::fs::write(&entry, b"not a compiled module").unwrap();

    let sandbox = cached_sandbox(dir.path());
    let module = sandbox.compile(HELLO.as_bytes(), "wat").unwrap();
    assert!(!module.from_cache());
    let outcome = block_on(sandbox.run(&module, &RunSpec::default())).unwrap();
    assert_eq!(outcome.stdout, b"cached\n");
    assert!(
        sandbox
            .compile(HELLO.as_bytes(), "wat")
            .unwrap()
            .from_cache()
    );
}

#[test]
fn a_cache_directory_other_users_can_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let err = Sandbox::new(&SandboxConfig {
        cache_dir: Some(dir.path().to_owned()),
        ..SandboxConfig::default()
    })
    .unwrap_err();
    assert!(matches!(err, sandbox::Error::Cache { .. }), "{err}");
}

#[test]
fn the_sandbox_can_be_shared_between_worker_threads() {
    fn shareable<T: Send + Sync>(_: &T) {}
    fn sendable<T: Send>(_: &T) {}
    let sandbox = support::sandbox();
    let module = sandbox.compile(HELLO.as_bytes(), "wat").unwrap();
    shareable(&sandbox);
    shareable(&module);
    let spec = RunSpec::default();
    let run = sandbox.run(&module, &spec);
    sendable(&run);
    drop(run);

    // Two threads running the same module at once both succeed.
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| scope.spawn(|| block_on(sandbox.run(&module, &spec)).unwrap()))
            .collect();
        for worker in workers {
            assert_eq!(worker.join().unwrap().stdout, b"cached\n");
        }
    });
}

#[test]
fn an_entry_that_is_a_link_is_never_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("modules");
    cached_sandbox(&cache)
        .compile(HELLO.as_bytes(), "wat")
        .unwrap();
    // Swap the entry for a link to a copy of itself elsewhere: whatever
    // it points at, a link in the cache is not the cache's own file.
    let entry = entries(&cache).remove(0);
    let elsewhere = dir.path().join("elsewhere.cwasm");
    std::fs::rename(&entry, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &entry).unwrap();
    let module = cached_sandbox(&cache)
        .compile(HELLO.as_bytes(), "wat")
        .unwrap();
    assert!(
        !module.from_cache(),
        "recompiled instead of following the link"
    );
}

#[test]
fn a_cache_directory_owned_by_another_user_is_refused() {
    assert!(
        nix::unistd::geteuid().is_root(),
        "this test hands a directory to another user: run it as root, as CI does"
    );
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("modules");
    std::fs::create_dir(&cache).unwrap();
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o700)).unwrap();
    std::os::unix::fs::chown(&cache, Some(65534), Some(65534)).unwrap();
    let error = Sandbox::new(&SandboxConfig {
        cache_dir: Some(cache),
        max_concurrent_runs: 1,
        ..SandboxConfig::default()
    })
    .unwrap_err();
    let cause = std::error::Error::source(&error).unwrap().to_string();
    assert!(cause.contains("belongs to user 65534"), "{error}: {cause}");
}
