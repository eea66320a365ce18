//! Keys and roles: 401 without a valid key, 403 without the role, keys
//! stored hashed, and the first admin key made once.

use reqwest::Method;

use crate::app::{App, NO_WORKERS, assert_problem};

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
