//! Keys and roles: 401 without a valid key, 403 without the role, keys
//! stored hashed, and the first admin key made once.

use reqwest::Method;
use serde_json::json;

use crate::app::{App, NO_WORKERS, assert_problem, json_of};

#[tokio::test]
async fn requests_without_a_valid_key_are_401_and_without_the_role_403() {
    let app = App::spawn(NO_WORKERS).await;
    let none = app
        .request(Method::GET, "/v1/problems", "")
        .send()
        .await
        .unwrap();
    assert_eq!(
        none.headers()["www-authenticate"].to_str().unwrap(),
        "Bearer realm=\"judge\""
    );
    assert_problem(none, 401, "unauthorized").await;
    let wrong = app
        .request(Method::GET, "/v1/problems", "jk_nope_nope")
        .send()
        .await
        .unwrap();
    assert_problem(wrong, 401, "unauthorized").await;

    let candidate = app.key("candidate");
    let ok = app
        .request(Method::GET, "/v1/problems", &candidate)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    // Judge0 clients send X-Auth-Token.
    let judge0 = app
        .request(Method::GET, "/v1/languages", "")
        .header("x-auth-token", &candidate)
        .send()
        .await
        .unwrap();
    assert_eq!(judge0.status(), 200);

    let upload = app
        .request(Method::POST, "/v1/problems", &candidate)
        .body(vec![1, 2, 3])
        .send()
        .await
        .unwrap();
    assert_problem(upload, 403, "forbidden").await;
    let interviewer = app.key("interviewer");
    let delete = app
        .request(Method::DELETE, "/v1/problems/token-bucket", &interviewer)
        .send()
        .await
        .unwrap();
    assert_problem(delete, 403, "forbidden").await;
}

#[tokio::test]
async fn keys_are_stored_hashed_and_the_first_admin_key_is_made_once() {
    let mut app = App::spawn(NO_WORKERS).await;
    let key = app.key("interviewer");
    assert!(key.starts_with("jk_"), "{key}");
    let database: Vec<u8> = ["judge.db", "judge.db-wal"]
        .iter()
        .flat_map(|name| std::fs::read(app.data.join(name)).unwrap_or_default())
        .collect();
    for token in [&key, &app.admin] {
        let secret = token.rsplit('_').next().unwrap();
        assert!(
            !database
                .windows(secret.len())
                .any(|w| w == secret.as_bytes()),
            "a key's secret is in the database"
        );
    }
    assert!(!app.log().contains(&app.admin), "the admin key was logged");
    // A restart keeps the keys and makes no second admin key.
    std::fs::remove_file(app.data.join("admin-key")).unwrap();
    app.stop_with(nix::sys::signal::Signal::SIGTERM);
    app.start();
    assert!(!app.data.join("admin-key").exists());
    let ok = app
        .request(Method::GET, "/v1/languages", &app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(app.log().matches("created the first admin key").count(), 1);
}

#[tokio::test]
async fn keys_are_made_and_revoked_over_http_and_a_revoked_key_stops_at_once() {
    let app = App::spawn(NO_WORKERS).await;
    let interviewer = app.key("interviewer");
    let made = json_of(
        app.post(
            "/v1/keys",
            &interviewer,
            &json!({"role": "candidate", "name": "Ana"}),
        )
        .await,
        201,
    )
    .await;
    let candidate = made["key"].as_str().unwrap().to_owned();
    let id = made["id"].as_str().unwrap().to_owned();
    assert!(candidate.starts_with(&format!("jk_{id}_")), "{made}");
    assert_eq!(
        (made["role"].as_str(), made["name"].as_str()),
        (Some("candidate"), Some("Ana"))
    );
    app.get_json("/v1/languages", &candidate, 200).await;

    // Interviewers manage candidates' keys only; candidates manage none.
    let too_high = app
        .post("/v1/keys", &interviewer, &json!({"role": "admin"}))
        .await;
    assert_problem(too_high, 403, "forbidden").await;
    let by_candidate = app
        .request(Method::GET, "/v1/keys", &candidate)
        .send()
        .await
        .unwrap();
    assert_problem(by_candidate, 403, "forbidden").await;
    let listed = app.get_json("/v1/keys", &interviewer, 200).await;
    let roles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["candidate"], "{listed}");
    assert!(
        !listed.to_string().contains(&candidate),
        "a listing never shows a secret"
    );
    let all = app.get_json("/v1/keys", &app.admin, 200).await;
    assert_eq!(all.as_array().unwrap().len(), 3, "{all}");

    let revoked = app
        .request(Method::DELETE, &format!("/v1/keys/{id}"), &interviewer)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let refused = app
        .request(Method::GET, "/v1/languages", &candidate)
        .send()
        .await
        .unwrap();
    assert_problem(refused, 401, "unauthorized").await;
    let again = app
        .request(Method::DELETE, &format!("/v1/keys/{id}"), &interviewer)
        .send()
        .await
        .unwrap();
    assert_problem(again, 404, "not-found").await;

    // The CLI revokes too.
    let other = app.key("candidate");
    let other_id = other.split('_').nth(1).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_judge"))
        .args(["keys", "revoke", "--data"])
        .arg(&app.data)
        .args(app.database_args())
        .arg(other_id)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let refused = app
        .request(Method::GET, "/v1/languages", &other)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
}
