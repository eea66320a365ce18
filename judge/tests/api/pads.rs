//! Live pads over WebSocket, with clients built on `yrs` speaking the
//! y-websocket protocol as a browser's Yjs does: two clients edit one pad
//! at once and converge; presence reaches the other; the interviewers'
//! notes never reach a candidate's socket (every frame it got is read); an
//! update the others have seen survives kill -9 of the server; an ended pad
//! is read-only; a page of another origin cannot join.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest::Method;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use yrs::encoding::read::Cursor;
use yrs::sync::{AwarenessUpdate, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Array, Doc, GetString, Map, ReadTxn, Text, Transact, Update};

use crate::app::{App, NO_WORKERS, json_of};

/// The Python entry point: `language/file` names a file of the code
/// document's `files:<language>` map; a plain name, a root text.
pub(crate) const CODE: &str = "python/main.py";

/// A Yjs client of one pad document.
pub(crate) struct Client {
    pub(crate) doc: Doc,
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// Every binary frame received, as sent.
    pub(crate) frames: Vec<Vec<u8>>,
    /// The JSON of every presence state received.
    presence: Vec<String>,
}

impl Client {
    pub(crate) async fn connect(app: &App, token: &str, room: &str) -> Client {
        let url = format!(
            "{}/v1/pad-links/{token}/ws/{room}",
            app.url.replace("http://", "ws://")
        );
        let (socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let mut client = Client {
            doc: Doc::new(),
            socket,
            frames: Vec::new(),
            presence: Vec::new(),
        };
        // y-websocket opens with sync step 1: what it has.
        let vector = client.doc.transact().state_vector();
        client
            .send(Message::Sync(SyncMessage::SyncStep1(vector)))
            .await;
        client
    }

    pub(crate) async fn send(&mut self, message: Message) {
        self.socket
            .send(Ws::Binary(message.encode_v1().into()))
            .await
            .unwrap();
    }

    /// Reads and answers frames until `done` holds, the socket closes (its
    /// close code), or 10 s pass.
    pub(crate) async fn pump(&mut self, done: impl Fn(&Client) -> bool) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(self) {
            match tokio::time::timeout_at(deadline, self.socket.next()).await {
                Err(_) => break,
                Ok(Some(Ok(Ws::Binary(bytes)))) => self.handle(&bytes).await,
                Ok(Some(Ok(Ws::Close(frame)))) => {
                    return Some(frame.map_or(1005, |f| f.code.into()));
                }
                Ok(Some(Ok(_))) => {}
                Ok(None | Some(Err(_))) => return Some(1006),
            }
        }
        None
    }

