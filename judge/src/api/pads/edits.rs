//! What the server writes into a pad's documents: the shared language and
//! each language's files (put in once, from the problem's starter codebase
//! or the language's starter), the file tree's changes, the interviewers'
//! controls, the run or submission in progress and its results, and the
//! candidate page's signals (in the interviewers' notes).
//!
//! The documents' shapes, which the web app reads:
//! - `code`: a map `files:<language>` per language, file name to text.
//! - `state` (the server's only): a map [`FLAGS`] (`language`, `running`,
//!   `judging`, `locked`, `candidate_runs`, `seeded:<language>`,
//!   `entry:<language>`), an array [`RUNS`] of JSON results, and an array
//!   [`JUDGED`] of the submission in progress's tests.
//! - `notes`: the text `notes` and the map `scorecard` (interviewers'), and
//!   the array [`SIGNALS`] of JSON signals (the server's).

use std::collections::BTreeMap;

use yrs::types::ToJson;
use yrs::{Any, Array, Doc, GetString, Map, Out, ReadTxn, TextPrelim, Transact};

use super::hub::{Hub, Room};
use super::run_lease::RunLease;
use crate::store::PadRoom;

/// The state document's map of shared settings.
pub(super) const FLAGS: &str = "pad";
/// The state document's array of runs and submissions (JSON), oldest first.
pub(super) const RUNS: &str = "runs";
/// The notes' array of the candidate page's signals (JSON), oldest first.
pub(super) const SIGNALS: &str = "signals";
/// Whether the interviewer locked the code for the candidate, in [`FLAGS`].
pub(super) const LOCKED: &str = "locked";
/// Whether the candidate may run code (absent: yes), in [`FLAGS`].
pub(super) const CANDIDATE_RUNS: &str = "candidate_runs";
/// The pad's shared language, in [`FLAGS`].
pub(super) const LANGUAGE: &str = "language";
/// Who started the run or submission in progress, in [`FLAGS`].
pub(super) const RUNNING: &str = "running";
/// The submission in progress (JSON: who, which, how many tests), in
/// [`FLAGS`]; its tests so far are in [`JUDGED`].
pub(super) const JUDGING: &str = "judging";
/// The state document's array of the submission in progress's tests
/// (JSON), appended one by one and emptied when it ends.
pub(super) const JUDGED: &str = "judged";

/// Most files of one language's buffer.
const MAX_FILES: usize = crate::problem::MAX_FILES;
/// Most signals a pad keeps.
pub(crate) const MAX_SIGNALS: u32 = 2000;

/// The entry point's flag of `language`, in [`FLAGS`].
fn entry_flag(language: &str) -> String {
    format!("entry:{language}")
}

/// How the code document's map of one language's files is named.
const FILES_PREFIX: &str = "files:";

/// The code document's map of `language`'s files.
pub(crate) fn files_root(language: &str) -> String {
    format!("{FILES_PREFIX}{language}")
}

/// A setting in `doc`'s [`FLAGS`].
pub(super) fn flag(doc: &Doc, name: &str) -> Option<Any> {
    let flags = doc.get_or_insert_map(FLAGS);
    match flags.get(&doc.transact(), name) {
        Some(Out::Any(any)) => Some(any),
        _ => None,
    }
}

/// `language`'s files in the code document `doc`, by name.
pub(crate) fn files_of(doc: &Doc, language: &str) -> BTreeMap<String, String> {
    let map = doc.get_or_insert_map(files_root(language));
    let txn = doc.transact();
    map.iter(&txn)
        .filter_map(|(name, value)| match value {
            Out::YText(text) => Some((name.to_owned(), text.get_string(&txn))),
            _ => None,
        })
        .collect()
}

/// The entry point of `language`'s files in the state document `doc`.
pub(crate) fn entry_of(doc: &Doc, language: &str) -> Option<String> {
    match flag(doc, &entry_flag(language)) {
        Some(Any::String(name)) => Some(name.to_string()),
        _ => None,
    }
}

/// A program as a pad holds it: its files, and the one it starts from.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    /// File name to text.
    pub files: BTreeMap<String, String>,
    /// The file run.
    pub entry: String,
    /// The code document's log position it was read at (replay re-runs it).
    pub code_seq: i64,
}

