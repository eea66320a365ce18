//! What a pad does besides editing: a codebase round's files (a problem's
//! starter of several modules, the file tree's changes), Run of the entry
//! point or of the candidate's own tests, Submit against the hidden tests
//! with the verdict for everyone, the candidate page's signals (for the
//! interviewers only), and replay: the pad as it was at a run's moment,
//! and a re-run there that gets the run's exact fuel.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};
use yrs::{Array, Map, Transact};

use crate::app::{App, NO_WORKERS, assert_problem, json_of, repo_path};
use crate::pads::{CODE, Client, pad_about, post_link};

/// The runs and submissions a state document holds, oldest first.
fn runs(client: &Client) -> Vec<Value> {
    let runs = client.doc.get_or_insert_array("runs");
    let txn = client.doc.transact();
    runs.iter(&txn)
        .map(|value| serde_json::from_str(&value.to_string(&txn)).unwrap())
        .collect()
}

/// The names of a language's files in a code document.
fn files(client: &Client, language: &str) -> Vec<String> {
    let map = client.doc.get_or_insert_map(format!("files:{language}"));
    let txn = client.doc.transact();
    let mut names: Vec<String> = map.keys(&txn).map(str::to_owned).collect();
    names.sort();
    names
}

fn starter_file(name: &str) -> String {
    std::fs::read_to_string(repo_path(&format!(
        "problems/kv-expiry/starter/python/{name}"
    )))
    .unwrap()
}

fn accepted_file(name: &str) -> String {
    std::fs::read_to_string(repo_path(&format!(
        "problems/kv-expiry/submissions/accepted/python/{name}"
    )))
    .unwrap()
}

