//! Judge0 and Piston compatibility: their real clients (the Judge0 Python SDK
//! and npm piston-client, installed by tests/compat/install.sh) run unmodified
//! against a live judge; and the finer points of Judge0's shapes.

use std::path::{Path, PathBuf};
use std::process::Command;

use reqwest::Method;
use serde_json::json;

use crate::app::{App, json_of, repo_path};

fn compat_dir() -> PathBuf {
    std::env::var_os("JUDGE_COMPAT_DIR")
        .map_or_else(|| PathBuf::from("/opt/judge/compat"), PathBuf::from)
}

fn run_client(program: &Path, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e} (run tests/compat/install.sh)", program.display()));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{} failed:\n{stdout}\n{}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[tokio::test]
async fn the_judge0_python_sdk_works_unmodified() {
    let app = App::spawn("workers = 2\n").await;
    let key = app.key("interviewer");
    let script = repo_path("tests/compat/judge0_client.py");
    let out = run_client(
        &compat_dir().join("venv/bin/python"),
        &[script.to_str().unwrap(), &app.url, &key],
    );
    assert_eq!(out.matches("\nok   ").count(), 8, "{out}");
}

#[tokio::test]
async fn the_piston_client_works_unmodified_without_credentials() {
    let app = App::spawn("workers = 1\nanonymous_role = \"candidate\"\n").await;
    let out = run_client(
        Path::new("node"),
        &[
            repo_path("tests/compat/piston_client.mjs")
                .to_str()
                .unwrap(),
            &app.url,
        ],
    );
    assert_eq!(out.matches("ok   ").count(), 6, "{out}");
}

#[tokio::test]
async fn without_an_anonymous_role_credential_less_clients_get_401() {
    let app = App::spawn("workers = 0\n").await;
    let response = app
        .request(Method::GET, "/api/v2/runtimes", "")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn judge0_shapes_base64_fields_errors_and_deletion() {
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    let send = |method: Method, path: &str| app.request(method, path, &key);

    let config = json_of(send(Method::GET, "/config_info").send().await.unwrap(), 200).await;
    assert_eq!(config.as_object().unwrap().len(), 39);
    assert_eq!(config["enable_network"], false);
    let statuses = json_of(send(Method::GET, "/statuses").send().await.unwrap(), 200).await;
    assert_eq!(statuses.as_array().unwrap().len(), 14);
    assert_eq!(
        statuses[10],
        json!({"id": 11, "description": "Runtime Error (NZEC)"})
    );
    assert_eq!(
        send(Method::GET, "/version")
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "1.13.1"
    );

    // Field errors are Judge0's: 422 {"field": ["message"]}.
    let invalid = send(Method::POST, "/submissions")
        .json(&json!({"source_code": "x", "language_id": 9999, "cpu_time_limit": 99, "enable_network": true}))
        .send()
        .await
        .unwrap();
    let errors = json_of(invalid, 422).await;
    assert!(
        errors["language_id"][0].as_str().unwrap().contains("9999"),
        "{errors}"
    );
    assert!(
        errors["cpu_time_limit"][0].as_str().unwrap().contains("15"),
        "{errors}"
    );
    assert_eq!(
        errors["enable_network"][0],
        "enabling network is not allowed"
    );
    // A NUL in the callback URL: refused here, never a run that cannot be
    // recorded (PostgreSQL's text cannot hold it). In a source, where it
    // is kept escaped in the job's JSON, it is taken.
    let nul = send(Method::POST, "/submissions")
        .json(&json!({"source_code": "print(1)\u{0}", "language_id": 71,
            "callback_url": "http://example.com/a\u{0}b"}))
        .send()
        .await
        .unwrap();
    let errors = json_of(nul, 422).await;
    assert!(
        errors["callback_url"][0]
            .as_str()
            .unwrap()
            .contains("control character"),
        "{errors}"
    );
    let taken = send(Method::POST, "/submissions")
        .json(&json!({"source_code": "print(1)\u{0}", "language_id": 71}))
        .send()
        .await
        .unwrap();
    assert!(json_of(taken, 201).await["token"].is_string());
    let fields = send(Method::GET, "/submissions/x?fields=token,nope")
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_of(fields, 400).await["error"],
        "invalid fields: [nope]"
    );

    // base64 in and out, Ruby style; a non-zero exit is NZEC with its code.
    let source = "import sys\nprint('x' * 70)\nsys.exit(3)\n";
    let body = json!({"source_code": base64_of(source.as_bytes()), "language_id": 71});
    let created = send(
        Method::POST,
        "/submissions?base64_encoded=true&wait=true&fields=*",
    )
    .json(&body)
    .send()
    .await
    .unwrap();
    let run = json_of(created, 201).await;
    assert_eq!(
        run["status"],
        json!({"id": 11, "description": "Runtime Error (NZEC)"})
    );
    assert_eq!(run["exit_code"], 3);
    let stdout = run["stdout"].as_str().unwrap();
    assert!(
        stdout.ends_with('\n') && stdout.lines().next().unwrap().len() == 60,
        "{stdout:?}"
    );
    assert!(run["time"].is_string() && run["memory"].is_u64(), "{run}");
    assert!(run["created_at"].as_str().unwrap().ends_with('Z'));

    // Deleting: the owner may, once done; then it is gone.
    let token = run["token"].as_str().unwrap();
    let deleted = send(Method::DELETE, &format!("/submissions/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(deleted, 200).await["token"], token);
    let gone = send(Method::GET, &format!("/submissions/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);

    // Another candidate cannot see someone else's token.
    let mine = json_of(
        send(Method::POST, "/submissions?wait=true")
            .json(&json!({"source_code": "print(1)", "language_id": 71}))
            .send()
            .await
            .unwrap(),
        201,
    )
    .await;
    let stranger = app.key("candidate");
    let theirs = app
        .request(
            Method::GET,
            &format!("/submissions/{}", mine["token"].as_str().unwrap()),
            &stranger,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), 404);
}

fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
