//! `POST /v1/runs`: one run on custom input, answered at once.

use serde_json::json;

use crate::app::{App, json_of};

#[tokio::test]
async fn a_run_answers_with_output_or_why_it_stopped() {
    let app = App::spawn(
        "workers = 0\n[runs]\ntime_seconds = 0.5\nmemory_mib = 128\noutput_bytes = 1000\n",
    )
    .await;
    let key = app.key("candidate");
    let run = |language: &str, source: &str, stdin: &str| {
        let body = json!({"language": language, "source": source, "stdin": stdin});
        let app = &app;
        let key = key.clone();
        async move { json_of(app.post("/v1/runs", &key, &body).await, 200).await }
    };
    let echo = run(
        "python",
        "import sys\nprint(sys.stdin.read().upper(), end='')\n",
        "hi pad",
    )
    .await;
    assert_eq!(
        (echo["status"].as_str(), echo["stdout"].as_str()),
        (Some("OK"), Some("HI PAD")),
        "{echo}"
    );
    assert_eq!(echo["exit_code"], 0);
    assert!(echo["fuel"].as_u64().unwrap() > 0);

    let broken = run("c", "int main( {", "").await;
    assert_eq!(broken["status"], "CE");
    assert!(broken["compile_log"].as_str().unwrap().contains("error"));

    let spin = run("c", "int main(void) { for (;;) {} }", "").await;
    assert_eq!(spin["status"], "TLE", "{spin}");
    let crash = run("c", "#include <stdlib.h>\nint main(void) { return 3; }", "").await;
    assert_eq!(
        (crash["status"].as_str(), crash["exit_code"].as_i64()),
        (Some("RTE"), Some(3))
    );
    let flood = run(
        "c",
        "#include <stdio.h>\nint main(void) { for (;;) putchar('x'); }",
        "",
    )
    .await;
    assert_eq!(flood["status"], "OLE", "{flood}");
    assert_eq!(flood["stdout"].as_str().unwrap().len(), 1000);
    let hog = run(
        "c",
        "#include <stdlib.h>\nint main(void) { volatile char *p = malloc(200 << 20); if (!p) return 1; for (long i = 0; i < (200 << 20); i += 4096) p[i] = 1; return p[4096]; }",
        "",
    )
    .await;
    assert_eq!(hog["status"], "MLE", "{hog}");
}