#[tokio::test]
async fn a_codebase_round_opens_its_modules_runs_its_own_tests_and_is_judged_for_everyone() {
    let app = App::spawn("workers = 1\n").await;
    let (candidate, interviewer) = pad_about(&app, "kv-expiry").await;
    // The problem's starter codebase is the pad's file tree.
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| files(c, "python").len() == 3).await;
    assert_eq!(
        files(&ana, "python"),
        ["main.py", "store.py", "test_store.py"]
    );
    assert_eq!(ana.text("python/store.py"), starter_file("store.py"));
    let mut ana_state = Client::connect(&app, &candidate, "state").await;
    let mut ian_state = Client::connect(&app, &interviewer, "state").await;

    // The candidate's own tests: a second entry point.
    let own = json!({"language": "python", "file": "test_store.py"});
    let ran = post_link(&app, &candidate, "run", &own).await;
    assert_eq!(ran.status(), 204, "{}", ran.text().await.unwrap());
    ana_state.pump(|c| runs(c).len() == 1).await;
    let run = &runs(&ana_state)[0];
    assert_eq!(run["status"], "OK", "{run}");
    assert_eq!(run["file"], "test_store.py");
    assert_eq!(run["stdout"], "ok test_delete\nok test_set_then_get\n");

    // The starter as it is: judged wrong, and everyone sees the verdict.
    let submitted = post_link(&app, &candidate, "submit", &json!({"language": "python"})).await;
    assert_eq!(
        submitted.status(),
        202,
        "{}",
        submitted.text().await.unwrap()
    );
    for client in [&mut ana_state, &mut ian_state] {
        client.pump(|c| runs(c).len() == 2).await;
        let verdict = &runs(client)[1];
        assert_eq!(verdict["kind"], "submit", "{verdict}");
        assert_eq!(verdict["verdict"], "WA", "{verdict}");
        assert_eq!(verdict["by"], "Ana");
    }

    // Extended as the round asks, across two modules: accepted.
    ana.replace("python/store.py", &accepted_file("store.py"))
        .await;
    ana.replace(CODE, &accepted_file("main.py")).await;
    ana.drain(Duration::from_millis(300)).await;
    let submitted = post_link(&app, &candidate, "submit", &json!({"language": "python"})).await;
    let submitted = json_of(submitted, 202).await;
    // While one is judged, nothing else starts.
    let busy = post_link(&app, &interviewer, "run", &json!({"language": "python"})).await;
    assert!(
        matches!(busy.status().as_u16(), 204 | 409),
        "{}",
        busy.status()
    );
    for client in [&mut ana_state, &mut ian_state] {
        client
            .pump(|c| runs(c).iter().filter(|r| r["kind"] == "submit").count() == 2)
            .await;
        let last = runs(client)
            .into_iter()
            .rfind(|r| r["kind"] == "submit")
            .unwrap();
        assert_eq!(last["verdict"], "AC", "{last}");
        assert_eq!(last["submission"], submitted["submission"]);
        // Every test, the hidden ones as names and verdicts only.
        let tests = last["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 6, "{last}");
        for test in tests.iter().filter(|t| t["sample"] == false) {
            assert!(
                test.get("input").is_none() && test.get("expected").is_none(),
                "{test}"
            );
        }
    }
    // The interviewer finds it among the submissions, with its two files.
    let key = app.key("interviewer");
    let id = submitted["submission"].as_str().unwrap();
    let view = app.wait_done(id, &key).await;
    assert_eq!(view["verdict"], "AC");
    let names: Vec<&str> = view["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    // The entry point is the source; the other modules go beside it.
    assert_eq!(names, ["store.py", "test_store.py"]);
}

#[tokio::test]
async fn the_file_tree_changes_through_the_server_for_everyone_with_clear_refusals() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad_about(&app, "kv-expiry").await;
    let mut ian = Client::connect(&app, &interviewer, "code").await;
    ian.pump(|c| files(c, "python").len() == 3).await;
    let change = |token: &str, body: Value| {
        let (app, token) = (&app, token.to_owned());
        async move { post_link(app, &token, "files", &body).await }
    };
    let ok = change(
        &candidate,
        json!({"op": "add", "language": "python", "name": "util.py"}),
    )
    .await;
    assert_eq!(ok.status(), 204);
    let ok = change(
        &candidate,
        json!({"op": "rename", "language": "python", "name": "util.py", "to": "helpers.py"}),
    )
    .await;
    assert_eq!(ok.status(), 204);
    ian.pump(|c| files(c, "python").contains(&"helpers.py".to_owned()))
        .await;
    assert_eq!(
        files(&ian, "python"),
        ["helpers.py", "main.py", "store.py", "test_store.py"]
    );
    // Refused, each with a reason: a path, a taken name, the entry point.
    for (body, why) in [
        (
            json!({"op": "add", "language": "python", "name": "../etc/passwd"}),
            "not a file name",
        ),
        (
            json!({"op": "add", "language": "python", "name": "store.py"}),
            "already",
        ),
        (
            json!({"op": "delete", "language": "python", "name": "main.py"}),
            "entry point",
        ),
        (
            json!({"op": "delete", "language": "python", "name": "nope.py"}),
            "no file",
        ),
    ] {
        let refused =
            assert_problem(change(&candidate, body).await, 422, "invalid-file-change").await;
        assert!(
            refused["detail"].as_str().unwrap().contains(why),
            "{refused}"
        );
    }
    // A new entry point: Run starts there.
    let ok = change(
        &interviewer,
        json!({"op": "entry", "language": "python", "name": "test_store.py"}),
    )
    .await;
    assert_eq!(ok.status(), 204);
    let ok = change(
        &interviewer,
        json!({"op": "delete", "language": "python", "name": "main.py"}),
    )
    .await;
    assert_eq!(ok.status(), 204);
    ian.pump(|c| !files(c, "python").contains(&"main.py".to_owned()))
        .await;
    assert_eq!(
        files(&ian, "python"),
        ["helpers.py", "store.py", "test_store.py"]
    );
    // A client that changes the tree itself, around the server's checks,
    // is closed, and its change is nowhere.
    let mut mallory = Client::connect(&app, &candidate, "code").await;
    mallory.pump(|c| files(c, "python").len() == 3).await;
    let update = {
        let map = mallory.doc.get_or_insert_map("files:python");
        let mut txn = mallory.doc.transact_mut();
        map.insert(&mut txn, "../../escape.py", yrs::TextPrelim::new("x"));
        txn.encode_update_v1()
    };
    mallory
        .send(yrs::sync::Message::Sync(yrs::sync::SyncMessage::Update(
            update,
        )))
        .await;
    assert_eq!(mallory.drain(Duration::from_secs(5)).await, Some(4403));
    let mut fresh = Client::connect(&app, &interviewer, "code").await;
    fresh.pump(|c| files(c, "python").len() == 3).await;
    fresh.drain(Duration::from_millis(300)).await;
    assert_eq!(
        files(&fresh, "python"),
        ["helpers.py", "store.py", "test_store.py"]
    );
    // Locked, the candidate's changes to the tree are refused too.
    let lock = post_link(&app, &interviewer, "controls", &json!({"locked": true})).await;
    assert_eq!(lock.status(), 204);
    let refused = change(
        &candidate,
        json!({"op": "add", "language": "python", "name": "x.py"}),
    )
    .await;
    assert_problem(refused, 403, "locked").await;
}

