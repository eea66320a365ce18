//! Every error is an RFC 7807 problem document with a stable type.

use reqwest::Method;
use serde_json::json;

use crate::app::{App, NO_WORKERS, assert_problem};

#[tokio::test]
async fn every_error_is_a_problem_document() {
    let app = App::spawn("workers = 0\n[limits]\nbody_bytes = 300000\nsource_bytes = 1000\n").await;
    let key = app.key("candidate");
    let send = |method: Method, path: &str| app.request(method, path, &key);

    let not_found = send(Method::GET, "/v1/nothing").send().await.unwrap();
    assert_problem(not_found, 404, "not-found").await;
    let no_route = app
        .request(Method::GET, "/nothing", "")
        .send()
        .await
        .unwrap();
    assert_problem(no_route, 404, "not-found").await;
    let no_submission = send(Method::GET, "/v1/submissions/nope")
        .send()
        .await
        .unwrap();
    assert_problem(no_submission, 404, "not-found").await;
    let method = send(Method::PUT, "/v1/submissions").send().await.unwrap();
    assert_problem(method, 405, "method-not-allowed").await;
    let bad_json = send(Method::POST, "/v1/submissions")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(bad_json, 400, "bad-json").await;
    let missing = app
        .post("/v1/submissions", &key, &json!({"problem": "token-bucket"}))
        .await;
    let body = assert_problem(missing, 422, "invalid-body").await;
    assert!(
        body["detail"].as_str().unwrap().contains("language"),
        "{body}"
    );
    let unknown_field = app
        .post(
            "/v1/runs",
            &key,
            &json!({"language": "c", "source": "x", "stdn": ""}),
        )
        .await;
    assert_problem(unknown_field, 422, "invalid-body").await;
    let long_name = app
        .post(
            "/v1/submissions",
            &key,
            &json!({"problem": "p".repeat(100), "language": "c", "source": "x"}),
        )
        .await;
    assert_problem(long_name, 422, "field-too-long").await;
    let language = app
        .post(
            "/v1/submissions",
            &key,
            &json!({"problem": "token-bucket", "language": "cobol", "source": "x"}),
        )
        .await;
    assert_problem(language, 422, "unknown-language").await;
    let problem = app
        .post(
            "/v1/submissions",
            &key,
            &json!({"problem": "nope", "language": "c", "source": "x"}),
        )
        .await;
    assert_problem(problem, 422, "unknown-problem").await;
    let source = app
        .post(
            "/v1/submissions",
            &key,
            &json!({"problem": "token-bucket", "language": "c", "source": "x".repeat(2000)}),
        )
        .await;
    assert_problem(source, 413, "source-too-large").await;
    let body = app
        .post(
            "/v1/runs",
            &key,
            &json!({"language": "c", "source": "x", "stdin": "y".repeat(400_000)}),
        )
        .await;
    // The unread rest of the body leaves the connection unusable: it is closed,
    // and the client told so, so its next request takes a fresh one.
    assert_eq!(body.headers()["connection"], "close");
    assert_problem(body, 413, "body-too-large").await;
    let callback = app
        .post("/v1/submissions", &key, &json!({"problem": "token-bucket", "language": "c", "source": "x", "callback_url": "ftp://x"}))
        .await;
    assert_problem(callback, 422, "invalid-callback-url").await;
    let cursor = send(Method::GET, "/v1/submissions?cursor=zzz")
        .send()
        .await
        .unwrap();
    assert_problem(cursor, 400, "invalid-cursor").await;
    let limit = send(Method::GET, "/v1/submissions?limit=1000")
        .send()
        .await
        .unwrap();
    assert_problem(limit, 400, "invalid-query").await;
}

#[tokio::test]
async fn request_ids_are_kept_or_made_and_returned() {
    let app = App::spawn(NO_WORKERS).await;
    let given = app
        .request(Method::GET, "/v1/nothing", "")
        .header("x-request-id", "trace-42")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "trace-42");
    let body = assert_problem(given, 404, "not-found").await;
    assert_eq!(body["request_id"], "trace-42");
    let made = app
        .request(Method::GET, "/healthz", "")
        .send()
        .await
        .unwrap();
    assert!(!made.headers()["x-request-id"].is_empty());
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = App::spawn(NO_WORKERS).await;
    let document = app.get_json("/openapi.json", "", 200).await;
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/v1/submissions",
        "/v1/submissions/{id}",
        "/v1/submissions/{id}/events",
        "/v1/runs",
        "/v1/problems",
        "/v1/problems/{slug}",
        "/v1/languages",
        "/healthz",
        "/readyz",
    ] {
        assert!(
            document["paths"][path].is_object(),
            "{path} is not described"
        );
    }
    assert!(document["components"]["securitySchemes"]["bearer"].is_object());
    // What a validator checks: unique operation ids, and path parameters that
    // are in their path.
    let mut ids = std::collections::BTreeSet::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            assert!(
                ids.insert(id.to_owned()),
                "{method} {path}: operationId {id:?} repeats"
            );
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                if parameter["in"] == "path" {
                    let name = parameter["name"].as_str().unwrap();
                    assert!(
                        path.contains(&format!("{{{name}}}")),
                        "{method} {path}: path parameter {name}"
                    );
                }
            }
        }
    }
    assert!(document["components"]["schemas"]["ProblemDetails"].is_object());
}
