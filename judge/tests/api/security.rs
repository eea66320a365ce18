//! The holes a review found, each kept closed by a test that failed before
//! its fix: compilers reading the judge's own files, SSE producers outliving
//! their clients, refused modules as internal errors, upload bodies read
//! before the role check, anonymous callers seeing each other's runs, and
//! non-finite limits.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::app::{App, assert_problem, json_of, repo_path};

/// A scratch dir under `/usr`, where the deployments used to install the
/// problem bank (a jail that mounts `/usr` shows it to every compiler).
fn under_usr() -> tempfile::TempDir {
    std::fs::create_dir_all("/usr/local/lib").unwrap();
    tempfile::Builder::new()
        .prefix("judge-jail-test-")
        .tempdir_in("/usr/local/lib")
        .expect(
            "this test puts a problem bank under /usr as the old deployments did: run it as root",
        )
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A source in `language` that puts the file `path` into its program: an
/// include or embed at compile time, printed at run time.
fn embedding(language: &str, path: &str) -> String {
    match language {
        "c" | "cpp" => format!("#include \"{path}\"\nint main(void) {{ return 0; }}\n"),
        "rust" => format!("fn main() {{ print!(\"{{}}\", include_str!(\"{path}\")); }}\n"),
        "go" => format!(
            "package main\n\nimport (\n\t_ \"embed\"\n\t\"fmt\"\n)\n\n//go:embed {path}\nvar s string\n\nfunc main() {{ fmt.Print(s) }}\n"
        ),
        "zig" => format!(
            "const std = @import(\"std\");\nconst s = @embedFile(\"{path}\");\npub fn main() !void {{ std.debug.print(\"{{s}}\", .{{s}}); }}\n"
        ),
        other => panic!("no embedding source for {other}"),
    }
}

#[tokio::test]
async fn no_compiler_can_read_the_problem_bank_or_the_data_dir() {
    let root = under_usr();
    let bank = root.path().join("problems");
    copy_dir(
        &repo_path("problems/token-bucket"),
        &bank.join("token-bucket"),
    );
    let answer = bank.join("token-bucket/data/secret/01-one-user.ans");
    let secret_answer = std::fs::read_to_string(&answer).unwrap();
    let data = root.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let sentinel = data.join("sentinel.txt");
    std::fs::write(&sentinel, "JUDGE_DATA_SENTINEL_7f3a\n").unwrap();
    let app = App::spawn_at(
        root,
        data.clone(),
        "workers = 0\n",
        vec![("JUDGE_PROBLEMS".into(), bank.display().to_string())],
    )
    .await;
    let key = app.key("candidate");
    let run = |language: &str, source: String| {
        let body = json!({"language": language, "source": source});
        let (app, key) = (&app, key.clone());
        async move { json_of(app.post("/v1/runs", &key, &body).await, 200).await }
    };

    // The mechanism works where the jail shows a file: a toolchain's own.
    let visible = run("c", embedding("c", "/usr/include/wasm32-wasi/stdio.h")).await;
    assert_eq!(visible["status"], "OK", "{visible}");
    let visible = run(
        "rust",
        embedding("rust", "/opt/judge/runner-images/rust/VERSION"),
    )
    .await;
    assert!(
        visible["stdout"].as_str().unwrap().contains("rustc"),
        "{visible}"
    );

    for language in ["c", "cpp", "rust", "go", "zig"] {
        for (path, secret) in [
            (
                answer.display().to_string(),
                secret_answer.lines().next().unwrap(),
            ),
            (sentinel.display().to_string(), "JUDGE_DATA_SENTINEL_7f3a"),
            (
                data.join("admin-key").display().to_string(),
                app.admin.as_str(),
            ),
        ] {
            let result = run(language, embedding(language, &path)).await;
            assert_eq!(result["status"], "CE", "{language} {path}: {result}");
            let shown = result.to_string();
            assert!(
                !shown.contains(secret),
                "{language} leaked {path}: {result}"
            );
        }
    }
    // The data dir is the judge's alone.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&data).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
}

/// The judge's `/metrics` value of a sample, by its full name and labels.
async fn metric(app: &App, sample: &str) -> Option<f64> {
    let text = app
        .request(Method::GET, "/metrics", "")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(sample)?.trim().parse().ok())
}

async fn open_streams(app: &App) -> Option<f64> {
    metric(app, "judge_event_streams_open").await
}