    /// Reads whatever arrives for a while.
    pub(crate) async fn drain(&mut self, wait: Duration) -> Option<u16> {
        let until = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(until, self.socket.next()).await {
                Err(_) => return None,
                Ok(Some(Ok(Ws::Binary(bytes)))) => self.handle(&bytes).await,
                Ok(Some(Ok(Ws::Close(frame)))) => {
                    return Some(frame.map_or(1005, |f| f.code.into()));
                }
                Ok(Some(Ok(_))) => {}
                Ok(None | Some(Err(_))) => return Some(1006),
            }
        }
    }

    async fn handle(&mut self, bytes: &[u8]) {
        self.frames.push(bytes.to_vec());
        let mut replies = Vec::new();
        {
            let mut decoder = DecoderV1::new(Cursor::new(bytes));
            for message in MessageReader::new(&mut decoder) {
                match message.unwrap() {
                    Message::Sync(SyncMessage::SyncStep1(vector)) => {
                        let update = self.doc.transact().encode_state_as_update_v1(&vector);
                        replies.push(Message::Sync(SyncMessage::SyncStep2(update)));
                    }
                    Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                        let update = Update::decode_v1(&update).unwrap();
                        self.doc.transact_mut().apply_update(update).unwrap();
                    }
                    Message::Awareness(update) => {
                        self.presence
                            .extend(update.clients.values().map(|e| e.json.to_string()));
                    }
                    _ => {}
                }
            }
        }
        for reply in replies {
            self.send(reply).await;
        }
    }

    /// The text `name`: `language/file` in the code's files, else a root
    /// text; `None` for a file not there (yet).
    pub(crate) fn shared(&self, name: &str) -> Option<yrs::TextRef> {
        match name.split_once('/') {
            Some((language, file)) => {
                let files = self.doc.get_or_insert_map(format!("files:{language}"));
                match files.get(&self.doc.transact(), file) {
                    Some(yrs::Out::YText(text)) => Some(text),
                    _ => None,
                }
            }
            None => Some(self.doc.get_or_insert_text(name)),
        }
    }

    /// Types `text` at the end of the document's `name` text.
    pub(crate) async fn write(&mut self, name: &str, text: &str) {
        let update = {
            let shared = self.shared(name).expect("the file is there");
            let mut txn = self.doc.transact_mut();
            let end = shared.len(&txn);
            shared.insert(&mut txn, end, text);
            txn.encode_update_v1()
        };
        self.send(Message::Sync(SyncMessage::Update(update))).await;
    }

    /// Replaces the whole of the document's `name` text with `text`.
    pub(crate) async fn replace(&mut self, name: &str, text: &str) {
        let update = {
            let shared = self.shared(name).expect("the file is there");
            let mut txn = self.doc.transact_mut();
            let end = shared.len(&txn);
            shared.remove_range(&mut txn, 0, end);
            shared.insert(&mut txn, 0, text);
            txn.encode_update_v1()
        };
        self.send(Message::Sync(SyncMessage::Update(update))).await;
    }

    pub(crate) fn text(&self, name: &str) -> String {
        self.shared(name)
            .map(|shared| shared.get_string(&self.doc.transact()))
            .unwrap_or_default()
    }

    async fn announce(&mut self, json: &str) {
        let mut update = AwarenessUpdate {
            clients: Default::default(),
        };
        update.clients.insert(
            self.doc.client_id(),
            yrs::sync::awareness::AwarenessUpdateEntry {
                clock: 1,
                json: json.into(),
            },
        );
        self.send(Message::Awareness(update)).await;
    }
}

/// A new pad's candidate and interviewer tokens.
async fn pad(app: &App) -> (String, String) {
    pad_about(app, "token-bucket").await
}

/// A new Python pad about `problem`: its candidate and interviewer tokens.
pub(crate) async fn pad_about(app: &App, problem: &str) -> (String, String) {
    let interviewer = app.key("interviewer");
    let body = json!({"title": "Round 1", "candidate_name": "Ana", "problem": problem, "language": "python"});
    let pad = json_of(app.post("/v1/pads", &interviewer, &body).await, 201).await;
    let token = |link: &Value| {
        link.as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned()
    };
    (
        token(&pad["links"]["candidate"]),
        token(&pad["links"]["interviewer"]),
    )
}