/// How a run's start went.
#[derive(Debug)]
pub(crate) enum Start {
    /// Started: the program to run, and the pad's run held until it ends.
    Started(Program, RunLease),
    /// Another run or submission is in progress.
    Busy,
    /// No such file to start from.
    NoFile(String),
}

/// A change to a language's file tree.
#[derive(Debug, Clone)]
pub(crate) enum FileChange {
    /// A new, empty file.
    Add(String),
    /// A file under a new name (its text moves; the entry point follows).
    Rename(String, String),
    /// A file gone (not the entry point).
    Delete(String),
    /// The file Run and Submit start from.
    Entry(String),
}

impl Hub {
    /// Starts a run (or a submission) of `language`'s files for `who`,
    /// marked in the `state` room: the program, or `None` when one is in
    /// progress (one at a time per pad; everyone sees who started it).
    /// `file` runs another file than the entry point (the candidate's own
    /// tests).
    pub(crate) async fn start_run(
        &self,
        state_room: &Room,
        code_room: &Room,
        language: &str,
        file: Option<&str>,
        who: &str,
    ) -> anyhow::Result<Start> {
        // Locks in one order (state, then code) wherever both are taken.
        let mut state = state_room.state.lock().await;
        let doc = state.awareness.doc().clone();
        let (files, code_seq) = {
            let code = code_room.state.lock().await;
            (files_of(code.awareness.doc(), language), code.seq)
        };
        let entry = match file {
            Some(file) => file.to_owned(),
            None => entry_of(&doc, language).unwrap_or_default(),
        };
        if !files.contains_key(&entry) {
            return Ok(Start::NoFile(format!(
                "no file {entry:?} in the {language} code"
            )));
        }
        // The store says whether a run is in progress, whichever process
        // started it; a run flagged in the document whose lease ran out
        // (its process died) is taken over.
        let Some(lease) = RunLease::take(&self.store, &state_room.pad, self.run_lease).await?
        else {
            return Ok(Start::Busy);
        };
        let marked = self
            .change_locked(state_room, &mut state, |roots, txn| {
                roots.flags.insert(txn, RUNNING, who.to_owned());
                roots.flags.remove(txn, JUDGING);
                let judged = roots.judged.len(txn);
                roots.judged.remove_range(txn, 0, judged);
            })
            .await;
        if let Err(error) = marked {
            lease.release().await;
            return Err(error);
        }
        Ok(Start::Started(
            Program {
                files,
                entry,
                code_seq,
            },
            lease,
        ))
    }

    /// Makes `language` the pad's shared language; its files are `starter`
    /// (entry point `entry`) the first time only: files someone emptied
    /// stay empty, and the starter is never put in twice (the flag that
    /// says so is written before it).
    pub(crate) async fn switch_language(
        &self,
        state_room: &Room,
        code_room: &Room,
        language: &str,
        starter: &BTreeMap<String, String>,
        entry: &str,
    ) -> anyhow::Result<()> {
        let mut state = state_room.state.lock().await;
        let doc = state.awareness.doc().clone();
        let seeded = format!("seeded:{language}");
        let first = flag(&doc, &seeded).is_none();
        self.change_locked(state_room, &mut state, |roots, txn| {
            roots.flags.insert(txn, LANGUAGE, language.to_owned());
            if first {
                roots.flags.insert(txn, seeded.as_str(), true);
                roots
                    .flags
                    .insert(txn, entry_flag(language), entry.to_owned());
            }
        })
        .await?;
        if first {
            let mut code = code_room.state.lock().await;
            let files = code.awareness.doc().get_or_insert_map(files_root(language));
            self.change_locked(code_room, &mut code, |_, txn| {
                for (name, text) in starter {
                    files.insert(txn, name.as_str(), TextPrelim::new(text.as_str()));
                }
            })
            .await?;
        }
        Ok(())
    }