#[tokio::test]
async fn replay_shows_the_code_of_a_run_and_a_rerun_there_gets_its_exact_fuel() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad_about(&app, "kv-expiry").await;
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| files(c, "python").len() == 3).await;
    let first = "n = int(input())\nprint(sum(i * i for i in range(n)))\n";
    ana.replace(CODE, first).await;
    ana.drain(Duration::from_millis(300)).await;
    let ran = post_link(
        &app,
        &candidate,
        "run",
        &json!({"language": "python", "stdin": "20000"}),
    )
    .await;
    assert_eq!(ran.status(), 204);
    // The code moves on after the run.
    ana.replace(CODE, "print('later')\n").await;
    ana.drain(Duration::from_millis(300)).await;

    let mut state = Client::connect(&app, &interviewer, "state").await;
    state.pump(|c| runs(c).len() == 1).await;
    let run = runs(&state)[0].clone();
    assert_eq!(run["stdout"], "2666466670000\n", "{run}");
    let seq = run["code_seq"].as_i64().unwrap();
    // The pad as it was when the run began: the code it ran.
    let then = app
        .get_json(
            &format!("/v1/pad-links/{interviewer}/replay?code_seq={seq}"),
            "",
            200,
        )
        .await;
    assert_eq!(then["files"]["python"]["main.py"], first, "{then}");
    assert_eq!(then["language"], "python");
    // Before anyone typed: the starter.
    let created = app
        .get_json(
            &format!("/v1/pad-links/{interviewer}/replay?code_seq=1"),
            "",
            200,
        )
        .await;
    assert_eq!(
        created["files"]["python"]["main.py"],
        starter_file("main.py")
    );
    // Now: the later code, and the run among the results.
    let now = app
        .get_json(
            &format!("/v1/pad-links/{interviewer}/replay?at_ms={}", i64::MAX),
            "",
            200,
        )
        .await;
    assert_eq!(now["files"]["python"]["main.py"], "print('later')\n");
    assert_eq!(now["runs"].as_array().unwrap().len(), 1);

    // Re-run there: the same output and the same fuel, to the unit.
    let again = post_link(
        &app,
        &interviewer,
        "replay/run",
        &json!({"code_seq": seq, "language": "python", "stdin": run["stdin"]}),
    )
    .await;
    let again = json_of(again, 200).await;
    assert_eq!(again["stdout"], run["stdout"]);
    assert_eq!(again["fuel"], run["fuel"], "replayed {again} vs {run}");

    // The timeline holds every update with its time; the candidate's link
    // gets none of it.
    let timeline = app
        .get_json(&format!("/v1/pad-links/{interviewer}/timeline"), "", 200)
        .await;
    assert!(
        timeline["code"].as_array().unwrap().len() >= 3,
        "{timeline}"
    );
    for path in ["timeline", "replay?at_ms=0"] {
        let refused = app
            .request(
                Method::GET,
                &format!("/v1/pad-links/{candidate}/{path}"),
                "",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 403);
    }
}

