//! Live pads: the interview itself. An interviewer creates a pad
//! (`POST /v1/pads`) and gets two links, the candidate's and the
//! interviewers', whose unguessable tokens are the credentials: whoever
//! holds a link is in the pad with the link's role. Each pad has two
//! shared documents, edited over WebSocket with Yjs's CRDT (`yrs` here,
//! speaking the standard y-websocket protocol, so any Yjs client can join):
//! the code everyone edits, and the interviewers' private notes, which a
//! candidate's link can never open. Every update is kept in order with its
//! time (`store/pads.rs`); ending a pad makes it read-only for everyone.
//!
//! `hub.rs` holds the documents in use and their presence; `socket.rs`
//! serves one connection; `edits.rs` is what the server writes into the
//! documents; `files.rs` the languages and file trees; `work.rs` Run and
//! Submit; `signals.rs` what the candidate's page reports; `replay.rs` the
//! history.

mod edits;
pub(crate) mod files;
mod hub;
pub(crate) mod replay;
mod run_lease;
pub(crate) mod signals;
mod socket;
pub(crate) mod work;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use hub::Closing;
pub(crate) use hub::Hub;

use crate::http::AppState;
use crate::http::auth::Interviewer;
use crate::http::body::{self, invalid};
use crate::http::error::{ApiError, ProblemDetails};
use crate::http::rate_limit::Class;
use crate::store::{INTERVIEWER_PREFIX, NewPad, Pad, PadRole, PadRoom, Role};
use crate::views::timestamp;

/// The name of the pad listing's cursors.
const CURSOR: &str = "pads";

/// Most pads one key may have active at once.
const MAX_ACTIVE_PADS: i64 = 50;

/// Most bytes of one WebSocket message.
const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// `/pads` (interviewers), nested under `/v1` with the rest of the API.
pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/pads", get(list).post(create))
}

/// `/v1/pad-links/{token}...`: what a link's holder reaches, the token
/// being the credential (for [`crate::http::open`]).
pub(crate) fn link_routes(hub: Arc<Hub>, state: AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/pad-links/{token}", get(show))
        .route("/v1/pad-links/{token}/end", post(end))
        .route("/v1/pad-links/{token}/run", post(work::run))
        .route("/v1/pad-links/{token}/submit", post(work::submit))
        .route(
            "/v1/pad-links/{token}/language",
            post(files::switch_language),
        )
        .route("/v1/pad-links/{token}/files", post(files::change_files))
        .route("/v1/pad-links/{token}/controls", post(control))
        .route("/v1/pad-links/{token}/signals", post(signals::signal))
        .route("/v1/pad-links/{token}/timeline", get(replay::timeline))
        .route("/v1/pad-links/{token}/replay", get(replay::replay))
        .route("/v1/pad-links/{token}/replay/run", post(replay::rerun))
        .route("/v1/pad-links/{token}/ws/{room}", get(connect))
        .route_layer(axum::middleware::from_fn_with_state(state, limit_link))
        .layer(Extension(hub))
}

/// Charges a link's request to the link's own buckets, as a candidate's or
/// an interviewer's key would be: whoever holds a link runs and submits
/// within that role's rate limits.
async fn limit_link(
    State(state): State<AppState>,
    Path(params): Path<Vec<(String, String)>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let token = params
        .iter()
        .find(|(name, _)| name == "token")
        .map_or("", |(_, token)| token.as_str());
    // The prefix says the role without a lookup; any other token is held
    // to the candidate's limits (it opens nothing anyway).
    let (role, shown) = if token.starts_with(INTERVIEWER_PREFIX) {
        (Role::Interviewer, "an interviewers' pad link")
    } else {
        (Role::Candidate, "a candidate's pad link")
    };
    let path = request.uri().path();
    let class = if path.ends_with("/submit") {
        Class::Submit
    } else if path.ends_with("/run") {
        Class::Run
    } else {
        Class::Read
    };
    let key = format!("pad-link:{token}");
    crate::http::rate_limit::charge(&state, (&key, shown), role, class, request, next).await
}

/// A pad to create.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewPadRequest {
    /// Shown to everyone in the pad.
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Who the candidate is.
    #[schema(max_length = 200)]
    #[serde(default)]
    pub candidate_name: String,
    /// A problem slug, for a pad about one (`GET /v1/problems`).
    #[serde(default)]
    pub problem: Option<String>,
    /// The language the pad starts in (`GET /v1/languages`).
    pub language: String,
}

/// Who a link admits.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PadRoleView {
    /// The code, never the notes.
    Candidate,
    /// Everything.
    Interviewer,
}

/// The two links of a pad (shown to interviewers only).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PadLinks {
    /// The candidate's: the web app's pad page with its token.
    pub candidate: String,
    /// The interviewers'.
    pub interviewer: String,
}

