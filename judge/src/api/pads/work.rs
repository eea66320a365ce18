//! Running a pad's code: Run (custom input, answered when done) and Submit
//! (the problem's hidden tests, through the same queue as
//! `POST /v1/submissions`), one at a time per pad. The server writes who
//! started it, the submission's tests as they are judged, and the result
//! into the pad's state document, so everyone in the pad, late joiners
//! too, sees them; the results stay in the pad's history for replay.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::edits::{Program, Start};
use super::hub::{Hub, Room};
use super::live_pad;
use super::run_lease::RunLease;
use crate::api::runs::{RunRequest, RunResult, run_in_slot};
use crate::api::submissions::{check_files, queue_refusal, queue_room};
use crate::http::AppState;
use crate::http::body::{self, invalid};
use crate::http::error::{ApiError, ProblemDetails};
use crate::pipeline::judge::TestReport;
use crate::store::{
    EventKind, NewSubmission, Pad, PadRole, PadRoom, Refused, Role, SourceText, SubmissionState,
    now_ms,
};
use crate::views::Viewer;

/// Most bytes of a run's input kept in the pad (to re-run it in replay);
/// a longer one is not kept (`stdin_kept: false`).
const KEPT_STDIN_BYTES: usize = 16 << 10;
/// How long a submission is followed into the pad at most.
const FOLLOW_AT_MOST: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// A run of the pad's code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PadRunRequest {
    /// Whose files to run: a language id.
    #[schema(min_length = 1, max_length = 64)]
    pub language: String,
    /// The file to start from, when not the entry point (the candidate's
    /// own tests, say).
    #[serde(default)]
    pub file: Option<String>,
    /// Standard input.
    #[serde(default)]
    pub stdin: String,
    /// Who runs it, as everyone in the pad sees it (interviewers; a
    /// candidate is the pad's candidate).
    #[schema(max_length = 100)]
    #[serde(default)]
    pub name: String,
}

/// A run as the pad keeps it (a JSON string in the state's `runs`).
#[derive(Debug, Serialize)]
struct KeptRun<'a> {
    kind: &'static str,
    by: &'a str,
    language: &'a str,
    file: &'a str,
    stdin: &'a str,
    stdin_kept: bool,
    /// The code document's log position it ran (replay re-runs it).
    code_seq: i64,
    started_ms: i64,
    #[serde(flatten)]
    result: &'a RunResult,
    at_ms: i64,
}

/// Who starts something in the pad, as everyone sees it: a candidate is
/// the pad's candidate, whatever name the request gives.
fn who(pad: &Pad, role: PadRole, name: &str) -> String {
    match role {
        PadRole::Candidate if pad.candidate_name.is_empty() => "the candidate".to_owned(),
        PadRole::Candidate => pad.candidate_name.clone(),
        PadRole::Interviewer if name.trim().is_empty() => "an interviewer".to_owned(),
        PadRole::Interviewer => name.trim().to_owned(),
    }
}

/// The source and the files beside it of `program` started from its
/// entry, as the compiler takes them: the entry is given the language's
/// main name, and a file of that name that is not the one run is left out.
pub(super) fn as_sources(
    state: &AppState,
    language: &str,
    program: &Program,
) -> Result<(String, Vec<SourceText>), ApiError> {
    let main = &super::super::languages::available(state, language)?
        .manifest
        .source_file;
    let source = program
        .files
        .get(&program.entry)
        .cloned()
        .unwrap_or_default();
    let files: Vec<SourceText> = program
        .files
        .iter()
        .filter(|(name, _)| **name != program.entry && *name != main)
        .map(|(name, content)| SourceText {
            name: name.clone(),
            content: content.clone(),
        })
        .collect();
    check_files(&files, main, source.len(), state.config.limits.source_bytes)?;
    if source.trim().is_empty() {
        return Err(invalid(
            "empty-source",
            format!("{} is empty", program.entry),
        ));
    }
    Ok((source, files))
}

