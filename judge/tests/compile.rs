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

/// What one process compiled, another finds through the shared store (a
/// fleet's workers): its own cache is empty, and no compiler runs.
#[test]
fn a_module_compiled_by_one_process_is_found_by_another_through_the_shared_store() {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    use judge::internals::{Catalog, Compiled, Compiler, Limits, SharedWasm};

    #[derive(Debug, Default)]
    struct Shared(Mutex<HashMap<String, Vec<u8>>>);
    impl SharedWasm for Shared {
        fn get(&self, key: &str) -> Option<Vec<u8>> {
            self.0.lock().unwrap().get(key).cloned()
        }
        fn put(&self, key: &str, wasm: &[u8]) {
            self.0.lock().unwrap().insert(key.to_owned(), wasm.to_vec());
        }
    }

    let shared = Arc::new(Shared::default());
    let compiler = |cache: &std::path::Path| Compiler {
        helper: Some(env!("CARGO_BIN_EXE_judge").into()),
        cache_dir: Some(cache.join("wasm")),
        interpreters: Default::default(),
        hidden: vec![cache.to_owned()],
        limits: Limits::default(),
        shared: Some(shared.clone()),
    };
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env()).unwrap();
    let c = catalog.get("c").unwrap();
    let source = b"int main(void) { return 0; }\n";
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let Compiled::Module { wasm, cached, .. } = compiler(first.path()).compile(c, source).unwrap()
    else {
        panic!("a compile error");
    };
    assert!(!cached, "the first process compiles");
    assert_eq!(shared.0.lock().unwrap().len(), 1, "and shares the module");
    let Compiled::Module {
        wasm: found,
        cached,
        ..
    } = compiler(second.path()).compile(c, source).unwrap()
    else {
        panic!("a compile error");
    };
    assert!(cached, "the second process compiles nothing");
    assert_eq!(found, wasm);
}
