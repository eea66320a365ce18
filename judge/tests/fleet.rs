//! The judge as a fleet on PostgreSQL (and Redis). One API process and three worker
//! processes share a database; 500 submissions (accepted, wrong and too slow,
//! in C and Python) each end with exactly one verdict, one `done` event and
//! one webhook delivery, although one worker is killed with SIGKILL mid-run
//! (its submission in hand is claimed again when its lease runs out, and the
//! lease token keeps the dead worker from writing anything; webhooks leave
//! from the API process).
//!
//! Beside it: the rate limits of two API processes held in Redis (and what
//! happens without Redis), and a deployment that runs `judge migrate`
//! first, with a submission's events streamed from the API process while
//! a worker process judges it.
//!
//! A binary of its own: it loads both cores on purpose. The server is
//! `FLEET_POSTGRES_SERVER` (default `postgres://postgres@127.0.0.1:5432`, the
//! one the test script starts); `FLEET_SUBMISSIONS`, `FLEET_WORKERS` and `FLEET_KILL`
//! change the load (the closing figures of a run with one worker come from
//! there). The figures (throughput, redeliveries, duplicates, queue wait)
//! are printed, not asserted: this machine is shared.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use judge::internals::ScratchDatabase;
use serde_json::{Value, json};
use sqlx::Connection;

#[path = "support.rs"]
mod support;

