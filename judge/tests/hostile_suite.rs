//! The hostile-submission suite: every folder of `tests/hostile/` holds one
//! program (`main.<ext>`) and a `case.toml` saying how `judge run` must end
//! it, what must never appear in anything the judge prints, and which host
//! paths must stay untouched. Adding a case is adding a folder.
//!
//! Host invariants checked for the whole suite: every case ends as its file
//! says (none hangs or crashes the judge), the judge process's peak memory
//! stays bounded, and no case changes a file outside its sandbox.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// One case's expectations.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Why the case exists.
    about: String,
    /// The termination name (`out_of_fuel`, `trap`, ...), `compile_error`,
    /// or `refused` (the judge declines to run it: exit 1, one line).
    expect: String,
    /// The termination's detail (the trap, or the overflowing stream).
    detail: Option<String>,
    exit_code: Option<i32>,
    /// The program's whole stdout.
    stdout: Option<String>,
    /// Text that must appear nowhere in what the judge printed.
    #[serde(default)]
    hidden: Vec<String>,
    /// Host paths that must not exist afterwards.
    #[serde(default)]
    untouched: Vec<PathBuf>,
    /// Extra `judge run` arguments (limits).
    #[serde(default)]
    args: Vec<String>,
}

fn cases() -> Vec<(String, PathBuf, Case)> {
    let root = support::repo().join("tests/hostile");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("case.toml").is_file())
        .map(|dir| {
            let case: Case =
                toml::from_str(&std::fs::read_to_string(dir.join("case.toml")).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            (name, program(&dir), case)
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

/// The case's one `main.*` file.
fn program(dir: &Path) -> PathBuf {
    let mut programs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_stem().is_some_and(|stem| stem == "main"))
        .collect();
    assert_eq!(programs.len(), 1, "{}: one main.<ext> file", dir.display());
    programs.remove(0)
}

/// What went wrong with one case, if anything.
fn check(name: &str, program: &Path, case: &Case, cache: &Path) -> Result<(), String> {
    for path in &case.untouched {
        let _ = std::fs::remove_file(path);
    }
    let mut args = vec!["run".to_owned(), "--json".to_owned()];
    args.extend(case.args.iter().cloned());
    args.push(program.display().to_string());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = support::judge(cache, &args, b"");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let fail = |why: String| {
        Err(format!(
            "{name} ({}): {why}; judge printed: {printed}",
            case.about
        ))
    };
    for secret in &case.hidden {
        if printed.contains(secret.as_str()) {
            return fail(format!("{secret:?} leaked"));
        }
    }
    for path in &case.untouched {
        if path.exists() {
            return fail(format!("{} was written", path.display()));
        }
    }
    if case.expect == "refused" {
        let line = String::from_utf8_lossy(&output.stderr);
        return match output.status.code() {
            Some(1) if line.trim().lines().count() == 1 && line.starts_with("judge: ") => Ok(()),
            other => fail(format!(
                "expected a one-line refusal and exit 1, got {other:?}"
            )),
        };
    }
    if !output.status.success() {
        return fail(format!("judge exited {:?}", output.status.code()));
    }
    let outcome: Value = match serde_json::from_slice(&output.stdout) {
        Ok(outcome) => outcome,
        Err(e) => return fail(format!("not one JSON object: {e}")),
    };
    if outcome["termination"] != case.expect.as_str() {
        return fail(format!(
            "ended as {}, not {}",
            outcome["termination"], case.expect
        ));
    }
    if let Some(detail) = &case.detail
        && outcome["detail"] != detail.as_str()
    {
        return fail(format!("detail {}, not {detail}", outcome["detail"]));
    }
    if let Some(code) = case.exit_code
        && outcome["exit_code"] != code
    {
        return fail(format!("exit code {}, not {code}", outcome["exit_code"]));
    }
    if let Some(stdout) = &case.stdout
        && outcome["stdout"] != stdout.as_str()
    {
        return fail(format!("stdout {}, not {stdout:?}", outcome["stdout"]));
    }
    Ok(())
}

#[test]
fn every_hostile_case_ends_as_its_file_says_and_the_host_is_unharmed() {
    let cache = support::shared_cache();
    let cases = cases();
    assert!(cases.len() >= 20, "the suite lost cases: {}", cases.len());
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(name, program, case)| check(name, program, case, &cache).err())
        .collect();
    // The largest resident set of any judge run (and compiler) it waited for.
    let peak_kib = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .unwrap()
        .max_rss();
    let _ = writeln!(
        std::io::stderr(),
        "hostile suite: {} cases, {} failed, peak child memory {} MiB",
        cases.len(),
        failures.len(),
        peak_kib / 1024
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        peak_kib < 3 << 20,
        "a case took {} MiB of host memory",
        peak_kib / 1024
    );
}
