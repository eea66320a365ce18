//! `judge run` end to end: the real binary, real files, real exit statuses.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn guest(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/guests")
        .join(name)
}

/// Runs `judge run ARGS` with a private module cache and empty stdin.
fn judge_run(cache: &Path, args: &[&str]) -> Output {
    judge_run_with_stdin(cache, args, b"")
}

fn judge_run_with_stdin(cache: &Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut all = vec!["run"];
    all.extend_from_slice(args);
    support::judge(cache, &all, stdin)
}

fn json_run(cache: &Path, args: &[&str]) -> Value {
    support::run_json(cache, args, b"")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn prints_the_programs_stdout_and_a_one_line_summary() {
    let cache = tempfile::tempdir().unwrap();
    let output = judge_run(cache.path(), &[guest("hello.wat").to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, b"hello, judge\n");
    let stderr = stderr(&output);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("judge: exited with code 0 · fuel "),
        "{stderr}"
    );
}

#[test]
fn json_has_every_field_and_the_same_fuel_every_time() {
    let cache = tempfile::tempdir().unwrap();
    let hello = guest("hello.wat");
    let first = json_run(cache.path(), &[hello.to_str().unwrap()]);
    assert_eq!(first["termination"], "exited");
    assert_eq!(first["exit_code"], 0);
    assert_eq!(first["stdout"], "hello, judge\n");
    assert_eq!(first["stderr"], "");
    assert_eq!(first["memory_bytes"], 65536);
    assert!(first["wall_ms"].as_f64().unwrap() > 0.0);
    let fuel = first["fuel"].as_u64().unwrap();
    assert!(fuel > 0);
    // The second run loads the module from the cache and must behave identically.
    let second = json_run(cache.path(), &[hello.to_str().unwrap()]);
    assert_eq!(second["fuel"].as_u64(), Some(fuel));
    assert_eq!(
        std::fs::read_dir(cache.path().join("modules"))
            .unwrap()
            .count(),
        1
    );
}

#[test]
fn stdin_comes_from_a_file_or_from_the_judges_own_stdin() {
    let cache = tempfile::tempdir().unwrap();
    let input = cache.path().join("input.txt");
    std::fs::write(&input, "3 4\n").unwrap();
    let echo = guest("echo.wat");
    let from_file = judge_run(
        cache.path(),
        &["--stdin", input.to_str().unwrap(), echo.to_str().unwrap()],
    );
    assert_eq!(from_file.stdout, b"3 4\n");

    let piped = judge_run_with_stdin(
        cache.path(),
        &["--stdin", "-", echo.to_str().unwrap()],
        b"piped\n",
    );
    assert_eq!(piped.stdout, b"piped\n");

    let none = judge_run_with_stdin(cache.path(), &[echo.to_str().unwrap()], b"ignored\n");
    assert_eq!(none.stdout, b"");
}

#[test]
fn whatever_the_guest_does_the_judge_exits_zero_and_says_how_it_ended() {
    let cache = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str], &str); 5] = [
        ("spin.wat", &["--fuel", "1000000"], "out_of_fuel"),
        (
            "spin.wat",
            &["--fuel", "1000000000000000", "--wall-ms", "100"],
            "wall_timeout",
        ),
        ("grow.wat", &["--memory", "4M"], "memory_limit"),
        ("abort.wat", &[], "trap"),
        ("exit3.wat", &[], "exited"),
    ];
    for (file, flags, termination) in cases {
        let path = guest(file);
        let mut args = flags.to_vec();
        args.push(path.to_str().unwrap());
        let outcome = json_run(cache.path(), &args);
        assert_eq!(outcome["termination"], termination, "{file} {flags:?}");
    }
    let fuel_out = json_run(
        cache.path(),
        &["--fuel", "1000000", guest("spin.wat").to_str().unwrap()],
    );
    assert_eq!(fuel_out["fuel"], 1_000_000);
    // A run ended by the wall clock reports the fuel it spent until then.
    let walled = json_run(
        cache.path(),
        &[
            "--fuel",
            "1000000000000000",
            "--wall-ms",
            "300",
            guest("spin.wat").to_str().unwrap(),
        ],
    );
    assert_eq!(walled["termination"], "wall_timeout");
    assert!(walled["fuel"].as_u64().unwrap() > 10_000_000, "{walled}");
    let abort = json_run(cache.path(), &[guest("abort.wat").to_str().unwrap()]);
    assert_eq!(abort["detail"], "unreachable");
    let exit3 = json_run(cache.path(), &[guest("exit3.wat").to_str().unwrap()]);
    assert_eq!(exit3["exit_code"], 3);
}

