//! `App`: a live judge service in a child process.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, Response};
use serde_json::{Value, json};

#[path = "../support.rs"]
mod support;

pub(crate) use support::repo;

/// A running service.
pub(crate) struct App {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The data dir.
    pub data: PathBuf,
    /// The first admin key.
    pub admin: String,
    /// The PostgreSQL database it runs on, in the matrix's PostgreSQL leg
    /// (shared with the other processes of its fleet).
    pub database: Option<std::sync::Arc<TestDatabase>>,
    child: Option<Child>,
    client: reqwest::Client,
    env: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

impl App {
    /// Starts a service whose `judge.toml` is `config`.
    pub(crate) async fn spawn(config: &str) -> App {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        App::spawn_at(dir, data, config, Vec::new()).await
    }

    /// Starts a service on a database of its own on the matrix's
    /// PostgreSQL server (the default one when the leg is off), which
    /// [`App::spawn_beside`] can share.
    pub(crate) async fn spawn_on_postgres(config: &str) -> App {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let database = TestDatabase::create(&postgres_server()).await.unwrap();
        App::start_with(
            dir,
            data,
            config,
            Some(std::sync::Arc::new(database)),
            Vec::new(),
        )
        .await
    }

    /// Starts another process of this one's fleet: its own data dir, the
    /// same database (and so the same keys).
    pub(crate) async fn spawn_beside(&self, config: &str) -> App {
        assert!(
            self.database.is_some(),
            "a fleet shares a PostgreSQL database"
        );
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let mut app = App::start_with(dir, data, config, self.database.clone(), Vec::new()).await;
        app.admin = self.admin.clone();
        app
    }

    /// Starts a service whose data dir is `data` (removed with `dir`), with
    /// `env` added to its environment.
    pub(crate) async fn spawn_at(
        dir: tempfile::TempDir,
        data: PathBuf,
        config: &str,
        env: Vec<(String, String)>,
    ) -> App {
        let database = leg_database().await.map(std::sync::Arc::new);
        App::start_with(dir, data, config, database, env).await
    }

    async fn start_with(
        dir: tempfile::TempDir,
        data: PathBuf,
        config: &str,
        database: Option<std::sync::Arc<TestDatabase>>,
        env: Vec<(String, String)>,
    ) -> App {
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("judge.toml"), config).unwrap();
        let mut app = App {
            url: String::new(),
            data,
            admin: String::new(),
            database,
            child: None,
            client: reqwest::Client::new(),
            env,
            _dir: dir,
        };
        app.start();
        app.admin = std::fs::read_to_string(app.data.join("admin-key"))
            .unwrap_or_default()
            .trim()
            .to_owned();
        app
    }

