//! Secret test data never reaches a candidate or an interviewer, through any
//! endpoint: submissions, listings, event streams, problems, webhooks.

use std::path::Path;

use reqwest::Method;
use serde_json::json;

use crate::app::{App, json_of, repo_path};
use crate::webhooks::receiver;

/// The secret files' texts that are long enough to recognise and that no
/// sample contains.
fn secrets(problem: &Path) -> Vec<String> {
    let read_all = |dir: &Path| -> Vec<String> {
        let mut texts = Vec::new();
        let mut stack = vec![dir.to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if matches!(
                    path.extension().and_then(|e| e.to_str()),
                    Some("in" | "ans")
                ) {
                    texts.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        texts
    };
    let samples = read_all(&problem.join("data/sample")).concat();
    read_all(&problem.join("data/secret"))
        .into_iter()
        .map(|text| text.trim().to_owned())
        .filter(|text| text.len() >= 8 && !samples.contains(text.as_str()))
        .collect()
}

#[tokio::test]
async fn no_response_to_a_candidate_contains_secret_test_data() {
    let app = App::spawn("workers = 2\n[webhooks]\nallow_private = true\n").await;
    let (url, received) = receiver(0).await;
    let candidate = app.key("candidate");
    let interviewer = app.key("interviewer");
    let problem = "token-bucket";
    // A wrong answer that passes the sample (it prints the sample's answer)
    // and fails a secret test: the failure's message must stay hidden.
    let sample_answer =
        std::fs::read_to_string(repo_path("problems/token-bucket/data/sample/1.ans")).unwrap();
    let sample_only = format!(
        "print({}, end='')\n",
        serde_json::to_string(&sample_answer).unwrap()
    );
    let read = |file: &str| std::fs::read_to_string(repo_path(file)).unwrap();
    let submissions = [
        (
            "cpp",
            read("problems/token-bucket/submissions/accepted/limiter.cpp"),
        ),
        ("python", sample_only),
        (
            "python",
            read("problems/token-bucket/submissions/time_limit_exceeded/replay.py"),
        ),
    ];
    let mut bodies = Vec::new();
    let mut ids = Vec::new();
    for (language, source) in submissions {
        let body = json!({"problem": problem, "language": language, "source": source, "callback_url": url});
        let response = app.post("/v1/submissions", &candidate, &body).await;
        let text = response.text().await.unwrap();
        ids.push(
            serde_json::from_str::<serde_json::Value>(&text).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        bodies.push(text);
    }
    let crash = json!({"problem": problem, "language": "c", "source": "int main(void) { return *(volatile int *)0x7fffffff; }"});
    ids.push(
        json_of(app.post("/v1/submissions", &candidate, &crash).await, 202).await["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    );
    let mut verdicts = Vec::new();
    for id in &ids {
        verdicts.push(
            app.wait_done(id, &candidate).await["verdict"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    assert_eq!(verdicts[..3], ["AC", "WA", "TLE"], "{verdicts:?}");
    for key in [&candidate, &interviewer] {
        for id in &ids {
            for path in [
                format!("/v1/submissions/{id}"),
                format!("/v1/submissions/{id}/events"),
            ] {
                let response = app.request(Method::GET, &path, key).send().await.unwrap();
                assert_eq!(response.status(), 200);
                bodies.push(response.text().await.unwrap());
            }
        }
        for path in [
            "/v1/submissions",
            "/v1/problems",
            "/v1/problems/token-bucket",
        ] {
            bodies.push(
                app.request(Method::GET, path, key)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            );
        }
    }
    let started = std::time::Instant::now();
    while received.lock().unwrap().len() < 3 && started.elapsed().as_secs() < 30 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for (_, body) in received.lock().unwrap().iter() {
        bodies.push(String::from_utf8_lossy(body).into_owned());
    }
    let secrets = secrets(&repo_path("problems/token-bucket"));
    assert!(
        secrets.len() >= 5,
        "the problem has recognisable secret data"
    );
    // JSON escapes newlines: compare each secret's lines too.
    let needles: Vec<String> = secrets
        .iter()
        .flat_map(|s| {
            let escaped = serde_json::to_string(s).unwrap();
            [escaped.trim_matches('"').to_owned()]
        })
        .collect();
    for body in &bodies {
        for needle in &needles {
            assert!(
                !body.contains(needle.as_str()),
                "secret data in a response: {}",
                &needle[..needle.len().min(60)]
            );
        }
    }
    // The validator's message on the failed secret test is for admins only.
    let wrong = app
        .get_json(&format!("/v1/submissions/{}", ids[1]), &candidate, 200)
        .await;
    let failed = wrong["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["verdict"] == "WA")
        .unwrap()
        .clone();
    assert_eq!(failed["sample"], false);
    assert!(
        failed.get("message").is_none()
            && failed.get("input").is_none()
            && failed.get("output").is_none()
    );
    let admin_view = app
        .get_json(&format!("/v1/submissions/{}", ids[1]), &app.admin, 200)
        .await;
    let failed = admin_view["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["verdict"] == "WA")
        .unwrap()
        .clone();
    assert!(failed["message"].is_string(), "{failed}");
}