/// The run's start: its state room, its program and the pad's run held
/// (until [`Hub::end_run`]); refused while the candidate's runs are off or
/// another run is in progress, on whichever process.
async fn start(
    state: &AppState,
    hub: &Hub,
    pad: &Pad,
    role: PadRole,
    language: &str,
    file: Option<&str>,
    who: &str,
) -> Result<(Arc<Room>, Program, RunLease), ApiError> {
    let state_room = hub.room(pad, PadRoom::State).await?;
    let code_room = hub.room(pad, PadRoom::Code).await?;
    if role == PadRole::Candidate && !hub.candidate_may_run(&state_room).await {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "runs-off",
            "the interviewer has turned running code off for now",
        ));
    }
    super::super::languages::available(state, language)?;
    match hub
        .start_run(&state_room, &code_room, language, file, who)
        .await?
    {
        Start::Started(program, lease) => Ok((state_room, program, lease)),
        Start::NoFile(why) => Err(invalid("no-such-file", why)),
        Start::Busy => Err(ApiError::new(
            StatusCode::CONFLICT,
            "run-in-progress",
            "a run or a submission is in progress in this pad; its result comes to everyone",
        )),
    }
}

/// Ends the run `lease` holds, with its `result` or none, logging a
/// failure.
async fn end(hub: &Hub, room: &Room, lease: RunLease, result: Option<String>) {
    if let Err(error) = hub.end_run(room, lease, result).await {
        tracing::error!(pad = %room.pad, error = format!("{error:#}"), "cannot end a pad's run");
    }
}

/// Runs the pad's `language` files on `stdin`, one run at a time per pad:
/// everyone in the pad sees who started it and its result, which the
/// server writes into the pad's state document (late joiners see every
/// run; replay has them). Answers when the run has ended.
#[utoipa::path(post, path = "/v1/pad-links/{token}/run", operation_id = "runPad", tag = "pads",
    params(("token" = String, Path, description = "The link's token")), request_body = PadRunRequest,
    responses((status = 204, description = "run; its result is in the pad's document"),
              (status = 403, body = ProblemDetails), (status = 404, body = ProblemDetails),
              (status = 409, body = ProblemDetails), (status = 422, body = ProblemDetails)))]
pub(crate) async fn run(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let request: PadRunRequest = body::json(&bytes)?;
    body::name_at_most(&request.language, 64, "language name")?;
    body::name_at_most(&request.name, 100, "name")?;
    body::at_most(
        &request.stdin,
        state.config.limits.stdin_bytes,
        "stdin",
        "stdin-too-large",
    )?;
    let (pad, role) = live_pad(&state, &token).await?;
    let who = who(&pad, role, &request.name);
    let (state_room, program, lease) = start(
        &state,
        &hub,
        &pad,
        role,
        &request.language,
        request.file.as_deref(),
        &who,
    )
    .await?;
    let started_ms = now_ms();
    // The run and its ending are a task of their own: a client that goes
    // away, or the request's deadline, must not leave the pad "running".
    let task = tokio::spawn(async move {
        let ran = match as_sources(&state, &request.language, &program) {
            Ok((source, files)) => {
                let run = RunRequest {
                    language: request.language.clone(),
                    source,
                    stdin: request.stdin.clone(),
                    files,
                };
                run_in_slot(&state, run).await
            }
            Err(error) => Err(error),
        };
        match &ran {
            Ok(result) => {
                let stdin_kept = request.stdin.len() <= KEPT_STDIN_BYTES;
                let kept = KeptRun {
                    kind: "run",
                    by: &who,
                    language: &request.language,
                    file: &program.entry,
                    stdin: if stdin_kept { &request.stdin } else { "" },
                    stdin_kept,
                    code_seq: program.code_seq,
                    started_ms,
                    result,
                    at_ms: now_ms(),
                };
                let json = serde_json::to_string(&kept).unwrap_or_default();
                end(&hub, &state_room, lease, Some(json)).await;
            }
            // The run did not happen: the pad is free again.
            Err(_) => end(&hub, &state_room, lease, None).await,
        }
        ran.map(|_| StatusCode::NO_CONTENT)
    });
    task.await
        .map_err(|error| ApiError::from(anyhow::Error::from(error)))?
}