#[tokio::test]
async fn the_candidate_pages_signals_reach_the_interviewers_only() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad_about(&app, "kv-expiry").await;
    let mut ana_code = Client::connect(&app, &candidate, "code").await;
    let mut ana_state = Client::connect(&app, &candidate, "state").await;
    for body in [
        json!({"kind": "blur", "duration_ms": 12000}),
        json!({"kind": "paste", "chars": 812}),
    ] {
        let sent = post_link(&app, &candidate, "signals", &body).await;
        assert_eq!(sent.status(), 204);
    }
    let bad = post_link(&app, &candidate, "signals", &json!({"kind": "blur"})).await;
    assert!(bad.status().is_client_error());
    let mut notes = Client::connect(&app, &interviewer, "notes").await;
    let signals = |c: &Client| {
        let array = c.doc.get_or_insert_array("signals");
        let txn = c.doc.transact();
        array
            .iter(&txn)
            .map(|v| v.to_string(&txn))
            .collect::<Vec<_>>()
    };
    notes.pump(|c| signals(c).len() == 2).await;
    let kept: Vec<Value> = signals(&notes)
        .iter()
        .map(|s| serde_json::from_str(s).unwrap())
        .collect();
    assert_eq!(kept[0]["kind"], "blur");
    assert_eq!(kept[0]["duration_ms"], 12000);
    assert_eq!(kept[1]["chars"], 812);
    let timeline = app
        .get_json(&format!("/v1/pad-links/{interviewer}/timeline"), "", 200)
        .await;
    assert_eq!(timeline["signals"].as_array().unwrap().len(), 2);
    // Not a frame of the candidate's sockets carries them.
    ana_code.drain(Duration::from_millis(500)).await;
    ana_state.drain(Duration::from_millis(200)).await;
    for frame in ana_code.frames.iter().chain(&ana_state.frames) {
        assert!(
            !frame.windows(5).any(|w| w == b"paste"),
            "a signal reached the candidate"
        );
    }
}

#[tokio::test]
async fn a_long_pad_loads_from_its_snapshot_after_a_crash() {
    let mut app = App::spawn(NO_WORKERS).await;
    let (candidate, _) = pad_about(&app, "kv-expiry").await;
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| files(c, "python").len() == 3).await;
    // Past the compaction threshold (500 updates), within the rate limit.
    for i in 0..520 {
        ana.write(CODE, &format!("{}", i % 10)).await;
        if i % 50 == 49 {
            ana.drain(Duration::from_millis(600)).await;
        }
    }
    ana.drain(Duration::from_millis(500)).await;
    let expected = ana.text(CODE);
    assert!(expected.ends_with("0123456789"));
    drop(ana);
    app.stop_with(nix::sys::signal::Signal::SIGKILL);
    // The code's log was compacted once: a snapshot up to update 500.
    {
        use sqlx::Connection;
        const UPTO: &str = "SELECT upto_seq FROM pad_snapshots WHERE room = 'code'";
        let (upto,): (i64,) = match &app.database {
            Some(postgres) => {
                let mut db = sqlx::PgConnection::connect(&postgres.url).await.unwrap();
                sqlx::query_as(UPTO).fetch_one(&mut db).await.unwrap()
            }
            None => {
                let db = format!("sqlite:{}", app.data.join("judge.db").display());
                let mut db = sqlx::SqliteConnection::connect(&db).await.unwrap();
                sqlx::query_as(UPTO).fetch_one(&mut db).await.unwrap()
            }
        };
        assert_eq!(upto, 500);
    }
    app.start();
    let mut back = Client::connect(&app, &candidate, "code").await;
    back.pump(|c| c.text(CODE) == expected).await;
    assert_eq!(back.text(CODE), expected);
}