/// A pad.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PadView {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who the candidate is.
    pub candidate_name: String,
    /// A problem slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// The language it started in.
    pub language: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, once ended (the pad is read-only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Who the link that read this admits (absent in listings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<PadRoleView>,
    /// The links, for interviewers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub links: Option<PadLinks>,
    /// The languages the pad may switch to (for a link's holder, who may
    /// have no key to ask `GET /v1/languages`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<PadLanguage>,
    /// The problem, as a candidate reads it: statement and samples (for a
    /// link's holder, who may have no key to ask `GET /v1/problems/{slug}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem_view: Option<super::problems::ProblemView>,
}

/// A language a pad may use.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PadLanguage {
    /// Its id.
    pub id: String,
    /// Display name.
    pub name: String,
}

fn view(pad: &Pad, role: Option<PadRole>) -> PadView {
    let interviewer = role.is_none_or(|role| role == PadRole::Interviewer);
    PadView {
        id: pad.id.clone(),
        title: pad.title.clone(),
        candidate_name: pad.candidate_name.clone(),
        problem: pad.problem.clone(),
        language: pad.language.clone(),
        created_at: timestamp(pad.created_at),
        ended_at: pad.ended_at.map(timestamp),
        role: role.map(|role| match role {
            PadRole::Candidate => PadRoleView::Candidate,
            PadRole::Interviewer => PadRoleView::Interviewer,
        }),
        links: interviewer.then(|| PadLinks {
            candidate: format!("/#/pad/{}", pad.candidate_token),
            interviewer: format!("/#/pad/{}", pad.interviewer_token),
        }),
        languages: Vec::new(),
        problem_view: None,
    }
}

/// Creates a pad.
#[utoipa::path(post, path = "/v1/pads", operation_id = "createPad", tag = "pads", request_body = NewPadRequest,
    responses((status = 201, body = PadView), (status = 403, body = ProblemDetails), (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Interviewer(caller): Interviewer,
    bytes: Bytes,
) -> Result<(StatusCode, Json<PadView>), ApiError> {
    let request: NewPadRequest = body::json(&bytes)?;
    if request.title.trim().is_empty() {
        return Err(invalid("empty-title", "a pad needs a title"));
    }
    body::name_at_most(&request.title, 200, "title")?;
    body::name_at_most(&request.candidate_name, 200, "candidate name")?;
    body::name_at_most(&request.language, 64, "language name")?;
    if let Some(problem) = &request.problem
        && state.bank.get(problem).is_none()
    {
        return Err(invalid(
            "unknown-problem",
            format!("no problem {problem:?} (see GET /v1/problems)"),
        ));
    }
    // The starter is checked before the pad exists.
    files::starter(&state, request.problem.as_deref(), &request.language)?;
    if state.store.active_pads_by(&caller.key_id).await? >= MAX_ACTIVE_PADS {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-pads",
            format!("this key has {MAX_ACTIVE_PADS} active pads, the most it may; end one first"),
        ));
    }
    let pad = state
        .store
        .create_pad(&NewPad {
            title: request.title,
            candidate_name: request.candidate_name,
            problem: request.problem,
            language: request.language,
            created_by: caller.key_id.clone(),
        })
        .await?;
    // The starter goes into the document once, here, never from a client.
    files::switch(&state, &hub, &pad, &pad.language).await?;
    tracing::info!(pad = %pad.id, by = %caller.key_id, "pad created");
    Ok((StatusCode::CREATED, Json(view(&pad, None))))
}

/// Query of the pad listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PadQuery {
    /// `active` (default) or `ended`.
    state: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// A page of pads.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct PadPage {
    /// Newest first.
    pub items: Vec<PadView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Pads, newest first: the active ones, or the ended ones.
#[utoipa::path(get, path = "/v1/pads", operation_id = "listPads", tag = "pads", params(PadQuery),
    responses((status = 200, body = PadPage), (status = 400, body = ProblemDetails), (status = 403, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    Interviewer(_caller): Interviewer,
    query: Result<Query<PadQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<PadPage>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request("invalid-query", e.body_text()))?;
    let ended = match query.state.as_deref() {
        None | Some("active") => false,
        Some("ended") => true,
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid-query",
                "state is active or ended",
            ));
        }
    };
    let limit = super::cursor::limit(query.limit)?;
    let before = query
        .cursor
        .as_deref()
        .map(|cursor| super::cursor::decode(CURSOR, cursor))
        .transpose()?;
    let page = state.store.pads(ended, before, limit).await?;
    Ok(Json(PadPage {
        items: page.items.iter().map(|pad| view(pad, None)).collect(),
        next_cursor: page.next.map(|seq| super::cursor::encode(CURSOR, seq)),
    }))
}

/// The pad a link opens, refused (409) once it has ended: what changes it.
pub(super) async fn live_pad(state: &AppState, token: &str) -> Result<(Pad, PadRole), ApiError> {
    let (pad, role) = pad_of(state, token).await?;
    if pad.ended_at.is_some() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "pad-ended",
            "the pad has ended",
        ));
    }
    Ok((pad, role))
}