    /// Changes `language`'s file tree; `Err` with why it cannot.
    pub(crate) async fn change_files(
        &self,
        state_room: &Room,
        code_room: &Room,
        language: &str,
        change: FileChange,
    ) -> anyhow::Result<Result<(), String>> {
        let mut state = state_room.state.lock().await;
        let state_doc = state.awareness.doc().clone();
        let entry = entry_of(&state_doc, language).unwrap_or_default();
        let mut code = code_room.state.lock().await;
        let doc = code.awareness.doc().clone();
        let files = files_of(&doc, language);
        let map = doc.get_or_insert_map(files_root(language));
        let named = |name: &str| -> Result<(), String> {
            if crate::problem::plain_name(name) {
                Ok(())
            } else {
                Err(format!(
                    "{name:?} is not a file name here (letters, digits, '.', '_' and '-')"
                ))
            }
        };
        let new_entry = match &change {
            FileChange::Add(name) => {
                if let Err(why) = named(name) {
                    return Ok(Err(why));
                }
                if files.contains_key(name) {
                    return Ok(Err(format!("there is a file {name:?} already")));
                }
                if files.len() >= MAX_FILES {
                    return Ok(Err(format!("at most {MAX_FILES} files per language")));
                }
                self.change_locked(code_room, &mut code, |_, txn| {
                    map.insert(txn, name.as_str(), TextPrelim::new(""));
                })
                .await?;
                None
            }
            FileChange::Rename(from, to) => {
                if let Err(why) = named(to) {
                    return Ok(Err(why));
                }
                let Some(text) = files.get(from) else {
                    return Ok(Err(format!("no file {from:?}")));
                };
                if files.contains_key(to) {
                    return Ok(Err(format!("there is a file {to:?} already")));
                }
                self.change_locked(code_room, &mut code, |_, txn| {
                    map.remove(txn, from);
                    map.insert(txn, to.as_str(), TextPrelim::new(text.as_str()));
                })
                .await?;
                (*from == entry).then(|| to.clone())
            }
            FileChange::Delete(name) => {
                if !files.contains_key(name) {
                    return Ok(Err(format!("no file {name:?}")));
                }
                if *name == entry {
                    return Ok(Err(format!(
                        "{name:?} is the entry point: make another file the entry point first"
                    )));
                }
                self.change_locked(code_room, &mut code, |_, txn| {
                    map.remove(txn, name);
                })
                .await?;
                None
            }
            FileChange::Entry(name) => {
                if !files.contains_key(name) {
                    return Ok(Err(format!("no file {name:?}")));
                }
                Some(name.clone())
            }
        };
        drop(code);
        if let Some(entry) = new_entry {
            self.change_locked(state_room, &mut state, |roots, txn| {
                roots.flags.insert(txn, entry_flag(language), entry);
            })
            .await?;
        }
        Ok(Ok(()))
    }

    /// The interviewers' controls, kept in the state document for everyone
    /// to see: whether the candidate may edit the code, and run it.
    pub(crate) async fn control(
        &self,
        state_room: &Room,
        code_room: &Room,
        lock: Option<bool>,
        candidate_runs: Option<bool>,
    ) -> anyhow::Result<()> {
        let mut state = state_room.state.lock().await;
        if let Some(locked) = lock {
            code_room.state.lock().await.locked = locked;
        }
        self.change_locked(state_room, &mut state, |roots, txn| {
            if let Some(locked) = lock {
                roots.flags.insert(txn, LOCKED, locked);
            }
            if let Some(runs) = candidate_runs {
                roots.flags.insert(txn, CANDIDATE_RUNS, runs);
            }
        })
        .await
    }

    /// Whether the interviewers let the candidate run code.
    pub(crate) async fn candidate_may_run(&self, state_room: &Room) -> bool {
        let state = state_room.state.lock().await;
        flag(state.awareness.doc(), CANDIDATE_RUNS) != Some(Any::Bool(false))
    }

    /// Whether the candidate may change the code now.
    pub(crate) async fn locked(&self, code_room: &Room) -> bool {
        code_room.state.lock().await.locked
    }

    /// Ends the run that `lease` holds, with its `result` (JSON) appended
    /// to the document's runs, or none (it could not start, or its process
    /// lost track of it): written only while the lease still holds the
    /// pad, then given back.
    pub(crate) async fn end_run(
        &self,
        room: &Room,
        lease: RunLease,
        result: Option<String>,
    ) -> anyhow::Result<()> {
        let mut state = room.state.lock().await;
        if !lease.holds().await? {
            tracing::warn!(pad = %room.pad, "a pad's run ended after another started; its result is dropped");
            return Ok(());
        }
        let ended = self
            .change_locked(room, &mut state, |roots, txn| {
                if let Some(result) = result {
                    roots.runs.push_back(txn, result);
                }
                roots.flags.remove(txn, RUNNING);
                roots.flags.remove(txn, JUDGING);
                let judged = roots.judged.len(txn);
                roots.judged.remove_range(txn, 0, judged);
            })
            .await;
        drop(state);
        lease.release().await;
        ended
    }

