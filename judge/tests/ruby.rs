//! Ruby runs through the sandbox's adapter for ruby.wasm's reactor: these
//! check that it behaves like `ruby SCRIPT ARGS...` does.

mod support;

use std::path::Path;

use serde_json::Value;

fn run_ruby(dir: &Path, script: &str, args: &[&str], stdin: &[u8]) -> Value {
    let path = dir.join("main.rb");
    std::fs::write(&path, script).unwrap();
    let mut all = vec![
        "--lang",
        "ruby",
        "--stdin",
        "-",
        path.to_str().unwrap(),
        "--",
    ];
    all.extend_from_slice(args);
    support::run_json(&support::shared_cache(), &all, stdin)
}

#[test]
fn ruby_behaves_like_a_command() {
    let dir = tempfile::tempdir().unwrap();

    let ok = run_ruby(
        dir.path(),
        "require 'set'\nputs Set.new(ARGV).size, __FILE__ == $0, $stdin.read.upcase\n",
        &["a", "b", "a"],
        b"hello",
    );
    assert_eq!(ok["termination"], "exited", "{ok}");
    assert_eq!(ok["exit_code"], 0, "{ok}");
    assert_eq!(ok["stdout"], "2\ntrue\nHELLO\n", "{ok}");

    // `exit` keeps its code, and what was printed before it is not lost.
    let exit = run_ruby(
        dir.path(),
        "print 'partial'\n$stderr.print 'why'\nexit 3\n",
        &[],
        b"",
    );
    assert_eq!(exit["exit_code"], 3, "{exit}");
    assert_eq!(exit["stdout"], "partial");
    assert_eq!(exit["stderr"], "why");

    // An uncaught exception: exit 1 and Ruby's message, without the adapter's frames.
    let raised = run_ruby(
        dir.path(),
        "def f = raise(ArgumentError, 'bad')\nf\n",
        &[],
        b"",
    );
    assert_eq!(raised["exit_code"], 1, "{raised}");
    let stderr = raised["stderr"].as_str().unwrap();
    assert!(
        stderr.starts_with("/code/main.rb:1:in 'Object#f': bad (ArgumentError)"),
        "{stderr}"
    );
    assert!(!stderr.contains("eval"), "{stderr}");

    let syntax = run_ruby(dir.path(), "def (\n", &[], b"");
    assert_eq!(syntax["exit_code"], 1, "{syntax}");
    assert!(
        syntax["stderr"]
            .as_str()
            .unwrap()
            .starts_with("/code/main.rb:1: syntax errors found"),
        "{syntax}"
    );

    // The JavaScript bridge exists only in browsers: calling it ends the run as a trap.
    let js = run_ruby(dir.path(), "require 'js'\np JS.global\n", &[], b"");
    assert_eq!(js["termination"], "trap", "{js}");
    assert_eq!(js["detail"], "unsupported_import", "{js}");
}

#[test]
fn the_listed_version_is_the_one_that_runs() {
    let dir = tempfile::tempdir().unwrap();
    let ran = run_ruby(dir.path(), "print RUBY_VERSION\n", &[], b"");
    let output = support::judge(&support::shared_cache(), &["languages", "--json"], b"");
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    let ruby = list.iter().find(|e| e["id"] == "ruby").unwrap();
    let listed = ruby["version"].as_str().unwrap();
    assert!(
        listed.starts_with(&format!("Ruby {} ", ran["stdout"].as_str().unwrap())),
        "listed {listed}, ran {}",
        ran["stdout"]
    );
}