#[tokio::test]
async fn a_link_is_held_to_its_roles_rate_limits_and_a_key_to_fifty_active_pads() {
    // Room to create 52 pads at once; the candidate's limits as they are.
    let config = "workers = 0\n[rate_limits.interviewer.manage]\nper_minute = 600\nburst = 100\n";
    let app = App::spawn(config).await;
    let (candidate, _) = pad_about(&app, "kv-expiry").await;
    // A candidate's runs: a burst of 20, then 429 with Retry-After (the
    // language is unknown, so nothing runs; each request still counts).
    let run = json!({"language": "nope"});
    let mut statuses = Vec::new();
    for _ in 0..22 {
        let response = post_link(&app, &candidate, "run", &run).await;
        if response.status() == 429 {
            assert!(response.headers().contains_key("retry-after"));
        }
        statuses.push(response.status().as_u16());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(&statuses[20..], [429, 429]);

    // Fifty active pads per key; ending one makes room.
    let interviewer = app.key("interviewer");
    let body = json!({"title": "t", "language": "python"});
    let mut last = Value::Null;
    for _ in 0..50 {
        last = json_of(app.post("/v1/pads", &interviewer, &body).await, 201).await;
    }
    let refused = app.post("/v1/pads", &interviewer, &body).await;
    assert_problem(refused, 429, "too-many-pads").await;
    let token = last["links"]["interviewer"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        post_link(&app, &token, "end", &json!({})).await.status(),
        204
    );
    json_of(app.post("/v1/pads", &interviewer, &body).await, 201).await;
}

#[tokio::test]
async fn a_run_shows_stdout_and_stderr_in_the_order_they_were_written() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad_about(&app, "kv-expiry").await;
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| files(c, "python").len() == 3).await;
    let program = "import sys\nprint('one', flush=True)\nprint('two', file=sys.stderr, flush=True)\nprint('three')\n";
    ana.replace(CODE, program).await;
    ana.drain(Duration::from_millis(300)).await;
    let ran = post_link(&app, &candidate, "run", &json!({"language": "python"})).await;
    assert_eq!(ran.status(), 204);
    let mut state = Client::connect(&app, &interviewer, "state").await;
    state.pump(|c| runs(c).len() == 1).await;
    let run = &runs(&state)[0];
    assert_eq!(run["stdout"], "one\nthree\n");
    assert_eq!(run["stderr"], "two\n");
    assert_eq!(
        run["output"],
        json!([
            {"stream": "stdout", "text": "one\n"},
            {"stream": "stderr", "text": "two\n"},
            {"stream": "stdout", "text": "three\n"},
        ]),
        "{run}"
    );
}

#[tokio::test]
async fn a_cpp_codebase_of_several_translation_units_is_judged_from_the_pad() {
    let app = App::spawn("workers = 1\n").await;
    let (candidate, interviewer) = pad_about(&app, "kv-expiry").await;
    let switched = post_link(&app, &interviewer, "language", &json!({"language": "cpp"})).await;
    assert_eq!(switched.status(), 204);
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| files(c, "cpp").len() == 3).await;
    assert_eq!(files(&ana, "cpp"), ["main.cpp", "store.cpp", "store.hpp"]);
    let accepted = |name: &str| {
        std::fs::read_to_string(repo_path(&format!(
            "problems/kv-expiry/submissions/accepted/cpp/{name}"
        )))
        .unwrap()
    };
    for name in ["main.cpp", "store.cpp", "store.hpp"] {
        ana.replace(&format!("cpp/{name}"), &accepted(name)).await;
    }
    ana.drain(Duration::from_millis(300)).await;
    let submitted = post_link(&app, &candidate, "submit", &json!({"language": "cpp"})).await;
    assert_eq!(
        submitted.status(),
        202,
        "{}",
        submitted.text().await.unwrap()
    );
    let mut state = Client::connect(&app, &interviewer, "state").await;
    // Two translation units compiled, every test judged, the growth
    // measured and profiled: up to two minutes on a loaded machine.
    for _ in 0..12 {
        let done = |c: &Client| runs(c).iter().any(|r| r["kind"] == "submit");
        if done(&state) {
            break;
        }
        state.pump(done).await;
    }
    let verdict = runs(&state)
        .into_iter()
        .rfind(|r| r["kind"] == "submit")
        .expect("the submission's verdict within two minutes");
    assert_eq!(verdict["verdict"], "AC", "{verdict}");
}

/// Whether a state document shows a run or submission in progress.
fn running(client: &Client) -> bool {
    let flags = client.doc.get_or_insert_map("pad");
    let txn = client.doc.transact();
    flags.get(&txn, "running").is_some()
}

