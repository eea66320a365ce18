//! Interpreters run programs from a pre-initialised instance (a Wizer
//! snapshot taken once per interpreter): these check that a program cannot
//! tell, except by its fuel, against `judge run --no-snapshot`, which starts
//! the interpreter afresh. Python, Ruby and JavaScript (TypeScript runs on
//! JavaScript's engine).

mod support;

use std::path::Path;

use serde_json::Value;

/// `judge run --json` in `language` on the directory `dir` (its `main.*`
/// runs), from the snapshot or not.
fn run(language: &str, dir: &Path, snapshot: bool, args: &[&str], stdin: &[u8]) -> Value {
    let mut all = vec!["--lang", language, "--stdin", "-"];
    if !snapshot {
        all.push("--no-snapshot");
    }
    all.push(dir.to_str().unwrap());
    all.push("--");
    all.extend_from_slice(args);
    support::run_json(&support::shared_cache(), &all, stdin)
}

/// A program's files, in a fresh directory.
fn program(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Runs Python `files` both ways; see [`compare`].
fn both(files: &[(&str, &str)], args: &[&str], stdin: &[u8]) -> (Value, Value) {
    compare("python", files, args, stdin)
}

/// Runs `files` in `language` both ways; their stdout, stderr and exit
/// status must match. Returns (from the snapshot, afresh).
fn compare(language: &str, files: &[(&str, &str)], args: &[&str], stdin: &[u8]) -> (Value, Value) {
    let dir = program(files);
    let fast = run(language, dir.path(), true, args, stdin);
    let fresh = run(language, dir.path(), false, args, stdin);
    for field in ["termination", "exit_code", "stdout", "stderr"] {
        assert_eq!(
            fast[field], fresh[field],
            "{field} differs:\n{fast}\n{fresh}"
        );
    }
    (fast, fresh)
}

#[test]
fn a_program_started_from_the_snapshot_skips_the_start_up_and_nothing_else() {
    let (fast, fresh) = both(
        &[(
            "main.py",
            "import sys\nprint(sum(int(t) for t in sys.stdin.read().split()))\n",
        )],
        &[],
        b"3 4\n-10\n1000000000000 5\n",
    );
    assert_eq!(fast["stdout"], "1000000000002\n");
    let (fast_fuel, fresh_fuel) = (
        fast["fuel"].as_u64().unwrap(),
        fresh["fuel"].as_u64().unwrap(),
    );
    // CPython's start-up (about 1e8 fuel) is what the snapshot saves.
    assert!(
        fast_fuel * 10 < fresh_fuel,
        "from the snapshot {fast_fuel} fuel, afresh {fresh_fuel}"
    );
    // And it is as deterministic as any run.
    let dir = program(&[("main.py", "print(sum(range(1000)))\n")]);
    let once = run("python", dir.path(), true, &[], b"");
    let twice = run("python", dir.path(), true, &[], b"");
    assert_eq!(once["fuel"], twice["fuel"]);
}

#[test]
fn argv_environment_paths_and_main_are_the_runs_own() {
    let (fast, _) = both(
        &[
            (
                "main.py",
                "import os, sys\n\
                 print(sys.argv, sys.orig_argv, __name__, __file__)\n\
                 print(sys.path[0], sys.flags.hash_randomization, hash('judge'))\n\
                 print(sorted(os.environ))\n\
                 print(open('/code/helper.py').read())\n\
                 import helper\n\
                 print(helper.VALUE)\n",
            ),
            ("helper.py", "VALUE = 42 # granted at run time\n"),
        ],
        &["one", "two words"],
        b"",
    );
    let stdout = fast["stdout"].as_str().unwrap();
    assert!(
        stdout.starts_with("['/code/main.py', 'one', 'two words'] ['python', '/code/main.py', 'one', 'two words'] __main__ /code/main.py\n/code "),
        "{stdout}"
    );
    assert!(!stdout.contains("JUDGE_PRELOAD"), "{stdout}");

    // What the initialisation imported is not in the program's namespace.
    let (unbound, _) = both(
        &[("main.py", "print(sorted(globals()))\nprint(sys)\n")],
        &[],
        b"",
    );
    assert_eq!(unbound["exit_code"], 1, "{unbound}");
    assert!(
        unbound["stderr"]
            .as_str()
            .unwrap()
            .ends_with("NameError: name 'sys' is not defined\n"),
        "{unbound}"
    );
    // /code, granted at run time, and not to the initialisation, is there.
    assert!(
        stdout.contains("VALUE = 42 # granted at run time\n\n42\n"),
        "{stdout}"
    );
}

#[test]
fn exits_exceptions_and_atexit_end_a_run_as_they_would_afresh() {
    let (exited, _) = both(
        &[(
            "main.py",
            "import atexit, sys\n\
             atexit.register(lambda: print('at exit'))\n\
             print('partial', end='')\n\
             print('why', file=sys.stderr)\n\
             sys.exit(3)\n",
        )],
        &[],
        b"",
    );
    assert_eq!(exited["exit_code"], 3, "{exited}");
    assert_eq!(exited["stdout"], "partialat exit\n");

    let (raised, _) = both(
        &[(
            "main.py",
            "import collections\n\ndef f():\n    raise ValueError(collections.Counter('aab'))\n\nf()\n",
        )],
        &[],
        b"",
    );
    assert_eq!(raised["exit_code"], 1, "{raised}");
    let stderr = raised["stderr"].as_str().unwrap();
    assert!(
        stderr.starts_with(
            "Traceback (most recent call last):\n  File \"/code/main.py\", line 6, in <module>"
        ),
        "{stderr}"
    );
}

#[test]
fn a_file_named_like_a_preloaded_module_is_the_programs_own() {
    // `heapq` is in the snapshot; afresh, /code/heapq.py comes first on sys.path.
    let (fast, _) = both(
        &[
            ("main.py", "import heapq\nprint(heapq.WHOSE)\n"),
            ("heapq.py", "WHOSE = 'the program'\n"),
        ],
        &[],
        b"",
    );
    assert_eq!(fast["stdout"], "the program\n", "{fast}");
}

/// Every accepted and wrong-answer submission of the bank in a language with
/// a snapshot (Python, JavaScript, TypeScript, Ruby), on every sample and
/// secret input of its problem: from the snapshot and afresh, the same
/// ending, stdout and stderr, byte for byte, and less fuel.
#[test]
fn every_interpreted_submission_of_the_bank_prints_the_same_from_the_snapshot() {
    use judge::internals::{Catalog, Compiler, Interpreters, Limits, build};
    use sandbox::{RunLimits, RunSpec, Sandbox, SandboxConfig};

    let cache = support::shared_cache();
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env()).unwrap();
    let languages: Vec<_> = ["python", "javascript", "typescript", "ruby"]
        .iter()
        .map(|id| catalog.all().iter().find(|l| l.id() == *id).unwrap())
        .collect();
    let sandbox = Sandbox::new(&SandboxConfig {
        cache_dir: Some(cache.join("modules")),
        max_concurrent_runs: 2,
        ..SandboxConfig::default()
    })
    .unwrap();
    let compiler = |interpreters| Compiler {
        // TypeScript's compile step runs contained, through the judge.
        helper: Some(env!("CARGO_BIN_EXE_judge").into()),
        cache_dir: Some(cache.join("wasm")),
        interpreters,
        hidden: Vec::new(),
        limits: Limits::default(),
        shared: None,
    };
    let (fast, fresh) = (
        compiler(Interpreters::default()),
        compiler(Interpreters::without_snapshots()),
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();

    let mut compared = std::collections::BTreeMap::new();
    let mut problems: Vec<_> = std::fs::read_dir(support::repo().join("problems"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("problem.yaml").is_file())
        .collect();
    problems.sort();
    for problem in &problems {
        let mut inputs = Vec::new();
        for group in ["sample", "secret"] {
            inputs_below(&problem.join("data").join(group), &mut inputs);
        }
        inputs.sort();
        for category in ["accepted", "wrong_answer"] {
            let dir = problem.join("submissions").join(category);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for source in entries.map(|e| e.unwrap().path()) {
                let extension = source.extension().unwrap_or_default().to_string_lossy();
                let Some(language) = languages
                    .iter()
                    .find(|l| l.manifest.extensions.iter().any(|e| *e == extension))
                else {
                    continue;
                };
                let bytes = std::fs::read(&source).unwrap();
                let (fast_module, fast_launch) =
                    build(&fast, &sandbox, language, &bytes).unwrap().unwrap();
                let (fresh_module, fresh_launch) =
                    build(&fresh, &sandbox, language, &bytes).unwrap().unwrap();
                for input in &inputs {
                    let stdin = std::fs::read(input).unwrap();
                    let spec = |launch: &judge::internals::Launch| RunSpec {
                        stdin: stdin.clone(),
                        limits: RunLimits {
                            fuel: 200_000_000_000,
                            memory_bytes: 1 << 30,
                            wall: std::time::Duration::from_secs(300),
                            idle: std::time::Duration::from_secs(300),
                            ..RunLimits::default()
                        },
                        ..launch.run_spec(&[])
                    };
                    let a = runtime
                        .block_on(sandbox.run(&fast_module, &spec(&fast_launch)))
                        .unwrap();
                    let b = runtime
                        .block_on(sandbox.run(&fresh_module, &spec(&fresh_launch)))
                        .unwrap();
                    let what = format!("{} on {}", source.display(), input.display());
                    assert_eq!(a.termination, b.termination, "{what}");
                    assert!(a.stdout == b.stdout, "{what}: stdout differs");
                    assert!(a.stderr == b.stderr, "{what}: stderr differs");
                    assert!(
                        a.fuel < b.fuel,
                        "{what}: {} fuel from the snapshot, {} afresh",
                        a.fuel,
                        b.fuel
                    );
                    *compared.entry(language.id().to_owned()).or_insert(0) += 1;
                }
            }
        }
    }
    // The bank, as it stands: runs each way.
    let at_least = [
        ("javascript", 83),
        ("python", 166),
        ("ruby", 26),
        ("typescript", 26),
    ];
    for (language, runs) in at_least {
        assert!(
            compared.get(language).copied().unwrap_or(0) >= runs,
            "runs compared: {compared:?}"
        );
    }
}

/// The `.in` files below `dir`, test groups included.
fn inputs_below(dir: &Path, inputs: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            inputs_below(&path, inputs);
        } else if path.extension().is_some_and(|e| e == "in") {
            inputs.push(path);
        }
    }
}

