//! Rate limits (429 with Retry-After and RateLimit-* headers) and
//! backpressure (a full queue is 503 with Retry-After).

use reqwest::Method;
use serde_json::json;

use crate::app::{App, assert_problem};

#[tokio::test]
async fn a_key_over_its_bucket_gets_429_with_retry_after() {
    let app =
        App::spawn("workers = 0\n[rate_limits.candidate.read]\nper_minute = 1\nburst = 2\n").await;
    let key = app.key("candidate");
    let get = || app.request(Method::GET, "/v1/problems", &key).send();
    let first = get().await.unwrap();
    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["ratelimit-limit"], "2");
    assert_eq!(first.headers()["ratelimit-remaining"], "1");
    assert_eq!(get().await.unwrap().status(), 200);
    let refused = get().await.unwrap();
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(refused.headers()["ratelimit-remaining"], "0");
    assert_problem(refused, 429, "rate-limited").await;
    // Buckets are per key and per class.
    let other = app.key("candidate");
    assert_eq!(
        app.request(Method::GET, "/v1/problems", &other)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let interviewer = app.key("interviewer");
    assert_eq!(
        app.request(Method::GET, "/v1/problems", &interviewer)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn a_full_queue_answers_503_with_retry_after() {
    let app = App::spawn("workers = 0\nqueue_capacity = 2\n").await;
    let key = app.key("candidate");
    let body = json!({"problem": "token-bucket", "language": "c", "source": "int main(void) { return 0; }"});
    for _ in 0..2 {
        assert_eq!(app.post("/v1/submissions", &key, &body).await.status(), 202);
    }
    let full = app.post("/v1/submissions", &key, &body).await;
    assert!(full.headers().contains_key("retry-after"));
    assert_problem(full, 503, "queue-full").await;
    let ready = app
        .request(Method::GET, "/readyz", "")
        .send()
        .await
        .unwrap();
    assert_problem(ready, 503, "not-ready").await;
    let all = app.get_json("/v1/submissions", &app.admin, 200).await;
    assert_eq!(
        all["items"].as_array().unwrap().len(),
        2,
        "nothing past the bound was kept"
    );
}

#[tokio::test]
async fn one_key_cannot_fill_the_queue_for_everyone() {
    let app = App::spawn("workers = 0\nqueued_per_key = 2\n").await;
    let (greedy, other) = (app.key("candidate"), app.key("candidate"));
    let body = json!({"problem": "token-bucket", "language": "c", "source": "int main(void) { return 0; }"});
    for _ in 0..2 {
        assert_eq!(
            app.post("/v1/submissions", &greedy, &body).await.status(),
            202
        );
    }
    let refused = app.post("/v1/submissions", &greedy, &body).await;
    assert!(refused.headers().contains_key("retry-after"));
    assert_problem(refused, 429, "too-many-queued").await;
    assert_eq!(
        app.post("/v1/submissions", &other, &body).await.status(),
        202
    );

    // Judge0 runs count the same way, per caller.
    let run = json!({"source_code": "print(1)", "language_id": 71});
    for _ in 0..2 {
        assert_eq!(app.post("/submissions", &greedy, &run).await.status(), 201);
    }
    assert_eq!(app.post("/submissions", &greedy, &run).await.status(), 429);
    assert_eq!(app.post("/submissions", &other, &run).await.status(), 201);
}

#[tokio::test]
async fn a_handler_over_its_deadline_answers_503() {
    // Uploads verify every example submission: longer than a 1 s deadline.
    let app = App::spawn("workers = 0\n[limits]\nupload_timeout_seconds = 1\n").await;
    // An accepted submission that computes for seconds before it answers.
    let slow = "#include <stdio.h>\nint main(void) { volatile unsigned long n = 0; for (unsigned long i = 0; i < 3000000000UL; i++) n += i; long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return n == 1; }\n";
    let zip = crate::problems::package_zip_with("slow-sum", slow, crate::problems::DIFF_C);
    let response = app
        .request(Method::POST, "/v1/problems?slug=slow-sum", &app.admin)
        .header("content-type", "application/zip")
        .body(zip)
        .send()
        .await
        .unwrap();
    assert_problem(response, 503, "timeout").await;
}

#[tokio::test]
async fn an_upload_being_verified_does_not_hold_the_run_slot() {
    let app = App::spawn("workers = 0\nrun_slots = 1\n").await;
    // Verification runs this for seconds on every test.
    let slow = "#include <stdio.h>\nint main(void) { volatile unsigned long n = 0; for (unsigned long i = 0; i < 3000000000UL; i++) n += i; long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return n == 1; }\n";
    let zip = crate::problems::package_zip_with("slow-sum", slow, crate::problems::DIFF_C);
    let uploading = {
        let upload = app
            .request(Method::POST, "/v1/problems?slug=slow-sum", &app.admin)
            .header("content-type", "application/zip")
            .body(zip);
        tokio::spawn(async move { upload.send().await.unwrap().status() })
    };
    // Past the package's own compile, into judging its examples.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert!(
        !uploading.is_finished(),
        "the upload is still being verified"
    );
    let key = app.key("candidate");
    let body = json!({"language": "python", "source": "print(6 * 7)", "stdin": ""});
    let run = crate::app::json_of(app.post("/v1/runs", &key, &body).await, 200).await;
    assert_eq!(run["stdout"], "42\n", "{run}");
    assert!(
        !uploading.is_finished(),
        "the run was answered during verification"
    );
}

#[tokio::test]
async fn runs_have_slots_of_their_own_while_judging_is_busy() {
    let app = App::spawn("workers = 1\nrun_slots = 1\n").await;
    let key = app.key("candidate");
    let slow = app
        .submit(
            &key,
            "token-bucket",
            "python",
            "problems/token-bucket/submissions/time_limit_exceeded/replay.py",
        )
        .await;
    // Wait until the one worker holds its slot.
    loop {
        let view = app
            .get_json(&format!("/v1/submissions/{slow}"), &key, 200)
            .await;
        if view["state"] == "running" {
            break;
        }
        assert_ne!(view["state"], "done", "{view}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let body = json!({"language": "python", "source": "print(6 * 7)", "stdin": ""});
    let run = app.post("/v1/runs", &key, &body).await;
    let run = crate::app::json_of(run, 200).await;
    assert_eq!(run["stdout"], "42\n", "{run}");
    let judged = app
        .get_json(&format!("/v1/submissions/{slow}"), &key, 200)
        .await;
    assert_ne!(
        judged["state"], "done",
        "the run was answered while judging went on"
    );
}
