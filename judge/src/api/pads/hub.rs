//! The pads' live rooms: one per pad document in use (a pad's code, its
//! interviewers' notes, and its state: the shared language, the run in
//! progress, the runs' results), holding the document as the store's
//! update log builds it and the participants' presence (Yjs awareness),
//! with a broadcast channel to every connection in the room. A room lives
//! while a connection holds it; the next one loads it again from the log.
//!
//! A client's update is checked (it must decode), applied, and, when it
//! changed the document, written to the log (durably: SQLite with
//! synchronous FULL) and only then sent to the others: what anyone has seen
//! survives a crash of the server. If the write fails, the room is closed
//! and forgotten, so that everyone syncs again from the log. The state
//! document is the server's to write: run results that a client could
//! write would be forgeable, so a client's change there closes its socket.
//!
//! Several API processes on one PostgreSQL may each have a pad's room open
//! (its clients reached different processes): each appends to the one log
//! (under the document's lock), and the others hear of it ([`PadNotice`])
//! and read the log from where they were, so that every room applies every
//! update, and sends its own connections those it did not make; presence
//! travels the same way. A room that finds a gap in the log when it appends
//! (another process appended meanwhile) reads it too.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};

use tokio::sync::broadcast;
use yrs::encoding::read::Cursor;
use yrs::sync::{Awareness, Message, MessageReader, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, ReadTxn, Transact, Update};

use super::edits;
use crate::http::error::Refusal;
use crate::store::{Pad, PadNotice, PadRole, PadRoom, Store};

/// Most bytes a room's update log may hold.
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 8 << 20;
/// Most connections in one room at once.
pub(crate) const MAX_CONNECTIONS: usize = 32;
/// Most of them through the candidate's link: the rest stay free for the
/// interviewers, whatever the candidate's link opens.
const MAX_CANDIDATE_CONNECTIONS: usize = 4;

/// Updates after a document's snapshot that make the room write a new one
/// (loading reads the snapshot and the updates after it).
const COMPACT_AFTER: u64 = 500;

/// What a room sends its connections.
#[derive(Debug, Clone)]
pub(crate) enum Frame {
    /// One encoded y-sync message, for everyone but `from` unless `echo`.
    Message {
        /// The connection it came from.
        from: u64,
        /// The encoded message.
        bytes: Arc<[u8]>,
        /// Whether its sender gets it too (awareness: y-websocket counts
        /// on hearing itself to know the connection is alive).
        echo: bool,
    },
    /// Close every connection (the pad ended).
    Close(Closing),
}

/// Why a connection is closed: a WebSocket close code in 4400-4499 for
/// what will not change (y-websocket clients stop reconnecting), 1013 or
/// 1011 for what may pass (they reconnect).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closing {
    /// The link may not open this document (a candidate's, the notes).
    Forbidden,
    /// No pad has this link.
    NotFound,
    /// The pad ended: read-only.
    Ended,
    /// The document is over its limit.
    TooLarge,
    /// Too many messages, or too many connections: try again later.
    TooMany,
    /// The server failed (its store): reconnect and sync again.
    Failed,
}

impl Closing {
    /// The close code and reason sent.
    pub(crate) fn code(self) -> (u16, &'static str) {
        match self {
            Self::Forbidden => (4403, "this link may not open this document"),
            Self::NotFound => (4404, "no pad has this link"),
            Self::Ended => (4410, "the pad has ended"),
            Self::TooLarge => (4413, "the document is full"),
            Self::TooMany => (1013, "too many messages or connections; try again"),
            Self::Failed => (1011, "the server failed; reconnect"),
        }
    }
}

/// The rooms in use.
#[derive(Debug)]
pub(crate) struct Hub {
    pub(super) store: Store,
    rooms: Mutex<HashMap<(String, PadRoom), Weak<Room>>>,
    next_connection: AtomicU64,
    /// This process, among those sharing the database (its presence
    /// notices come back to it too, and are skipped).
    origin: u64,
    /// How long a pad's run holds the pad without renewal: a run whose
    /// process died frees its pad after this.
    pub(super) run_lease: std::time::Duration,
}

/// The owner of presence clients another process speaks for: no
/// connection here may speak for them.
const ELSEWHERE: u64 = u64::MAX;

