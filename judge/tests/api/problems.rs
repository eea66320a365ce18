//! The problem bank through the API: reading (never secret data), uploading
//! a package (verified first), deleting.

use std::io::Write;

use reqwest::Method;

use crate::app::{App, NO_WORKERS, assert_problem, json_of};

const SUM_C: &str = "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return 0; }\n";
pub(crate) const DIFF_C: &str = "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a - b); return 0; }\n";

/// A small Kattis package as a zip, in a top folder named `slug`. Its
/// `wrong_answer` submission is correct when `honest` is false, so that
/// verification fails.
pub(crate) fn package_zip(slug: &str, honest: bool) -> Vec<u8> {
    package_zip_with(slug, SUM_C, if honest { DIFF_C } else { SUM_C })
}

/// A small package with these accepted and wrong-answer sources.
pub(crate) fn package_zip_with(slug: &str, accepted: &str, wrong: &str) -> Vec<u8> {
    let yaml = "problem_format_version: 2023-07-draft\nname: Sum\nlimits:\n  memory: 256\n";
    let files: Vec<(String, &str)> = vec![
        ("problem.yaml".into(), yaml),
        ("statement/problem.en.md".into(), "Add two numbers.\n"),
        ("data/sample/1.in".into(), "1 2\n"),
        ("data/sample/1.ans".into(), "3\n"),
        ("data/secret/1.in".into(), "40000 2345\n"),
        ("data/secret/1.ans".into(), "42345\n"),
        ("submissions/accepted/sum.c".into(), accepted),
        ("submissions/wrong_answer/diff.c".into(), wrong),
    ];
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in files {
        writer
            .start_file(
                format!("{slug}/{name}"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// `POST /v1/problems{query}` with `zip`.
pub(crate) async fn upload(app: &App, key: &str, query: &str, zip: Vec<u8>) -> reqwest::Response {
    app.request(Method::POST, &format!("/v1/problems{query}"), key)
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn problems_show_statement_samples_and_limits_but_no_secret_data() {
    let app = App::spawn(NO_WORKERS).await;
    let key = app.key("candidate");
    let list = app.get_json("/v1/problems", &key, 200).await;
    let slugs: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert!(
        slugs.contains(&"token-bucket") && slugs.contains(&"first-bad-deploy"),
        "{slugs:?}"
    );
    let problem = app.get_json("/v1/problems/token-bucket", &key, 200).await;
    // The package's keywords: a difficulty and tags.
    assert_eq!(problem["difficulty"], "medium");
    assert_eq!(
        problem["tags"],
        serde_json::json!(["rate-limiting", "simulation"])
    );
    assert!(problem["statement"].as_str().unwrap().len() > 100);
    assert!(problem["time_limit_seconds"].as_f64().unwrap() > 0.0);
    // A time limit per installed language, each saying where it comes from.
    let limits = problem["time_limits"].as_array().unwrap();
    for language in ["cpp", "python", "ruby"] {
        let limit = limits
            .iter()
            .find(|l| l["language"] == language)
            .unwrap_or_else(|| panic!("no {language} limit: {problem}"));
        let seconds = limit["seconds"].as_f64().unwrap();
        assert!(seconds > 0.0, "{limit}");
        assert_eq!(
            limit["fuel"].as_u64().unwrap(),
            (seconds * 2e9).ceil() as u64,
            "{limit}"
        );
        assert!(limit["why"].as_str().unwrap().len() > 10, "{limit}");
    }
    let sample = std::fs::read_to_string(crate::app::repo_path(
        "problems/token-bucket/data/sample/1.in",
    ))
    .unwrap();
    assert_eq!(problem["samples"][0]["input"], sample.as_str());
    assert!(problem["secret_tests"].as_u64().unwrap() > 0);
    let missing = app
        .request(Method::GET, "/v1/problems/nope", &key)
        .send()
        .await
        .unwrap();
    assert_problem(missing, 404, "not-found").await;
}

#[tokio::test]
async fn an_uploaded_package_is_verified_judged_kept_and_deletable() {
    let mut app = App::spawn("workers = 1\n").await;
    let interviewer = app.key("interviewer");
    let candidate = app.key("candidate");

    let rejected = upload(&app, &interviewer, "", package_zip("sum-broken", false)).await;
    let body = assert_problem(rejected, 422, "package-rejected").await;
    let errors = body["errors"].to_string();
    assert!(errors.contains("submissions/wrong_answer/diff.c"), "{body}");
    let not_zip = upload(&app, &interviewer, "?slug=x", b"not a zip".to_vec()).await;
    assert_problem(not_zip, 422, "invalid-package").await;

    let created = upload(&app, &interviewer, "", package_zip("sum", true)).await;
    assert_eq!(created.headers()["location"], "/v1/problems/sum");
    let created = json_of(created, 201).await;
    assert_eq!(created["origin"], "uploaded");
    // problem.yaml gives no time limit: one was derived from the accepted run.
    assert!(
        created["time_limit_seconds"].as_f64().unwrap() > 0.0,
        "{created}"
    );
    let again = upload(&app, &interviewer, "", package_zip("sum", true)).await;
    assert_problem(again, 409, "problem-exists").await;

    let source = serde_json::json!({"problem": "sum", "language": "c", "source": SUM_C});
    let id = json_of(app.post("/v1/submissions", &candidate, &source).await, 202).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = app.wait_done(&id, &candidate).await;
    assert_eq!(done["verdict"], "AC");
    // Derived from the accepted C submission: C's own limit applied.
    assert_eq!(done["time_limit"]["language"], "c", "{done}");
    assert_eq!(done["time_limit"]["source"], "accepted", "{done}");
    let limits = app.get_json("/v1/problems/sum", &candidate, 200).await["time_limits"].clone();

    // Kept across a restart (the package is in the database).
    app.stop_with(nix::sys::signal::Signal::SIGTERM);
    std::fs::remove_dir_all(app.data.join("problems")).unwrap();
    app.start();
    let kept = app.get_json("/v1/problems/sum", &candidate, 200).await;
    assert_eq!(kept["time_limit_seconds"], created["time_limit_seconds"]);
    assert_eq!(kept["time_limits"], limits, "each language's too");

    let bundled = app
        .request(Method::DELETE, "/v1/problems/token-bucket", &app.admin)
        .send()
        .await
        .unwrap();
    assert_problem(bundled, 409, "bundled-problem").await;
    let deleted = app
        .request(Method::DELETE, "/v1/problems/sum", &app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let gone = app
        .request(Method::GET, "/v1/problems/sum", &candidate)
        .send()
        .await
        .unwrap();
    assert_problem(gone, 404, "not-found").await;
}

/// Two API processes on one PostgreSQL, and a worker in the second: a
/// package uploaded through the first is listed, taken and judged through
/// the second; deleted through the first, the second refuses it.
#[tokio::test]
async fn an_upload_and_a_deletion_reach_every_process_of_a_fleet() {
    let first = App::spawn_on_postgres(NO_WORKERS).await;
    let second = first.spawn_beside("workers = 1\n").await;
    let interviewer = first.key("interviewer");
    let created = upload(&first, &interviewer, "", package_zip("sum", true)).await;
    json_of(created, 201).await;

    let candidate = first.key("candidate");
    let started = std::time::Instant::now();
    while second
        .request(Method::GET, "/v1/problems/sum", &candidate)
        .send()
        .await
        .unwrap()
        .status()
        != 200
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "never reached the second"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let source = serde_json::json!({"problem": "sum", "language": "c", "source": SUM_C});
    let id = json_of(
        second.post("/v1/submissions", &candidate, &source).await,
        202,
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(second.wait_done(&id, &candidate).await["verdict"], "AC");

    let deleted = first
        .request(Method::DELETE, "/v1/problems/sum", &first.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let started = std::time::Instant::now();
    loop {
        let refused = second.post("/v1/submissions", &candidate, &source).await;
        if refused.status() == 422 {
            assert_problem(refused, 422, "unknown-problem").await;
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "still taken"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