#[test]
fn ruby_from_its_snapshot_behaves_as_started_afresh() {
    for (script, args, stdin) in [
        (
            "a, b = $stdin.read.split.map(&:to_i)\nputs a + b, ARGV.inspect, $0, ENV.keys.sort.inspect\n",
            &["x", "y z"][..],
            &b"3 4\n"[..],
        ),
        (
            "def f = raise(ArgumentError, 'bad')\nputs 'before'\nf\n",
            &[][..],
            &b""[..],
        ),
        (
            "at_exit { puts 'at exit' }\nprint 'partial'\nexit 3\n",
            &[][..],
            &b""[..],
        ),
    ] {
        let (fast, fresh) = compare("ruby", &[("main.rb", script)], args, stdin);
        assert!(
            fast["fuel"].as_u64().unwrap() * 5 < fresh["fuel"].as_u64().unwrap(),
            "the VM's start is what the snapshot saves:\n{fast}\n{fresh}"
        );
    }
}

/// A program's files, its arguments and its input.
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a [u8]);

#[test]
fn javascript_from_its_snapshot_behaves_as_started_afresh() {
    let cases: [Case; 4] = [
        (
            &[(
                "main.js",
                "const n = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean).map(Number);\n\
                 console.log(n.reduce((a, b) => a + b, 0), process.argv, scriptArgs, typeof std, typeof os);\n",
            )],
            &["x", "y z"],
            b"3 4\n5\n",
        ),
        (
            &[
                (
                    "main.js",
                    "const h = require('./helper');\nfunction f() { throw new Error('bad ' + h.VALUE); }\nconsole.log('before');\nf();\n",
                ),
                ("helper.js", "module.exports = { VALUE: 42 };\n"),
            ],
            &[],
            b"",
        ),
        (
            &[(
                "main.js",
                "process.stdout.write('partial');\nsetTimeout(() => { console.log('later'); process.exit(3); }, 10);\n",
            )],
            &[],
            b"",
        ),
        (
            &[(
                "main.js",
                "import * as std from 'qjs:std';\nconst m = new Map([[1, 'a']]);\nstd.out.puts(JSON.stringify([...m]) + '\\n');\n",
            )],
            &[],
            b"",
        ),
    ];
    for (files, args, stdin) in cases {
        let (fast, fresh) = compare("javascript", files, args, stdin);
        assert!(
            fast["fuel"].as_u64().unwrap() * 3 < fresh["fuel"].as_u64().unwrap(),
            "the engine's start is what the snapshot saves:\n{fast}\n{fresh}"
        );
    }
}
