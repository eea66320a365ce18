//! Durability: a service killed with SIGKILL mid-judging, then restarted,
//! gives every accepted submission exactly one final verdict; SIGTERM drains
//! the work in hand before exiting.

use std::time::{Duration, Instant};

use nix::sys::signal::Signal;

use crate::app::App;

const SLOW: &str = "problems/token-bucket/submissions/accepted/limiter.py";

/// Waits until some submission is being judged.
async fn until_running(app: &App, key: &str) {
    let started = Instant::now();
    loop {
        let page = app.get_json("/v1/submissions?limit=100", key, 200).await;
        let states: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["state"].as_str().unwrap())
            .collect();
        if states.contains(&"running") {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "nothing ran: {states:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn after_kill_9_and_a_restart_every_submission_is_judged_exactly_once() {
    // Embedded, the restart takes back what the killed process held; on
    // PostgreSQL, it waits for the lease to run out (its holder may be alive).
    let mut app = App::spawn("workers = 1\nlease_seconds = 3\n").await;
    let key = app.key("candidate");
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(app.submit(&key, "token-bucket", "python", SLOW).await);
    }
    until_running(&app, &key).await;
    let status = app.stop_with(Signal::SIGKILL);
    assert!(!status.success());
    app.start();
    for id in &ids {
        let view = app.wait_done(id, &key).await;
        assert_eq!(view["verdict"], "AC", "{view}");
    }
    app.stop_with(Signal::SIGTERM);
    let store = app.store().await;
    let mut claims = Vec::new();
    for id in &ids {
        assert_eq!(
            store.done_events(id).await.unwrap(),
            1,
            "{id} finished more than once, or never"
        );
        claims.push(store.submission(id).await.unwrap().unwrap().claims);
    }
    // The one in hand at the kill was taken again; the rest once.
    assert_eq!(claims.iter().filter(|c| **c == 2).count(), 1, "{claims:?}");
    assert!(claims.iter().all(|c| (1..=2).contains(c)), "{claims:?}");
    if app.database.is_none() {
        assert!(
            app.log()
                .contains("requeued submissions a previous run did not finish")
        );
    }
}

#[tokio::test]
async fn sigterm_finishes_the_submission_in_hand_before_exiting() {
    let mut app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    let first = app.submit(&key, "token-bucket", "python", SLOW).await;
    let second = app.submit(&key, "token-bucket", "python", SLOW).await;
    until_running(&app, &key).await;
    let status = app.stop_with(Signal::SIGTERM);
    assert!(status.success(), "{status:?}");
    let store = app.store().await;
    let first = store.submission(&first).await.unwrap().unwrap();
    assert_eq!(first.verdict.as_deref(), Some("AC"), "drained");
    let second = store.submission(&second).await.unwrap().unwrap();
    assert_eq!(
        second.state,
        judge::internals::SubmissionState::Queued,
        "left for the next start"
    );
}
