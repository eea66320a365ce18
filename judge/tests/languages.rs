//! Every language in `tests/languages/<id>/` compiles (or loads its
//! interpreter) and sums numbers read from stdin, through `judge run`; and
//! runs a program of several files (`tests/multi-file/`).

mod support;

use std::path::PathBuf;

const INPUT: &[u8] = b"3 4\n-10\n1000000000000 5\n";
const SUM: &str = "1000000000002\n";

fn sources() -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(support::repo().join("tests/languages")).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_stem().is_some_and(|s| s == "sum"))
            .unwrap_or_else(|| panic!("tests/languages/{id} has no sum.* program"));
        found.push((id, source));
    }
    found.sort();
    found
}

#[test]
fn every_language_sums_its_input() {
    let sources = sources();
    assert!(
        sources.len() >= 2,
        "expected a program per language, found {sources:?}"
    );
    let cache = support::shared_cache();
    for (id, source) in sources {
        let path = source.to_str().unwrap();
        let outcome = support::run_json(&cache, &["--lang", &id, "--stdin", "-", path], INPUT);
        assert_eq!(outcome["termination"], "exited", "{id}: {outcome}");
        assert_eq!(outcome["exit_code"], 0, "{id}: {outcome}");
        assert_eq!(outcome["stdout"], SUM, "{id}: {outcome}");

        // A resubmission compiles nothing and behaves identically.
        let again = support::run_json(&cache, &["--lang", &id, "--stdin", "-", path], INPUT);
        assert_eq!(again["fuel"], outcome["fuel"], "{id}");
    }
}

/// Every program of several files prints what its main file computes with
/// a function from another (tests/multi-file/).
#[test]
fn every_language_runs_a_program_of_several_files() {
    let cache = support::shared_cache();
    let root = support::repo().join("tests/multi-file");
    let mut ran = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = support::run_json(&cache, &[dir.to_str().unwrap()], b"");
        assert_eq!(outcome["termination"], "exited", "{name}: {outcome}");
        assert_eq!(outcome["stdout"], "5\n", "{name}: {outcome}");
        ran.push(name);
    }
    ran.sort();
    assert_eq!(
        ran,
        [
            "c",
            "cpp",
            "go",
            "javascript-commonjs",
            "javascript-mjs",
            "javascript-modules",
            "lua",
            "python",
            "ruby",
            "rust",
            "typescript",
            "zig"
        ]
    );
}

#[test]
fn languages_lists_every_image_and_the_unsupported_ones_with_a_reason() {
    let cache = tempfile::tempdir().unwrap();
    let output = support::judge(cache.path(), &["languages", "--json"], b"");
    assert!(output.status.success());
    let list: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    for (id, _) in sources() {
        let entry = list
            .iter()
            .find(|e| e["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id} not listed"));
        assert_eq!(entry["installed"], true, "{entry}");
        assert!(
            entry["version"].as_str().is_some_and(|v| !v.is_empty()),
            "{entry}"
        );
    }
    for id in ["java", "kotlin", "csharp"] {
        let entry = list.iter().find(|e| e["id"] == id).unwrap();
        assert_eq!(entry["installed"], false);
        assert!(
            entry["problem"]
                .as_str()
                .unwrap()
                .starts_with("unsupported: no WASI"),
            "{entry}"
        );
    }
}

#[test]
fn a_missing_image_is_named_with_how_to_install_it() {
    let cache = tempfile::tempdir().unwrap();
    let source = support::repo().join("tests/languages/c/sum.c");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_judge"))
        .args(["run", source.to_str().unwrap()])
        .env("JUDGE_CACHE_DIR", cache.path())
        .env("JUDGE_IMAGES", cache.path().join("no-images-here"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("runner-images/install.sh c"), "{stderr}");
}

/// TypeScript runs without blocking on its types, as interview platforms
/// run it; `--strict` checks them (tsc), and a type error is then a compile
/// error. Languages without strict checks say so.
#[test]
fn typescript_checks_types_only_when_asked() {
    let cache = support::shared_cache();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("typed.ts");
    std::fs::write(&source, "const n: number = \"seven\";\nconsole.log(n);\n").unwrap();
    let path = source.to_str().unwrap();
    let lax = support::run_json(&cache, &[path], b"");
    assert_eq!(lax["stdout"], "seven\n", "{lax}");
    let strict = support::run_json(&cache, &["--strict", path], b"");
    assert_eq!(strict["termination"], "compile_error", "{strict}");
    let log = strict["compile_log"].as_str().unwrap();
    assert!(log.contains("error TS2322"), "{log}");

    let sum = support::repo().join("tests/languages/typescript/sum.ts");
    let checked = support::run_json(
        &cache,
        &["--strict", "--stdin", "-", sum.to_str().unwrap()],
        INPUT,
    );
    assert_eq!(checked["stdout"], SUM, "{checked}");

    let python = support::repo().join("tests/languages/python/sum.py");
    let output = support::judge(&cache, &["run", "--strict", python.to_str().unwrap()], b"");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Python has no strict checks") && stderr.lines().count() == 1,
        "{stderr}"
    );
}