/// POSTs `body` to a pad link's `action` (`end`, `run`, ...) with no key:
/// the link's token is the credential.
pub(crate) async fn post_link(
    app: &App,
    token: &str,
    action: &str,
    body: &Value,
) -> reqwest::Response {
    app.request(Method::POST, &format!("/v1/pad-links/{token}/{action}"), "")
        .json(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn two_clients_edit_one_pad_at_once_converge_and_see_each_other() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    let mut ana = Client::connect(&app, &candidate, "code").await;
    let mut ian = Client::connect(&app, &interviewer, "code").await;
    ana.drain(Duration::from_millis(200)).await;
    ian.drain(Duration::from_millis(200)).await;
    // Both type at once, neither having seen the other's text.
    ana.write(CODE, "def solve():\n").await;
    ian.write(CODE, "# read the input first\n").await;
    ana.write(CODE, "    return 42\n").await;
    let both = |c: &Client| {
        let text = c.text(CODE);
        text.contains("def solve():")
            && text.contains("    return 42")
            && text.contains("# read the input first")
    };
    ana.pump(both).await;
    ian.pump(both).await;
    assert_eq!(ana.text(CODE), ian.text(CODE));
    assert!(both(&ana), "{:?}", ana.text(CODE));

    // Presence: Ana's name reaches Ian.
    ana.announce(r##"{"user":{"name":"Ana","color":"#0a58ca"}}"##)
        .await;
    ian.pump(|c| c.presence.iter().any(|p| p.contains("Ana")))
        .await;
    assert!(ian.presence.iter().any(|p| p.contains("Ana")));
    // No one speaks for another's client: Ian's forged state for Ana's id
    // never reaches anyone.
    let mut forged = AwarenessUpdate {
        clients: Default::default(),
    };
    forged.clients.insert(
        ana.doc.client_id(),
        yrs::sync::awareness::AwarenessUpdateEntry {
            clock: 9,
            json: r#"{"user":{"name":"Mallory"}}"#.into(),
        },
    );
    ian.send(Message::Awareness(forged)).await;
    ana.drain(Duration::from_millis(500)).await;
    assert!(!ana.presence.iter().any(|p| p.contains("Mallory")));
    // Ana leaves: her presence is removed for Ian (a null state).
    drop(ana);
    ian.pump(|c| c.presence.iter().any(|p| p == "null")).await;
    assert!(
        ian.presence.iter().any(|p| p == "null"),
        "{:?}",
        ian.presence
    );

    // A late joiner gets the whole document at once.
    let mut late = Client::connect(&app, &candidate, "code").await;
    late.pump(|c| c.text(CODE) == ian.text(CODE)).await;
    assert_eq!(late.text(CODE), ian.text(CODE));
}

#[tokio::test]
async fn the_notes_never_reach_a_candidate() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    // A candidate's link does not open the notes.
    let mut peek = Client::connect(&app, &candidate, "notes").await;
    assert_eq!(peek.drain(Duration::from_secs(5)).await, Some(4403));
    assert!(peek.frames.is_empty());

    let mut ana = Client::connect(&app, &candidate, "code").await;
    let mut notes = Client::connect(&app, &interviewer, "notes").await;
    let mut ian = Client::connect(&app, &interviewer, "code").await;
    notes.drain(Duration::from_millis(200)).await;
    notes
        .write("notes", "strong hire? asks good questions")
        .await;
    ian.pump(|c| !c.text(CODE).is_empty()).await;
    ian.write(CODE, "print('hello')\n").await;
    ana.pump(|c| c.text(CODE).contains("hello")).await;
    ana.drain(Duration::from_millis(500)).await;
    assert!(ana.text(CODE).contains("hello"));
    let secret = b"strong hire";
    for frame in &ana.frames {
        assert!(
            !frame.windows(secret.len()).any(|w| w == secret),
            "a note reached the candidate"
        );
    }
    // The notes were kept: a second interviewer connection reads them.
    let mut again = Client::connect(&app, &interviewer, "notes").await;
    again
        .pump(|c| c.text("notes").contains("strong hire"))
        .await;
    assert!(again.text("notes").contains("strong hire"));

    // What each link's holder is told of the pad.
    let seen = app
        .get_json(&format!("/v1/pad-links/{candidate}"), "", 200)
        .await;
    assert_eq!(seen["role"], "candidate");
    assert!(seen.get("links").is_none(), "{seen}");
    let seen = app
        .get_json(&format!("/v1/pad-links/{interviewer}"), "", 200)
        .await;
    assert_eq!(seen["role"], "interviewer");
    assert!(
        seen["links"]["candidate"]
            .as_str()
            .unwrap()
            .ends_with(&candidate)
    );
}

#[tokio::test]
async fn an_update_seen_survives_kill_9_and_an_ended_pad_is_read_only() {
    let mut app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    let mut ana = Client::connect(&app, &candidate, "code").await;
    let mut ian = Client::connect(&app, &interviewer, "code").await;
    ana.drain(Duration::from_millis(200)).await;
    ana.replace(CODE, "print(42)\n").await;
    ian.pump(|c| c.text(CODE) == "print(42)\n").await;
    assert!(ian.text(CODE).contains("print(42)"));
    drop((ana, ian));

    app.stop_with(nix::sys::signal::Signal::SIGKILL);
    app.start();
    let mut back = Client::connect(&app, &candidate, "code").await;
    back.pump(|c| c.text(CODE) == "print(42)\n").await;
    assert_eq!(back.text(CODE), "print(42)\n");

    // Only the interviewers' link ends the pad.
    let refused = post_link(&app, &candidate, "end", &json!({})).await;
    assert_eq!(refused.status(), 403);
    let ended = post_link(&app, &interviewer, "end", &json!({})).await;
    assert_eq!(ended.status(), 204);
    assert_eq!(back.drain(Duration::from_secs(5)).await, Some(4410));
    // Read-only: the document is there to read, a change closes the socket.
    let mut reader = Client::connect(&app, &candidate, "code").await;
    reader.pump(|c| c.text(CODE) == "print(42)\n").await;
    assert_eq!(reader.text(CODE), "print(42)\n");
    reader.write(CODE, "more\n").await;
    assert_eq!(reader.drain(Duration::from_secs(5)).await, Some(4410));
    // The interviewers' notes stay writable: feedback is written after.
    let mut notes = Client::connect(&app, &interviewer, "notes").await;
    notes.drain(Duration::from_millis(200)).await;
    notes.write("notes", "hire").await;
    assert_eq!(notes.drain(Duration::from_millis(500)).await, None);
    let mut again = Client::connect(&app, &interviewer, "notes").await;
    again.pump(|c| c.text("notes") == "hire").await;
    assert_eq!(again.text("notes"), "hire");

    // Listed among the ended pads, not the active ones.
    let interviewer_key = app.key("interviewer");
    let ended = app
        .get_json("/v1/pads?state=ended", &interviewer_key, 200)
        .await;
    assert_eq!(ended["items"].as_array().unwrap().len(), 1);
    let active = app.get_json("/v1/pads", &interviewer_key, 200).await;
    assert!(active["items"].as_array().unwrap().is_empty());
    // Candidates cannot list or create pads.
    let candidate_key = app.key("candidate");
    let listing = app
        .request(Method::GET, "/v1/pads", &candidate_key)
        .send()
        .await
        .unwrap();
    assert_eq!(listing.status(), 403);
}

#[tokio::test]
async fn only_pages_of_this_server_and_known_links_may_join() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, _) = pad(&app).await;
    let url = format!(
        "{}/v1/pad-links/{candidate}/ws/code",
        app.url.replace("http://", "ws://")
    );
    let mut request = url.as_str().into_client_request().unwrap();
    request
        .headers_mut()
        .insert("origin", "http://evil.example".parse().unwrap());
    let refused = tokio_tungstenite::connect_async(request).await;
    assert!(refused.is_err(), "a page of another origin joined");
    // An unknown link is told so, with a code that stops reconnecting.
    let mut unknown = Client::connect(&app, "pc_nope", "code").await;
    assert_eq!(unknown.drain(Duration::from_secs(5)).await, Some(4404));
    let missing = app
        .request(Method::GET, "/v1/pad-links/pc_nope", "")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_run_in_a_pad_reaches_everyone_one_at_a_time_and_no_client_can_forge_one() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.drain(Duration::from_millis(200)).await;
    ana.replace(CODE, "print(input()[::-1])\n").await;
    ana.drain(Duration::from_millis(300)).await;
    // The runs are in the pad's state document, which clients only read.
    let mut ana_state = Client::connect(&app, &candidate, "state").await;
    let mut ian_state = Client::connect(&app, &interviewer, "state").await;
    ana_state.drain(Duration::from_millis(200)).await;
    ian_state.drain(Duration::from_millis(200)).await;
    let body = json!({"language": "python", "stdin": "judge", "name": "Interviewer, honest"});
    let ran = post_link(&app, &candidate, "run", &body).await;
    assert_eq!(ran.status(), 204, "{}", ran.text().await.unwrap());
    let result = |c: &Client| {
        let runs = c.doc.get_or_insert_array("runs");
        let txn = c.doc.transact();
        runs.iter(&txn)
            .map(|value| value.to_string(&txn))
            .collect::<Vec<_>>()
    };
    for client in [&mut ana_state, &mut ian_state] {
        client.pump(|c| !result(c).is_empty()).await;
        let runs = result(client);
        assert_eq!(runs.len(), 1, "{runs:?}");
        let run: Value = serde_json::from_str(&runs[0]).unwrap();
        assert_eq!(run["stdout"], "egduj\n", "{run}");
        // A candidate's run is signed with the pad's candidate, whatever
        // name the request gave.
        assert_eq!(run["by"], "Ana");
        assert_eq!(run["status"], "OK");
    }
    // A client writing a result of its own is closed, and nothing is kept.
    ana_state
        .write("forged", r#"{"status":"OK","by":"an interviewer"}"#)
        .await;
    assert_eq!(ana_state.drain(Duration::from_secs(5)).await, Some(4403));
    let mut check = Client::connect(&app, &interviewer, "state").await;
    check.pump(|c| !result(c).is_empty()).await;
    assert_eq!(check.text("forged"), "");
    // An ended pad runs nothing.
    let end = post_link(&app, &interviewer, "end", &json!({})).await;
    assert_eq!(end.status(), 204);
    let refused = post_link(&app, &candidate, "run", &body).await;
    assert_eq!(refused.status(), 409);
}

