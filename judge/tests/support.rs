//! Running the real `judge` binary from tests.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository's root.
pub(crate) fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_owned()
}

/// A compile cache shared by the tests that are not about caching, so that
/// the big interpreters (Python, Ruby) are compiled once per build directory.
pub(crate) fn shared_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("judge-cache")
}

/// The PostgreSQL server that `variable` names, else the one
/// `tests/services.sh` starts on this machine.
pub(crate) fn postgres_server(variable: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

/// A key with `role` made by `judge keys create` for the service whose
/// data dir is `data`, on the PostgreSQL `database` when it has one.
pub(crate) fn create_key(data: &Path, database: Option<&str>, role: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_judge"))
        .args(["keys", "create", "--role", role, "--name", "test", "--data"])
        .arg(data)
        .args(
            database
                .map(|url| ["--database", url])
                .into_iter()
                .flatten(),
        )
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// Runs `judge ARGS` with the cache dir `cache` and `stdin`.
pub(crate) fn judge(cache: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_judge"))
        .args(args)
        .env("JUDGE_CACHE_DIR", cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn judge");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    child.wait_with_output().expect("judge")
}

/// `judge run --json ARGS`, parsed; the judge itself must succeed.
pub(crate) fn run_json(cache: &Path, args: &[&str], stdin: &[u8]) -> serde_json::Value {
    let mut all = vec!["run", "--json"];
    all.extend_from_slice(args);
    let output = judge(cache, &all, stdin);
    assert!(
        output.status.success(),
        "judge {all:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object")
}