/// One pad document and the connections editing it.
pub(crate) struct Room {
    pub(super) pad: String,
    pub(super) kind: PadRoom,
    pub(super) state: tokio::sync::Mutex<State>,
    frames: broadcast::Sender<Frame>,
    connections: AtomicUsize,
    candidate_connections: AtomicUsize,
    /// Closed after its document diverged from the log: a task still
    /// holding it writes nothing more through it.
    forgotten: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Room {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Room")
            .field("pad", &self.pad)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// The root types the server writes: the state document's, and the
/// notes' signals.
pub(super) struct Roots {
    /// The state's settings ([`super::edits::FLAGS`]).
    pub(super) flags: yrs::MapRef,
    /// The state's runs and submissions, JSON, oldest first.
    pub(super) runs: yrs::ArrayRef,
    /// The state's tests of the submission in progress, JSON.
    pub(super) judged: yrs::ArrayRef,
    /// The notes' signals from the candidate's page, JSON, oldest first.
    pub(super) signals: yrs::ArrayRef,
}

pub(super) struct State {
    pub(super) awareness: Awareness,
    /// Bytes of the room's update log.
    bytes: u64,
    /// The last update's place in the log.
    pub(super) seq: i64,
    /// Updates since the last snapshot.
    unsnapshotted: u64,
    /// The pad ended: no change is taken any more (set under this lock, so
    /// that a connection joining as the pad ends cannot slip through).
    pub(super) ended: bool,
    /// Which connection speaks for each presence client (no one may speak,
    /// or leave, for another's).
    owners: HashMap<u64, u64>,
    /// The interviewer locked the code: the candidate's changes are not taken.
    pub(super) locked: bool,
}

/// A document loaded from the store.
struct Loaded {
    doc: Doc,
    /// Bytes of its whole log.
    bytes: u64,
    /// The last update's place in the log.
    seq: i64,
    /// Updates after the snapshot.
    unsnapshotted: u64,
}

/// Most presence (awareness) clients one connection may speak for.
const CLIENTS_PER_CONNECTION: usize = 2;
/// Most bytes of one client's presence state.
const PRESENCE_BYTES: usize = 4096;

/// Whether an update's bytes change nothing (a sync step 2 of a client
/// that has nothing new).
pub(super) fn update_is_empty(bytes: &[u8]) -> bool {
    Update::decode_v1(bytes).is_ok_and(|update| update.is_empty())
}

/// Applies a stored update (or snapshot) to `doc`.
pub(super) fn apply_stored(doc: &Doc, bytes: &[u8]) -> anyhow::Result<()> {
    let update = Update::decode_v1(bytes)?;
    Ok(doc.transact_mut().apply_update(update)?)
}

/// Logs why a client's connection is refused (its misbehaviour).
fn refuse(room: &Room, why: &str) -> Closing {
    tracing::warn!(pad = %room.pad, room = room.kind.as_str(), why, "a pad client was closed");
    Closing::Forbidden
}

/// Whether `json` is a presence state others can read: a JSON object of at
/// most [`PRESENCE_BYTES`], or `null` (gone). One malformed state would
/// break every later joiner's presence (y-protocols parses them all).
fn presence_state(json: &str) -> bool {
    json.len() <= PRESENCE_BYTES
        && (json == "null"
            || serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json).is_ok())
}

impl Hub {
    /// The rooms of pads on `store`, whose runs hold their pad for
    /// `run_lease` without renewal.
    pub(crate) fn new(store: Store, run_lease: std::time::Duration) -> Self {
        Self {
            store,
            run_lease,
            rooms: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(1),
            origin: rand::random::<u64>() >> 1,
        }
    }

