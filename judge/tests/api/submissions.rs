//! A submission's life through the API: queued, judged, its events, listing
//! by cursor, who sees what, and idempotent retries.

use reqwest::Method;
use serde_json::{Value, json};

use crate::app::{App, NO_WORKERS, assert_problem, json_of};

const ACCEPTED: &str = "problems/token-bucket/submissions/accepted/limiter.cpp";
const WRONG: &str = "problems/token-bucket/submissions/wrong_answer/per_user_only.py";

#[tokio::test]
async fn a_submission_is_queued_judged_and_streamed() {
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    let id = app.submit(&key, "token-bucket", "cpp", ACCEPTED).await;
    let done = app.wait_done(&id, &key).await;
    assert_eq!(done["verdict"], "AC", "{done}");
    let tests = done["tests"].as_array().unwrap();
    assert!(tests.len() > 2);
    assert!(
        tests
            .iter()
            .all(|t| t["verdict"] == "AC" && t["fuel"].as_u64().unwrap() > 0)
    );
    let sample = &tests[0];
    assert_eq!(sample["sample"], true);
    assert!(sample["input"].is_string() && sample["expected"].is_string());
    assert_eq!(sample["output"], sample["expected"]);
    // Accepted: its growth rate on the problem's scaling series, fitted,
    // beside the reference solution's (the C port, recorded).
    let growth = &done["growth"];
    assert_eq!(growth["points"].as_array().unwrap().len(), 6, "{growth}");
    assert!(growth["fit"]["exponent"].is_f64(), "{growth}");
    assert!(
        growth["words"].as_str().unwrap().starts_with("≈ O("),
        "{growth}"
    );
    let compared = growth["reference"]["words"].as_str().unwrap();
    assert!(
        compared.contains("; at n = ") && compared.ends_with("x the fuel"),
        "{compared}"
    );
    assert_eq!(
        growth["reference"]["path"], "submissions/accepted/limiter.c",
        "{growth}"
    );
    // A compiled language's: where the fuel goes on the largest input.
    let profile = &growth["profile"];
    assert_eq!(profile["ended"], "exited with code 0", "{profile}");
    let functions = profile["functions"].as_array().unwrap();
    assert!(!functions.is_empty() && functions.len() <= 10, "{profile}");
    assert!(
        functions
            .iter()
            .any(|f| f["name"] == "main" || f["name"] == "__original_main"),
        "{profile}"
    );

    // The event stream replays the whole life and ends after `done`.
    let events = app
        .request(Method::GET, &format!("/v1/submissions/{id}/events"), &key)
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let text = events.text().await.unwrap();
    let kinds: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("event: "))
        .collect();
    assert_eq!(&kinds[..3], ["state", "state", "state"], "{text}");
    assert_eq!(kinds.iter().filter(|k| **k == "test").count(), tests.len());
    assert_eq!(kinds.last(), Some(&"done"));
    assert!(text.contains("\"state\":\"running\""));
    // Resuming after an event id gives only what follows it.
    let resumed = app
        .request(Method::GET, &format!("/v1/submissions/{id}/events"), &key)
        .header("last-event-id", (kinds.len() - 1).to_string())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let resumed_kinds: Vec<&str> = resumed
        .lines()
        .filter_map(|l| l.strip_prefix("event: "))
        .collect();
    assert_eq!(resumed_kinds, ["done"], "{resumed}");
}

#[tokio::test]
async fn wrong_answers_and_compile_errors_get_their_verdicts() {
    let app = App::spawn("workers = 2\n").await;
    let key = app.key("candidate");
    let wrong = app.submit(&key, "token-bucket", "python", WRONG).await;
    let broken = app
        .post(
            "/v1/submissions",
            &key,
            &json!({"problem": "token-bucket", "language": "c", "source": "int main( {"}),
        )
        .await;
    let broken = json_of(broken, 202).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = app.wait_done(&wrong, &key).await;
    assert_eq!(wrong["verdict"], "WA", "{wrong}");
    let broken = app.wait_done(&broken, &key).await;
    assert_eq!(broken["verdict"], "CE");
    assert!(
        broken["compile_log"].as_str().unwrap().contains("error"),
        "{broken}"
    );
}

