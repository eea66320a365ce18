//! The compile step is untrusted code: hostile sources end as compile errors
//! that leak nothing of the host and stop within the limits.

mod support;

use std::time::{Duration, Instant};

fn compile_error(source: &str, compile_ms: u64) -> (String, Duration) {
    let cache = tempfile::tempdir().unwrap();
    let path = support::repo().join("tests/compile").join(source);
    let started = Instant::now();
    let ms = compile_ms.to_string();
    let outcome = support::run_json(
        cache.path(),
        &["--compile-ms", &ms, path.to_str().unwrap()],
        b"",
    );
    let elapsed = started.elapsed();
    assert_eq!(
        outcome["termination"], "compile_error",
        "{source}: {outcome}"
    );
    (outcome["compile_log"].as_str().unwrap().to_owned(), elapsed)
}

#[test]
fn including_host_files_fails_without_showing_them() {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let first_line = passwd.lines().next().unwrap();
    let (log, _) = compile_error("include_etc_passwd.c", 30_000);
    assert!(log.contains("'/etc/passwd' file not found"), "{log}");
    assert!(!log.contains(first_line), "{log}");

    let environ = std::fs::read("/proc/self/environ").unwrap();
    let (log, _) = compile_error("include_proc_environ.c", 30_000);
    assert!(log.contains("'/proc/self/environ' file not found"), "{log}");
    assert!(
        !log.contains("PATH="),
        "the compiler saw an environment: {log}"
    );
    assert!(!environ.is_empty());
}

#[test]
fn a_template_bomb_hits_the_compile_time_limit_within_it() {
    let (log, elapsed) = compile_error("template_bomb.cpp", 2_000);
    assert!(
        log.starts_with("compile time limit exceeded (2 s)"),
        "{log}"
    );
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
}

#[test]
fn an_include_loop_hits_the_compile_time_limit_within_it() {
    let (log, elapsed) = compile_error("include_loop.c", 2_000);
    assert!(
        log.starts_with("compile time limit exceeded (2 s)"),
        "{log}"
    );
    assert!(elapsed < Duration::from_secs(15), "took {elapsed:?}");
}

#[test]
fn gigabytes_of_compiler_output_are_capped() {
    let (log, _) = compile_error("warning_flood.c", 30_000);
    assert!(
        log.starts_with("compiler output exceeded 64 KiB"),
        "{}",
        &log[..200]
    );
    assert!(log.len() < 66 << 10, "log is {} bytes", log.len());
}

#[test]
fn cpp_exceptions_are_refused_in_plain_words() {
    let (log, _) = compile_error("throw.cpp", 30_000);
    assert!(
        log.starts_with("C++ exceptions (throw/try/catch) are not available"),
        "{log}"
    );
}

#[test]
fn cpp_filesystem_operations_are_refused_in_plain_words() {
    let (log, _) = compile_error("filesystem.cpp", 30_000);
    assert!(
        log.starts_with("std::filesystem's operations (exists, directory_iterator"),
        "{log}"
    );
}

#[test]
fn posix_signals_are_refused_in_plain_words() {
    let (log, _) = compile_error("alarm.c", 30_000);
    assert!(
        log.starts_with("POSIX signals (signal.h: signal, raise, sigaction; alarm) do not exist"),
        "{log}"
    );
}

#[test]
fn rust_include_str_of_a_host_secret_fails_without_showing_it() {
    let shadow = std::fs::read_to_string("/etc/shadow").unwrap();
    let first_line = shadow.lines().next().unwrap();
    let (log, _) = compile_error("include_etc_shadow.rs", 60_000);
    assert!(
        log.contains("couldn't read") && log.contains("/etc/shadow"),
        "{log}"
    );
    assert!(!log.contains(first_line), "{log}");
}

#[test]
fn go_embed_of_a_host_file_fails_without_showing_it() {
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap();
    let first_line = passwd.lines().next().unwrap();
    let (log, _) = compile_error("embed_etc_passwd.go", 60_000);
    // go:embed refuses absolute and `..` patterns before touching the file system.
    assert!(
        log.contains("pattern /etc/passwd: invalid pattern syntax"),
        "{log}"
    );
    assert!(!log.contains(first_line), "{log}");
}
