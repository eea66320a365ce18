//! A read-only grant can be read and never changed; a read-write grant can be
//! written inside and never escaped.

mod support;

use std::time::Duration;

use sandbox::{OutputStream, Preopen, RunLimits, RunSpec, Termination, TrapKind, WriteQuota};
use support::{guest, run_wat, sandbox};

/// What wasmtime-wasi answers for an operation a read-only grant or the
/// directory sandbox forbids (wasi errno `perm`).
const EPERM: i32 = 63;

/// path_open(fd 3, PATH, oflags, rights) and exit with the errno, or, when
/// the open succeeds, copy the file to stdout and exit 0.
fn open_guest(path: &str, oflags: i32, rights: i64) -> String {
    guest(&format!(
        r#"(data (i32.const 100) "{path}")
           (data (i32.const 0) "\00\04\00\00\00\04\00\00")   ;; iovec: 1024 bytes at 1024
           (func (export "_start") (local $errno i32)
             (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const {len})
               (i32.const {oflags}) (i64.const {rights}) (i64.const 0) (i32.const 0) (i32.const 200)))
             (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
             (drop (call $fd_read (i32.load (i32.const 200)) (i32.const 0) (i32.const 1) (i32.const 8)))
             (i32.store (i32.const 4) (i32.load (i32.const 8)))
             (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#,
        len = path.len()
    ))
}

const O_CREAT: i32 = 1;
const O_TRUNC: i32 = 8;
const RIGHT_FD_READ: i64 = 1 << 1;
const RIGHT_FD_WRITE: i64 = 1 << 6;

fn granted() -> (tempfile::TempDir, RunSpec) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("input.txt"), "granted data\n").unwrap();
    let spec = RunSpec {
        preopens: vec![Preopen::read_only(dir.path(), "/data")],
        ..RunSpec::default()
    };
    (dir, spec)
}

#[test]
fn a_granted_file_can_be_read() {
    let sandbox = sandbox();
    let (_dir, spec) = granted();
    let outcome = run_wat(&sandbox, &open_guest("input.txt", 0, RIGHT_FD_READ), &spec);
    assert_eq!(outcome.termination, Termination::Exited { code: 0 });
    assert_eq!(outcome.stdout, b"granted data\n");
}

#[test]
fn a_granted_directory_refuses_writes_creation_and_truncation() {
    let sandbox = sandbox();
    let (dir, spec) = granted();
    for (path, oflags, rights) in [
        ("input.txt", 0, RIGHT_FD_WRITE),
        ("input.txt", O_TRUNC, RIGHT_FD_READ | RIGHT_FD_WRITE),
        ("new.txt", O_CREAT, RIGHT_FD_WRITE),
    ] {
        let outcome = run_wat(&sandbox, &open_guest(path, oflags, rights), &spec);
        assert_eq!(
            outcome.termination,
            Termination::Exited { code: EPERM },
            "{path} with oflags {oflags} and rights {rights}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("input.txt")).unwrap(),
        "granted data\n"
    );
    assert!(!dir.path().join("new.txt").exists());
}

#[test]
fn paths_cannot_escape_a_granted_directory() {
    let sandbox = sandbox();
    let (_dir, spec) = granted();
    for path in ["../../../../etc/passwd", "/etc/passwd"] {
        let outcome = run_wat(&sandbox, &open_guest(path, 0, RIGHT_FD_READ), &spec);
        assert_eq!(
            outcome.termination,
            Termination::Exited { code: EPERM },
            "{path}"
        );
        assert!(outcome.stdout.is_empty());
    }
}

#[test]
fn a_read_write_grant_lets_the_guest_create_files_inside_it_only() {
    let sandbox = sandbox();
    let dir = tempfile::tempdir().unwrap();
    let spec = RunSpec {
        preopens: vec![Preopen::read_write(dir.path(), "/feedback")],
        ..RunSpec::default()
    };
    let created = run_wat(
        &sandbox,
        &open_guest("score.txt", O_CREAT, RIGHT_FD_READ | RIGHT_FD_WRITE),
        &spec,
    );
    assert_eq!(created.termination, Termination::Exited { code: 0 });
    assert!(dir.path().join("score.txt").exists());

    let escaped = run_wat(
        &sandbox,
        &open_guest("../escaped.txt", O_CREAT, RIGHT_FD_WRITE),
        &spec,
    );
    assert_eq!(escaped.termination, Termination::Exited { code: EPERM });
    assert!(!dir.path().parent().unwrap().join("escaped.txt").exists());
}

/// Opens `flood.txt` (created) in the grant, then writes the first 64 KiB
/// of memory to it forever; exits with the errno if an open or write fails.
fn flood_guest() -> String {
    flooder("")
}

/// The same flood into a file deleted right after it was opened.
fn unlinked_flood_guest() -> String {
    flooder(
        r#"(local.set $errno (call $path_unlink_file (i32.const 3) (i32.const 100) (i32.const 9)))
           (if (local.get $errno) (then (call $proc_exit (local.get $errno))))"#,
    )
}

fn flooder(after_open: &str) -> String {
    guest(&format!(
        r#"(import "wasi_snapshot_preview1" "path_unlink_file"
             (func $path_unlink_file (param i32 i32 i32) (result i32)))
           (data (i32.const 100) "flood.txt")
           (func (export "_start") (local $errno i32)
             (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9)
               (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 200)))
             (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
             {after_open}
             (i32.store (i32.const 0) (i32.const 0))         ;; iovec: 64 KiB at 0
             (i32.store (i32.const 4) (i32.const 65536))
             (loop $again
               (local.set $errno (call $fd_write (i32.load (i32.const 200)) (i32.const 0) (i32.const 1) (i32.const 8)))
               (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
               (br $again)))"#
    ))
}

