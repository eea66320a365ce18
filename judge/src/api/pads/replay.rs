//! Replay, for the interviewers' link: the pad's update logs with their
//! times (the web app scrubs them), the pad as it was at any moment
//! (its documents rebuilt from their logs up to then), and a re-run of the
//! code as it was then: runs are deterministic, so a re-run at a run's
//! moment gets exactly the output and fuel the candidate got.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use base64::Engine;
use serde::{Deserialize, Serialize};
use yrs::Doc;

use super::edits::{self, Program};
use super::hub::apply_stored;
use super::pad_of;
use crate::api::runs::{RunRequest, RunResult, run_in_slot};
use crate::http::AppState;
use crate::http::body::{self, invalid};
use crate::http::error::{ApiError, ProblemDetails};
use crate::store::{Pad, PadRole, PadRoom, Store};

/// The pad of an interviewers' link.
async fn interviewers_pad(state: &AppState, token: &str) -> Result<Pad, ApiError> {
    let (pad, role) = pad_of(state, token).await?;
    if role != PadRole::Interviewer {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "replay is for the interviewers' link",
        ));
    }
    Ok(pad)
}

/// One update of a document's log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct LoggedUpdate {
    /// Its place in the log, from 1.
    pub seq: i64,
    /// Unix ms.
    pub at_ms: i64,
    /// The Yjs update (v1 encoding), base64.
    pub update: String,
}

/// A pad's history: its documents' update logs, in order.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Timeline {
    /// Unix ms.
    pub created_ms: i64,
    /// Unix ms, once ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_ms: Option<i64>,
    /// The code's updates.
    pub code: Vec<LoggedUpdate>,
    /// The state's updates (language, entry points, runs, submissions).
    pub state: Vec<LoggedUpdate>,
    /// The candidate page's signals (focus lost, large pastes), JSON each.
    #[schema(value_type = Vec<Object>)]
    pub signals: Vec<serde_json::Value>,
}

async fn logged(store: &Store, pad: &str, room: PadRoom) -> anyhow::Result<Vec<LoggedUpdate>> {
    let engine = base64::engine::general_purpose::STANDARD;
    Ok(store
        .pad_updates(pad, room, 0)
        .await?
        .into_iter()
        .map(|update| LoggedUpdate {
            seq: update.seq,
            at_ms: update.at,
            update: engine.encode(&update.data),
        })
        .collect())
}

/// The pad's history, to replay (the interviewers' link).
#[utoipa::path(get, path = "/v1/pad-links/{token}/timeline", operation_id = "getPadTimeline", tag = "pads",
    params(("token" = String, Path, description = "The interviewers' link's token")),
    responses((status = 200, body = Timeline), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails)))]
pub(crate) async fn timeline(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<Timeline>, ApiError> {
    let pad = interviewers_pad(&state, &token).await?;
    let (notes, _) = doc_at(&state.store, &pad.id, PadRoom::Notes, Until::End).await?;
    Ok(Json(Timeline {
        created_ms: pad.created_at,
        ended_ms: pad.ended_at,
        code: logged(&state.store, &pad.id, PadRoom::Code).await?,
        state: logged(&state.store, &pad.id, PadRoom::State).await?,
        signals: edits::signals_of(&notes),
    }))
}

/// How far into a log to replay.
#[derive(Debug, Clone, Copy)]
enum Until {
    /// Updates stored at or before this Unix ms.
    Time(i64),
    /// Updates up to this place in the log.
    Seq(i64),
    /// Every update.
    End,
}

/// A pad document as its log built it up to `until`, and the last update's
/// place taken.
async fn doc_at(
    store: &Store,
    pad: &str,
    room: PadRoom,
    until: Until,
) -> anyhow::Result<(Doc, i64)> {
    let doc = Doc::new();
    let mut last = 0;
    for update in store.pad_updates(pad, room, 0).await? {
        let within = match until {
            Until::Time(ms) => update.at <= ms,
            Until::Seq(seq) => update.seq <= seq,
            Until::End => true,
        };
        if !within {
            break;
        }
        last = update.seq;
        // A stored update that does not apply was never taken live either.
        let _ = apply_stored(&doc, &update.data);
    }
    Ok((doc, last))
}

/// Where to replay to: a time, or the code's log position a run recorded.
#[derive(Debug, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ReplayPoint {
    /// Unix ms.
    #[serde(default)]
    pub at_ms: Option<i64>,
    /// The code document's log position (a run's `code_seq`).
    #[serde(default)]
    pub code_seq: Option<i64>,
}

/// The pad as it was at a moment.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct Replayed {
    /// The code document's log position replayed to.
    pub code_seq: i64,
    /// The shared language then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Each language's files then: language, then file name, then text.
    pub files: BTreeMap<String, BTreeMap<String, String>>,
    /// Each language's entry point then.
    pub entries: BTreeMap<String, String>,
    /// The runs and submissions that had ended by then (JSON each).
    #[schema(value_type = Vec<Object>)]
    pub runs: Vec<serde_json::Value>,
}

