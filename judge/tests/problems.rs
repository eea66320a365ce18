//! Problem packages end to end: `judge verify` on the bundled bank and on
//! small packages written here for one feature each, and `judge test --json`.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Writes `files` (path, contents) under a fresh package directory.
fn package(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("pkg");
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (root, dir)
}

fn verify_json(dirs: &[&Path]) -> (bool, Value) {
    let mut args = vec!["verify", "--json"];
    let dirs: Vec<String> = dirs
        .iter()
        .map(|d| d.to_str().unwrap().to_owned())
        .collect();
    args.extend(dirs.iter().map(String::as_str));
    let output = support::judge(&support::shared_cache(), &args, b"");
    let value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.success(), value)
}

fn results(summary: &Value) -> Vec<(String, String, bool)> {
    summary["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_owned(),
                s["actual"].as_str().unwrap_or("skipped").to_owned(),
                s["matches"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// `judge test --json --problem DIR SOURCE`, which must succeed.
fn test_json(dir: &Path, source: &Path) -> Value {
    let (dir, source) = (dir.to_str().unwrap(), source.to_str().unwrap());
    let args = ["test", "--json", "--problem", dir, source];
    let output = support::judge(&support::shared_cache(), &args, b"");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

const SUM_PY: &str = "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n";

/// Copies the directory tree at `from` to `to`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The whole bank verifies, with growth rates and each language's measured
/// multiplier: on a copy, since `--insights` records each reference. Each problem's series tells its
/// time_limit_exceeded solution from the accepted one in the same language
/// (their fitted exponents differ by at least 0.5), and the reference recorded is the one
/// checked in: fuel is the same on every run and every machine.
#[test]
fn every_bundled_problem_verifies_and_its_series_separates_accepted_from_too_slow() {
    let bank = support::repo().join("problems");
    let copy = tempfile::tempdir().unwrap();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&bank).unwrap() {
        let path = entry.unwrap().path();
        if path.join("problem.yaml").is_file() {
            let target = copy.path().join(path.file_name().unwrap());
            copy_tree(&path, &target);
            dirs.push(target);
        }
    }
    dirs.sort();
    assert!(!dirs.is_empty());
    // --multipliers: each runner image's time multiplier and start-up
    // still cover what the bank measures.
    let mut args = vec!["verify", "--json", "--insights", "--multipliers"];
    args.extend(dirs.iter().map(|d| d.to_str().unwrap()));
    let output = support::judge(&support::shared_cache(), &args, b"");
    let summary: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    let failures: Vec<&Value> = summary["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["matches"] != true)
        .collect();
    assert!(
        output.status.success(),
        "problems: {}\nfailures: {failures:#?}",
        summary["problems"]
    );
    assert!(failures.is_empty());

    let mut table = Vec::new();
    for dir in &dirs {
        let slug = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.join("data/scaling").is_dir() {
            continue;
        }
        let exponent = |category: &str, extension: &str| -> (f64, u64) {
            let entry = summary["submissions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| {
                    s["problem"].as_str() == dir.to_str()
                        && s["path"]
                            .as_str()
                            .unwrap()
                            .starts_with(&format!("submissions/{category}/"))
                        && (s["path"].as_str().unwrap().ends_with(extension)
                            // A directory submission named for its language.
                            || s["path"].as_str().unwrap().ends_with(match extension {
                                ".py" => "/python",
                                ".js" => "/javascript",
                                _ => "/cpp",
                            }))
                })
                .unwrap_or_else(|| panic!("{slug}: no {category} {extension} submission"));
            let growth = &entry["growth"];
            assert!(growth["stopped"].is_null(), "{slug}: {growth}");
            (
                growth["fit"]["exponent"]
                    .as_f64()
                    .unwrap_or_else(|| panic!("{slug}: {growth}")),
                growth["series_fuel"].as_u64().unwrap(),
            )
        };
        // The too slow one, and the accepted one in its language.
        let slow_path = std::fs::read_dir(dir.join("submissions/time_limit_exceeded"))
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let extension = format!(".{}", slow_path.extension().unwrap().to_str().unwrap());
        let (accepted, accepted_fuel) = exponent("accepted", &extension);
        let (slow, slow_fuel) = exponent("time_limit_exceeded", &extension);
        table.push(format!(
            "{slug}: accepted {accepted:.2} ({accepted_fuel} fuel), time_limit_exceeded {slow:.2} ({slow_fuel} fuel)"
        ));
        assert!(
            slow - accepted >= 0.5,
            "{slug}: accepted {accepted}, too slow {slow}"
        );
        let recorded = std::fs::read_to_string(dir.join("judge-growth.toml")).unwrap();
        let committed = std::fs::read_to_string(bank.join(&slug).join("judge-growth.toml"))
            .unwrap_or_else(|_| panic!("{slug}: judge-growth.toml is not checked in"));
        assert_eq!(recorded, committed, "{slug}: the reference's fuel changed");
    }
    assert!(table.len() >= 12, "{table:#?}");
    // The figures, for whoever reads the test's output.
    let _ = writeln!(std::io::stdout(), "{}", table.join("\n"));
}

#[test]
fn a_legacy_package_derives_and_records_its_time_limit_and_catches_a_broken_promise() {
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "name: Sum\nvalidator_flags: float_tolerance 1e-3\n",
        ),
        ("data/sample/1.in", "1 2\n"),
        ("data/sample/1.ans", "3\n"),
        ("data/secret/1.in", "10 20 30\n"),
        ("data/secret/1.ans", "60.0001\n"),
        ("submissions/accepted/sum.py", SUM_PY),
        // Promised wrong, but right: verify must say so and fail.
        ("submissions/wrong_answer/also_right.py", SUM_PY),
        ("submissions/wrong_answer/off.py", "print(-1)\n"),
        (
            "submissions/run_time_error/crash.py",
            "raise SystemExit(3)\n",
        ),
        ("submissions/accepted/Main.java", "class Main {}\n"),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(!ok, "a broken promise fails verify");
    let results = results(&summary);
    let find = |path: &str| results.iter().find(|r| r.0 == path).unwrap().clone();
    assert_eq!(find("submissions/accepted/sum.py").1, "AC");
    assert!(find("submissions/accepted/sum.py").2);
    assert!(!find("submissions/wrong_answer/also_right.py").2);
    assert_eq!(find("submissions/wrong_answer/off.py").1, "WA");
    assert_eq!(find("submissions/run_time_error/crash.py").1, "RTE");
    assert_eq!(find("submissions/accepted/Main.java").1, "skipped");
    let java = summary["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["path"] == "submissions/accepted/Main.java")
        .unwrap();
    assert!(
        java["skipped_reason"]
            .as_str()
            .unwrap()
            .contains("not supported")
    );

    // The derived limit is recorded in the package and used from then on.
    let record = std::fs::read_to_string(dir.join("judge-time-limit.toml")).unwrap();
    assert!(record.contains("time_limit = 1"), "{record}");
    let (_, again) = verify_json(&[&dir]);
    assert_eq!(again["problems"][0]["time_limit"], 1.0);
}

#[test]
fn a_scoring_package_with_a_custom_validator_sums_partial_scores() {
    // The validator gives half marks to an answer off by one.
    let validator = r#"
import sys
expected = int(open(sys.argv[2]).read())
got = sys.stdin.read().split()
feedback = sys.argv[3]
if got and got[0].lstrip("-").isdigit() and abs(int(got[0]) - expected) <= 1:
    if int(got[0]) != expected:
        open(feedback + "score_multiplier.txt", "w").write("0.5")
    open(feedback + "judgemessage.txt", "w").write("close enough")
    sys.exit(42)
open(feedback + "judgemessage.txt", "w").write("wrong")
sys.exit(43)
"#;
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Sum\ntype: scoring\nuuid: x\nlimits:\n  time_limit: 2\n",
        ),
        ("output_validator/check.py", validator),
        ("data/sample/1.in", "1 2\n"),
        ("data/sample/1.ans", "3\n"),
        (
            "data/secret/a/test_group.yaml",
            "scoring:\n  score: 40\n  aggregation: sum\n",
        ),
        ("data/secret/a/1.in", "1 1\n"),
        ("data/secret/a/1.ans", "2\n"),
        ("data/secret/a/2.in", "2 2\n"),
        ("data/secret/a/2.ans", "4\n"),
        (
            "data/secret/b/test_group.yaml",
            "scoring:\n  require_pass: secret/a\n",
        ),
        ("data/secret/b/1.in", "5 5\n"),
        ("data/secret/b/1.ans", "10\n"),
        ("submissions/accepted/sum.py", SUM_PY),
        (
            "submissions/partially_accepted/plus_one.py",
            "import sys\nprint(sum(map(int, sys.stdin.read().split())) + 1)\n",
        ),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");

    let full = test_json(&dir, &dir.join("submissions/accepted/sum.py"));
    assert_eq!(full["verdict"], "AC");
    assert_eq!(full["score"], 100.0);
    assert_eq!(full["max_score"], 100.0);
    let tests = full["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 4);
    for key in ["name", "verdict", "fuel", "time_ms", "memory_bytes"] {
        assert!(tests.iter().all(|t| !t[key].is_null()), "{key}");
    }
    // Off by one everywhere: half of group a's 40 points (sum of 20 + 20
    // halves); group b is pass-fail, so 60 × its validator multiplier does
    // not apply there: b is accepted whole.
    let partial = test_json(
        &dir,
        &dir.join("submissions/partially_accepted/plus_one.py"),
    );
    assert_eq!(partial["score"], 20.0 + 60.0, "{partial}");
}

#[test]
fn pass_fail_judging_stops_at_the_first_failure() {
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Echo\nuuid: x\nlimits:\n  time_limit: 1\n",
        ),
        ("data/secret/1.in", "a\n"),
        ("data/secret/1.ans", "a\n"),
        ("data/secret/2.in", "b\n"),
        ("data/secret/2.ans", "B\n"),
        ("data/secret/3.in", "c\n"),
        ("data/secret/3.ans", "x\n"),
        ("data/secret/4.in", "d\n"),
        ("data/secret/4.ans", "d\n"),
    ]);
    let source = dir.join("echo.py");
    std::fs::write(&source, "print(input())\n").unwrap();
    let report = test_json(&dir, &source);
    assert_eq!(report["verdict"], "WA");
    let verdicts: Vec<&str> = report["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["verdict"].as_str().unwrap())
        .collect();
    // Case-insensitive by default: "b" matches "B"; test 4 is never run.
    assert_eq!(verdicts, ["AC", "AC", "WA"]);
}

#[test]
fn an_input_the_input_validator_rejects_is_a_package_error() {
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Sum\nuuid: x\nlimits:\n  time_limit: 1\n",
        ),
        (
            "input_validators/two_numbers.py",
            "import sys\nsys.exit(42 if len(sys.stdin.read().split()) == 2 else 1)\n",
        ),
        ("data/sample/1.in", "1 2\n"),
        ("data/sample/1.ans", "3\n"),
        ("data/secret/1.in", "1 2 3\n"),
        ("data/secret/1.ans", "6\n"),
        ("submissions/accepted/sum.py", SUM_PY),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(!ok);
    let errors = summary["problems"][0]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let error = errors[0].as_str().unwrap();
    assert!(
        error
            .starts_with("secret/1.in: input validator input_validators/two_numbers.py rejects it"),
        "{error}"
    );
}