/// A write quota of 1 MiB and 16 entries.
const QUOTA: WriteQuota = WriteQuota {
    bytes: 1 << 20,
    entries: 16,
};

/// Runs `guest` with a fresh read-write grant under [`QUOTA`]; asserts it
/// ended on the quota, and gives back the grant.
fn run_over_quota(guest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec = RunSpec {
        preopens: vec![Preopen::read_write(dir.path(), "/feedback").with_write_quota(QUOTA)],
        limits: RunLimits {
            wall: Duration::from_secs(30),
            ..RunLimits::default()
        },
        ..RunSpec::default()
    };
    let outcome = run_wat(&sandbox(), guest, &spec);
    assert_eq!(
        outcome.termination,
        Termination::OutputLimit {
            stream: OutputStream::Files
        }
    );
    dir
}

#[test]
fn a_read_write_grant_ends_the_run_when_it_holds_more_than_its_quota() {
    let dir = run_over_quota(&flood_guest());
    let written = std::fs::metadata(dir.path().join("flood.txt"))
        .unwrap()
        .len();
    // Stopped within a few polls of the quota, nowhere near the fuel's reach.
    assert!(written > QUOTA.bytes && written < 1 << 30, "{written}");
}

#[test]
fn a_file_deleted_while_open_still_counts_against_the_quota() {
    let dir = run_over_quota(&unlinked_flood_guest());
    assert!(!dir.path().join("flood.txt").exists());
}

#[test]
fn a_guest_holding_too_many_open_files_traps_instead_of_taking_host_descriptors() {
    let sandbox = sandbox();
    let (_dir, spec) = granted();
    let opener = guest(
        r#"(data (i32.const 100) "input.txt")
           (func (export "_start") (local $errno i32) (local $n i32)
             (loop $again
               (local.set $errno (call $path_open (i32.const 3) (i32.const 0) (i32.const 100) (i32.const 9)
                 (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 200)))
               (if (local.get $errno) (then (call $proc_exit (local.get $errno))))
               (local.set $n (i32.add (local.get $n) (i32.const 1)))
               (br_if $again (i32.lt_u (local.get $n) (i32.const 100000)))))"#,
    );
    let outcome = run_wat(&sandbox, &opener, &spec);
    assert_eq!(
        outcome.termination,
        Termination::Trap {
            trap: TrapKind::TooManyOpenFiles
        }
    );
}