    /// Starts (or restarts) the process and waits until it listens.
    pub(crate) fn start(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data.join("log.jsonl"))
            .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_judge"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&self.data)
            .args(self.database_args())
            .env("JUDGE_CACHE_DIR", support::shared_cache())
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let address = line
            .trim()
            .strip_prefix("judge: listening on ")
            .unwrap_or_else(|| panic!("no listening line: {line:?}; log: {}", self.log()));
        self.url = address.to_owned();
        self.child = Some(child);
    }

    /// `--database URL` in the PostgreSQL leg, nothing in SQLite's.
    pub(crate) fn database_args(&self) -> Vec<String> {
        self.database
            .iter()
            .flat_map(|db| ["--database".to_owned(), db.url.clone()])
            .collect()
    }

    /// The service's store, opened as the service opens it.
    pub(crate) async fn store(&self) -> judge::internals::Store {
        let url = self.database.as_ref().map(|db| db.url.as_str());
        let database = judge::config::Database::from_url(url, &self.data).unwrap();
        judge::internals::Store::connect(&database, judge::internals::Migrations::Check)
            .await
            .unwrap()
    }

    /// The service's peak resident memory so far, in KiB (`VmHWM`).
    pub(crate) fn peak_memory_kib(&self) -> u64 {
        let pid = self.child.as_ref().expect("running").id();
        std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM")
    }

    /// The service's log so far.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.data.join("log.jsonl")).unwrap_or_default()
    }

    /// Sends `signal` and waits for the process to end.
    pub(crate) fn stop_with(
        &mut self,
        signal: nix::sys::signal::Signal,
    ) -> std::process::ExitStatus {
        let mut child = self.child.take().unwrap();
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), signal).unwrap();
        child.wait().unwrap()
    }

    /// Creates a key with `judge keys create`.
    pub(crate) fn key(&self, role: &str) -> String {
        let database = self.database.as_ref().map(|db| db.url.as_str());
        support::create_key(&self.data, database, role)
    }

    /// A request with `key` (none when empty).
    pub(crate) fn request(&self, method: Method, path: &str, key: &str) -> RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.url));
        if key.is_empty() {
            builder
        } else {
            builder.bearer_auth(key)
        }
    }

    /// `GET path` as JSON, asserting the status.
    pub(crate) async fn get_json(&self, path: &str, key: &str, status: u16) -> Value {
        let response = self.request(Method::GET, path, key).send().await.unwrap();
        json_of(response, status).await
    }

    /// `POST path` with a JSON body.
    pub(crate) async fn post(&self, path: &str, key: &str, body: &Value) -> Response {
        self.request(Method::POST, path, key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Submits a file of the repository; returns the submission id.
    pub(crate) async fn submit(
        &self,
        key: &str,
        problem: &str,
        language: &str,
        file: &str,
    ) -> String {
        let source = std::fs::read_to_string(repo().join(file)).unwrap();
        let body = json!({"problem": problem, "language": language, "source": source});
        let response = self.post("/v1/submissions", key, &body).await;
        let view = json_of(response, 202).await;
        view["id"].as_str().unwrap().to_owned()
    }

    /// Polls a submission until its webhook is delivered; returns its view.
    pub(crate) async fn wait_webhook_delivered(&self, id: &str, key: &str) -> Value {
        let started = Instant::now();
        loop {
            let view = self
                .get_json(&format!("/v1/submissions/{id}"), key, 200)
                .await;
            if view["webhook"]["state"] == "delivered" {
                return view;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "{view}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Polls a submission until it is done.
    pub(crate) async fn wait_done(&self, id: &str, key: &str) -> Value {
        let started = Instant::now();
        loop {
            let view = self
                .get_json(&format!("/v1/submissions/{id}"), key, 200)
                .await;
            if view["state"] == "done" {
                return view;
            }
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "submission {id} not done: {view}; log: {}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The body of `response` as JSON, asserting its status.
pub(crate) async fn json_of(response: Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// Asserts `response` is an RFC 7807 problem with `status` and `type`.
pub(crate) async fn assert_problem(response: Response, status: u16, kind: &str) -> Value {
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    let body = json_of(response, status).await;
    assert_eq!(body["type"], format!("/errors/{kind}"), "{body}");
    assert_eq!(body["status"], status);
    assert!(
        body["title"].is_string() && body["detail"].is_string(),
        "{body}"
    );
    body
}

/// A config with every worker off, for tests of the API alone.
pub(crate) const NO_WORKERS: &str = "workers = 0\n";

/// A path in the repository.
pub(crate) fn repo_path(path: &str) -> PathBuf {
    repo().join(path)
}

/// What each service of the test matrix's second leg runs on: a fresh
/// database, dropped with it. The leg is on when `TEST_POSTGRES_SERVER`
/// names a server (`postgres://postgres@127.0.0.1:5432`); without it, every
/// service runs on SQLite in its data dir.
pub(crate) use judge::internals::ScratchDatabase as TestDatabase;

/// A new database on the matrix's server, if the leg is on.
async fn leg_database() -> Option<TestDatabase> {
    let server = std::env::var("TEST_POSTGRES_SERVER").ok()?;
    Some(TestDatabase::create(&server).await.unwrap())
}

/// The matrix's server, or the machine's when the leg is off.
fn postgres_server() -> String {
    support::postgres_server("TEST_POSTGRES_SERVER")
}
