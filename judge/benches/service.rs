//! The service end to end: judging throughput, and API latency while judging.
//!
//! Starts the release `judge serve` on a temporary data dir (the bundled
//! bank; rate limits and queue room raised so that they do not shape the
//! figures) and measures, through HTTP as a client sees it:
//!
//! - **throughput**: submissions per minute from the first `POST` to the last
//!   verdict, for `migration-order` (16 tests, the bank's largest), in C++
//!   and in Python; *cold* submissions are all different sources (C++
//!   compiles each), *warm* ones the same source (its module cached);
//! - **latency**: p50/p99 of `GET /v1/problems/{slug}` and of `POST
//!   /v1/submissions` (the `202` accept) at fixed request rates, sent by
//!   `oha` in a process of its own, while the workers judge a backlog.
//!
//! Run: `cargo bench -p judge --bench service` (after `runner-images/install.sh`;
//! `tests/bench.sh` also installs `oha`).

#![allow(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const PROBLEM: &str = "migration-order";
const CONFIG: &str = r#"
queue_capacity = 100000
queued_per_key = 100000
[rate_limits.global]
per_minute = 100000000
burst = 1000000
[rate_limits.admin.submit]
per_minute = 100000000
burst = 1000000
[rate_limits.admin.read]
per_minute = 100000000
burst = 1000000
"#;

struct Service {
    child: Child,
    url: String,
    key: String,
    client: reqwest::blocking::Client,
    _dir: tempfile::TempDir,
}

impl Service {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).expect("data dir");
        std::fs::write(data.join("judge.toml"), CONFIG).expect("config");
        let mut child = Command::new(env!("CARGO_BIN_EXE_judge"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(&data)
            .env("JUDGE_CACHE_DIR", dir.path().join("cache"))
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("judge serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("listening line");
        let url = line
            .trim()
            .strip_prefix("judge: listening on ")
            .expect("listening line")
            .to_owned();
        let key = std::fs::read_to_string(data.join("admin-key"))
            .expect("admin key")
            .trim()
            .to_owned();
        Self {
            child,
            url,
            key,
            client: reqwest::blocking::Client::new(),
            _dir: dir,
        }
    }

    fn submit(&self, language: &str, source: &str) -> String {
        let response = self
            .client
            .post(format!("{}/v1/submissions", self.url))
            .bearer_auth(&self.key)
            .json(&json!({"problem": PROBLEM, "language": language, "source": source}))
            .send()
            .expect("submit");
        assert_eq!(response.status(), 202);
        let view: Value = response.json().expect("json");
        view["id"].as_str().expect("id").to_owned()
    }

    fn wait_done(&self, id: &str) -> Value {
        loop {
            let view: Value = self
                .client
                .get(format!("{}/v1/submissions/{id}", self.url))
                .bearer_auth(&self.key)
                .send()
                .and_then(reqwest::blocking::Response::json)
                .expect("view");
            if view["state"] == "done" {
                return view;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Submissions per minute for `sources`, submitted at once.
    fn throughput(&self, language: &str, sources: &[String]) -> f64 {
        let started = Instant::now();
        let ids: Vec<String> = sources.iter().map(|s| self.submit(language, s)).collect();
        for id in &ids {
            let view = self.wait_done(id);
            assert_eq!(view["verdict"], "AC", "{view}");
        }
        #[allow(clippy::cast_precision_loss, reason = "a count of submissions")]
        let per_minute = sources.len() as f64 / started.elapsed().as_secs_f64() * 60.0;
        per_minute
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo");
    let accepted = repo
        .join("problems")
        .join(PROBLEM)
        .join("submissions/accepted");
    let cpp = std::fs::read_to_string(accepted.join("order.cpp")).expect("order.cpp");
    let python = std::fs::read_to_string(accepted.join("order.py")).expect("order.py");
    let service = Service::start();
    // Each language's first submission loads its toolchain's caches (and
    // Python's snapshot): not what either figure is about.
    for (language, source) in [("cpp", &cpp), ("python", &python)] {
        let id = service.submit(language, source);
        service.wait_done(&id);
    }

    println!("judging throughput, {PROBLEM} (16 tests), through the service, 2 cores");
    let distinct = |source: &str, comment: &str, n: usize| -> Vec<String> {
        (0..n)
            .map(|i| format!("{source}\n{comment} {i}\n"))
            .collect()
    };
    for (language, source, comment, cold, warm) in
        [("cpp", &cpp, "//", 6, 60), ("python", &python, "#", 30, 60)]
    {
        let cold_rate = service.throughput(language, &distinct(source, comment, cold));
        let warm_rate = service.throughput(language, &vec![source.clone(); warm]);
        println!(
            "  {language:<7} cold {cold_rate:>7.1}/min ({cold} distinct sources)   warm {warm_rate:>7.1}/min ({warm} of one source)"
        );
    }

    let Some(oha) = oha() else {
        println!("API latency: skipped, `oha` is not installed (tests/bench.sh installs it)");
        return;
    };
    // A backlog for the workers while the load runs.
    for _ in 0..400 {
        service.submit("python", &python);
    }
    println!("API latency at fixed rates (oha, 10 s each), workers judging a backlog");
    let body = json!({"problem": PROBLEM, "language": "python", "source": python}).to_string();
    for rate in [100, 500] {
        for (name, method, path, body) in [
            (
                "GET /v1/problems/{slug}",
                "GET",
                format!("/v1/problems/{PROBLEM}"),
                None,
            ),
            (
                "POST /v1/submissions",
                "POST",
                "/v1/submissions".to_owned(),
                Some(&body),
            ),
        ] {
            let (p50, p99, ok) = load(
                &oha,
                &service,
                rate,
                method,
                &path,
                body.map(String::as_str),
            );
            println!(
                "  {name:<24} {rate:>4} req/s   p50 {:>7.2} ms   p99 {:>7.2} ms   success {:.1} %",
                p50 * 1e3,
                p99 * 1e3,
                ok * 100.0
            );
        }
    }
}

/// `oha` on PATH or where `tests/bench.sh` installs it.
fn oha() -> Option<String> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo")
        .join("target/tools/bin/oha");
    [local.to_string_lossy().into_owned(), "oha".to_owned()]
        .into_iter()
        .find(|oha| {
            Command::new(oha)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// p50, p99 (seconds) and the share of successful answers of `rate`
/// requests per second for 10 s.
fn load(
    oha: &str,
    service: &Service,
    rate: u32,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> (f64, f64, f64) {
    let mut command = Command::new(oha);
    command
        .args([
            "--no-tui",
            "--output-format",
            "json",
            "-z",
            "10s",
            "-c",
            "32",
        ])
        .args(["-q", &rate.to_string(), "-m", method])
        .args(["-H", &format!("Authorization: Bearer {}", service.key)]);
    if let Some(body) = body {
        command.args(["-T", "application/json", "-d", body]);
    }
    let output = command
        .arg(format!("{}{path}", service.url))
        .output()
        .expect("oha");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("oha's JSON");
    let percentile = |p: &str| {
        report["latencyPercentiles"][p]
            .as_f64()
            .expect("percentile")
    };
    let ok = report["summary"]["successRate"].as_f64().unwrap_or(0.0);
    (percentile("p50"), percentile("p99"), ok)
}