/// The point's bound on each log: the code's, and the state's.
async fn bounds(
    state: &AppState,
    pad: &Pad,
    point: &ReplayPoint,
) -> Result<(Until, Until), ApiError> {
    match (point.at_ms, point.code_seq) {
        (Some(at), None) => Ok((Until::Time(at), Until::Time(at))),
        (None, Some(seq)) if seq >= 1 => {
            // The state as it was when that code was current.
            let at = state
                .store
                .pad_update_time(&pad.id, PadRoom::Code, seq)
                .await?
                .unwrap_or(i64::MAX);
            Ok((Until::Seq(seq), Until::Time(at)))
        }
        _ => Err(invalid("invalid-point", "give one of at_ms and code_seq")),
    }
}

/// The pad's code document at `point` with its log position, and its
/// state document as it was then.
async fn pad_at(
    state: &AppState,
    pad: &Pad,
    point: &ReplayPoint,
) -> Result<(Doc, i64, Doc), ApiError> {
    let (code_until, state_until) = bounds(state, pad, point).await?;
    let (code, code_seq) = doc_at(&state.store, &pad.id, PadRoom::Code, code_until).await?;
    let (shared, _) = doc_at(&state.store, &pad.id, PadRoom::State, state_until).await?;
    Ok((code, code_seq, shared))
}

/// The pad as it was at a moment, or at a run's code (the interviewers'
/// link).
#[utoipa::path(get, path = "/v1/pad-links/{token}/replay", operation_id = "replayPad", tag = "pads",
    params(("token" = String, Path, description = "The interviewers' link's token"), ReplayPoint),
    responses((status = 200, body = Replayed), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails)))]
pub(crate) async fn replay(
    State(state): State<AppState>,
    Path(token): Path<String>,
    point: Result<Query<ReplayPoint>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Replayed>, ApiError> {
    let Query(point) = point.map_err(|e| ApiError::bad_request("invalid-query", e.body_text()))?;
    let pad = interviewers_pad(&state, &token).await?;
    let (code, code_seq, shared) = pad_at(&state, &pad, &point).await?;
    let languages = edits::languages_of(&code);
    Ok(Json(Replayed {
        code_seq,
        language: match edits::flag(&shared, edits::LANGUAGE) {
            Some(yrs::Any::String(language)) => Some(language.to_string()),
            _ => None,
        },
        entries: languages
            .iter()
            .filter_map(|language| Some((language.clone(), edits::entry_of(&shared, language)?)))
            .collect(),
        files: languages
            .iter()
            .map(|language| (language.clone(), edits::files_of(&code, language)))
            .collect(),
        runs: edits::runs_of(&shared),
    }))
}

/// A re-run of the code as it was at a point of the pad's history.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReplayRunRequest {
    /// Unix ms.
    #[serde(default)]
    pub at_ms: Option<i64>,
    /// The code document's log position (a run's `code_seq`).
    #[serde(default)]
    pub code_seq: Option<i64>,
    /// Whose files: a language id.
    #[schema(min_length = 1, max_length = 64)]
    pub language: String,
    /// The file to start from (default: the entry point then).
    #[serde(default)]
    pub file: Option<String>,
    /// Standard input.
    #[serde(default)]
    pub stdin: String,
}

/// Runs the code as it was at a point of the pad's history (the
/// interviewers' link); nothing is written into the pad.
#[utoipa::path(post, path = "/v1/pad-links/{token}/replay/run", operation_id = "rerunPad", tag = "pads",
    params(("token" = String, Path, description = "The interviewers' link's token")), request_body = ReplayRunRequest,
    responses((status = 200, body = RunResult), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 422, body = ProblemDetails),
              (status = 503, body = ProblemDetails)))]
pub(crate) async fn rerun(
    State(state): State<AppState>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<Json<RunResult>, ApiError> {
    let request: ReplayRunRequest = body::json(&bytes)?;
    body::name_at_most(&request.language, 64, "language name")?;
    body::at_most(
        &request.stdin,
        state.config.limits.stdin_bytes,
        "stdin",
        "stdin-too-large",
    )?;
    let pad = interviewers_pad(&state, &token).await?;
    let point = ReplayPoint {
        at_ms: request.at_ms,
        code_seq: request.code_seq,
    };
    let (code, code_seq, shared) = pad_at(&state, &pad, &point).await?;
    let files = edits::files_of(&code, &request.language);
    let entry = request
        .file
        .or_else(|| edits::entry_of(&shared, &request.language))
        .unwrap_or_default();
    if !files.contains_key(&entry) {
        return Err(invalid(
            "no-such-file",
            format!("no file {entry:?} in the {} code then", request.language),
        ));
    }
    let program = Program {
        files,
        entry,
        code_seq,
    };
    let (source, files) = super::work::as_sources(&state, &request.language, &program)?;
    let run = RunRequest {
        language: request.language,
        source,
        stdin: request.stdin,
        files,
    };
    Ok(Json(run_in_slot(&state, run).await?))
}