#[test]
fn judge_errors_exit_one_with_a_single_line() {
    let cache = tempfile::tempdir().unwrap();
    let not_binary = cache.path().join("text.wasm");
    std::fs::write(&not_binary, "(module)").unwrap();
    let no_start = cache.path().join("empty.wat");
    std::fs::write(&no_start, "(module)").unwrap();
    let bad_text = cache.path().join("bad.wat");
    std::fs::write(&bad_text, "(module (func $f (call $nowhere)))").unwrap();
    let unknown = cache.path().join("main.cobol");
    std::fs::write(&unknown, "DISPLAY 'HI'.").unwrap();

    for (args, expected) in [
        (
            vec!["/nonexistent/x.wasm"],
            "cannot read /nonexistent/x.wasm",
        ),
        (
            vec![not_binary.to_str().unwrap()],
            "is not a WebAssembly binary",
        ),
        (vec![no_start.to_str().unwrap()], "no `_start` function"),
        (
            vec![bad_text.to_str().unwrap()],
            "invalid WebAssembly module",
        ),
        (vec![unknown.to_str().unwrap()], "cannot tell the language"),
        (
            vec!["--lang", "cobol", unknown.to_str().unwrap()],
            "unknown language 'cobol'",
        ),
        (
            vec!["--lang", "java", unknown.to_str().unwrap()],
            "Java is not supported",
        ),
    ] {
        let output = judge_run(cache.path(), &args);
        let stderr = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("judge: error: ") && stderr.contains(expected),
            "{args:?}: {stderr}"
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn usage_errors_exit_two() {
    let cache = tempfile::tempdir().unwrap();
    let hello = guest("hello.wat");
    for args in [
        vec!["--memory", "12parsecs", hello.to_str().unwrap()],
        vec!["--fuel", "-1", hello.to_str().unwrap()],
        vec!["--bogus", hello.to_str().unwrap()],
        vec![],
    ] {
        let output = judge_run(cache.path(), &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// `--profile`: each function's own fuel, under its name (C is built with
/// its names for it), the same on every run; each line's, for Python; other
/// interpreted languages have no profile of their own, and say so.
#[test]
fn a_profile_names_where_the_fuel_goes() {
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("busy.c");
    std::fs::write(
        &source,
        "#include <stdio.h>\n\
         __attribute__((noinline)) static unsigned long spin(unsigned long n) { unsigned long s = 0; for (unsigned long i = 0; i < n; i++) s = s * 31 + i; return s; }\n\
         __attribute__((noinline)) static unsigned long twice(unsigned long n) { return spin(n) + spin(n / 2); }\n\
         int main(void) { printf(\"%lu\\n\", twice(3000000)); return 0; }\n",
    )
    .unwrap();
    let profile = |cache: &Path| {
        let outcome = json_run(cache, &["--profile", source.to_str().unwrap()]);
        assert_eq!(outcome["termination"], "exited", "{outcome}");
        outcome["profile"].clone()
    };
    let first = profile(cache.path());
    let functions = first.as_array().unwrap();
    assert_eq!(functions[0]["name"], "spin", "{first}");
    assert_eq!(functions[0]["calls"], 2, "{first}");
    assert!(
        functions
            .iter()
            .any(|f| f["name"] == "twice" && f["calls"] == 1),
        "{first}"
    );
    assert_eq!(profile(cache.path()), first, "the same on every run");

    // Python: each source line's own fuel and runs, named by its text.
    let python = dir.path().join("busy.py");
    std::fs::write(
        &python,
        "def heavy(n):\n\
         \x20   s = 0\n\
         \x20   for i in range(n):\n\
         \x20       s += (i * i) % 7 + (i ^ 3) // 2 + len(str(i))\n\
         \x20   return s\n\
         \n\
         print(heavy(5000))\n",
    )
    .unwrap();
    let profile = |cache: &Path| {
        let outcome = json_run(cache, &["--profile", python.to_str().unwrap()]);
        assert_eq!(outcome["termination"], "exited", "{outcome}");
        assert_eq!(outcome["profile_unit"], "line", "{outcome}");
        let expected: u64 = (0..5000u64)
            .map(|i| (i * i) % 7 + (i ^ 3) / 2 + i.to_string().len() as u64)
            .sum();
        assert_eq!(outcome["stdout"], format!("{expected}\n"), "{outcome}");
        outcome["profile"].clone()
    };
    let first = profile(cache.path());
    let lines = first.as_array().unwrap();
    assert_eq!(
        lines[0]["name"], "line 4 in heavy: s += (i * i) % 7 + (i ^ 3) // 2 + len(str(i))",
        "{first}"
    );
    assert_eq!(lines[0]["calls"], 5000, "{first}");
    let runs = |name: &str| {
        lines
            .iter()
            .find(|l| l["name"].as_str().unwrap().starts_with(name))
            .map(|l| l["calls"].as_u64().unwrap())
    };
    assert_eq!(
        runs("line 3 in heavy: for i in range(n):"),
        Some(5001),
        "{first}"
    );
    assert_eq!(runs("line 7: print(heavy(5000))"), Some(1), "{first}");
    let heavy = lines[0]["fuel"].as_u64().unwrap();
    let all: u64 = lines.iter().map(|l| l["fuel"].as_u64().unwrap()).sum();
    assert!(heavy * 2 > all, "the work is on line 4: {first}");
    assert_eq!(profile(cache.path()), first, "the same on every run");

    // The tracer's own imports leave the program's alone: a program with
    // its own json.py imports that one, as it does without the tracer.
    let shadowing = dir.path().join("shadowing");
    std::fs::create_dir(&shadowing).unwrap();
    std::fs::write(shadowing.join("json.py"), "mine = True\n").unwrap();
    std::fs::write(shadowing.join("main.py"), "import json\nprint(json.mine)\n").unwrap();
    let outcome = json_run(cache.path(), &["--profile", shadowing.to_str().unwrap()]);
    assert_eq!(outcome["stdout"], "True\n", "{outcome}");
    assert!(
        outcome["profile"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["name"] == "json.py line 1: mine = True"),
        "{outcome}"
    );

    // Other interpreted languages have none, and say so.
    let script = dir.path().join("hello.js");
    std::fs::write(&script, "console.log(1)\n").unwrap();
    let output = judge_run(cache.path(), &["--profile", script.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = stderr(&output);
    assert!(
        stderr.contains("per line for Python") && stderr.lines().count() == 1,
        "{stderr}"
    );
}
