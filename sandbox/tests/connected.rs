//! Two guests with stdin and stdout cross-wired (interactive problems): they
//! talk, and neither can hang the judge by waiting for the other.

mod support;

use std::time::Duration;

use sandbox::{RunLimits, RunSpec, Termination};
use support::{block_on, guest, sandbox};

/// Writes `say` (if any) to stdout, then reads up to 16 bytes of stdin, copies
/// them to stderr and exits with how many it read.
fn talker(say: &str) -> String {
    guest(&format!(
        r#"(data (i32.const 100) "{say}")
           (data (i32.const 0) "\64\00\00\00\{len:02x}\00\00\00")  ;; iovec: the message at 100
           (data (i32.const 16) "\00\04\00\00\10\00\00\00")       ;; iovec: 16 bytes at 1024
           (func (export "_start")
             (if (i32.const {len}) (then
               (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
             (drop (call $fd_read (i32.const 0) (i32.const 16) (i32.const 1) (i32.const 8)))
             (i32.store (i32.const 20) (i32.load (i32.const 8)))
             (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 12)))
             (call $proc_exit (i32.load (i32.const 8))))"#,
        len = say.len()
    ))
}

/// Exits at once without reading or writing.
fn quitter() -> String {
    guest(r#"(func (export "_start") (call $proc_exit (i32.const 7)))"#)
}

fn spec(wall_ms: u64) -> RunSpec {
    RunSpec {
        limits: RunLimits {
            wall: Duration::from_millis(wall_ms),
            ..RunLimits::default()
        },
        ..RunSpec::default()
    }
}

#[test]
fn each_reads_what_the_other_writes() {
    let sandbox = sandbox();
    let asker = sandbox.compile(talker("ping").as_bytes(), "wat").unwrap();
    let answerer = sandbox.compile(talker("").as_bytes(), "wat").unwrap();
    // The answerer only reads; the asker writes "ping" and then reads EOF
    // once the answerer is gone.
    let (a, b) =
        block_on(sandbox.run_connected((&asker, &spec(5000)), (&answerer, &spec(5000)))).unwrap();
    assert_eq!(b.termination, Termination::Exited { code: 4 });
    assert_eq!(b.stderr, b"ping");
    assert_eq!(
        a.termination,
        Termination::Exited { code: 0 },
        "the asker reads end-of-file"
    );
    assert!(a.stdout.is_empty() && b.stdout.is_empty());
}

#[test]
fn a_peer_that_leaves_early_does_not_leave_the_other_waiting() {
    let sandbox = sandbox();
    let reader = sandbox.compile(talker("hello").as_bytes(), "wat").unwrap();
    let gone = sandbox.compile(quitter().as_bytes(), "wat").unwrap();
    let (a, b) =
        block_on(sandbox.run_connected((&reader, &spec(5000)), (&gone, &spec(5000)))).unwrap();
    assert_eq!(b.termination, Termination::Exited { code: 7 });
    // Exited, not WallTimeout: end-of-file, not the wall limit, ended it.
    assert_eq!(a.termination, Termination::Exited { code: 0 });
}

#[test]
fn of_two_guests_waiting_for_each_other_the_earlier_deadline_ends_first() {
    let sandbox = sandbox();
    let silent = sandbox.compile(talker("").as_bytes(), "wat").unwrap();
    let (a, b) =
        block_on(sandbox.run_connected((&silent, &spec(300)), (&silent, &spec(60_000)))).unwrap();
    // A runs out of time; its end closes the connection, so B reads
    // end-of-file (0 bytes) long before its own deadline.
    assert_eq!(a.termination, Termination::WallTimeout);
    assert_eq!(b.termination, Termination::Exited { code: 0 });
}