    /// Until the process ends: what other processes say of the pads,
    /// applied to the rooms open here.
    pub(crate) async fn follow(
        self: Arc<Self>,
        mut notices: tokio::sync::mpsc::UnboundedReceiver<PadNotice>,
    ) {
        while let Some(notice) = notices.recv().await {
            let result = match notice {
                PadNotice::Updated(pad, kind) => match self.open_room(&(pad, kind)) {
                    Some(room) => self.catch_up(&room).await,
                    None => Ok(()),
                },
                PadNotice::Ended(pad) => {
                    self.end_pad(&pad).await;
                    Ok(())
                }
                PadNotice::Presence {
                    origin,
                    pad,
                    room,
                    message,
                } => {
                    if origin != self.origin
                        && let Some(room) = self.open_room(&(pad, room))
                    {
                        self.presence_from_elsewhere(&room, &message).await;
                    }
                    Ok(())
                }
                PadNotice::Resync => {
                    let mut result = Ok(());
                    for room in self.open_rooms() {
                        result = result.and(self.catch_up(&room).await);
                    }
                    result
                }
            };
            if let Err(error) = result {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "cannot follow another process's pad"
                );
            }
        }
    }

    /// Applies to `room` the updates of its log it has not applied (other
    /// processes'), and sends them to its connections.
    async fn catch_up(&self, room: &Room) -> anyhow::Result<()> {
        let mut state = room.state.lock().await;
        self.catch_up_locked(room, &mut state, None).await
    }

    /// [`Hub::catch_up`] under the room's lock, skipping the update `own`
    /// (this room's, applied already).
    async fn catch_up_locked(
        &self,
        room: &Room,
        state: &mut State,
        own: Option<i64>,
    ) -> anyhow::Result<()> {
        if room.forgotten.load(Ordering::Relaxed) {
            return Ok(());
        }
        let updates = self
            .store
            .pad_updates(&room.pad, room.kind, state.seq)
            .await?;
        if updates.is_empty() {
            return Ok(());
        }
        for update in updates {
            state.seq = state.seq.max(update.seq);
            if Some(update.seq) == own {
                continue;
            }
            state.bytes += update.data.len() as u64;
            state.unsnapshotted += 1;
            if let Err(error) = apply_stored(state.awareness.doc(), &update.data) {
                tracing::warn!(pad = %room.pad, seq = update.seq, error = format!("{error:#}"), "another process's pad update does not apply");
                continue;
            }
            room.send(
                0,
                Message::Sync(SyncMessage::Update(update.data)).encode_v1(),
                true,
            );
        }
        if room.kind == PadRoom::State {
            // The interviewers may have locked or unlocked the code there.
            let locked =
                edits::flag(state.awareness.doc(), edits::LOCKED) == Some(yrs::Any::Bool(true));
            if let Some(code) = self.open_room(&(room.pad.clone(), PadRoom::Code)) {
                code.state.lock().await.locked = locked;
            }
        }
        Ok(())
    }

    /// Presence another process heard from its connections: applied here,
    /// and sent to this room's connections. Its clients are marked as
    /// spoken for elsewhere.
    async fn presence_from_elsewhere(&self, room: &Room, message: &[u8]) {
        let mut decoder = DecoderV1::new(Cursor::new(message));
        let mut state = room.state.lock().await;
        for message in MessageReader::new(&mut decoder) {
            let Ok(Message::Awareness(update)) = message else {
                continue;
            };
            for (id, entry) in &update.clients {
                if entry.json.as_ref() == "null" {
                    state.owners.remove(&id.get());
                } else {
                    state.owners.insert(id.get(), ELSEWHERE);
                }
            }
            let bytes = Message::Awareness(update.clone()).encode_v1();
            if state.awareness.apply_update(update).is_ok() {
                room.send(ELSEWHERE, bytes, true);
            }
        }
    }

