//! Browser sign-in: a key exchanged for a session cookie (HttpOnly,
//! SameSite=Strict, Secure behind TLS), CSRF on every change, sign-out
//! ending the session on the server.

use reqwest::Method;
use serde_json::json;

use crate::app::{App, assert_problem, json_of};

/// `method path` carrying only `cookie` (and `csrf` when given), as a browser would.
async fn browser(
    app: &App,
    method: Method,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let mut request = app
        .request(method, path, "")
        .header("cookie", format!("judge_session={cookie}"));
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_key_becomes_a_session_cookie_whose_changes_need_the_csrf_token() {
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");

    let refused = app
        .post("/v1/session", "", &json!({"key": "jk_not_a_key"}))
        .await;
    assert_problem(refused, 401, "unauthorized").await;

    let signed_in = app
        .request(Method::POST, "/v1/session", "")
        .header("x-forwarded-proto", "https")
        .json(&json!({"key": key}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 201);
    let set_cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    for attribute in [
        "HttpOnly",
        "SameSite=Strict",
        "Secure",
        "Path=/",
        "Max-Age=",
    ] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    let session = json_of(signed_in, 201).await;
    assert_eq!(session["role"], "candidate");
    let csrf = session["csrf_token"].as_str().unwrap().to_owned();
    let cookie = set_cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix("judge_session=")
        .unwrap()
        .to_owned();
    assert!(!cookie.contains(key.as_str()), "the cookie is not the key");

    // Reads need only the cookie.
    let me = browser(&app, Method::GET, "/v1/session", &cookie, None, None).await;
    let me = json_of(me, 200).await;
    assert_eq!(
        (me["role"].as_str(), me["csrf_token"].as_str()),
        (Some("candidate"), Some(csrf.as_str()))
    );
    let problems = browser(&app, Method::GET, "/v1/problems", &cookie, None, None).await;
    assert_eq!(problems.status(), 200);

    // A change without the token (a forged cross-site form) is refused.
    let run = json!({"language": "python", "source": "print(6 * 7)", "stdin": ""});
    for token in [None, Some("0000")] {
        let forged = browser(
            &app,
            Method::POST,
            "/v1/runs",
            &cookie,
            token,
            Some(run.clone()),
        )
        .await;
        assert_problem(forged, 403, "csrf").await;
    }
    let ran = browser(
        &app,
        Method::POST,
        "/v1/runs",
        &cookie,
        Some(&csrf),
        Some(run),
    )
    .await;
    assert_eq!(json_of(ran, 200).await["stdout"], "42\n");

    // Signing out ends it on the server: the old cookie no longer works.
    let out = browser(
        &app,
        Method::DELETE,
        "/v1/session",
        &cookie,
        Some(&csrf),
        None,
    )
    .await;
    assert_eq!(out.status(), 204);
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let after = browser(&app, Method::GET, "/v1/session", &cookie, None, None).await;
    assert_eq!(after.status(), 204, "not signed in any more");
    let after = browser(&app, Method::GET, "/v1/problems", &cookie, None, None).await;
    assert_problem(after, 401, "unauthorized").await;
}

#[tokio::test]
async fn a_revoked_key_ends_its_sessions_and_plain_http_cookies_are_not_secure() {
    let app = App::spawn("workers = 0\n").await;
    let created = json_of(
        app.post(
            "/v1/keys",
            &app.admin,
            &json!({"role": "candidate", "name": "ada"}),
        )
        .await,
        201,
    )
    .await;
    let key = created["key"].as_str().unwrap();
    let signed_in = app.post("/v1/session", "", &json!({"key": key})).await;
    let set_cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!set_cookie.contains("Secure"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap()["judge_session=".len()..].to_owned();
    let id = created["id"].as_str().unwrap();
    let revoked = app
        .request(Method::DELETE, &format!("/v1/keys/{id}"), &app.admin)
        .send()
        .await
        .unwrap();
    assert!(revoked.status().is_success());
    let after = browser(&app, Method::GET, "/v1/problems", &cookie, None, None).await;
    assert_problem(after, 401, "unauthorized").await;
}