    /// Ends a run the state document shows in progress that no one holds
    /// any more (its process died, or the server stopped mid-run): without
    /// it, the pad would stay "running" for everyone.
    pub(super) async fn end_abandoned_run(&self, room: &Room) -> anyhow::Result<()> {
        if room.kind != PadRoom::State {
            return Ok(());
        }
        let flagged = {
            let state = room.state.lock().await;
            !state.ended && flag(state.awareness.doc(), RUNNING).is_some()
        };
        if !flagged || self.store.pad_run_held(&room.pad).await? {
            return Ok(());
        }
        // Taking the pad's run proves no one holds it, and keeps anyone
        // from starting one while the flag is cleared.
        if let Some(lease) = RunLease::take(&self.store, &room.pad, self.run_lease).await? {
            tracing::warn!(pad = %room.pad, "a pad's run that no process holds any more was ended");
            self.end_run(room, lease, None).await?;
        }
        Ok(())
    }

    /// The submission in progress (JSON: who, which, how many tests), and
    /// its `tests` judged since the last call, for everyone.
    pub(crate) async fn judging(
        &self,
        room: &Room,
        header: Option<String>,
        tests: Vec<String>,
    ) -> anyhow::Result<()> {
        self.change(room, |roots, txn| {
            if let Some(header) = header {
                roots.flags.insert(txn, JUDGING, header);
            }
            for test in tests {
                roots.judged.push_back(txn, test);
            }
        })
        .await
    }

    /// Appends a signal of the candidate's page (JSON) to the notes'
    /// signals; `false` when the pad has its most.
    pub(crate) async fn signal(&self, notes_room: &Room, signal: String) -> anyhow::Result<bool> {
        let mut notes = notes_room.state.lock().await;
        let doc = notes.awareness.doc().clone();
        let count = doc.get_or_insert_array(SIGNALS).len(&doc.transact());
        if count >= MAX_SIGNALS {
            return Ok(false);
        }
        // The notes stay open after the end; signals of an ended pad do not.
        self.change_locked(notes_room, &mut notes, |roots, txn| {
            roots.signals.push_back(txn, signal);
        })
        .await?;
        Ok(true)
    }
}

/// The runs kept in a state document, JSON each, oldest first.
pub(crate) fn runs_of(doc: &Doc) -> Vec<serde_json::Value> {
    json_array(doc, RUNS)
}

/// The JSON strings of `doc`'s array `name`, parsed, in order.
fn json_array(doc: &Doc, name: &str) -> Vec<serde_json::Value> {
    let array = doc.get_or_insert_array(name);
    let txn = doc.transact();
    array
        .iter(&txn)
        .filter_map(|value| match value.to_json(&txn) {
            Any::String(json) => serde_json::from_str(&json).ok(),
            _ => None,
        })
        .collect()
}

/// The candidate page's signals kept in a notes document, JSON each.
pub(crate) fn signals_of(doc: &Doc) -> Vec<serde_json::Value> {
    json_array(doc, SIGNALS)
}

/// The languages that have files in a code document.
pub(crate) fn languages_of(doc: &Doc) -> Vec<String> {
    let txn = doc.transact();
    let mut languages: Vec<String> = txn
        .root_refs()
        .filter_map(|(name, _)| name.strip_prefix(FILES_PREFIX).map(str::to_owned))
        .collect();
    languages.sort();
    languages
}

/// Every language's file names in a code document (the file tree), to
/// tell whether a client's update changed it.
pub(crate) fn file_tree(doc: &Doc) -> Vec<(String, Vec<String>)> {
    let txn = doc.transact();
    let mut tree: Vec<(String, Vec<String>)> = txn
        .root_refs()
        .filter(|(name, _)| name.starts_with(FILES_PREFIX))
        .map(|(name, value)| {
            let mut names: Vec<String> = match value {
                Out::YMap(map) => map.keys(&txn).map(str::to_owned).collect(),
                _ => Vec::new(),
            };
            names.sort();
            (name.to_owned(), names)
        })
        .collect();
    tree.sort();
    tree
}