/// Waits (at most 10 s, else fails with `why`) until `count` streams are open.
async fn wait_for_open_streams(app: &App, count: f64, why: &str) {
    let started = Instant::now();
    while open_streams(app).await != Some(count) {
        assert!(started.elapsed() < Duration::from_secs(10), "{why}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn an_event_stream_ends_when_its_client_leaves_or_already_has_everything() {
    // No workers: the submission stays queued and no new event ever comes.
    let app = App::spawn("workers = 0\n").await;
    let key = app.key("candidate");
    let id = app
        .submit(
            &key,
            "token-bucket",
            "python",
            "problems/token-bucket/submissions/accepted/limiter.py",
        )
        .await;
    let mut stream = std::net::TcpStream::connect(app.url.trim_start_matches("http://")).unwrap();
    write!(
        stream,
        "GET /v1/submissions/{id}/events HTTP/1.1\r\nHost: judge\r\nAuthorization: Bearer {key}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut head = [0u8; 512];
    let read = stream.read(&mut head).unwrap();
    assert!(String::from_utf8_lossy(&head[..read]).contains("200 OK"));
    // The stream's producer starts as its head goes out: it counts itself
    // in a moment later.
    wait_for_open_streams(&app, 1.0, "the stream never opened").await;
    drop(stream);
    wait_for_open_streams(&app, 0.0, "the stream's producer outlived its client").await;
    drop(app);

    // A done submission: the stream ends after `done`, and a client that
    // reconnects with the last id (as browsers do) gets 204, which stops it.
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    let id = app
        .submit(
            &key,
            "token-bucket",
            "python",
            "problems/token-bucket/submissions/wrong_answer/per_user_only.py",
        )
        .await;
    app.wait_done(&id, &key).await;
    let path = format!("/v1/submissions/{id}/events");
    let all = tokio::time::timeout(
        Duration::from_secs(10),
        app.request(Method::GET, &path, &key)
            .send()
            .await
            .unwrap()
            .text(),
    )
    .await
    .expect("the stream of a done submission ends")
    .unwrap();
    let last: i64 = all
        .lines()
        .filter_map(|line| line.strip_prefix("id: "))
        .next_back()
        .unwrap()
        .parse()
        .unwrap();
    assert!(all.contains("event: done"), "{all}");
    let again = tokio::time::timeout(
        Duration::from_secs(10),
        app.request(Method::GET, &path, &key)
            .header("Last-Event-ID", last.to_string())
            .send(),
    )
    .await
    .expect("answered at once")
    .unwrap();
    assert_eq!(again.status(), 204);
    assert_eq!(open_streams(&app).await, Some(0.0));
}

#[tokio::test]
async fn a_module_the_sandbox_refuses_is_the_sources_compile_error() {
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    // Compiles and links (an explicit import), but no WASI provides it.
    let source = "__attribute__((import_module(\"env\"), import_name(\"judge_host_call\")))\nint judge_host_call(void);\nint main(void) { return judge_host_call(); }\n";
    let run = json_of(
        app.post(
            "/v1/runs",
            &key,
            &json!({"language": "c", "source": source}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(run["status"], "CE", "{run}");
    assert!(
        run["compile_log"]
            .as_str()
            .unwrap()
            .contains("judge_host_call"),
        "{run}"
    );
    let body = json!({"problem": "token-bucket", "language": "c", "source": source});
    let submitted = json_of(app.post("/v1/submissions", &key, &body).await, 202).await;
    let done = app.wait_done(submitted["id"].as_str().unwrap(), &key).await;
    assert_eq!(done["verdict"], "CE", "{done}");
    for stage in ["api", "judging"] {
        assert_eq!(
            metric(
                &app,
                &format!("judge_internal_errors_total{{stage=\"{stage}\"}}")
            )
            .await,
            Some(0.0),
            "{stage}"
        );
    }
}

#[tokio::test]
async fn an_upload_without_the_role_is_refused_before_its_body_is_read() {
    let app = App::spawn("workers = 0\n").await;
    let key = app.key("candidate");
    let mut stream = std::net::TcpStream::connect(app.url.trim_start_matches("http://")).unwrap();
    // Announce 60 MiB, send 1 KiB: a server that reads the body first waits.
    write!(
        stream,
        "POST /v1/problems HTTP/1.1\r\nHost: judge\r\nAuthorization: Bearer {key}\r\nContent-Type: application/zip\r\nContent-Length: {}\r\n\r\n",
        60 << 20
    )
    .unwrap();
    stream.write_all(&[0u8; 1024]).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = [0u8; 1024];
    let read = stream
        .read(&mut head)
        .expect("answered before the body arrived");
    let head = String::from_utf8_lossy(&head[..read]);
    assert!(head.starts_with("HTTP/1.1 403"), "{head}");
}

#[tokio::test]
async fn anonymous_callers_read_what_they_created_by_token_and_never_list_or_delete() {
    let app = App::spawn("workers = 1\nanonymous_role = \"candidate\"\n").await;
    let created = json_of(
        app.post(
            "/submissions?wait=true",
            "",
            &json!({"source_code": "print(7)", "language_id": 71}),
        )
        .await,
        201,
    )
    .await;
    let token = created["token"].as_str().unwrap();
    // Behind a proxy every anonymous caller has the same address: this one
    // could be anybody. The token (122 random bits) is what lets it read.
    let read = app
        .get_json(&format!("/submissions/{token}"), "", 200)
        .await;
    assert_eq!(read["stdout"], "7\n");
    let listed = app
        .request(Method::GET, "/submissions", "")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 403);
    let deleted = app
        .request(Method::DELETE, &format!("/submissions/{token}"), "")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 403);
    assert_eq!(
        app.get_json(&format!("/submissions/{token}"), "", 200)
            .await["token"],
        token
    );
    let native = app
        .request(Method::GET, "/v1/submissions", "")
        .send()
        .await
        .unwrap();
    assert_problem(native, 403, "forbidden").await;
    // A keyed candidate still cannot read it.
    let stranger = app.key("candidate");
    let theirs = app
        .request(Method::GET, &format!("/submissions/{token}"), &stranger)
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
}

#[tokio::test]
async fn non_finite_limits_are_refused() {
    let app = App::spawn("workers = 0\n").await;
    let key = app.key("candidate");
    for value in ["NaN", "inf", "-infinity"] {
        let body = json!({"source_code": "print(1)", "language_id": 71, "cpu_time_limit": value});
        let answer: Value = json_of(app.post("/submissions", &key, &body).await, 422).await;
        assert_eq!(
            answer["cpu_time_limit"][0], "is not a number",
            "{value}: {answer}"
        );
    }
}

#[tokio::test]
async fn candidates_see_secret_tests_fuel_and_memory_coarse_and_interviewers_exact() {
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    let interviewer = app.key("interviewer");
    let id = app
        .submit(
            &key,
            "token-bucket",
            "python",
            "problems/token-bucket/submissions/accepted/limiter.py",
        )
        .await;
    let coarse = app.wait_done(&id, &key).await;
    let exact = app
        .get_json(&format!("/v1/submissions/{id}"), &interviewer, 200)
        .await;
    let mut any_rounded = false;
    for (seen, full) in coarse["tests"]
        .as_array()
        .unwrap()
        .iter()
        .zip(exact["tests"].as_array().unwrap())
    {
        let (fuel, exact_fuel) = (
            seen["fuel"].as_u64().unwrap(),
            full["fuel"].as_u64().unwrap(),
        );
        let memory = seen["memory_bytes"].as_u64().unwrap();
        if seen["sample"] == true {
            assert_eq!(fuel, exact_fuel, "samples are shown whole");
            continue;
        }
        let unit = 10u64.pow(exact_fuel.ilog10() - 1);
        assert_eq!(fuel % unit, 0, "two significant digits: {fuel}");
        assert!(
            fuel.abs_diff(exact_fuel) <= unit / 2,
            "{fuel} vs {exact_fuel}"
        );
        assert_eq!(memory % (1 << 20), 0, "whole MiB: {memory}");
        any_rounded |= fuel != exact_fuel;
    }
    assert!(
        any_rounded,
        "interviewers see what candidates do not: {exact}"
    );
}

#[tokio::test]
async fn a_judge0_run_longer_than_its_lease_is_run_once() {
    // Leases of 1 s (3 s for runs); two workers; a run that waits 5 s.
    let app = App::spawn("workers = 2\nlease_seconds = 1\n").await;
    let key = app.key("candidate");
    let body = json!({
        "source_code": "#include <unistd.h>\nint main(void) { sleep(5); return 0; }",
        "language_id": 50, "wall_time_limit": 20,
    });
    let started = Instant::now();
    let created = json_of(app.post("/submissions?wait=true", &key, &body).await, 201).await;
    assert!(
        started.elapsed() > Duration::from_secs(4),
        "the run outlasted its lease: {created}"
    );
    assert_eq!(created["status"]["id"], 3, "{created}");
    let log = app.log();
    assert!(
        !log.contains("lost the run's lease"),
        "a second worker took the run while it ran"
    );
    assert_eq!(log.matches("\"ran\"").count(), 1, "one run: {created}");
}
