//! Webhooks: signed, retried with backoff after a failure, every attempt
//! recorded; private addresses refused unless allowed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use crate::app::{App, json_of};

/// What a receiver got: each delivery's signature header and body.
pub(crate) type Received = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A webhook receiver on loopback that fails its first `failures` deliveries.
pub(crate) async fn receiver(failures: usize) -> (String, Received) {
    let received: Received = Arc::default();
    let seen = received.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let seen = seen.clone();
            async move {
                let mut seen = seen.lock().unwrap();
                let signature = headers
                    .get("x-judge-signature")
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default();
                seen.push((signature, body.to_vec()));
                if seen.len() <= failures {
                    StatusCode::INTERNAL_SERVER_ERROR
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, received)
}

fn verify(secret: &str, header: &str, body: &[u8]) -> bool {
    let (t, v1) = header
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .expect("t=...,v1=...");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&hex::decode(v1).unwrap()).is_ok()
}

#[tokio::test]
async fn a_webhook_is_signed_and_retried_until_delivered() {
    let app = App::spawn("workers = 1\n[webhooks]\nallow_private = true\nbackoff_ms = 200\n").await;
    let (url, received) = receiver(2).await;
    let key = app.key("candidate");
    let body = json!({
        "problem": "token-bucket", "language": "c",
        "source": "int main(void) { return 0; }", "callback_url": url,
    });
    let id = json_of(app.post("/v1/submissions", &key, &body).await, 202).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = app.wait_done(&id, &key).await;
    let view = app.wait_webhook_delivered(&id, &key).await;
    assert_eq!(
        view["webhook"]["attempts"], 3,
        "two failures, then delivered"
    );
    let secret = std::fs::read_to_string(app.data.join("webhook-secret")).unwrap();
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 3);
    for (signature, body) in &received {
        assert!(
            verify(secret.trim(), signature, body),
            "bad signature {signature}"
        );
        assert!(!verify("another secret", signature, body));
        let sent: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(
            (&sent["id"], &sent["verdict"]),
            (&done["id"], &done["verdict"])
        );
    }
}

#[tokio::test]
async fn callbacks_to_private_addresses_are_refused_by_default() {
    let app = App::spawn("workers = 1\n[webhooks]\nmax_attempts = 1\n").await;
    let (url, received) = receiver(0).await;
    let key = app.key("candidate");
    // The address itself, and a name that resolves to it.
    let by_name = url.replace("127.0.0.1", "localhost");
    let mut ids = Vec::new();
    for callback in [&url, &by_name] {
        let body = json!({
            "problem": "token-bucket", "language": "c",
            "source": "int main(void) { return 0; }", "callback_url": callback,
        });
        let id = json_of(app.post("/v1/submissions", &key, &body).await, 202).await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        ids.push(id);
    }
    for id in &ids {
        app.wait_done(id, &key).await;
        let started = Instant::now();
        loop {
            let view = app
                .get_json(&format!("/v1/submissions/{id}"), &key, 200)
                .await;
            if view["webhook"]["state"] == "failed" {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(30), "{view}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert!(received.lock().unwrap().is_empty());
    let log = app.log();
    assert!(log.contains("127.0.0.1 is a private address"), "{log}");
    assert!(
        log.contains("localhost resolves only to private addresses"),
        "{log}"
    );
}
