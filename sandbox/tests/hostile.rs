//! Hostile guests, as inline WAT: each must end with exactly the expected
//! termination, and never harm the host.

mod support;

use std::time::Duration;

use sandbox::{OutputStream, RunLimits, RunSpec, Termination, TrapKind};
use support::{guest, run_wat, sandbox};

fn spec_with(limits: RunLimits) -> RunSpec {
    RunSpec {
        limits,
        ..RunSpec::default()
    }
}

#[test]
fn an_infinite_loop_runs_out_of_fuel_having_used_exactly_its_budget() {
    let sandbox = sandbox();
    let limits = RunLimits {
        fuel: 50_000_000,
        ..RunLimits::default()
    };
    let outcome = run_wat(
        &sandbox,
        r#"(module (func (export "_start") (loop br 0)))"#,
        &spec_with(limits),
    );
    assert_eq!(outcome.termination, Termination::OutOfFuel);
    assert_eq!(outcome.fuel, 50_000_000);
}

#[test]
fn a_memory_grow_bomb_hits_the_memory_limit_at_the_limit() {
    let sandbox = sandbox();
    let limits = RunLimits {
        memory_bytes: 64 << 20,
        ..RunLimits::default()
    };
    let bomb = r#"(module (memory 1)
        (func (export "_start") (loop (drop (memory.grow (i32.const 16))) (br 0))))"#;
    let outcome = run_wat(&sandbox, bomb, &spec_with(limits));
    assert_eq!(outcome.termination, Termination::MemoryLimit);
    // 1 page + 16-page steps: the last granted size is the largest multiple below 64 MiB.
    assert_eq!(outcome.peak_memory_bytes, (1 + 16 * 63) * 65536);
}

#[test]
fn a_guest_can_use_its_whole_memory_limit_and_not_one_page_more() {
    let sandbox = sandbox();
    let limits = RunLimits {
        memory_bytes: 256 << 20,
        ..RunLimits::default()
    };
    // Grow from 1 page to exactly 4096 pages (256 MiB) and touch the last byte.
    let exact = r#"(module (memory 1)
        (func (export "_start")
          (if (i32.eq (memory.grow (i32.const 4095)) (i32.const -1)) (then unreachable))
          (i32.store8 (i32.const 268435455) (i32.const 7))))"#;
    let outcome = run_wat(&sandbox, exact, &spec_with(limits));
    assert_eq!(outcome.termination, Termination::Exited { code: 0 });
    assert_eq!(outcome.peak_memory_bytes, 256 << 20);

    let one_more = exact.replace("4095", "4096");
    let outcome = run_wat(&sandbox, &one_more, &spec_with(limits));
    assert_eq!(outcome.termination, Termination::MemoryLimit);
}

#[test]
fn an_initial_memory_above_the_limit_is_a_memory_limit_not_a_sandbox_error() {
    let sandbox = sandbox();
    let limits = RunLimits {
        memory_bytes: 1 << 20,
        ..RunLimits::default()
    };
    let outcome = run_wat(
        &sandbox,
        r#"(module (memory 100) (func (export "_start")))"#,
        &spec_with(limits),
    );
    assert_eq!(outcome.termination, Termination::MemoryLimit);
}

#[test]
fn unbounded_recursion_is_a_stack_overflow() {
    let sandbox = sandbox();
    let outcome = run_wat(
        &sandbox,
        r#"(module (func $f (call $f)) (func (export "_start") (call $f)))"#,
        &RunSpec::default(),
    );
    assert_eq!(outcome.termination, Termination::StackOverflow);
}

#[test]
fn recursion_a_million_frames_deep_completes() {
    let sandbox = sandbox();
    let deep = r#"(module
        (func $depth (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0))
            (then (i32.const 0))
            (else (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))))
        (func (export "_start")
          (if (i32.ne (call $depth (i32.const 1000000)) (i32.const 1000000)) (then unreachable))))"#;
    let outcome = run_wat(&sandbox, deep, &RunSpec::default());
    assert_eq!(outcome.termination, Termination::Exited { code: 0 });
}

#[test]
fn unreachable_is_an_unreachable_trap() {
    let sandbox = sandbox();
    let outcome = run_wat(
        &sandbox,
        r#"(module (func (export "_start") unreachable))"#,
        &RunSpec::default(),
    );
    assert_eq!(
        outcome.termination,
        Termination::Trap {
            trap: TrapKind::Unreachable
        }
    );
}

#[test]
fn dividing_by_zero_is_a_division_trap() {
    let sandbox = sandbox();
    // The divisor is a mutable global, so no compiler can fold the division away.
    let div = r#"(module (global $zero (mut i32) (i32.const 0))
        (func (export "_start") (drop (i32.div_u (i32.const 1) (global.get $zero)))))"#;
    let outcome = run_wat(&sandbox, div, &RunSpec::default());
    assert_eq!(
        outcome.termination,
        Termination::Trap {
            trap: TrapKind::IntegerDivisionByZero
        }
    );
}

#[test]
fn a_stdout_flood_stops_at_the_output_limit_keeping_exactly_the_limit() {
    let sandbox = sandbox();
    let limits = RunLimits {
        stdout_bytes: 100_000,
        ..RunLimits::default()
    };
    // Writes the same 4000 bytes of 'y' forever.
    let flood = guest(
        r#"(data (i32.const 0) "\10\00\00\00\a0\0f\00\00")
           (func (export "_start")
             (memory.fill (i32.const 16) (i32.const 121) (i32.const 4000))
             (loop (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))) (br 0)))"#,
    );
    let outcome = run_wat(&sandbox, &flood, &spec_with(limits));
    assert_eq!(
        outcome.termination,
        Termination::OutputLimit {
            stream: OutputStream::Stdout
        }
    );
    assert_eq!(outcome.stdout.len(), 100_000);
    assert!(outcome.stdout.iter().all(|&b| b == b'y'));
}

