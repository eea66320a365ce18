//! Hostile requests: malformed bodies get clear problem documents, slow
//! clients are cut off, and a flood of connections waits its turn instead
//! of taking the service down.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use reqwest::Method;

use crate::app::{App, assert_problem};

fn connect(app: &App) -> TcpStream {
    let stream = TcpStream::connect(app.url.trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

#[tokio::test]
async fn malformed_bodies_are_problem_documents() {
    let app = App::spawn("workers = 0\n").await;
    let key = app.key("candidate");
    let post = |body: Vec<u8>| {
        app.request(Method::POST, "/v1/runs", &key)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "invalid UTF-8",
            b"{\"language\": \"c\", \"source\": \"\xff\xfe\"}".to_vec(),
            400,
            "bad-json",
        ),
        // Refused at its first bracket: nothing recurses 100 000 deep.
        (
            "deep nesting",
            [vec![b'['; 100_000], vec![b']'; 100_000]].concat(),
            422,
            "invalid-body",
        ),
        (
            "NaN",
            b"{\"language\": \"c\", \"source\": NaN}".to_vec(),
            400,
            "bad-json",
        ),
        (
            "a number out of range",
            b"{\"language\": \"c\", \"source\": \"x\", \"stdin\": 1e999}".to_vec(),
            400,
            "bad-json",
        ),
        (
            "over the body limit",
            vec![b' '; 2 << 20],
            413,
            "body-too-large",
        ),
    ];
    for (what, body, status, kind) in cases {
        let response = post(body).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{what}");
        assert_problem(response, status, kind).await;
    }
    // The service still answers (on a new connection: the one the oversized
    // body came on is closed by the server, unread).
    let fresh = reqwest::Client::new()
        .get(format!("{}/v1/languages", app.url))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 200);
}

#[tokio::test]
async fn a_nul_character_is_refused_alike_on_both_engines() {
    let app = App::spawn("workers = 0\n").await;
    let key = app.key("candidate");
    // In a filter, an id or a pad link's token (PostgreSQL's text cannot
    // hold one: this was a 500 there).
    for path in [
        "/v1/submissions?problem=a%00b",
        "/v1/submissions/x%00y",
        "/v1/pad-links/pc_%00/timeline",
    ] {
        let refused = app.request(Method::GET, path, &key).send().await.unwrap();
        assert_problem(refused, 400, "nul-character").await;
    }
    // In a body's string; an escaped backslash before "u0000" is no NUL.
    let submit = |source: &str| {
        app.request(Method::POST, "/v1/submissions", &key)
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"problem": "token-bucket", "language": "c", "source": "{source}"}}"#
            ))
            .send()
    };
    let refused = submit(r"int main(void) { return 0; }\u0000").await.unwrap();
    assert_problem(refused, 422, "nul-character").await;
    let taken = submit(r#"int main(void) { return 0; } // \\u0000"#)
        .await
        .unwrap();
    assert_eq!(taken.status(), 202, "{}", taken.text().await.unwrap());
    let listed = app
        .request(Method::GET, "/v1/submissions?problem=token-bucket", &key)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status(), 200);
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_cut_off() {
    let app = App::spawn("workers = 0\n[limits]\nheader_read_timeout_seconds = 1\n").await;
    let mut slow = connect(&app);
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: ju")
        .unwrap();
    let mut buffer = [0u8; 256];
    match slow.read(&mut buffer) {
        Ok(0) => {}
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
        other => panic!("the slow client was still connected: {other:?}"),
    }
    let alive = app
        .request(Method::GET, "/healthz", "")
        .send()
        .await
        .unwrap();
    assert_eq!(alive.status(), 200);
}

#[tokio::test]
async fn connections_past_the_cap_wait_until_one_closes() {
    let app = App::spawn(
        "workers = 0\n[limits]\nmax_connections = 2\nheader_read_timeout_seconds = 30\n",
    )
    .await;
    let idle = [connect(&app), connect(&app)];
    let mut third = connect(&app);
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: judge\r\nConnection: close\r\n\r\n")
        .unwrap();
    third
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let mut answer = Vec::new();
    let waited = third.read_to_end(&mut answer);
    assert!(
        waited.is_err() && answer.is_empty(),
        "served past the cap: {waited:?} {}",
        String::from_utf8_lossy(&answer)
    );
    drop(idle);
    third
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    third.read_to_end(&mut answer).unwrap();
    assert!(
        String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}
