//! Observability: `/metrics` after real traffic, every metric name `ops/`
//! uses exists, one request id finds a submission's whole life in the logs,
//! and a real Prometheus server scrapes the judge and answers a golden-signal
//! query.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::app::{App, json_of, repo_path};

/// Sends a little of everything: reads, a 401, a 404, an accepted and a
/// failing submission, a run. Returns the accepted submission's id.
async fn traffic(app: &App) -> String {
    let key = app.key("candidate");
    for _ in 0..3 {
        app.get_json("/v1/problems", &key, 200).await;
    }
    let _ = app
        .request(Method::GET, "/v1/problems", "")
        .send()
        .await
        .unwrap();
    let _ = app
        .request(Method::GET, "/nowhere", &key)
        .send()
        .await
        .unwrap();
    let id = app
        .submit(
            &key,
            "token-bucket",
            "cpp",
            "problems/token-bucket/submissions/accepted/limiter.cpp",
        )
        .await;
    let broken = json!({"problem": "token-bucket", "language": "c", "source": "int main( {"});
    let broken = json_of(app.post("/v1/submissions", &key, &broken).await, 202).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let run = json!({"language": "c", "source": "int main(void) { return 0; }"});
    json_of(app.post("/v1/runs", &key, &run).await, 200).await;
    app.wait_done(&id, &key).await;
    app.wait_done(&broken, &key).await;
    id
}