#[tokio::test]
async fn listings_are_newest_first_by_cursor_and_candidates_see_only_their_own() {
    let app = App::spawn(NO_WORKERS).await;
    let ana = app.key("candidate");
    let bob = app.key("candidate");
    let mut ana_ids = Vec::new();
    for _ in 0..3 {
        ana_ids.push(app.submit(&ana, "token-bucket", "cpp", ACCEPTED).await);
    }
    let bob_id = app.submit(&bob, "token-bucket", "cpp", ACCEPTED).await;

    let first = app.get_json("/v1/submissions?limit=2", &ana, 200).await;
    let ids = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&first), [ana_ids[2].clone(), ana_ids[1].clone()]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get_json(
            &format!("/v1/submissions?limit=2&cursor={cursor}"),
            &ana,
            200,
        )
        .await;
    assert_eq!(ids(&second), [ana_ids[0].clone()]);
    assert!(second["next_cursor"].is_null());

    // Bob sees neither Ana's listing nor her submission (404, not 403: no
    // telling what exists).
    assert_eq!(
        ids(&app.get_json("/v1/submissions", &bob, 200).await),
        [bob_id]
    );
    let other = app
        .request(
            Method::GET,
            &format!("/v1/submissions/{}", ana_ids[0]),
            &bob,
        )
        .send()
        .await
        .unwrap();
    assert_problem(other, 404, "not-found").await;
    // An interviewer sees everyone's.
    let interviewer = app.key("interviewer");
    assert_eq!(
        app.get_json("/v1/submissions", &interviewer, 200).await["items"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_response_and_refuses_another_body() {
    let app = App::spawn(NO_WORKERS).await;
    let key = app.key("candidate");
    let body = json!({"problem": "token-bucket", "language": "c", "source": "int main(void) { return 0; }"});
    let send = |body: Value, idempotency: &'static str, key: String| {
        let app = &app;
        async move {
            app.request(Method::POST, "/v1/submissions", &key)
                .header("idempotency-key", idempotency)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let first = send(body.clone(), "k-1", key.clone()).await;
    assert!(first.headers().get("idempotent-replayed").is_none());
    let location = first.headers()["location"].to_str().unwrap().to_owned();
    let first = json_of(first, 202).await;
    let retry = send(body.clone(), "k-1", key.clone()).await;
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.headers()["location"].to_str().unwrap(), location);
    assert_eq!(json_of(retry, 202).await, first);
    // The same fields in another order and spacing are the same request.
    let reordered: Value = serde_json::from_str(&format!(
        "{{ \"source\": {}, \"language\": \"c\", \"problem\": \"token-bucket\" }}",
        json!(body["source"])
    ))
    .unwrap();
    assert_eq!(
        json_of(send(reordered, "k-1", key.clone()).await, 202).await["id"],
        first["id"]
    );
    let mut other = body.clone();
    other["source"] = json!("int main(void) { return 1; }");
    assert_problem(
        send(other, "k-1", key.clone()).await,
        422,
        "idempotency-key-reused",
    )
    .await;
    // Keys are per client: another client's k-1 is its own.
    let stranger = app.key("candidate");
    let theirs = json_of(send(body.clone(), "k-1", stranger.clone()).await, 202).await;
    assert_ne!(theirs["id"], first["id"]);
    let all = app.get_json("/v1/submissions", &app.admin, 200).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn interviewers_filter_by_problem_candidate_and_verdict_and_see_who_sent_what() {
    let app = App::spawn("workers = 1\n").await;
    let ana = app.key("candidate");
    let bob = app.key("candidate");
    let key_id = |key: &str| key.split('_').nth(1).unwrap().to_owned();
    let (ana_id, bob_id) = (key_id(&ana), key_id(&bob));
    let accepted = app.submit(&ana, "token-bucket", "cpp", ACCEPTED).await;
    let wrong = app.submit(&bob, "token-bucket", "python", WRONG).await;
    app.wait_done(&accepted, &ana).await;
    app.wait_done(&wrong, &bob).await;
    let interviewer = app.key("interviewer");
    let listed = |query: &'static str, key: String| {
        let app = &app;
        async move {
            let page = app
                .get_json(&format!("/v1/submissions?{query}"), &key, 200)
                .await;
            page["items"].as_array().unwrap().clone()
        }
    };
    let ids = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids(&listed("verdict=WA", interviewer.clone()).await),
        [wrong.as_str()]
    );
    assert_eq!(
        ids(&listed("verdict=AC&problem=token-bucket", interviewer.clone()).await),
        [accepted.as_str()]
    );
    assert!(
        listed("problem=lru-cache", interviewer.clone())
            .await
            .is_empty()
    );
    let by_ana = app
        .get_json(
            &format!("/v1/submissions?candidate={ana_id}"),
            &interviewer,
            200,
        )
        .await;
    let items = by_ana["items"].as_array().unwrap();
    assert_eq!(ids(items), [accepted.as_str()]);
    // Who sent it, by key id and name; listings carry no source.
    assert_eq!(items[0]["author"]["key_id"], ana_id.as_str());
    assert_eq!(items[0]["author"]["name"], "test");
    assert!(items[0].get("source").is_none());
    let bad = app
        .request(Method::GET, "/v1/submissions?verdict=XYZ", &interviewer)
        .send()
        .await
        .unwrap();
    assert_problem(bad, 400, "invalid-query").await;

    // A candidate lists its own, and no one else's.
    let own = listed("verdict=AC", ana.clone()).await;
    assert_eq!(ids(&own), [accepted.as_str()]);
    assert!(own[0].get("author").is_none());
    let others = app
        .request(
            Method::GET,
            &format!("/v1/submissions?candidate={bob_id}"),
            &ana,
        )
        .send()
        .await
        .unwrap();
    assert_problem(others, 403, "forbidden").await;

    // One submission carries its source (and, for interviewers, its author).
    let source = std::fs::read_to_string(crate::app::repo_path(WRONG)).unwrap();
    let seen = app
        .get_json(&format!("/v1/submissions/{wrong}"), &interviewer, 200)
        .await;
    assert_eq!(seen["source"], source.as_str());
    assert_eq!(seen["author"]["key_id"], bob_id.as_str());
    let own = app
        .get_json(&format!("/v1/submissions/{wrong}"), &bob, 200)
        .await;
    assert_eq!(own["source"], source.as_str());
    assert!(own.get("author").is_none());
}
