//! Load: clients submitting back to back for a minute, far past what one
//! worker judges. Past capacity the service answers 429 (the key's bucket)
//! or 503 (the queue is full), both with `Retry-After`, never anything
//! else; its memory stays bounded; and every submission it accepted is
//! judged, exactly once.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::app::{App, json_of};

const CONFIG: &str = "workers = 1\nqueue_capacity = 20\nqueued_per_key = 1000\n\
[rate_limits.candidate.submit]\nper_minute = 1200\nburst = 20\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_times_capacity_for_a_minute_is_refused_politely_and_loses_nothing() {
    let app = std::sync::Arc::new(App::spawn(CONFIG).await);
    // Wrong on the first sample: judging stops there, about 50 ms a submission.
    let body =
        json!({"problem": "token-bucket", "language": "python", "source": "print('ALLOW')\n"});
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (app, key, body) = (app.clone(), app.key("candidate"), body.clone());
            tokio::spawn(async move {
                let mut accepted = Vec::new();
                let mut statuses: BTreeMap<u16, u32> = BTreeMap::new();
                let started = Instant::now();
                for _ in 0..20_000 {
                    if started.elapsed() > Duration::from_secs(60) {
                        break;
                    }
                    let response = app.post("/v1/submissions", &key, &body).await;
                    let status = response.status().as_u16();
                    *statuses.entry(status).or_default() += 1;
                    match status {
                        202 => accepted.push((
                            key.clone(),
                            json_of(response, 202).await["id"]
                                .as_str()
                                .unwrap()
                                .to_owned(),
                        )),
                        429 | 503 => {
                            assert!(response.headers().contains_key("retry-after"), "{status}");
                            // A polite client waits a little before trying again.
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        other => panic!("answered {other}: {}", response.text().await.unwrap()),
                    }
                }
                (accepted, statuses)
            })
        })
        .collect();
    let mut accepted = Vec::new();
    let mut statuses: BTreeMap<u16, u32> = BTreeMap::new();
    for client in clients {
        let (mine, counts) = client.await.unwrap();
        accepted.extend(mine);
        for (status, count) in counts {
            *statuses.entry(status).or_default() += count;
        }
    }
    let peak_kib = app.peak_memory_kib();
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "load: {statuses:?}, {} accepted, peak server memory {} MiB\n",
            accepted.len(),
            peak_kib / 1024
        )
        .as_bytes(),
    );
    assert!(
        statuses.get(&503).copied().unwrap_or(0) > 0,
        "capacity was reached: {statuses:?}"
    );
    assert!(
        statuses.get(&429).copied().unwrap_or(0) > 0,
        "buckets ran dry: {statuses:?}"
    );
    assert!(peak_kib < 1 << 20, "server memory {} MiB", peak_kib / 1024);
    // Every accepted submission, and nothing else, ends judged.
    let wanted: std::collections::BTreeSet<&str> =
        accepted.iter().map(|(_, id)| id.as_str()).collect();
    let started = Instant::now();
    loop {
        let mut stored = BTreeMap::new();
        let mut cursor = String::new();
        loop {
            let page = app
                .get_json(
                    &format!("/v1/submissions?limit=100{cursor}"),
                    &app.admin,
                    200,
                )
                .await;
            for item in page["items"].as_array().unwrap() {
                stored.insert(
                    item["id"].as_str().unwrap().to_owned(),
                    (item["state"].clone(), item["verdict"].clone()),
                );
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => break,
            }
        }
        assert_eq!(
            stored
                .keys()
                .map(String::as_str)
                .collect::<std::collections::BTreeSet<_>>(),
            wanted,
            "exactly the accepted submissions are stored"
        );
        if stored
            .values()
            .all(|(state, verdict)| state == "done" && verdict == "WA")
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the queue did not drain"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let log = app.log();
    assert!(
        !log.contains("\"internal error\""),
        "no internal error under load"
    );
}