async fn metrics(app: &App) -> String {
    let response = app
        .request(Method::GET, "/metrics", "")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// The value of the sample `series` (name and labels exactly as exported).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_real_traffic_and_judging() {
    let app = App::spawn("workers = 1\n").await;
    traffic(&app).await;
    for (path, body) in [("/healthz", "ok\n"), ("/readyz", "ready\n")] {
        let response = app.request(Method::GET, path, "").send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), body);
    }
    let text = metrics(&app).await;
    let get =
        |series: &str| sample(&text, series).unwrap_or_else(|| panic!("no {series} in\n{text}"));
    assert_eq!(
        get(r#"judge_http_requests_total{method="GET",route="/v1/problems",status="2xx"}"#),
        3.0
    );
    assert_eq!(
        get(r#"judge_http_requests_total{method="GET",route="/v1/problems",status="4xx"}"#),
        1.0
    );
    assert_eq!(
        get(r#"judge_http_requests_total{method="GET",route="unmatched",status="4xx"}"#),
        1.0
    );
    assert_eq!(
        get(r#"judge_http_requests_total{method="POST",route="/v1/submissions",status="2xx"}"#),
        2.0
    );
    assert!(
        get(
            r#"judge_http_request_duration_seconds_count{method="POST",route="/v1/runs",status="2xx"}"#
        ) >= 1.0
    );
    assert_eq!(
        get(r#"judge_submissions_total{language="cpp",verdict="AC"}"#),
        1.0
    );
    assert_eq!(
        get(r#"judge_submissions_total{language="c",verdict="CE"}"#),
        1.0
    );
    assert_eq!(get(r#"judge_compile_failures_total{language="c"}"#), 1.0);
    assert_eq!(get(r#"judge_runs_total{language="c",status="OK"}"#), 1.0);
    assert!(get(r#"judge_tests_judged_total{verdict="AC"}"#) >= 2.0);
    assert!(get(r#"judge_run_fuel_count{language="cpp"}"#) >= 2.0);
    assert_eq!(get("judge_queue_wait_seconds_count"), 2.0);
    assert_eq!(get("judge_workers_total"), 1.0);
    assert_eq!(get("judge_workers_busy"), 0.0);
    assert_eq!(get("judge_queue_depth"), 0.0);
    assert_eq!(
        get("judge_module_cache_hits_total") + get("judge_module_cache_misses_total"),
        1.0
    );
    assert_eq!(get(r#"judge_internal_errors_total{stage="judging"}"#), 0.0);
    // The scrape itself is in flight while it renders.
    assert_eq!(get("judge_http_requests_in_flight"), 1.0);
    assert!(get("process_resident_memory_bytes") > 0.0);
    // Bounded labels: no submission id appears anywhere.
    let id_like = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.contains("/v1/submissions/0"));
    assert!(!id_like, "a path instead of a route template");
}

/// Every metric name the ops files use.
fn names_used_in_ops() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut stack = vec![repo_path("ops")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yml" | "yaml" | "json")
            ) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let bytes = text.as_bytes();
            for prefix in ["judge_", "process_"] {
                for (start, _) in text.match_indices(prefix) {
                    // A whole identifier, not the tail of another word.
                    if start > 0
                        && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_')
                    {
                        continue;
                    }
                    let end = text[start..]
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                        .map_or(text.len(), |n| start + n);
                    names.insert(text[start..end].to_owned());
                }
            }
        }
    }
    names
}

#[tokio::test]
async fn every_metric_the_ops_files_use_is_exported() {
    let app = App::spawn("workers = 1\n").await;
    traffic(&app).await;
    let text = metrics(&app).await;
    let exported: BTreeSet<(String, String)> = text
        .lines()
        .filter_map(|line| {
            let mut words = line.strip_prefix("# TYPE ")?.split(' ');
            Some((words.next()?.to_owned(), words.next()?.to_owned()))
        })
        .collect();
    let exists = |name: &str| {
        exported.iter().any(|(exported, kind)| {
            exported == name
                || (kind == "histogram"
                    && ["_bucket", "_count", "_sum"]
                        .iter()
                        .any(|suffix| name == format!("{exported}{suffix}")))
        })
    };
    let used = names_used_in_ops();
    assert!(used.len() > 15, "{used:?}");
    // The job label's value in the scrape config is not a metric.
    let missing: Vec<&String> = used.iter().filter(|name| !exists(name)).collect();
    assert!(
        missing.is_empty(),
        "used in ops/ but not exported: {missing:?}"
    );
}

#[tokio::test]
async fn one_request_id_finds_every_log_line_of_a_submission() {
    let app = App::spawn("workers = 1\n").await;
    let key = app.key("candidate");
    let body = json!({"problem": "token-bucket", "language": "c", "source": "int main(void) { return 0; }"});
    let response = app
        .request(Method::POST, "/v1/submissions", &key)
        .header("x-request-id", "corr-7f3a")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "corr-7f3a");
    let id = json_of(response, 202).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.wait_done(&id, &key).await;
    let log = app.log();
    let lines: Vec<Value> = log
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON log line: {line}"))
        })
        .collect();
    let messages: Vec<&str> = lines
        .iter()
        .filter(|line| line.to_string().contains("corr-7f3a"))
        .filter_map(|line| line["fields"]["message"].as_str())
        .collect();
    for expected in ["queued", "judging", "judged", "request"] {
        assert!(
            messages.contains(&expected),
            "no {expected:?} line with the request id: {messages:?}"
        );
    }
}

#[tokio::test]
async fn a_real_prometheus_scrapes_the_judge_and_answers_golden_signal_queries() {
    let app = App::spawn("workers = 1\n").await;
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let target = app.url.trim_start_matches("http://");
    let rules = repo_path("ops/prometheus/rules");
    let config = format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
         rule_files:\n  - {}/recording.yml\n  - {}/alerts.yml\n\
         scrape_configs:\n  - job_name: judge\n    static_configs:\n      - targets: [\"{target}\"]\n",
        rules.display(),
        rules.display()
    );
    std::fs::write(dir.path().join("prometheus.yml"), config).unwrap();
    let log = std::fs::File::create(dir.path().join("prometheus.log")).unwrap();
    let mut prometheus = std::process::Command::new("prometheus")
        .arg(format!(
            "--config.file={}",
            dir.path().join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.path().join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("Debian's prometheus package (ops/install.sh installs it)");
    let client = reqwest::Client::new();
    let query = |expr: &'static str| {
        let client = client.clone();
        async move {
            let response = client
                .get(format!("http://127.0.0.1:{port}/api/v1/query"))
                .query(&[("query", expr)])
                .send()
                .await
                .ok()?;
            let body: Value = response.json().await.ok()?;
            let value = body["data"]["result"][0]["value"][1]
                .as_str()?
                .parse::<f64>()
                .ok()?;
            Some(value)
        }
    };
    traffic(&app).await;
    let started = Instant::now();
    let mut answers = Vec::new();
    for expr in [
        r#"up{job="judge"}"#,
        "sum(rate(judge_http_requests_total[1m]))",
        "judge:http_requests:rate5m",
        r#"sum(judge_submissions_total{verdict="AC"})"#,
    ] {
        loop {
            // Keep some traffic flowing while Prometheus catches up.
            let _ = app.request(Method::GET, "/healthz", "").send().await;
            if let Some(value) = query(expr).await.filter(|v| *v > 0.0) {
                answers.push((expr, value));
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "Prometheus never answered {expr}; its log: {}",
                std::fs::read_to_string(dir.path().join("prometheus.log")).unwrap_or_default()
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
    let _ = prometheus.kill();
    let _ = prometheus.wait();
    assert_eq!(answers[0].1, 1.0, "{answers:?}");
}

#[tokio::test]
async fn the_status_page_shows_the_golden_signals_and_the_exported_counts() {
    let app = App::spawn("workers = 1\n").await;
    traffic(&app).await;
    let admin = app.key("admin");
    let status = app.get_json("/v1/status", &admin, 200).await;
    let points = status["points"].as_array().unwrap();
    // The sample taken at start, then now.
    assert!(!points.is_empty(), "{status}");
    let now = points.last().unwrap();
    assert!(now["request_rate"].as_f64().unwrap() > 0.0, "{now}");
    assert!(now["latency_p50_seconds"].as_f64().unwrap() > 0.0, "{now}");
    assert_eq!(now["error_ratio"], 0.0, "no 5xx was answered: {now}");
    assert_eq!(now["workers_total"], 1);
    // The same counts as /metrics.
    let text = metrics(&app).await;
    for item in status["verdicts"].as_array().unwrap() {
        let series = format!(
            r#"judge_submissions_total{{language="{}",verdict="{}"}}"#,
            item["language"].as_str().unwrap(),
            item["verdict"].as_str().unwrap()
        );
        assert_eq!(
            sample(&text, &series),
            item["count"].as_f64(),
            "{series} in\n{text}"
        );
    }
    let verdicts: Vec<(String, String)> = status["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["language"].to_string(), v["verdict"].to_string()))
        .collect();
    assert_eq!(
        verdicts,
        [
            (r#""c""#.to_owned(), r#""CE""#.to_owned()),
            (r#""cpp""#.to_owned(), r#""AC""#.to_owned())
        ]
    );
    let cache = &status["cache"];
    assert_eq!(
        cache["hits"].as_f64().unwrap() + cache["misses"].as_f64().unwrap(),
        sample(&text, "judge_module_cache_hits_total").unwrap()
            + sample(&text, "judge_module_cache_misses_total").unwrap()
    );
    assert_eq!(status["webhooks"]["failed"], 0);

    // The runbooks and the dashboard ship in the binary.
    let runbooks = status["links"]["runbooks"].as_array().unwrap();
    assert_eq!(
        runbooks.len(),
        std::fs::read_dir(repo_path("ops/runbooks"))
            .unwrap()
            .count()
    );
    let down = app
        .get_json("/v1/status/runbooks/JudgeDown", &admin, 200)
        .await;
    assert!(
        down["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# JudgeDown")
    );
    for missing in ["NoSuchAlert", "..%2Fgrafana%2Fjudge-dashboard.json"] {
        let response = app
            .request(
                Method::GET,
                &format!("/v1/status/runbooks/{missing}"),
                &admin,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{missing}");
    }
    let dashboard: Value = app
        .request(Method::GET, "/v1/status/grafana-dashboard.json", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(dashboard["panels"].is_array());

    // Operators only.
    for role in ["candidate", "interviewer"] {
        let key = app.key(role);
        let response = app
            .request(Method::GET, "/v1/status", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{role}");
    }
}