/// A submission of the pad's code.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PadSubmitRequest {
    /// Whose files to submit: a language id.
    #[schema(min_length = 1, max_length = 64)]
    pub language: String,
    /// Who submits it, as everyone in the pad sees it (interviewers).
    #[schema(max_length = 100)]
    #[serde(default)]
    pub name: String,
}

/// A submission's id, queued.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PadSubmitted {
    /// The submission (`GET /v1/submissions/{id}` for interviewers).
    pub submission: String,
}

/// Submits the pad's `language` files against the pad's problem's hidden
/// tests: queued like any submission (the interviewer's key owns it), its
/// tests written into the pad's state document as they are judged, its
/// verdict into the pad's runs. Answers once queued.
#[utoipa::path(post, path = "/v1/pad-links/{token}/submit", operation_id = "submitPad", tag = "pads",
    params(("token" = String, Path, description = "The link's token")), request_body = PadSubmitRequest,
    responses((status = 202, body = PadSubmitted), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails),
              (status = 422, body = ProblemDetails), (status = 429, body = ProblemDetails),
              (status = 503, body = ProblemDetails)))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<(StatusCode, Json<PadSubmitted>), ApiError> {
    let request: PadSubmitRequest = body::json(&bytes)?;
    body::name_at_most(&request.language, 64, "language name")?;
    body::name_at_most(&request.name, 100, "name")?;
    let (pad, role) = live_pad(&state, &token).await?;
    let Some(problem) = pad.problem.clone() else {
        return Err(invalid(
            "no-problem",
            "this pad has no problem to submit to",
        ));
    };
    let who = who(&pad, role, &request.name);
    let (state_room, program, lease) =
        start(&state, &hub, &pad, role, &request.language, None, &who).await?;
    let queued = enqueue(&state, &pad, &problem, &request.language, &program).await;
    let submission = match queued {
        Ok(id) => id,
        Err(error) => {
            end(&hub, &state_room, lease, None).await;
            return Err(error);
        }
    };
    tracing::info!(pad = %pad.id, submission = %submission, "pad submission queued");
    let follow = Follow {
        state,
        hub,
        room: state_room,
        lease,
        id: submission.clone(),
        by: who,
        problem,
        language: request.language,
        code_seq: program.code_seq,
        started_ms: now_ms(),
    };
    tokio::spawn(follow.run());
    Ok((StatusCode::ACCEPTED, Json(PadSubmitted { submission })))
}

async fn enqueue(
    state: &AppState,
    pad: &Pad,
    problem: &str,
    language: &str,
    program: &Program,
) -> Result<String, ApiError> {
    if state.bank.get(problem).is_none() {
        return Err(invalid(
            "unknown-problem",
            format!("the pad's problem {problem:?} is no longer in the bank"),
        ));
    }
    let (source, files) = as_sources(state, language, program)?;
    let new = NewSubmission {
        id: uuid::Uuid::now_v7().to_string(),
        owner: pad.created_by.clone(),
        problem: problem.to_owned(),
        language: language.to_owned(),
        source,
        files,
        callback_url: None,
        request_id: None,
    };
    let mut tx = state.store.begin().await?;
    // Under the interviewer's key: its quota is the pad's.
    state
        .store
        .enqueue(&mut tx, &new, queue_room(state))
        .await?
        .map_err(|refused| match refused {
            Refused::KeyQuota => ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-queued",
                "the pad's interviewer has the most submissions waiting they may; retry when one is done",
            )
            .with_header(axum::http::header::RETRY_AFTER, 5.into()),
            Refused::QueueFull => queue_refusal(state, refused),
        })?;
    tx.commit().await.map_err(anyhow::Error::from)?;
    state.notify();
    Ok(new.id)
}