#[test]
fn proc_exit_reports_the_exit_code() {
    let sandbox = sandbox();
    let outcome = run_wat(
        &sandbox,
        &guest(r#"(func (export "_start") (call $proc_exit (i32.const 3)))"#),
        &RunSpec::default(),
    );
    assert_eq!(outcome.termination, Termination::Exited { code: 3 });
}

/// WASI errno values (wasi_snapshot_preview1).
const EBADF: i32 = 8;
const ENOTSOCK: i32 = 57;

#[test]
fn opening_etc_passwd_without_a_grant_fails_with_ebadf() {
    let sandbox = sandbox();
    // path_open(fd 3, "/etc/passwd", read) and exit with the errno it returns.
    let open = guest(
        r#"(data (i32.const 100) "/etc/passwd")
           (func (export "_start")
             (call $proc_exit (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 11)
               (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 200))))"#,
    );
    let outcome = run_wat(&sandbox, &open, &RunSpec::default());
    assert_eq!(outcome.termination, Termination::Exited { code: EBADF });
    assert!(outcome.stdout.is_empty());
}

#[test]
fn socket_calls_find_no_socket() {
    let sandbox = sandbox();
    // sock_accept on stdin and sock_send on stdout: p1 has no way to make a socket.
    let sockets = r#"(module
        (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
        (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
        (memory (export "memory") 1)
        (func (export "_start")
          (if (i32.ne (call $send (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 8))
                      (i32.const 57))
            (then unreachable))
          (call $exit (call $accept (i32.const 0) (i32.const 0) (i32.const 8)))))"#;
    let outcome = run_wat(&sandbox, sockets, &RunSpec::default());
    assert_eq!(outcome.termination, Termination::Exited { code: ENOTSOCK });
}

/// poll_oneoff on one relative clock subscription of 1000 s.
const SLEEPER: &str = r#"(module
    (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 8) "\00")                                      ;; tag: clock
    (data (i32.const 16) "\01\00\00\00")                            ;; clock id: monotonic
    (data (i32.const 24) "\00\10\a5\d4\e8\00\00\00")                ;; timeout: 1e12 ns
    (func (export "_start")
      (drop (call $poll (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 200)))))"#;

#[test]
fn a_guest_sleeping_in_the_host_is_stopped_by_the_wall_clock() {
    let sandbox = sandbox();
    let limits = RunLimits {
        wall: Duration::from_millis(300),
        ..RunLimits::default()
    };
    let started = std::time::Instant::now();
    let outcome = run_wat(&sandbox, SLEEPER, &spec_with(limits));
    assert_eq!(outcome.termination, Termination::WallTimeout);
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the deadline did not cut the sleep short"
    );
}

#[test]
fn a_guest_waiting_without_computing_is_stopped_once_idle_for_its_idle_limit() {
    let sandbox = sandbox();
    let limits = RunLimits {
        wall: Duration::from_secs(600),
        idle: Duration::from_millis(300),
        ..RunLimits::default()
    };
    let started = std::time::Instant::now();
    let outcome = run_wat(&sandbox, SLEEPER, &spec_with(limits));
    assert_eq!(outcome.termination, Termination::WallTimeout);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(300) && waited < Duration::from_secs(60),
        "{waited:?}"
    );
}

#[test]
fn a_guest_that_computes_is_never_idle_and_runs_until_its_fuel_is_spent() {
    let sandbox = sandbox();
    // Half a billion fuel takes far longer than the idle limit to burn.
    let limits = RunLimits {
        fuel: 500_000_000,
        wall: Duration::from_secs(600),
        idle: Duration::from_millis(20),
        ..RunLimits::default()
    };
    let outcome = run_wat(
        &sandbox,
        r#"(module (func (export "_start") (loop br 0)))"#,
        &spec_with(limits),
    );
    assert_eq!(outcome.termination, Termination::OutOfFuel);
    assert!(
        outcome.wall > Duration::from_millis(20),
        "{:?}",
        outcome.wall
    );
}

#[test]
fn a_busy_guest_is_stopped_by_the_wall_clock_when_fuel_would_last_longer() {
    let sandbox = sandbox();
    let limits = RunLimits {
        fuel: u64::MAX,
        wall: Duration::from_millis(200),
        ..RunLimits::default()
    };
    let outcome = run_wat(
        &sandbox,
        r#"(module (func (export "_start") (loop br 0)))"#,
        &spec_with(limits),
    );
    assert_eq!(outcome.termination, Termination::WallTimeout);
}

#[test]
fn bytes_that_are_not_wasm_are_an_invalid_module_error() {
    let sandbox = sandbox();
    let err = sandbox
        .compile(b"\0asm\x01\0\0\0garbage", "wasm")
        .unwrap_err();
    assert!(matches!(err, sandbox::Error::InvalidModule(_)), "{err}");
}

#[test]
fn a_module_importing_something_unknown_is_rejected_before_it_runs() {
    let sandbox = sandbox();
    let wat = r#"(module (import "env" "system" (func (param i32))) (func (export "_start")))"#;
    let err = sandbox.compile(wat.as_bytes(), "wat").unwrap_err();
    assert!(
        matches!(&err, sandbox::Error::InvalidModule(m) if m.contains("system")),
        "{err}"
    );
}

#[test]
fn a_module_without_start_is_not_a_command() {
    let sandbox = sandbox();
    let err = sandbox.compile(b"(module)", "wat").unwrap_err();
    assert!(
        matches!(&err, sandbox::Error::InvalidModule(m) if m.contains("_start")),
        "{err}"
    );
}
