//! The library facade inside a program that is not `judge`: compiled
//! languages go through the `judge` binary it names, never through the
//! embedding program itself.

mod support;

use judge::Verdict;
use judge::{Grader, GraderConfig};

fn config(judge_executable: Option<std::path::PathBuf>) -> GraderConfig {
    GraderConfig {
        cache_dir: Some(support::shared_cache()),
        judge_executable,
        ..GraderConfig::default()
    }
}

#[test]
fn compiled_languages_run_through_the_named_judge_binary() {
    let grader = Grader::new(&config(Some(env!("CARGO_BIN_EXE_judge").into()))).unwrap();
    let dir = support::repo().join("problems/first-bad-deploy");
    let problem = grader.load_problem(&dir).unwrap();
    let source = std::fs::read_to_string(dir.join("submissions/accepted/bisect.cpp")).unwrap();
    let report = grader.judge(&problem, "cpp", &source).unwrap();
    assert_eq!(report.verdict, Verdict::Accepted, "{report:?}");

    let ran = grader
        .run("c", "#include <stdio.h>\nint main(void){puts(\"hi\");}", "")
        .unwrap();
    assert_eq!(ran.compile_error, None);
    assert_eq!(ran.stdout, b"hi\n");
}

#[test]
fn without_a_judge_binary_compiled_languages_are_an_error_and_interpreted_ones_run() {
    // A helper that would re-run this test binary is what this guards against:
    // the embedding program must never be started as `__contain`.
    let grader = Grader::new(&config(None)).unwrap();
    let error = grader
        .run("c", "int main(void){return 0;}", "")
        .unwrap_err();
    assert!(
        format!("{error:#}").contains("judge_executable"),
        "{error:#}"
    );

    let ran = grader
        .run("python", "print(input()[::-1])", "judge")
        .unwrap();
    assert_eq!(ran.stdout, b"egduj\n");
}
