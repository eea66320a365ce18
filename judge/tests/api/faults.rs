//! Faults around the service: a database another process holds locked, a
//! data dir whose disk fills up, a runner image gone at run time. Each ends
//! in a clear answer (503 with Retry-After, or the verdict IE), nothing
//! acknowledged is lost, and the service keeps answering.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;
use sqlx::Connection;

use crate::app::{App, assert_problem, json_of};

const SOURCE: &str = "int main(void) { return 0; }";

fn submission(source: &str) -> serde_json::Value {
    json!({"problem": "token-bucket", "language": "c", "source": source})
}

#[tokio::test]
async fn a_database_locked_by_another_process_answers_503_then_recovers() {
    let app = App::spawn("workers = 0\n").await;
    let key = app.key("candidate");
    let mut other =
        sqlx::SqliteConnection::connect(&format!("sqlite:{}", app.data.join("judge.db").display()))
            .await
            .unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut other)
        .await
        .unwrap();
    let started = Instant::now();
    let refused = app.post("/v1/submissions", &key, &submission(SOURCE)).await;
    assert!(refused.headers().contains_key("retry-after"));
    assert_problem(refused, 503, "database-busy").await;
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "it waited its busy timeout first"
    );
    // Reading goes on while another process writes (WAL).
    app.get_json("/v1/submissions", &key, 200).await;
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    let accepted = app.post("/v1/submissions", &key, &submission(SOURCE)).await;
    assert_eq!(accepted.status(), 202);
    let log = app.log();
    assert!(
        !log.contains("\"internal error\""),
        "a busy database is not an internal error"
    );
}

/// A small tmpfs, unmounted when dropped.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(at: &Path, size: &str) -> Self {
        std::fs::create_dir_all(at).unwrap();
        let status = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0700"),
                "tmpfs",
            ])
            .arg(at)
            .status()
            .expect("mount (this test needs root, as CI has)");
        assert!(
            status.success(),
            "cannot mount a tmpfs at {}: run as root",
            at.display()
        );
        Self(at.to_owned())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[tokio::test]
async fn a_full_disk_refuses_new_work_and_keeps_everything_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let disk = SmallDisk::mount(&data, "2m");
    let app = App::spawn_at(dir, data, "workers = 0\n", Vec::new()).await;
    let key = app.key("candidate");
    let mut accepted = Vec::new();
    let mut refusal = None;
    for n in 0..64 {
        // 200 KB each: the disk fills within a dozen.
        let source = format!("{SOURCE}\n/* {n} {} */\n", "x".repeat(200_000));
        let response = app
            .post("/v1/submissions", &key, &submission(&source))
            .await;
        if response.status() == 202 {
            accepted.push(
                json_of(response, 202).await["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        } else {
            refusal = Some(response);
            break;
        }
    }
    let refusal = refusal.expect("a 2 MiB disk filled up");
    assert!(refusal.headers().contains_key("retry-after"));
    assert_problem(refusal, 503, "storage-full").await;
    assert!(!accepted.is_empty());
    for id in &accepted {
        let view = app
            .get_json(&format!("/v1/submissions/{id}"), &key, 200)
            .await;
        assert_eq!(view["state"], "queued", "{view}");
    }
    let listed = app.get_json("/v1/submissions?limit=100", &key, 200).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), accepted.len());
    drop(app);
    drop(disk);
}

#[tokio::test]
async fn a_runner_image_gone_at_run_time_is_the_verdict_ie_and_the_service_goes_on() {
    // Images seen through a dir of links, so that one can vanish.
    let images = tempfile::tempdir().unwrap();
    let installed = PathBuf::from(
        std::env::var("JUDGE_IMAGES").unwrap_or_else(|_| "/opt/judge/runner-images".into()),
    );
    for entry in std::fs::read_dir(&installed).unwrap() {
        let entry = entry.unwrap();
        std::os::unix::fs::symlink(entry.path(), images.path().join(entry.file_name())).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let env = vec![(
        "JUDGE_IMAGES".to_owned(),
        images.path().display().to_string(),
    )];
    let mut app = App::spawn_at(dir, data, "workers = 0\n", env).await;
    let key = app.key("candidate");
    let python = "print(input())\n";
    let body = json!({"problem": "token-bucket", "language": "python", "source": python});
    let queued = json_of(app.post("/v1/submissions", &key, &body).await, 202).await;
    let id = queued["id"].as_str().unwrap().to_owned();

    app.stop_with(nix::sys::signal::Signal::SIGTERM);
    std::fs::remove_file(images.path().join("python")).unwrap();
    std::fs::write(app.data.join("judge.toml"), "workers = 1\n").unwrap();
    app.start();
    let done = app.wait_done(&id, &key).await;
    assert_eq!(done["verdict"], "IE", "{done}");
    let c = json!({"problem": "token-bucket", "language": "c", "source": SOURCE});
    let other = json_of(app.post("/v1/submissions", &key, &c).await, 202).await;
    let other = app.wait_done(other["id"].as_str().unwrap(), &key).await;
    assert_ne!(other["verdict"], "IE", "{other}");
    let languages = app.get_json("/v1/languages", &key, 200).await;
    let python = languages
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "python")
        .unwrap();
    assert_eq!(python["available"], false, "{python}");
    let refused = app.post("/v1/submissions", &key, &body).await;
    assert_eq!(refused.status(), 422);
    let _ = app
        .request(Method::GET, "/healthz", "")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_kill_during_a_webhook_delivery_delivers_it_after_the_restart() {
    // A receiver whose first delivery hangs (so the judge is killed in the
    // middle of it) and whose later ones answer 204.
    let (first_arrived, mut arrived) = tokio::sync::mpsc::channel::<()>(4);
    let received: std::sync::Arc<std::sync::Mutex<Vec<Vec<u8>>>> = Default::default();
    let seen = received.clone();
    let receiver = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (seen, first_arrived) = (seen.clone(), first_arrived.clone());
            async move {
                let count = {
                    let mut seen = seen.lock().unwrap();
                    seen.push(body.to_vec());
                    seen.len()
                };
                if count == 1 {
                    let _ = first_arrived.send(()).await;
                    tokio::time::sleep(Duration::from_secs(60)).await;
                }
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, receiver).await.unwrap() });

    let mut app = App::spawn("workers = 1\n[webhooks]\nallow_private = true\n").await;
    let key = app.key("candidate");
    let body =
        json!({"problem": "token-bucket", "language": "c", "source": SOURCE, "callback_url": url});
    let id = json_of(app.post("/v1/submissions", &key, &body).await, 202).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    tokio::time::timeout(Duration::from_secs(120), arrived.recv())
        .await
        .expect("the first delivery arrived");
    app.stop_with(nix::sys::signal::Signal::SIGKILL);
    app.start();
    let view = app.wait_webhook_delivered(&id, &key).await;
    assert_eq!(view["state"], "done");
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 2, "delivered again after the kill, once");
    assert_eq!(
        received[0], received[1],
        "the same body both times (receivers dedupe by id)"
    );
}