/// The sources and the verdict each must get: C and Python, accepted, wrong
/// and too slow, in the proportions of `MIX` (by index).
const C_AC: &str = "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return 0; }\n";
const C_TLE: &str = "int main(void) { volatile unsigned long n = 0; for (;;) n++; }\n";
const PY_AC: &str = "a, b = map(int, input().split())\nprint(a + b)\n";
const PY_WA: &str = "a, b = map(int, input().split())\nprint(a - b)\n";
const MIX: [(&str, &str, &str); 10] = [
    ("c", C_AC, "AC"),
    ("python", PY_AC, "AC"),
    ("c", C_AC, "AC"),
    ("python", PY_WA, "WA"),
    ("c", C_AC, "AC"),
    ("python", PY_AC, "AC"),
    ("c", C_AC, "AC"),
    ("python", PY_WA, "WA"),
    ("python", PY_AC, "AC"),
    ("c", C_TLE, "TLE"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_fleet_judges_every_submission_exactly_once_through_a_worker_killed_mid_run() {
    let submissions: usize = env_or("FLEET_SUBMISSIONS", 500);
    let workers: usize = env_or("FLEET_WORKERS", 3);
    // `FLEET_KILL=0`: no worker killed (for a throughput figure with one worker).
    let kill = env_or("FLEET_KILL", 1) == 1;
    let root = tempfile::tempdir().unwrap();
    let bank = sum_problem(root.path());
    let database = database().await;
    let (hooks, receiver) = receiver().await;
    // Four connections each, as a large fleet's processes might have: the
    // fleet's work waits its turn for them, and still ends exactly once.
    let config = format!(
        "problems = \"{}\"\nworkers = 1\nlease_seconds = 3\nqueue_capacity = 100000\nqueued_per_key = 100000\n\
         database_max_connections = 4\n\
         [webhooks]\nallow_private = true\nbackoff_ms = 200\n\
         [rate_limits.global]\nper_minute = 1000000\nburst = 100000\n\
         [rate_limits.admin.submit]\nper_minute = 1000000\nburst = 100000\n\
         [rate_limits.admin.read]\nper_minute = 1000000\nburst = 100000\n",
        bank.display()
    );
    // Every process starts at once, on an empty database: the migrations
    // run once, under PostgreSQL's advisory lock.
    let mut processes: Vec<Process> = std::iter::once("api")
        .chain(std::iter::repeat_n("worker", workers))
        .enumerate()
        .map(|(n, role)| Process::start(root.path(), n, role, &config, &database.url))
        .collect();
    for process in &mut processes {
        process.wait_listening();
    }
    let api = &processes[0];
    let admin = std::fs::read_to_string(api.data.join("admin-key"))
        .unwrap()
        .trim()
        .to_owned();
    let client = reqwest::Client::new();

    let started = Instant::now();
    let mut expected = HashMap::new();
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    for n in 0..submissions {
        let (language, source, verdict) = MIX[n % MIX.len()];
        let source = if language == "c" {
            format!("{source}// {nonce}\n")
        } else {
            source.to_owned()
        };
        let body = json!({
            "problem": "sum", "language": language, "source": source,
            "callback_url": format!("{receiver}/hook"),
        });
        let id = submit(&client, &api.url, &admin, &body).await;
        expected.insert(id, verdict);
    }
    let accepted_in = started.elapsed();

    // Kill a worker while it judges: once a fifth is done.
    let mut db = sqlx::PgConnection::connect(&database.url).await.unwrap();
    wait_until(&mut db, Duration::from_secs(600), |done| {
        done >= submissions / 5
    })
    .await;
    if kill {
        // While it holds a submission, as far as its metrics tell.
        let victim = processes.pop().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            let metrics = client
                .get(format!("{}/metrics", victim.url))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if metrics.lines().any(|line| line == "judge_workers_busy 1") {
                break;
            }
        }
        victim.kill();
    }
    wait_until(&mut db, Duration::from_secs(900), |done| {
        done == submissions
    })
    .await;
    let judged_in = started.elapsed();

    // Every webhook delivered, once.
    let deadline = Instant::now() + Duration::from_secs(120);
    while hooks.lock().unwrap().len() < submissions && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await; // a late duplicate would land now
    let delivered = hooks.lock().unwrap().clone();

    let rows: Vec<(String, String, Option<String>, i64, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.state, s.verdict, s.claims, s.started_at - s.created_at,
                (SELECT COUNT(*) FROM submission_events e WHERE e.submission_id = s.id AND e.kind = 'done')
         FROM submissions s",
    )
    .fetch_all(&mut db)
    .await
    .unwrap();
    assert_eq!(rows.len(), submissions);
    let mut waits = Vec::new();
    let mut redelivered = 0;
    for (id, state, verdict, claims, waited, done_events) in &rows {
        assert_eq!(state, "done", "{id}");
        assert_eq!(verdict.as_deref(), Some(expected[id]), "{id}");
        assert_eq!(*done_events, 1, "{id}: {done_events} done events");
        assert_eq!(delivered.get(id), Some(&1), "{id}: webhook deliveries");
        redelivered += usize::from(*claims > 1);
        waits.push(*waited);
    }
    let duplicates = delivered.values().filter(|n| **n > 1).count();
    assert_eq!(delivered.len(), submissions, "deliveries for unknown ids");
    let (outbox,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM webhooks WHERE state = 'delivered'")
            .fetch_one(&mut db)
            .await
            .unwrap();
    assert_eq!(outbox, submissions as i64);
    // Four processes started on an empty database: every migration ran,
    // each once (a failed race would have left one marked unfinished).
    let (migrations, finished): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(*) FILTER (WHERE success) FROM _sqlx_migrations")
            .fetch_one(&mut db)
            .await
            .unwrap();
    let written = std::fs::read_dir(support::repo().join("judge/migrations/postgres"))
        .unwrap()
        .count();
    assert_eq!(
        (migrations, finished),
        (written as i64, written as i64),
        "each migration ran once"
    );
    // The C programs (new to every cache: their sources carry this run's
    // nonce) were compiled by one worker or another, and shared.
    let (shared,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM artifacts")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(
        shared, 2,
        "the two C programs, each compiled once and shared"
    );

    waits.sort_unstable();
    let p99 = waits[(waits.len() * 99 / 100).min(waits.len() - 1)];
    let _ = writeln!(
        std::io::stdout(),
        "fleet: 1 api + {workers} workers ({}): accepted in {:.1} s, \
         judged in {:.1} s = {:.2} submissions/s; redeliveries {redelivered}, duplicate verdicts 0, \
         duplicate webhooks {duplicates}; queue wait p50 {:.1} s, p99 {:.1} s",
        if kill {
            format!("one killed at {}/{submissions} done", submissions / 5)
        } else {
            "none killed".to_owned()
        },
        accepted_in.as_secs_f64(),
        judged_in.as_secs_f64(),
        submissions as f64 / judged_in.as_secs_f64(),
        waits[waits.len() / 2] as f64 / 1000.0,
        p99 as f64 / 1000.0,
    );
    drop(processes);
    drop(db);
}

/// Two API processes (started together on an empty database: one first
/// admin key between them) share their rate limits through Redis: a key gets its
/// burst once across both, not once per process. With Redis gone, the
/// process configured to fail open answers (on its own buckets), the one
/// configured to fail closed refuses with 503; both again once Redis is back.
#[tokio::test]
async fn rate_limits_hold_across_api_processes_and_fail_open_or_closed_without_redis() {
    let root = tempfile::tempdir().unwrap();
    let database = database().await;
    let mut redis = Redis::start();
    let config = |policy: &str| {
        format!(
            "[rate_limits]\nredis_url = \"redis://127.0.0.1:{}\"\nwhen_redis_fails = \"{policy}\"\n\
             [rate_limits.candidate.read]\nper_minute = 6\nburst = 5\n",
            redis.port
        )
    };
    let mut open = Process::start(root.path(), 0, "api", &config("open"), &database.url);
    let mut closed = Process::start(root.path(), 1, "api", &config("closed"), &database.url);
    open.wait_listening();
    closed.wait_listening();
    // Started together on an empty database, they made one admin key.
    let admin_files = [&open, &closed]
        .iter()
        .filter(|p| p.data.join("admin-key").exists())
        .count();
    let mut db = sqlx::PgConnection::connect(&database.url).await.unwrap();
    let (admins,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_keys WHERE role = 'admin'")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!((admin_files, admins), (1, 1));
    let key = open.key("candidate", &database.url);
    let client = reqwest::Client::new();
    let get = |process: &Process, key: &str| {
        client
            .get(format!("{}/v1/languages", process.url))
            .bearer_auth(key)
            .send()
    };

    // Twenty requests, alternately to each process, within a second or two:
    // five (the burst) pass, perhaps a sixth refilled; not five per process.
    let mut passed = 0;
    for n in 0..20 {
        let process = if n % 2 == 0 { &open } else { &closed };
        match get(process, &key).await.unwrap().status().as_u16() {
            200 => passed += 1,
            429 => {}
            other => panic!("status {other}"),
        }
    }
    assert!((5..=6).contains(&passed), "{passed} of 20 passed");

    // Redis stops: a fresh key passes on the process failing open, up to
    // its own bucket; the one failing closed refuses.
    redis.stop();
    let other = open.key("candidate", &database.url);
    for _ in 0..3 {
        assert_eq!(get(&open, &other).await.unwrap().status(), 200);
    }
    let refused = get(&closed, &other).await.unwrap();
    assert_eq!(refused.status(), 503);
    assert_eq!(refused.headers()["retry-after"], "1");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["type"], "/errors/rate-limit-unavailable", "{body}");
    let metrics = |process: &Process| {
        let url = format!("{}/metrics", process.url);
        let client = client.clone();
        async move { client.get(url).send().await.unwrap().text().await.unwrap() }
    };
    assert!(
        metrics(&open)
            .await
            .contains("judge_rate_limit_fallbacks_total{policy=\"open\"} 3")
    );
    assert!(
        metrics(&closed)
            .await
            .contains("judge_rate_limit_fallbacks_total{policy=\"closed\"} 1")
    );
    assert!(
        open.log().contains("Redis does not answer"),
        "{}",
        open.log()
    );

    // Redis is back (empty: every bucket full again).
    redis.restart();
    assert_eq!(get(&closed, &other).await.unwrap().status(), 200);
    assert!(
        closed.log().contains("Redis answers again"),
        "{}",
        closed.log()
    );
}

/// A deployment that migrates on its own: a service told not to migrate
/// refuses a database `judge migrate` has not brought up to date, with a
/// clear message, and starts once it has. Then a submission queued through
/// the API process and judged by the worker process streams its events,
/// `done` last, from the API process.
#[tokio::test]
async fn judge_migrate_comes_first_and_events_stream_from_another_process() {
    let root = tempfile::tempdir().unwrap();
    let database = database().await;
    let config = "migrate_on_start = false\nworkers = 1\n";
    let refused = Command::new(env!("CARGO_BIN_EXE_judge"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--role",
            "api",
            "--database",
            &database.url,
        ])
        .arg("--data")
        .arg(root.path().join("refused"))
        .env("JUDGE_MIGRATE_ON_START", "false")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("run `judge migrate` first"), "{stderr}");

    let migrated = Command::new(env!("CARGO_BIN_EXE_judge"))
        .args(["migrate", "--database", &database.url, "--data"])
        .arg(root.path().join("migrate"))
        .output()
        .unwrap();
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let mut api = Process::start(root.path(), 0, "api", config, &database.url);
    let mut worker = Process::start(root.path(), 1, "worker", config, &database.url);
    api.wait_listening();
    worker.wait_listening();
    // A worker serves health and metrics, and nothing of the API.
    let client = reqwest::Client::new();
    let ready = client
        .get(format!("{}/readyz", worker.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let api_there = client
        .get(format!("{}/v1/languages", worker.url))
        .send()
        .await
        .unwrap();
    assert_eq!(api_there.status(), 404);

    let key = api.key("candidate", &database.url);
    let body = json!({"problem": "token-bucket", "language": "python",
        "source": "print('hello')\n"});
    let id = submit(&client, &api.url, &key, &body).await;
    let stream = client
        .get(format!("{}/v1/submissions/{id}/events", api.url))
        .bearer_auth(&key)
        .timeout(Duration::from_secs(300))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let events: Vec<&str> = stream
        .lines()
        .filter_map(|line| line.strip_prefix("event: "))
        .collect();
    assert_eq!(events.first(), Some(&"state"), "{stream}");
    assert_eq!(events.last(), Some(&"done"), "{stream}");
    assert!(stream.contains("\"verdict\":\"WA\""), "{stream}");
}

/// A Redis server of the test's own, on a free port.
struct Redis {
    port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl Redis {
    fn start() -> Redis {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut redis = Redis {
            port,
            dir: tempfile::tempdir().unwrap(),
            child: None,
        };
        redis.restart();
        redis
    }

    fn restart(&mut self) {
        let child = Command::new("redis-server")
            .args(["--bind", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server (Debian's redis-server package)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A fresh database on the fleet's server, dropped afterwards.
/// POSTs a submission to the API at `url` with `key`: its id.
async fn submit(client: &reqwest::Client, url: &str, key: &str, body: &Value) -> String {
    let response = client
        .post(format!("{url}/v1/submissions"))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 202, "{text}");
    let view: Value = serde_json::from_str(&text).unwrap();
    view["id"].as_str().unwrap().to_owned()
}

async fn database() -> ScratchDatabase {
    let server = support::postgres_server("FLEET_POSTGRES_SERVER");
    ScratchDatabase::create(&server)
        .await
        .unwrap_or_else(|e| panic!("the fleet test needs PostgreSQL: {e:#}"))
}

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Polls the database until the count of judged submissions satisfies `until`.
async fn wait_until(db: &mut sqlx::PgConnection, within: Duration, until: impl Fn(usize) -> bool) {
    let deadline = Instant::now() + within;
    loop {
        let (done,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE state = 'done'")
                .fetch_one(&mut *db)
                .await
                .unwrap();
        if until(usize::try_from(done).unwrap()) {
            return;
        }
        assert!(Instant::now() < deadline, "only {done} judged in time");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A bank of one problem: the sum of two numbers, three secret tests, a
/// tenth of a second.
fn sum_problem(root: &Path) -> PathBuf {
    let bank = root.join("bank");
    let problem = bank.join("sum");
    let files = [
        (
            "problem.yaml",
            "problem_format_version: 2023-07-draft\nname: Sum\nlimits:\n  time_limit: 0.1\n",
        ),
        ("data/sample/1.in", "1 2\n"),
        ("data/sample/1.ans", "3\n"),
        ("data/secret/1.in", "10 20\n"),
        ("data/secret/1.ans", "30\n"),
        ("data/secret/2.in", "-5 5\n"),
        ("data/secret/2.ans", "0\n"),
        ("data/secret/3.in", "1000000000 1000000000\n"),
        ("data/secret/3.ans", "2000000000\n"),
    ];
    for (path, text) in files {
        let path = problem.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    bank
}

/// A webhook receiver on a free port: deliveries counted by submission id.
async fn receiver() -> (Arc<Mutex<HashMap<String, usize>>>, String) {
    let hooks = Arc::new(Mutex::new(HashMap::<String, usize>::new()));
    let counted = hooks.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap| {
            let counted = counted.clone();
            async move {
                if let Some(id) = headers
                    .get("x-judge-submission")
                    .and_then(|v| v.to_str().ok())
                {
                    *counted.lock().unwrap().entry(id.to_owned()).or_default() += 1;
                }
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (hooks, url)
}

/// One judge process of the fleet.
struct Process {
    url: String,
    data: PathBuf,
    child: Option<Child>,
}

impl Process {
    fn start(root: &Path, n: usize, role: &str, config: &str, database: &str) -> Process {
        let data = root.join(format!("{role}-{n}"));
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("judge.toml"), config).unwrap();
        let log = std::fs::File::create(data.join("log.jsonl")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_judge"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--role",
                role,
                "--database",
                database,
            ])
            .arg("--data")
            .arg(&data)
            .env("JUDGE_CACHE_DIR", support::shared_cache())
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap();
        Process {
            url: String::new(),
            data,
            child: Some(child),
        }
    }

    fn wait_listening(&mut self) {
        let stdout = self.child.as_mut().unwrap().stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        self.url = line
            .trim()
            .strip_prefix("judge: listening on ")
            .unwrap_or_else(|| {
                panic!(
                    "no listening line: {line:?}; log: {}",
                    std::fs::read_to_string(self.data.join("log.jsonl")).unwrap_or_default()
                )
            })
            .to_owned();
    }

    /// A key made with `judge keys create` on the fleet's database.
    fn key(&self, role: &str, database: &str) -> String {
        support::create_key(&self.data, Some(database), role)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.data.join("log.jsonl")).unwrap_or_default()
    }

    fn kill(mut self) {
        let mut child = self.child.take().unwrap();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