#[test]
fn interactive_problems_cross_wire_the_validator_and_the_submission() {
    // The interactor says n and expects 2n back.
    let interactor = r#"
import sys
n = int(open(sys.argv[1]).read())
print(n, flush=True)
line = sys.stdin.readline().split()
ok = line == ["!", str(2 * n)]
open(sys.argv[3] + "judgemessage.txt", "w").write("doubled" if ok else "got %r" % line)
sys.exit(42 if ok else 43)
"#;
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Double\ntype: interactive\nuuid: x\nlimits:\n  time_limit: 2\n",
        ),
        ("output_validator/interactor.py", interactor),
        ("data/sample/1.in", "4\n"),
        ("data/sample/1.ans", "\n"),
        ("data/secret/1.in", "21\n"),
        ("data/secret/1.ans", "\n"),
        (
            "submissions/accepted/double.py",
            "n = int(input())\nprint('!', 2 * n, flush=True)\n",
        ),
        (
            "submissions/wrong_answer/triple.py",
            "n = int(input())\nprint('!', 3 * n, flush=True)\n",
        ),
        // Waits for a second line the interactor never sends: the judge must
        // end it at the wall-clock backstop, as a time limit.
        (
            "submissions/time_limit_exceeded/waits.py",
            "n = int(input())\ninput()\n",
        ),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    let actual: Vec<(String, String)> = results(&summary)
        .into_iter()
        .map(|(path, actual, _)| (path, actual))
        .collect();
    assert_eq!(
        actual,
        [
            ("submissions/accepted/double.py".to_owned(), "AC".to_owned()),
            (
                "submissions/time_limit_exceeded/waits.py".to_owned(),
                "TLE".to_owned()
            ),
            (
                "submissions/wrong_answer/triple.py".to_owned(),
                "WA".to_owned()
            ),
        ]
    );
    let report = test_json(&dir, &dir.join("submissions/wrong_answer/triple.py"));
    assert_eq!(report["tests"][0]["message"], "got ['!', '12']");
}