    /// Tells the other processes of presence this room's connections sent
    /// (none on an embedded store).
    fn publish_presence(&self, room: &Room, message: Vec<u8>) {
        if !self.store.shared() {
            return;
        }
        let (store, origin, pad, kind) =
            (self.store.clone(), self.origin, room.pad.clone(), room.kind);
        tokio::spawn(async move {
            if let Err(error) = store.publish_presence(origin, &pad, kind, message).await {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "cannot tell the other processes of presence"
                );
            }
        });
    }

    /// Until the process ends: every `run_lease`, ends the runs that open
    /// state rooms show in progress but no process holds any more (theirs
    /// died), so that no one in the pad waits on them.
    pub(crate) async fn end_abandoned_runs(self: Arc<Self>) {
        let mut every = tokio::time::interval(self.run_lease);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            for room in self.open_rooms() {
                if let Err(error) = self.end_abandoned_run(&room).await {
                    tracing::warn!(pad = %room.pad, error = format!("{error:#}"), "cannot end a pad's abandoned run");
                }
            }
        }
    }

    /// A fresh connection id.
    pub(crate) fn connection_id(&self) -> u64 {
        self.next_connection.fetch_add(1, Ordering::Relaxed)
    }

    /// The room of `pad`'s `kind` document, loaded from its log if no one
    /// has it open. A run it shows in progress that no one holds any more
    /// (its process died) is ended.
    pub(crate) async fn room(&self, pad: &Pad, kind: PadRoom) -> anyhow::Result<Arc<Room>> {
        let room = self.open_or_load(pad, kind).await?;
        self.end_abandoned_run(&room).await?;
        Ok(room)
    }

    async fn open_or_load(&self, pad: &Pad, kind: PadRoom) -> anyhow::Result<Arc<Room>> {
        let key = (pad.id.clone(), kind);
        if let Some(room) = self.open_room(&key) {
            return Ok(room);
        }
        let ended = pad.ended_at.is_some() || self.store.pad_ended(&pad.id).await?;
        let pad = pad.id.as_str();
        let loaded = self.load(pad, kind).await?;
        // Whether the code is locked for the candidate is the state's: read
        // from its room when it is open, else from its log.
        let locked = kind == PadRoom::Code && {
            let is_locked =
                |doc: &Doc| edits::flag(doc, edits::LOCKED) == Some(yrs::Any::Bool(true));
            match self.open_room(&(pad.to_owned(), PadRoom::State)) {
                Some(state) => is_locked(state.state.lock().await.awareness.doc()),
                None => is_locked(&self.load(pad, PadRoom::State).await?.doc),
            }
        };
        let room = Arc::new(Room {
            pad: pad.to_owned(),
            kind,
            state: tokio::sync::Mutex::new(State {
                awareness: Awareness::new(loaded.doc),
                bytes: loaded.bytes,
                seq: loaded.seq,
                unsnapshotted: loaded.unsnapshotted,
                ended,
                owners: HashMap::new(),
                locked,
            }),
            frames: broadcast::channel(1024).0,
            connections: AtomicUsize::new(0),
            candidate_connections: AtomicUsize::new(0),
            forgotten: std::sync::atomic::AtomicBool::new(false),
        });
        {
            let mut rooms = self.rooms.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(existing) = rooms.get(&key).and_then(Weak::upgrade) {
                return Ok(existing);
            }
            rooms.retain(|_, room| room.strong_count() > 0);
            rooms.insert(key, Arc::downgrade(&room));
        }
        // What other processes appended, or ended, while it loaded: their
        // notices found no room open here.
        self.catch_up(&room).await?;
        if !ended && self.store.pad_ended(pad).await? {
            room.state.lock().await.ended = true;
        }
        Ok(room)
    }

    /// Makes a change of the server's own in a room's document (the state:
    /// a run's start and result; the code: a starter): stored, then sent to
    /// every connection, like a participant's.
    pub(super) async fn change(
        &self,
        room: &Room,
        change: impl FnOnce(&Roots, &mut yrs::TransactionMut),
    ) -> anyhow::Result<()> {
        let mut state = room.state.lock().await;
        self.change_locked(room, &mut state, change).await
    }

    pub(super) async fn change_locked(
        &self,
        room: &Room,
        state: &mut State,
        change: impl FnOnce(&Roots, &mut yrs::TransactionMut),
    ) -> anyhow::Result<()> {
        if state.ended {
            anyhow::bail!("the pad has ended");
        }
        if room.forgotten.load(Ordering::Relaxed) {
            anyhow::bail!("the pad's room was reloaded; try again");
        }
        let doc = state.awareness.doc().clone();
        // Root types are taken before the transaction: taking one inside
        // it would wait for the transaction itself.
        let roots = Roots {
            flags: doc.get_or_insert_map(edits::FLAGS),
            runs: doc.get_or_insert_array(edits::RUNS),
            judged: doc.get_or_insert_array(edits::JUDGED),
            signals: doc.get_or_insert_array(edits::SIGNALS),
        };
        let update = {
            let mut txn = doc.transact_mut();
            change(&roots, &mut txn);
            txn.encode_update_v1()
        };
        if update_is_empty(&update) {
            return Ok(());
        }
        if state.bytes + update.len() as u64 > MAX_DOCUMENT_BYTES {
            // Applied in memory, not kept: the room reloads from the log.
            self.forget(room);
            return Err(Refusal {
                status: axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                code: "pad-full",
                detail: format!(
                    "the pad's {} document is full ({MAX_DOCUMENT_BYTES} bytes of history)",
                    room.kind.as_str()
                ),
            }
            .into());
        }
        if let Err(error) = self.append(room, state, &update).await {
            self.forget(room);
            return Err(error);
        }
        let bytes = Message::Sync(SyncMessage::Update(update)).encode_v1();
        room.send(0, bytes, true);
        Ok(())
    }

    /// Writes an update applied to the room's document to its log, and
    /// every [`COMPACT_AFTER`] updates a snapshot of the document.
    async fn append(&self, room: &Room, state: &mut State, update: &[u8]) -> anyhow::Result<()> {
        let seq = self
            .store
            .append_pad_update(&room.pad, room.kind, update)
            .await?;
        if seq > state.seq + 1 {
            // Another process appended meanwhile: its updates first.
            self.catch_up_locked(room, state, Some(seq)).await?;
        }
        state.seq = state.seq.max(seq);
        state.bytes += update.len() as u64;
        state.unsnapshotted += 1;
        if state.unsnapshotted >= COMPACT_AFTER {
            let snapshot = state
                .awareness
                .doc()
                .transact()
                .encode_state_as_update_v1(&yrs::StateVector::default());
            // A snapshot that cannot be written costs a slower load, no more.
            match self
                .store
                .save_pad_snapshot(&room.pad, room.kind, state.seq, &snapshot)
                .await
            {
                Ok(()) => state.unsnapshotted = 0,
                // Tried again after as many updates, not at every one.
                Err(error) => {
                    state.unsnapshotted = 0;
                    tracing::warn!(pad = %room.pad, error = format!("{error:#}"), "cannot compact a pad document");
                }
            }
        }
        Ok(())
    }

    /// A pad document as its snapshot and the updates after it build it.
    async fn load(&self, pad: &str, kind: PadRoom) -> anyhow::Result<Loaded> {
        let doc = Doc::new();
        let mut loaded = Loaded {
            doc: doc.clone(),
            bytes: self.store.pad_bytes(pad, kind).await?.unsigned_abs(),
            seq: 0,
            unsnapshotted: 0,
        };
        if let Some((upto, snapshot)) = self.store.pad_snapshot(pad, kind).await? {
            match apply_stored(&doc, &snapshot) {
                Ok(()) => loaded.seq = upto,
                // The whole log is still there: load from it.
                Err(error) => tracing::warn!(
                    pad,
                    error = format!("{error:#}"),
                    "a pad snapshot does not apply"
                ),
            }
        }
        for update in self.store.pad_updates(pad, kind, loaded.seq).await? {
            loaded.seq = update.seq;
            loaded.unsnapshotted += 1;
            if let Err(error) = apply_stored(&doc, &update.data) {
                tracing::warn!(
                    pad,
                    seq = update.seq,
                    error = format!("{error:#}"),
                    "a stored pad update does not apply"
                );
            }
        }
        Ok(loaded)
    }

    /// Every room open in this process.
    fn open_rooms(&self) -> Vec<Arc<Room>> {
        let rooms = self.rooms.lock().unwrap_or_else(PoisonError::into_inner);
        rooms.values().filter_map(Weak::upgrade).collect()
    }

    fn open_room(&self, key: &(String, PadRoom)) -> Option<Arc<Room>> {
        self.rooms
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(key)
            .and_then(Weak::upgrade)
    }

    /// Ends `pad` in the rooms in use: no change is taken any more, and the
    /// connections to its code and state are closed (4410). The notes stay
    /// open: interviewers write their feedback after the end.
    pub(crate) async fn end_pad(&self, pad: &str) {
        for kind in [PadRoom::Code, PadRoom::State] {
            if let Some(room) = self.open_room(&(pad.to_owned(), kind)) {
                room.state.lock().await.ended = true;
                let _ = room.frames.send(Frame::Close(Closing::Ended));
            }
        }
    }

    /// Closes a room whose document in memory may differ from its log (a
    /// write failed, an update panicked): its connections reconnect and
    /// load it again from the log.
    fn forget(&self, room: &Room) {
        room.forgotten.store(true, Ordering::Relaxed);
        let mut rooms = self.rooms.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (room.pad.clone(), room.kind);
        if rooms
            .get(&key)
            .is_some_and(|open| std::ptr::eq(open.as_ptr(), room))
        {
            rooms.remove(&key);
        }
        drop(rooms);
        let _ = room.frames.send(Frame::Close(Closing::Failed));
    }

    /// Handles one binary message of connection `from`: what to send back
    /// to it, or why to close it. `announced`: the presence clients this
    /// connection speaks for.
    pub(crate) async fn receive(
        &self,
        room: &Room,
        role: PadRole,
        from: u64,
        announced: &mut HashSet<u64>,
        data: &[u8],
    ) -> Result<Vec<Vec<u8>>, Closing> {
        let mut replies = Vec::new();
        let mut state = room.state.lock().await;
        let mut decoder = DecoderV1::new(Cursor::new(data));
        for message in MessageReader::new(&mut decoder) {
            let Ok(message) = message else {
                // Not y-sync: the client is broken or hostile.
                return Err(refuse(room, "not a y-sync message"));
            };
            match message {
                Message::Sync(SyncMessage::SyncStep1(vector)) => {
                    let update = state
                        .awareness
                        .doc()
                        .transact()
                        .encode_state_as_update_v1(&vector);
                    replies.push(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1());
                }
                Message::Sync(SyncMessage::SyncStep2(bytes) | SyncMessage::Update(bytes)) => {
                    if role == PadRole::Candidate && state.locked && !update_is_empty(&bytes) {
                        // The interviewer locked the code, and the page made
                        // its editor read-only: a change is a client that
                        // ignores it. Dropping the change and keeping the
                        // socket would leave its document diverged.
                        return Err(refuse(room, "a change while the code is locked"));
                    }
                    self.take_update(room, &mut state, from, bytes).await?;
                }
                Message::Awareness(mut update) => {
                    // A connection speaks for its own clients only (a Yjs
                    // client also relays what it heard of others: that
                    // part is dropped, the server has it first-hand).
                    update.clients.retain(|id, entry| {
                        let id = id.get();
                        let owned = match state.owners.get(&id) {
                            Some(owner) => *owner == from,
                            None => {
                                entry.json.as_ref() != "null"
                                    && announced.len() < CLIENTS_PER_CONNECTION
                            }
                        };
                        if owned {
                            state.owners.insert(id, from);
                            announced.insert(id);
                        }
                        owned
                    });
                    if update
                        .clients
                        .values()
                        .any(|entry| !presence_state(&entry.json))
                    {
                        return Err(refuse(
                            room,
                            "a presence state that is not a small JSON object",
                        ));
                    }
                    if update.clients.is_empty() {
                        continue;
                    }
                    let bytes = Message::Awareness(update.clone()).encode_v1();
                    if state.awareness.apply_update(update).is_ok() {
                        self.publish_presence(room, bytes.clone());
                        room.send(from, bytes, true);
                    }
                }
                Message::AwarenessQuery => {
                    if let Ok(update) = state.awareness.update() {
                        replies.push(Message::Awareness(update).encode_v1());
                    }
                }
                Message::Auth(_) | Message::Custom(..) => {}
            }
        }
        Ok(replies)
    }

    /// A client's document update: applied, and when it changed anything
    /// (a reconnecting client sends what the room has already), stored
    /// and sent to the others.
    async fn take_update(
        &self,
        room: &Room,
        state: &mut State,
        from: u64,
        bytes: Vec<u8>,
    ) -> Result<(), Closing> {
        let Ok(update) = Update::decode_v1(&bytes) else {
            return Err(refuse(room, "an update that does not decode"));
        };
        if update.is_empty() {
            return Ok(());
        }
        if room.kind == PadRoom::State {
            // The server's to write: a client that tries is forging.
            return Err(refuse(room, "a change to the server's state document"));
        }
        if state.ended && room.kind == PadRoom::Code {
            return Err(Closing::Ended);
        }
        if state.bytes + bytes.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(Closing::TooLarge);
        }
        let doc = state.awareness.doc().clone();
        let known = doc.transact().state_vector();
        let adds = update.extends(&known);
        // The file tree is the server's to change (names and limits are
        // checked there): a client's update may edit the files' texts, not
        // add, rename or remove files.
        let tree = (room.kind == PadRoom::Code).then(|| edits::file_tree(&doc));
        let applied = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut txn = doc.transact_mut();
            let result = txn.apply_update(update);
            result.map(|()| !txn.delete_set().is_empty())
        }));
        let deletes = match applied {
            Ok(Ok(deletes)) => deletes,
            Ok(Err(_)) => return Err(refuse(room, "an update that does not apply")),
            Err(_) => {
                tracing::error!(pad = %room.pad, "a pad update panicked; the room is reloaded");
                self.forget(room);
                return Err(Closing::Failed);
            }
        };
        if tree.is_some_and(|tree| tree != edits::file_tree(&doc)) {
            // Applied in memory, never stored nor sent: the room reloads
            // from the log without it.
            self.forget(room);
            return Err(refuse(room, "a change to the file tree"));
        }
        if !(adds || deletes) {
            return Ok(());
        }
        if let Err(error) = self.append(room, state, &bytes).await {
            tracing::error!(pad = %room.pad, error = format!("{error:#}"), "cannot store a pad update; the room is reloaded");
            self.forget(room);
            return Err(Closing::Failed);
        }
        room.send(
            from,
            Message::Sync(SyncMessage::Update(bytes)).encode_v1(),
            false,
        );
        Ok(())
    }

    /// What a connection is sent first: the server's state vector (sync
    /// step 1) and everyone's presence, as two frames (y-websocket reads
    /// one message per frame).
    pub(crate) async fn greeting(&self, room: &Room) -> Vec<Vec<u8>> {
        let state = room.state.lock().await;
        let vector = state.awareness.doc().transact().state_vector();
        let mut frames = vec![Message::Sync(SyncMessage::SyncStep1(vector)).encode_v1()];
        if let Ok(update) = state.awareness.update()
            && !update.clients.is_empty()
        {
            frames.push(Message::Awareness(update).encode_v1());
        }
        frames
    }

    /// A connection left: its clients' presence is removed, and the
    /// removal sent to the others.
    pub(crate) async fn leave(
        &self,
        room: &Room,
        role: PadRole,
        from: u64,
        announced: &HashSet<u64>,
    ) {
        room.connections.fetch_sub(1, Ordering::Relaxed);
        if role == PadRole::Candidate {
            room.candidate_connections.fetch_sub(1, Ordering::Relaxed);
        }
        if announced.is_empty() {
            return;
        }
        let mut state = room.state.lock().await;
        let ids: Vec<yrs::block::ClientID> = announced
            .iter()
            .map(|id| yrs::block::ClientID::new(*id))
            .collect();
        for id in &ids {
            state.awareness.remove_state(*id);
            state.owners.remove(&id.get());
        }
        if let Ok(update) = state.awareness.update_with_clients(ids) {
            let bytes = Message::Awareness(update).encode_v1();
            self.publish_presence(room, bytes.clone());
            room.send(from, bytes, false);
        }
    }
}

impl Room {
    /// Joins the room through a link of `role`: its frames from now on, or
    /// `None` when the room (or the candidate's share of it) is full.
    pub(crate) fn join(&self, role: PadRole) -> Option<broadcast::Receiver<Frame>> {
        if role == PadRole::Candidate
            && self.candidate_connections.fetch_add(1, Ordering::Relaxed)
                >= MAX_CANDIDATE_CONNECTIONS
        {
            self.candidate_connections.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        if self.connections.fetch_add(1, Ordering::Relaxed) >= MAX_CONNECTIONS {
            self.connections.fetch_sub(1, Ordering::Relaxed);
            if role == PadRole::Candidate {
                self.candidate_connections.fetch_sub(1, Ordering::Relaxed);
            }
            return None;
        }
        Some(self.frames.subscribe())
    }

    fn send(&self, from: u64, bytes: Vec<u8>, echo: bool) {
        let _ = self.frames.send(Frame::Message {
            from,
            bytes: bytes.into(),
            echo,
        });
    }
}