#[tokio::test]
async fn each_language_buffer_gets_its_starter_once_from_the_server() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    let starter = |language: &str| -> String {
        let manifest = std::fs::read_to_string(crate::app::repo_path(&format!(
            "runner-images/{language}/manifest.toml"
        )))
        .unwrap();
        let table: toml::Table = manifest.parse().unwrap();
        table["starter"].as_str().unwrap().to_owned()
    };
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| !c.text(CODE).is_empty()).await;
    assert_eq!(ana.text(CODE), starter("python"));
    let switch = |language: &'static str| {
        let (app, token) = (&app, interviewer.clone());
        async move {
            let body = json!({ "language": language });
            let response = post_link(app, &token, "language", &body).await;
            assert_eq!(response.status(), 204);
        }
    };
    switch("c").await;
    ana.pump(|c| !c.text("c/main.c").is_empty()).await;
    assert_eq!(ana.text("c/main.c"), starter("c"));
    // Emptied by hand, a buffer stays empty when its language comes back;
    // the other keeps its one starter.
    ana.replace("c/main.c", "").await;
    switch("python").await;
    switch("c").await;
    ana.drain(Duration::from_millis(500)).await;
    assert_eq!(ana.text("c/main.c"), "");
    assert_eq!(ana.text(CODE), starter("python"));
    // A reconnect changes nothing.
    let again = {
        let mut again = Client::connect(&app, &candidate, "code").await;
        again.pump(|c| c.text(CODE) == starter("python")).await;
        again.drain(Duration::from_millis(300)).await;
        again
    };
    assert_eq!(again.text(CODE), starter("python"));
    assert_eq!(again.text("c/main.c"), "");
}

