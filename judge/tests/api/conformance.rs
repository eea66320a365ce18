//! The API against its own OpenAPI document, by schemathesis (property-based:
//! hundreds of generated requests, valid and invalid): no 5xx, every status
//! and content type documented, every body matching its schema, and invalid
//! data rejected.

use std::process::Command;

use crate::app::App;

#[tokio::test]
async fn every_operation_conforms_to_the_openapi_document() {
    let app = App::spawn("workers = 0\n").await;
    // Each interpreter compiled to native code once first (the compile
    // cache is shared, and may be cold): the request timeout below is for
    // the API, not for Cranelift's first compile of ruby.wasm on a busy
    // machine, which holds the one run slot meanwhile.
    // A cold Ruby snapshot can outlast the run's deadline (503) on a loaded
    // machine; the work goes on in its slot, so asking again finds it done.
    for language in ["python", "ruby", "javascript", "typescript", "lua"] {
        let body = serde_json::json!({"language": language, "source": ""});
        let started = std::time::Instant::now();
        loop {
            let status = app.post("/v1/runs", &app.admin, &body).await.status();
            if status == 503 && started.elapsed() < std::time::Duration::from_secs(600) {
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
            assert_eq!(status, 200, "{language}");
            break;
        }
    }
    let compat = std::env::var_os("JUDGE_COMPAT_DIR").map_or_else(
        || std::path::PathBuf::from("/opt/judge/compat"),
        std::path::PathBuf::from,
    );
    let output = Command::new(compat.join("venv/bin/st"))
        .args(["run", &format!("{}/openapi.json", app.url)])
        .args(["-H", &format!("Authorization: Bearer {}", app.admin)])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection",
            "--max-examples",
            "40",
            "--seed",
            "1",
            "--request-timeout",
            "60",
            "--suppress-health-check",
            "all",
            "--no-color",
            // A zip body is not something it can generate; the event stream never ends on its own.
            "--exclude-operation-id",
            "uploadProblem",
            "--exclude-operation-id",
            "streamSubmissionEvents",
        ])
        .output()
        .expect("schemathesis (tests/compat/install.sh installs it)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains(" passed"), "{report}");
    assert!(
        !app.log().contains("\"level\":\"ERROR\""),
        "the judge logged an error:\n{}",
        app.log()
    );
}