#[test]
fn programs_can_be_directories_with_headers_or_python_modules() {
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Sum\nuuid: x\nlimits:\n  time_limit: 1\n",
        ),
        // A validator in C++ that includes a header beside it.
        (
            "output_validator/validate.h",
            "#include <cstdio>\ninline long long read_number(FILE *f) { long long x = 0; if (std::fscanf(f, \"%lld\", &x) != 1) return -1; return x; }\n",
        ),
        (
            "output_validator/validate.cpp",
            "#include \"validate.h\"\nint main(int, char **argv) { FILE *a = std::fopen(argv[2], \"r\"); return read_number(a) == read_number(stdin) ? 42 : 43; }\n",
        ),
        ("data/secret/1.in", "1 2\n"),
        ("data/secret/1.ans", "3\n"),
        // A submission that is a Python package: __main__.py imports its sibling.
        (
            "submissions/accepted/package/__main__.py",
            "import adder\nadder.main()\n",
        ),
        (
            "submissions/accepted/package/adder.py",
            "import sys\ndef main():\n    print(sum(map(int, sys.stdin.read().split())))\n",
        ),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    assert_eq!(
        results(&summary),
        [(
            "submissions/accepted/package".to_owned(),
            "AC".to_owned(),
            true
        )]
    );
}