#[tokio::test]
async fn a_real_yjs_client_from_npm_converges_with_a_rust_one() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    // npm `yjs` + `y-websocket` in Node (the test command installs them).
    let script = crate::app::repo_path("tests/pads/yjs_client.mjs");
    let (url, token) = (app.url.clone(), candidate.clone());
    let node = std::thread::spawn(move || {
        std::process::Command::new("node")
            .arg(script)
            .args([&url, &token, CODE, "# from yjs\n", "# from yrs"])
            .output()
            .expect("node runs (tests/web/install.sh installs it)")
    });
    let mut ian = Client::connect(&app, &interviewer, "code").await;
    ian.pump(|c| !c.text(CODE).is_empty()).await;
    ian.write(CODE, "# from yrs\n").await;
    ian.pump(|c| c.text(CODE).contains("# from yjs")).await;
    let output = node.join().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let theirs: String = serde_json::from_slice(&output.stdout).unwrap();
    ian.drain(Duration::from_millis(300)).await;
    assert_eq!(theirs, ian.text(CODE));
    assert!(theirs.contains("# from yjs") && theirs.contains("# from yrs"));
}

#[tokio::test]
async fn interviewers_lock_the_code_and_turn_runs_off_and_keep_room_to_join() {
    let app = App::spawn(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&app).await;
    let post = |token: String, action: &'static str, body: Value| {
        let app = &app;
        async move { post_link(app, &token, action, &body).await.status() }
    };
    // Only the interviewers' link sets the controls.
    let off = json!({"locked": true, "candidate_runs": false});
    assert_eq!(post(candidate.clone(), "controls", off.clone()).await, 403);
    assert_eq!(post(interviewer.clone(), "controls", off).await, 204);
    // Everyone sees them in the state document.
    let mut ana_state = Client::connect(&app, &candidate, "state").await;
    let locked = |c: &Client| {
        let flags = c.doc.get_or_insert_map("pad");
        let txn = c.doc.transact();
        flags.get(&txn, "locked").map(|v| v.to_string(&txn))
    };
    ana_state.pump(|c| locked(c).is_some()).await;
    assert_eq!(locked(&ana_state).as_deref(), Some("true"));
    // Locked: a change from the candidate's link is refused (the page's
    // editor is read-only; a client that writes anyway is closed).
    let mut ana = Client::connect(&app, &candidate, "code").await;
    let mut ian = Client::connect(&app, &interviewer, "code").await;
    ana.drain(Duration::from_millis(200)).await;
    ian.drain(Duration::from_millis(200)).await;
    ana.write(CODE, "# the candidate was here\n").await;
    assert_eq!(ana.drain(Duration::from_secs(5)).await, Some(4403));
    ian.drain(Duration::from_millis(300)).await;
    assert!(!ian.text(CODE).contains("candidate was here"));
    // Runs off for the candidate, not for the interviewers.
    let run = json!({"language": "python", "stdin": ""});
    assert_eq!(post(candidate.clone(), "run", run.clone()).await, 403);
    assert_eq!(post(interviewer.clone(), "run", run).await, 204);
    // Unlocked, the candidate writes again.
    let on = json!({"locked": false});
    assert_eq!(post(interviewer.clone(), "controls", on).await, 204);
    let mut ana = Client::connect(&app, &candidate, "code").await;
    ana.pump(|c| c.text(CODE) == ian.text(CODE)).await;
    ana.write(CODE, "# back\n").await;
    ian.pump(|c| c.text(CODE).contains("# back")).await;
    assert!(ian.text(CODE).contains("# back"));

    // The candidate's link holds a few connections, never the whole room:
    // the interviewers can always join.
    let mut extra = Vec::new();
    for _ in 0..3 {
        extra.push(Client::connect(&app, &candidate, "code").await);
    }
    let mut one_too_many = Client::connect(&app, &candidate, "code").await;
    assert_eq!(one_too_many.drain(Duration::from_secs(5)).await, Some(1013));
    let mut another = Client::connect(&app, &interviewer, "code").await;
    another.pump(|c| c.text(CODE).contains("# back")).await;
    assert!(another.text(CODE).contains("# back"));
}