/// Whether a state document arrived (the server put its language in at
/// the start).
fn synced(client: &Client) -> bool {
    let flags = client.doc.get_or_insert_map("pad");
    let txn = client.doc.transact();
    flags.get(&txn, "language").is_some()
}

/// A pad of `app` whose code reverses its input: its candidate and
/// interviewer tokens.
async fn reversing_pad(app: &App) -> (String, String) {
    let (candidate, interviewer) = pad_about(app, "token-bucket").await;
    let mut ana = Client::connect(app, &candidate, "code").await;
    ana.pump(|c| c.shared(CODE).is_some()).await;
    ana.replace(CODE, "print(input()[::-1])\n").await;
    ana.drain(Duration::from_millis(300)).await;
    (candidate, interviewer)
}

const REVERSE_JUDGE: &str = r#"{"language": "python", "stdin": "judge"}"#;

#[tokio::test]
async fn a_run_holds_its_pad_on_every_process_and_one_whose_process_died_frees_it() {
    // No workers: a pad's submission stays queued, and the pad busy.
    const FLEET: &str = "workers = 0\nlease_seconds = 2\n";
    let mut first = App::spawn_on_postgres(FLEET).await;
    let second = first.spawn_beside(FLEET).await;
    let (candidate, interviewer) = reversing_pad(&first).await;
    let mut ian = Client::connect(&second, &interviewer, "state").await;
    let submitted = post_link(
        &first,
        &interviewer,
        "submit",
        &json!({"language": "python"}),
    )
    .await;
    assert_eq!(
        submitted.status(),
        202,
        "{}",
        submitted.text().await.unwrap()
    );
    ian.pump(running).await;
    assert!(
        running(&ian),
        "the second process shows the first's submission"
    );

    // One at a time on every process, for longer than a lease: its process
    // renews it while it lives.
    let run: Value = serde_json::from_str(REVERSE_JUDGE).unwrap();
    for _ in 0..2 {
        for app in [&first, &second] {
            let refused = post_link(app, &candidate, "run", &run).await;
            assert_problem(refused, 409, "run-in-progress").await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    // Its process dies: once its lease has run out, the process left ends
    // it for everyone watching there, and the pad runs again.
    first.stop_with(nix::sys::signal::Signal::SIGKILL);
    let died = std::time::Instant::now();
    ian.pump(|c| !running(c)).await;
    assert!(
        !running(&ian),
        "still running {:?} after its process died",
        died.elapsed()
    );
    let ran = post_link(&second, &candidate, "run", &run).await;
    assert_eq!(ran.status(), 204, "{}", ran.text().await.unwrap());
    ian.pump(|c| !runs(c).is_empty()).await;
    let kept = runs(&ian);
    assert_eq!(
        kept.len(),
        1,
        "the dead process's submission left no result: {kept:?}"
    );
    assert_eq!(kept[0]["stdout"], "egduj\n", "{}", kept[0]);
}

#[tokio::test]
async fn a_run_in_progress_when_the_server_was_killed_is_ended_when_it_is_back() {
    let mut app = App::spawn("workers = 0\nlease_seconds = 1\n").await;
    let (candidate, interviewer) = reversing_pad(&app).await;
    let submitted = post_link(&app, &interviewer, "submit", &json!({"language": "python"})).await;
    assert_eq!(
        submitted.status(),
        202,
        "{}",
        submitted.text().await.unwrap()
    );
    let mut ian = Client::connect(&app, &interviewer, "state").await;
    ian.pump(running).await;
    assert!(running(&ian));
    drop(ian);
    app.stop_with(nix::sys::signal::Signal::SIGKILL);
    app.start();
    let mut back = Client::connect(&app, &interviewer, "state").await;
    back.pump(|c| synced(c) && !running(c)).await;
    assert!(synced(&back), "the state never arrived");
    assert!(!running(&back), "the pad is still running after a restart");
    let run: Value = serde_json::from_str(REVERSE_JUDGE).unwrap();
    let ran = post_link(&app, &candidate, "run", &run).await;
    assert_eq!(ran.status(), 204, "{}", ran.text().await.unwrap());
}