#[test]
fn legacy_on_reject_continue_judges_every_case() {
    let (_root, dir) = package(&[
        ("problem.yaml", "name: Echo\n"),
        ("judge-time-limit.toml", "time_limit = 1\n"),
        ("data/secret/testdata.yaml", "on_reject: continue\n"),
        ("data/secret/1.in", "a\n"),
        ("data/secret/1.ans", "x\n"),
        ("data/secret/2.in", "b\n"),
        ("data/secret/2.ans", "b\n"),
    ]);
    let source = dir.join("echo.py");
    std::fs::write(&source, "print(input())\n").unwrap();
    let report = test_json(&dir, &source);
    assert_eq!(report["verdict"], "WA");
    assert_eq!(report["tests"].as_array().unwrap().len(), 2, "{report}");
}

#[test]
fn a_package_of_samples_only_is_judged_on_them_with_a_warning() {
    let (_root, dir) = package(&[
        ("problem.yaml", "name: Sum\n"),
        ("data/sample/1.in", "1 2\n"),
        ("data/sample/1.ans", "3\n"),
        ("submissions/accepted/sum.py", SUM_PY),
        ("submissions/wrong_answer/off.py", "print(-1)\n"),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    let notes = summary["problems"][0]["notes"].to_string();
    assert!(
        notes.contains("data/secret holds no test case"),
        "{summary}"
    );
    let results = results(&summary);
    assert!(results.iter().all(|r| r.2), "{results:?}");
    let judged = test_json(&dir, &dir.join("submissions/accepted/sum.py"));
    assert_eq!(judged["verdict"], "AC");
    assert_eq!(judged["tests"].as_array().unwrap().len(), 1);

    // With no test at all, the package is refused, saying why.
    let (_root, empty) = package(&[("problem.yaml", "name: Empty\n"), ("data/sample/.keep", "")]);
    let (ok, summary) = verify_json(&[&empty]);
    assert!(!ok);
    assert!(
        summary
            .to_string()
            .contains("data/sample and data/secret are both empty"),
        "{summary}"
    );
}

#[test]
fn judge_test_derives_and_records_a_missing_time_limit() {
    let (_root, dir) = package(&[
        ("problem.yaml", "name: Sum\n"),
        ("data/sample/1.in", "1 2\n"),
        ("data/sample/1.ans", "3\n"),
        ("data/secret/1.in", "10 20\n"),
        ("data/secret/1.ans", "30\n"),
        ("submissions/accepted/sum.py", SUM_PY),
    ]);
    let source = dir.join("submissions/accepted/sum.py");
    let (problem, solution) = (dir.to_str().unwrap(), source.to_str().unwrap());
    let output = support::judge(
        &support::shared_cache(),
        &["test", "--problem", problem, solution],
        b"",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("no time limit yet: derived"), "{stderr}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("verdict AC"));
    let record = std::fs::read_to_string(dir.join("judge-time-limit.toml")).unwrap();
    assert!(record.contains("time_limit = "), "{record}");
    // Recorded: the next run says nothing of it.
    let again = support::judge(
        &support::shared_cache(),
        &["test", "--problem", problem, solution],
        b"",
    );
    assert!(!String::from_utf8_lossy(&again.stderr).contains("derived"));
}

#[test]
fn a_cpp_validator_reads_its_files_with_std_ifstream() {
    // A widely used way to write validators: file streams on argv's files.
    let validator = r#"
#include <fstream>
#include <iostream>
#include <string>
int main(int argc, char **argv) {
    std::ifstream input(argv[1]), answer(argv[2]);
    long long a = 0, b = 0, expected = 0, got = 0;
    if (!(input >> a >> b) || !(answer >> expected)) return 1;
    bool ok = (std::cin >> got) && got == expected && got == a + b;
    std::ofstream message(std::string(argv[3]) + "judgemessage.txt");
    message << "expected " << expected << ", got " << got;
    return ok ? 42 : 43;
}
"#;
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Sum\nuuid: x\nlimits:\n  time_limit: 1\n",
        ),
        ("output_validator/validate.cpp", validator),
        ("data/secret/1.in", "1 2\n"),
        ("data/secret/1.ans", "3\n"),
        ("submissions/accepted/sum.py", SUM_PY),
        ("submissions/wrong_answer/off.py", "print(-1)\n"),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    assert!(results(&summary).iter().all(|r| r.2), "{summary}");
    let report = test_json(&dir, &dir.join("submissions/wrong_answer/off.py"));
    assert_eq!(report["tests"][0]["message"], "expected 3, got -1");
}

/// A two-pass problem (a communication task): the submission encodes a word
/// in the first pass and decodes its own encoding in the second. The
/// validator learns the pass from its input file and keeps the word in its
/// feedback directory between passes.
const ENCODE_VALIDATOR: &str = r#"
import os, sys
pass_input = open(sys.argv[1]).read().split()
answer = open(sys.argv[2]).read().split()
feedback = sys.argv[3]
output = sys.stdin.read().split()
state = os.path.join(feedback, "state.txt")
def judge(ok, message):
    open(os.path.join(feedback, "judgemessage.txt"), "w").write(message)
    sys.exit(42 if ok else 43)
if pass_input[0] == "encode":
    word = pass_input[1]
    if os.path.exists(state):
        judge(False, "a fresh test case has no state")
    if len(output) != 1 or word in output[0] or any(c not in "0123456789abcdef" for c in output[0]):
        judge(False, "not an encoding: %r" % output)
    open(state, "w").write(word)
    open(os.path.join(feedback, "nextpass.in"), "w").write("decode " + output[0] + "\n")
    judge(True, "encoded")
word = open(state).read()
judge(output == [word] and word == answer[0], "decoded %r, the word was %r" % (output, word))
"#;

#[test]
fn multi_pass_problems_run_the_submission_again_on_the_validators_next_input() {
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Encode\ntype: multi-pass\nuuid: x\nlimits:\n  time_limit: 1\n",
        ),
        ("output_validator/validate.py", ENCODE_VALIDATOR),
        ("data/sample/1.in", "encode judge\n"),
        ("data/sample/1.ans", "judge\n"),
        ("data/secret/1.in", "encode sandbox\n"),
        ("data/secret/1.ans", "sandbox\n"),
        (
            "submissions/accepted/hex.py",
            "op, s = input().split()\nprint(s.encode().hex() if op == 'encode' else bytes.fromhex(s).decode())\n",
        ),
        // Encodes well, decodes wrong: fails in the second pass.
        (
            "submissions/wrong_answer/reversed.py",
            "op, s = input().split()\nprint(s.encode().hex() if op == 'encode' else bytes.fromhex(s).decode()[::-1])\n",
        ),
        // Echoes: fails in the first pass.
        (
            "submissions/wrong_answer/echo.py",
            "op, s = input().split()\nprint(s)\n",
        ),
        // Spins in the second pass only: each pass has the whole limit.
        (
            "submissions/time_limit_exceeded/decode_forever.py",
            "op, s = input().split()\nif op == 'encode':\n    print(s.encode().hex())\nelse:\n    while True:\n        pass\n",
        ),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    assert!(results(&summary).iter().all(|r| r.2), "{summary}");

    let accepted = test_json(&dir, &dir.join("submissions/accepted/hex.py"));
    assert_eq!(accepted["verdict"], "AC", "{accepted}");
    assert_eq!(
        accepted["tests"][1]["message"],
        "pass 2 of at most 2: decoded ['sandbox'], the word was 'sandbox'"
    );
    // A sample's output is its first pass's.
    assert_eq!(accepted["tests"][0]["output"], "6a75646765\n");
    let reversed = test_json(&dir, &dir.join("submissions/wrong_answer/reversed.py"));
    assert_eq!(reversed["tests"][0]["verdict"], "WA");
    assert_eq!(
        reversed["tests"][0]["message"],
        "pass 2 of at most 2: decoded ['egduj'], the word was 'judge'"
    );
    let echo = test_json(&dir, &dir.join("submissions/wrong_answer/echo.py"));
    assert_eq!(echo["tests"][0]["message"], "not an encoding: ['judge']");

    // A validator that asks for a pass past `validation_passes` is the
    // package's fault: an internal error, saying so.
    let (_root, greedy) = package(&[
        (
            "problem.yaml",
            "name: Greedy\nvalidation: custom multi-pass\nlimits:\n  validation_passes: 3\n",
        ),
        ("judge-time-limit.toml", "time_limit = 1\n"),
        (
            "output_validators/again/again.py",
            "import sys\nopen(sys.argv[3] + 'nextpass.in', 'w').write('more\\n')\nsys.exit(42)\n",
        ),
        ("data/secret/1.in", "start\n"),
        ("data/secret/1.ans", "\n"),
    ]);
    let echo = greedy.join("echo.py");
    std::fs::write(&echo, "print(input())\n").unwrap();
    let report = test_json(&greedy, &echo);
    assert_eq!(report["verdict"], "IE", "{report}");
    let message = report["tests"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("asked for pass 4 and the problem allows 3"),
        "{message}"
    );
}

#[test]
fn multi_pass_interactive_problems_talk_to_the_submission_in_every_pass() {
    // Each pass, the interactor says n and expects 2n; it asks for another
    // pass on 2n until n reaches 10: 3, 6, 12.
    let interactor = r#"
import sys
n = int(open(sys.argv[1]).read())
print(n, flush=True)
reply = sys.stdin.readline().split()
ok = reply == [str(2 * n)]
open(sys.argv[3] + "judgemessage.txt", "w").write("n=%d: %s" % (n, "doubled" if ok else "got %r" % reply))
if ok and n < 10:
    open(sys.argv[3] + "nextpass.in", "w").write("%d\n" % (2 * n))
sys.exit(42 if ok else 43)
"#;
    let (_root, dir) = package(&[
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Doubling\ntype: [interactive, multi-pass]\nuuid: x\n\
             limits:\n  time_limit: 1\n  validation_passes: 3\n",
        ),
        ("output_validator/interactor.py", interactor),
        ("data/secret/1.in", "3\n"),
        ("data/secret/1.ans", "\n"),
        (
            "submissions/accepted/double.py",
            "print(2 * int(input()), flush=True)\n",
        ),
        // Right while n is small: fails in the third pass.
        (
            "submissions/wrong_answer/small.py",
            "n = int(input())\nprint(2 * n if n < 10 else n, flush=True)\n",
        ),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    assert!(results(&summary).iter().all(|r| r.2), "{summary}");
    let accepted = test_json(&dir, &dir.join("submissions/accepted/double.py"));
    assert_eq!(
        accepted["tests"][0]["message"],
        "pass 3 of at most 3: n=12: doubled"
    );
    let wrong = test_json(&dir, &dir.join("submissions/wrong_answer/small.py"));
    assert_eq!(
        wrong["tests"][0]["message"],
        "pass 3 of at most 3: n=12: got ['12']"
    );
}

#[test]
fn submissions_yaml_names_the_entry_point_of_a_directory() {
    let (_root, dir) = package(&[
        ("problem.yaml", "name: Sum\n"),
        ("data/secret/1.in", "1 2\n"),
        ("data/secret/1.ans", "3\n"),
        (
            "submissions/submissions.yaml",
            "accepted/python-modules:\n  entrypoint: solve.py\n  model_solution: true\naccepted/cpp-units/:\n  entrypoint: solution.cpp\n",
        ),
        (
            "submissions/accepted/python-modules/solve.py",
            "import helper\nhelper.main()\n",
        ),
        (
            "submissions/accepted/python-modules/helper.py",
            "import sys\ndef main():\n    print(sum(map(int, sys.stdin.read().split())))\n",
        ),
        (
            "submissions/accepted/cpp-units/solution.cpp",
            "#include <iostream>\n#include \"add.hpp\"\nint main() { long long a, b; std::cin >> a >> b; std::cout << add(a, b) << std::endl; }\n",
        ),
        (
            "submissions/accepted/cpp-units/add.hpp",
            "long long add(long long a, long long b);\n",
        ),
        (
            "submissions/accepted/cpp-units/add.cpp",
            "#include \"add.hpp\"\nlong long add(long long a, long long b) { return a + b; }\n",
        ),
    ]);
    let (ok, summary) = verify_json(&[&dir]);
    assert!(ok, "{summary}");
    assert_eq!(
        results(&summary),
        [
            (
                "submissions/accepted/cpp-units".to_owned(),
                "AC".to_owned(),
                true
            ),
            (
                "submissions/accepted/python-modules".to_owned(),
                "AC".to_owned(),
                true
            ),
        ]
    );
    let notes = summary["problems"][0]["notes"].to_string();
    assert!(notes.contains("model_solution not read"), "{notes}");

    // The command line names it with --entry; without one, it says how.
    let program = dir.join("submissions/accepted/python-modules");
    let (problem, program) = (dir.to_str().unwrap(), program.to_str().unwrap());
    let cache = support::shared_cache();
    let named = support::judge(
        &cache,
        &["test", "--problem", problem, "--entry", "solve.py", program],
        b"",
    );
    assert!(
        named.status.success(),
        "{}",
        String::from_utf8_lossy(&named.stderr)
    );
    let unnamed = support::judge(&cache, &["test", "--problem", problem, program], b"");
    assert!(!unnamed.status.success());
    let stderr = String::from_utf8_lossy(&unnamed.stderr);
    assert!(
        stderr.contains("--entry FILE") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

/// Guests whose work is known: a loop of n, of n·log n and of n² steps,
/// and a recursion of 2ⁿ calls, each reading n.
const LINEAR_C: &str = "#include <stdio.h>\nint main(void) { long n; if (scanf(\"%ld\", &n) != 1) return 1; unsigned long s = 0;\n  for (long i = 0; i < n; i++) s = s * 31 + (unsigned long)i;\n  printf(\"%lu\\n\", s); return 0; }\n";
const NLOGN_C: &str = "#include <stdio.h>\nint main(void) { long n; if (scanf(\"%ld\", &n) != 1) return 1; unsigned long s = 0;\n  for (long i = 0; i < n; i++) for (long j = 1; j < n; j *= 2) s = s * 31 + (unsigned long)(i + j);\n  printf(\"%lu\\n\", s); return 0; }\n";
const QUADRATIC_C: &str = "#include <stdio.h>\nint main(void) { long n; if (scanf(\"%ld\", &n) != 1) return 1; unsigned long s = 0;\n  for (long i = 0; i < n; i++) for (long j = 0; j < n; j++) s = s * 31 + (unsigned long)(i ^ j);\n  printf(\"%lu\\n\", s); return 0; }\n";
const EXPONENTIAL_C: &str = "#include <stdio.h>\nstatic unsigned long s;\nstatic void walk(int n) { if (n == 0) { s = s * 31 + 1; return; } walk(n - 1); walk(n - 1); }\nint main(void) { int n; if (scanf(\"%d\", &n) != 1) return 1; walk(n); printf(\"%lu\\n\", s); return 0; }\n";

/// A package whose validator accepts any output, with a scaling series of
/// the given sizes.
fn loops_package(sizes: &[u64], submissions: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let mut files: Vec<(String, String)> = vec![
        (
            "problem.yaml".into(),
            "problem_format_version: 2023-07-draft\nname: Loops\nuuid: x\nlimits:\n  time_limit: 1\n".into(),
        ),
        (
            "output_validator/any.py".into(),
            "import sys\nsys.stdin.read()\nsys.exit(42)\n".into(),
        ),
        ("data/secret/1.in".into(), "5\n".into()),
        ("data/secret/1.ans".into(), "\n".into()),
    ];
    for n in sizes {
        files.push((format!("data/scaling/n{n:06}.in"), format!("{n}\n")));
        files.push((format!("data/scaling/n{n:06}.yaml"), format!("n: {n}\n")));
    }
    for (path, source) in submissions {
        files.push((format!("submissions/accepted/{path}"), (*source).to_owned()));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    package(&files)
}

fn insights_json(dir: &Path, source: &Path) -> Value {
    let (dir, source) = (dir.to_str().unwrap(), source.to_str().unwrap());
    let args = ["test", "--json", "--insights", "--problem", dir, source];
    let output = support::judge(&support::shared_cache(), &args, b"");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_growth_rate_of_known_loops_is_classified_and_the_same_every_run() {
    let (_root, dir) = loops_package(
        &[1, 1000, 2000, 4000, 8000, 16000],
        &[
            ("linear.c", LINEAR_C),
            ("nlogn.c", NLOGN_C),
            ("quadratic.c", QUADRATIC_C),
        ],
    );
    for (file, class, exponent) in [
        ("linear.c", "linear", 1.0),
        ("nlogn.c", "linearithmic", 1.1),
        ("quadratic.c", "quadratic", 2.0),
    ] {
        let source = dir.join("submissions/accepted").join(file);
        let report = insights_json(&dir, &source);
        let growth = &report["growth"];
        assert_eq!(growth["fit"]["class"], class, "{file}: {growth}");
        let fitted = growth["fit"]["exponent"].as_f64().unwrap();
        assert!((fitted - exponent).abs() < 0.1, "{file}: {growth}");
        assert!(
            growth["fit"]["class_r_squared"].as_f64().unwrap() > 0.99,
            "{file}: {growth}"
        );
        assert_eq!(growth["points"].as_array().unwrap().len(), 6, "{growth}");
        // Fuel is exact: the same report, byte for byte, on a second run.
        let again = insights_json(&dir, &source);
        assert_eq!(again["growth"].to_string(), growth.to_string(), "{file}");
    }

    // On a terminal, with a profile of the largest input: the function
    // that does the work, under its name.
    let (dir_arg, quadratic) = (
        dir.to_str().unwrap(),
        dir.join("submissions/accepted/quadratic.c"),
    );
    let output = support::judge(
        &support::shared_cache(),
        &[
            "test",
            "--insights",
            "--problem",
            dir_arg,
            quadratic.to_str().unwrap(),
        ],
        b"",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("growth: ≈ O(n²), fits"), "{stdout}");
    let profile = stdout
        .split("profile of scaling/n016000 (n = 16000), exited with code 0:")
        .nth(1)
        .unwrap_or_else(|| panic!("{stdout}"));
    let top = profile.lines().nth(2).unwrap();
    let share: f64 = top.split('%').next().unwrap().trim().parse().unwrap();
    assert!(share > 90.0 && top.ends_with("main"), "{profile}");

    // verify --insights records the first accepted one as the reference,
    // and every other is compared with it.
    let output = support::judge(
        &support::shared_cache(),
        &["verify", "--insights", dir_arg],
        b"",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let record = std::fs::read_to_string(dir.join("judge-growth.toml")).unwrap();
    assert!(
        record.contains("path = \"submissions/accepted/linear.c\""),
        "{record}"
    );
    assert!(
        stdout.contains(
            "grows like O(n²) where the reference grows like O(n); at n = 16000 it needs"
        ),
        "{stdout}"
    );
    let quadratic = insights_json(&dir, &dir.join("submissions/accepted/quadratic.c"));
    let words = quadratic["growth"]["reference"]["words"].as_str().unwrap();
    assert!(
        words.starts_with("grows like O(n²) where the reference grows like O(n)"),
        "{words}"
    );
}

#[test]
fn an_exponential_recursion_is_classified_on_small_sizes() {
    let (_root, dir) = loops_package(&[1, 10, 12, 14, 16, 18], &[("walk.c", EXPONENTIAL_C)]);
    let report = insights_json(&dir, &dir.join("submissions/accepted/walk.c"));
    assert_eq!(report["growth"]["fit"]["class"], "exponential", "{report}");
    // Without a series, --insights says there is nothing to measure on.
    let (_root, plain) = package(&[
        ("problem.yaml", "name: Sum\n"),
        ("judge-time-limit.toml", "time_limit = 1\n"),
        ("data/secret/1.in", "1 2\n"),
        ("data/secret/1.ans", "3\n"),
    ]);
    let source = plain.join("sum.py");
    std::fs::write(&source, SUM_PY).unwrap();
    let (p, s) = (plain.to_str().unwrap(), source.to_str().unwrap());
    let output = support::judge(
        &support::shared_cache(),
        &["test", "--insights", "--problem", p, s],
        b"",
    );
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("has no scaling series"));
}