/// Two API processes on one PostgreSQL: a pad's clients reached different
/// processes and still edit one document, see each other's presence, and
/// a client joining later on either gets everything; the pad ended through
/// one process closes the sockets of the other.
#[tokio::test]
async fn clients_on_two_api_processes_edit_one_pad_and_see_each_other() {
    let first = App::spawn_on_postgres(NO_WORKERS).await;
    let second = first.spawn_beside(NO_WORKERS).await;
    let (candidate, interviewer) = pad(&first).await;
    let mut ana = Client::connect(&first, &candidate, "code").await;
    let mut ian = Client::connect(&second, &interviewer, "code").await;
    ana.pump(|c| c.shared(CODE).is_some()).await;
    ian.pump(|c| c.shared(CODE).is_some()).await;
    // Both type at once, neither having seen the other's text.
    ana.write(CODE, "def solve():\n").await;
    ian.write(CODE, "# read the input first\n").await;
    ana.write(CODE, "    return 42\n").await;
    let both = |c: &Client| {
        let text = c.text(CODE);
        text.contains("def solve():")
            && text.contains("    return 42")
            && text.contains("# read the input first")
    };
    ana.pump(both).await;
    ian.pump(both).await;
    assert!(
        both(&ana) && both(&ian),
        "{:?} / {:?}",
        ana.text(CODE),
        ian.text(CODE)
    );
    assert_eq!(ana.text(CODE), ian.text(CODE));

    // Presence crosses processes too.
    ana.announce(r##"{"user":{"name":"Ana","color":"#0a58ca"}}"##)
        .await;
    ian.pump(|c| c.presence.iter().any(|p| p.contains("Ana")))
        .await;
    assert!(ian.presence.iter().any(|p| p.contains("Ana")));

    // A client joining later, on either process, gets the whole document.
    for app in [&first, &second] {
        let mut late = Client::connect(app, &interviewer, "code").await;
        late.pump(both).await;
        assert_eq!(late.text(CODE), ana.text(CODE));
    }

    // Ended through the second process: the first closes its sockets.
    let ended = post_link(&second, &interviewer, "end", &json!({})).await;
    assert_eq!(ended.status(), 204);
    assert_eq!(ana.drain(Duration::from_secs(5)).await, Some(4410));
}
