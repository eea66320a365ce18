//! The same module and input give the same output and the same fuel, every run.

mod support;

use sandbox::{Determinism, RunSpec, Termination};
use support::{guest, run_wat, sandbox};

/// Reads stdin, the wall clock twice and 16 random bytes, mixes them into a
/// loop whose length depends on them, and writes everything to stdout.
fn clock_and_random_guest() -> String {
    guest(
        r#"(import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
           (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
           ;; stdout = wall clock (64..72), monotonic clock (72..80), random (80..96),
           ;; zeros, then stdin (128..192).
           (data (i32.const 0) "\40\00\00\00\80\00\00\00")   ;; output iovec: 128 bytes at 64
           (data (i32.const 16) "\80\00\00\00\40\00\00\00")  ;; input iovec: 64 bytes at 128
           (func (export "_start") (local $n i32)
             (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 8)))
             (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 64)))
             (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 72)))
             (drop (call $random (i32.const 80) (i32.const 16)))
             ;; spin for (first random byte * 1000) iterations: fuel depends on randomness
             (local.set $n (i32.mul (i32.load8_u (i32.const 80)) (i32.const 1000)))
             (loop (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                   (br_if 0 (i32.gt_s (local.get $n) (i32.const 0))))
             (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#,
    )
}

#[test]
fn twenty_runs_give_identical_output_and_fuel() {
    let sandbox = sandbox();
    let spec = RunSpec {
        stdin: b"an input line\n".to_vec(),
        ..RunSpec::default()
    };
    let wat = clock_and_random_guest();
    let first = run_wat(&sandbox, &wat, &spec);
    assert_eq!(first.termination, Termination::Exited { code: 0 });
    assert_eq!(&first.stdout[64..78], b"an input line\n");
    for run in 1..20 {
        let again = run_wat(&sandbox, &wat, &spec);
        assert_eq!(again.fuel, first.fuel, "fuel differs on run {run}");
        assert_eq!(again.stdout, first.stdout, "output differs on run {run}");
    }
}

#[test]
fn the_seed_decides_the_random_bytes() {
    let sandbox = sandbox();
    let wat = clock_and_random_guest();
    let seeded = |seed| RunSpec {
        determinism: Determinism::Seeded(seed),
        ..RunSpec::default()
    };
    let a = run_wat(&sandbox, &wat, &seeded(1));
    let b = run_wat(&sandbox, &wat, &seeded(2));
    assert_ne!(a.stdout[16..32], b.stdout[16..32]);
}

#[test]
fn the_virtual_wall_clock_starts_at_2024_and_host_clocks_are_opt_in() {
    let sandbox = sandbox();
    let wat = clock_and_random_guest();
    let wall_ns = |stdout: &[u8]| u64::from_le_bytes(stdout[0..8].try_into().unwrap());

    let virtual_run = run_wat(&sandbox, &wat, &RunSpec::default());
    assert_eq!(
        wall_ns(&virtual_run.stdout),
        1_704_067_200_000_000_000 + 1_000
    );

    let host = RunSpec {
        determinism: Determinism::Host,
        ..RunSpec::default()
    };
    let now_ns = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let host_run = run_wat(&sandbox, &wat, &host);
    assert!(wall_ns(&host_run.stdout) >= now_ns);
}