pub(super) async fn pad_of(state: &AppState, token: &str) -> Result<(Pad, PadRole), ApiError> {
    let found = if token.len() <= 128 {
        state.store.pad_by_token(token).await?
    } else {
        None
    };
    found.ok_or_else(|| ApiError::not_found("no pad has this link"))
}

/// The pad a link opens, and who the link admits.
#[utoipa::path(get, path = "/v1/pad-links/{token}", operation_id = "getPadByLink", tag = "pads",
    params(("token" = String, Path, description = "The link's token")),
    responses((status = 200, body = PadView), (status = 404, body = ProblemDetails)))]
async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<PadView>, ApiError> {
    let (pad, role) = pad_of(&state, &token).await?;
    let mut view = view(&pad, Some(role));
    view.languages = state
        .toolbox
        .catalog
        .all()
        .iter()
        .filter(|language| language.missing().is_empty())
        .map(|language| PadLanguage {
            id: language.id().to_owned(),
            name: language.manifest.name.clone(),
        })
        .collect();
    view.problem_view = pad
        .problem
        .as_deref()
        .and_then(|slug| state.bank.get(slug))
        .map(|entry| super::problems::view(&state.toolbox.catalog, &entry));
    Ok(Json(view))
}

/// Ends the pad (the interviewers' link): it becomes read-only for everyone.
#[utoipa::path(post, path = "/v1/pad-links/{token}/end", operation_id = "endPad", tag = "pads",
    params(("token" = String, Path, description = "The interviewers' link's token")),
    responses((status = 204, description = "ended"), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails)))]
async fn end(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
) -> Result<StatusCode, ApiError> {
    let (pad, role) = pad_of(&state, &token).await?;
    if role != PadRole::Interviewer {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only the interviewers' link ends a pad",
        ));
    }
    if state.store.end_pad(&pad.id).await? {
        tracing::info!(pad = %pad.id, "pad ended");
    }
    hub.end_pad(&pad.id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// The interviewers' controls of a pad; what is absent stays as it is.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Controls {
    /// Lock the code: the candidate may read it, not change it.
    #[serde(default)]
    pub locked: Option<bool>,
    /// Whether the candidate may run code.
    #[serde(default)]
    pub candidate_runs: Option<bool>,
}

/// Sets the interviewers' controls (the interviewers' link): everyone sees
/// them in the pad's state document.
#[utoipa::path(post, path = "/v1/pad-links/{token}/controls", operation_id = "controlPad", tag = "pads",
    params(("token" = String, Path, description = "The interviewers' link's token")), request_body = Controls,
    responses((status = 204, description = "set"), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails)))]
async fn control(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let controls: Controls = body::json(&bytes)?;
    let (pad, role) = live_pad(&state, &token).await?;
    if role != PadRole::Interviewer {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "only the interviewers' link sets the controls",
        ));
    }
    let (state_room, code_room) = (
        hub.room(&pad, PadRoom::State).await?,
        hub.room(&pad, PadRoom::Code).await?,
    );
    hub.control(
        &state_room,
        &code_room,
        controls.locked,
        controls.candidate_runs,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether a browser's request comes from a page of this server (a
/// request without `Origin` is not a browser's, and carries its token).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) else {
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    origin_host.is_some() && origin_host == host
}

/// Joins a pad document over WebSocket: `code`, `state` (read-only: the
/// language, the run in progress, the runs), or `notes` (the interviewers'
/// link only). A refused link is told by a close code in
/// 4400-4499, on which y-websocket clients stop reconnecting.
#[utoipa::path(get, path = "/v1/pad-links/{token}/ws/{room}", operation_id = "connectPad", tag = "pads",
    params(("token" = String, Path, description = "The link's token"),
           ("room" = String, Path, description = "`code`, `state` or `notes`")),
    responses((status = 101, description = "a y-websocket connection"), (status = 403, body = ProblemDetails)))]
async fn connect(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path((token, room)): Path<(String, String)>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, ApiError> {
    if !same_origin(&headers) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "a pad is joined from this server's pages only",
        ));
    }
    let found = pad_of(&state, &token).await.ok();
    let kind = PadRoom::parse(&room);
    let upgrade = upgrade
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES);
    let refused = match (&found, kind) {
        (None, _) => Some(Closing::NotFound),
        (_, None) => Some(Closing::NotFound),
        (Some((_, PadRole::Candidate)), Some(PadRoom::Notes)) => Some(Closing::Forbidden),
        _ => None,
    };
    if let Some(why) = refused {
        return Ok(upgrade.on_upgrade(move |socket| socket::refuse(socket, why)));
    }
    let (Some((pad, role)), Some(kind)) = (found, kind) else {
        return Err(ApiError::not_found("no pad has this link"));
    };
    let room = hub.room(&pad, kind).await?;
    Ok(upgrade.on_upgrade(move |socket| async move {
        match room.join(role) {
            Some(frames) => socket::serve(socket, hub, room, frames, role).await,
            None => socket::refuse(socket, Closing::TooMany).await,
        }
    }))
}