/// A pad's submission followed to its verdict.
struct Follow {
    state: AppState,
    hub: Arc<Hub>,
    room: Arc<Room>,
    /// The pad's run, held until the verdict is in.
    lease: RunLease,
    id: String,
    by: String,
    problem: String,
    language: String,
    code_seq: i64,
    started_ms: i64,
}

/// How often a follower looks for events without a wake-up.
const POLL: std::time::Duration = std::time::Duration::from_secs(1);

impl Follow {
    /// Writes the tests into the pad as they are judged, then the verdict.
    async fn run(self) {
        let followed = self.follow().await;
        let Follow {
            hub,
            room,
            lease,
            id,
            ..
        } = self;
        match followed {
            Ok(kept) => end(&hub, &room, lease, Some(kept)).await,
            Err(error) => {
                tracing::error!(submission = %id, error = format!("{error:#}"), "cannot follow a pad's submission");
                end(&hub, &room, lease, None).await;
            }
        }
    }

    /// The tests as they are judged, written into the pad; then the
    /// verdict to keep in its runs.
    async fn follow(&self) -> anyhow::Result<String> {
        let mut changes = self.state.changes.subscribe();
        let deadline = tokio::time::Instant::now() + FOLLOW_AT_MOST;
        let mut last = 0;
        let mut tests = Vec::new();
        // What everyone in the pad may see: the candidate's view.
        let viewer = Viewer {
            role: Role::Candidate,
            bank: &self.state.bank,
        };
        let total =
            self.state.bank.get(&self.problem).map(|entry| {
                entry.problem.sample.cases().len() + entry.problem.secret.cases().len()
            });
        let header = serde_json::json!({
            "submission": self.id,
            "by": self.by,
            "language": self.language,
            "problem": self.problem,
            "total": total,
        });
        self.hub
            .judging(&self.room, Some(header.to_string()), Vec::new())
            .await?;
        loop {
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "the submission took longer than {FOLLOW_AT_MOST:?}"
            );
            anyhow::ensure!(
                !self.lease.lost(),
                "another run took the pad (this one's lease ran out)"
            );
            let events = self.state.store.events_after(&self.id, last).await?;
            let mut done = false;
            let mut new = Vec::new();
            for event in events {
                last = event.seq;
                match event.kind {
                    EventKind::Test => {
                        if let Ok(test) = serde_json::from_value::<TestReport>(event.data) {
                            let view = viewer.test(&self.problem, &test);
                            new.push(serde_json::to_string(&view)?);
                            tests.push(test);
                        }
                    }
                    EventKind::Done => done = true,
                    EventKind::State => {}
                }
            }
            if done {
                let submission = self
                    .state
                    .store
                    .submission(&self.id)
                    .await?
                    .filter(|s| s.state == SubmissionState::Done)
                    .ok_or_else(|| anyhow::anyhow!("the submission vanished"))?;
                let view = viewer.full(&submission, &tests);
                let kept = serde_json::json!({
                    "kind": "submit",
                    "submission": self.id,
                    "by": self.by,
                    "language": self.language,
                    "problem": self.problem,
                    "verdict": view.verdict,
                    "score": view.score,
                    "max_score": view.max_score,
                    "tests": view.tests,
                    "compile_log": view.compile_log,
                    "growth": view.growth,
                    "code_seq": self.code_seq,
                    "started_ms": self.started_ms,
                    "at_ms": now_ms(),
                });
                return Ok(kept.to_string());
            }
            if !new.is_empty() {
                self.hub.judging(&self.room, None, new).await?;
            }
            // A wake-up from this process's workers, or a look now and then
            // (another process may judge it).
            let _ = tokio::time::timeout(POLL, changes.changed()).await;
        }
    }
}
