//! The Judge0 CE API (v1.13.1 shape), so Judge0 clients work unmodified:
//! submissions (single, batch, wait, base64, fields), languages, statuses
//! and the informational endpoints. Submissions are queued runs judged by
//! the same workers as problem submissions; errors use Judge0's JSON shapes.

pub(crate) mod info;
pub(crate) mod render;
pub mod request;
pub(crate) mod status;

use std::collections::HashMap;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::rate_limit::Class;
use crate::pipeline::run_job::RunJob;
use crate::store::{Refused, Role, Room, RunState, StoredRun};

/// The Judge0 version this API speaks.
pub(crate) const VERSION: &str = "1.13.1";

/// What a Judge0 request costs: creating submissions runs code; the rest reads.
pub(crate) fn class(method: &Method, route: &str) -> Class {
    match (method, route) {
        (&Method::POST, "/submissions" | "/submissions/batch") => Class::Run,
        _ => Class::Read,
    }
}

/// The Judge0 routes (behind [`crate::http::edge`] with [`class`]).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/submissions", post(create).get(list))
        .route("/submissions/batch", post(create_batch).get(show_batch))
        .route("/submissions/{token}", get(show).delete(remove))
        .merge(info::routes())
}

type Params = Query<HashMap<String, String>>;

/// An error in Judge0's shape: `{"error": ...}`, or field errors.
#[derive(Debug)]
pub(crate) struct Failure(StatusCode, Value);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

/// `{"error": message}` with `status`.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Failure {
    Failure(status, json!({"error": message.into()}))
}

fn internal(error: &anyhow::Error) -> Failure {
    tracing::error!(error = format!("{error:#}"), "internal error (Judge0 API)");
    self::error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

fn field_errors(errors: &request::Errors) -> Failure {
    Failure(StatusCode::UNPROCESSABLE_ENTITY, json!(errors))
}

fn flag(params: &HashMap<String, String>, name: &str) -> bool {
    params.get(name).is_some_and(|v| v == "true" || v == "1")
}

fn fields(params: &HashMap<String, String>) -> Result<Vec<&'static str>, Failure> {
    render::fields(params.get("fields").map(String::as_str))
        .map_err(|message| error(StatusCode::BAD_REQUEST, message))
}

/// The run as Judge0 shows it, its language by display name (`Python (3.11.2)`).
fn show_run(state: &AppState, run: &StoredRun, fields: &[&str], base64: bool) -> Value {
    let job = serde_json::from_str::<RunJob>(&run.job).ok();
    let language = job
        .as_ref()
        .and_then(|job| state.toolbox.catalog.get(&job.language))
        .map(info::display_name)
        .unwrap_or_default();
    render::render(run, job.as_ref(), fields, base64, &language)
}

/// A run as Judge0 PUTs it to its `callback_url`: the default fields,
/// base64 if the run was created with `base64_encoded=true`.
pub(crate) async fn callback_body(
    store: &crate::store::Store,
    token: &str,
) -> Result<Vec<u8>, String> {
    let run = store
        .run(token)
        .await
        .map_err(|e| format!("{e:#}"))?
        .ok_or_else(|| "the run is gone".to_owned())?;
    let job = serde_json::from_str::<RunJob>(&run.job).ok();
    let base64 = job
        .as_ref()
        .and_then(request::Request::of)
        .is_some_and(|r| r.base64);
    let shown = render::render(&run, job.as_ref(), &render::DEFAULT_FIELDS, base64, "");
    serde_json::to_vec(&shown).map_err(|e| e.to_string())
}

/// A run the caller may see.
async fn visible_run(state: &AppState, caller: &Caller, token: &str) -> Result<StoredRun, Failure> {
    match state.store.run(token).await {
        Ok(Some(run)) if caller.may_read(&run.owner) => Ok(run),
        Ok(_) => Err(error(StatusCode::NOT_FOUND, "submission not found")),
        Err(e) => Err(internal(&e)),
    }
}

/// Parses the submissions of a request body; `Err` is the whole request's error.
fn parse_one(
    state: &AppState,
    body: &Value,
    base64: bool,
) -> Result<request::Request, request::Errors> {
    let empty = Map::new();
    let object = body.as_object().unwrap_or(&empty);
    request::parse(
        object,
        base64,
        &state.toolbox.catalog,
        state.config.limits.source_bytes,
    )
}

async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Params,
    body: Bytes,
) -> Result<Response, Failure> {
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| error(StatusCode::BAD_REQUEST, "the request body is not JSON"))?;
    let base64 = flag(&params, "base64_encoded");
    let fields = fields(&params)?;
    let request = parse_one(&state, &body, base64).map_err(|e| field_errors(&e))?;
    let token = uuid::Uuid::new_v4().to_string();
    let stored = serde_json::to_string(&request.job()).unwrap_or_default();
    enqueue(&state, &caller, &[(token.clone(), stored)]).await?;
    if !flag(&params, "wait") {
        return Ok((StatusCode::CREATED, Json(json!({"token": token}))).into_response());
    }
    let run = wait_done(&state, &token).await.map_err(|e| internal(&e))?;
    Ok((
        StatusCode::CREATED,
        Json(show_run(&state, &run, &fields, base64)),
    )
        .into_response())
}

/// Queues runs; a full queue is Judge0's `503 {"error": "queue is full"}`,
/// a caller over its quota of unfinished runs `429`.
async fn enqueue(
    state: &AppState,
    caller: &Caller,
    runs: &[(String, String)],
) -> Result<(), Failure> {
    let room = Room {
        queue: state.config.queue_capacity,
        per_key: state.config.queued_per_key,
    };
    match state.store.enqueue_runs(&caller.key_id, runs, room).await {
        Ok(Ok(())) => {
            state.notify();
            Ok(())
        }
        Ok(Err(Refused::QueueFull)) => Err(error(StatusCode::SERVICE_UNAVAILABLE, "queue is full")),
        Ok(Err(Refused::KeyQuota)) => Err(error(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "at most {} submissions of one caller may wait or run at once",
                room.per_key
            ),
        )),
        Err(e) => Err(internal(&e)),
    }
}

/// Waits until run `token` is done (the handler's deadline bounds it).
async fn wait_done(state: &AppState, token: &str) -> anyhow::Result<StoredRun> {
    let mut changes = state.changes.subscribe();
    loop {
        let run = state
            .store
            .run(token)
            .await?
            .ok_or_else(|| anyhow::anyhow!("run {token} vanished"))?;
        if run.state == RunState::Done {
            return Ok(run);
        }
        tokio::select! {
            _ = changes.changed() => {}
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
        }
    }
}

async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
    Query(params): Params,
) -> Result<Response, Failure> {
    let fields = fields(&params)?;
    let run = visible_run(&state, &caller, &token).await?;
    let base64 = flag(&params, "base64_encoded");
    Ok(Json(show_run(&state, &run, &fields, base64)).into_response())
}

async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
    Query(params): Params,
) -> Result<Response, Failure> {
    let fields = fields(&params)?;
    if caller.anonymous {
        return Err(error(
            StatusCode::FORBIDDEN,
            "deleting a submission needs an API key",
        ));
    }
    let run = visible_run(&state, &caller, &token).await?;
    if run.state != RunState::Done {
        let id = if run.state == RunState::Running { 2 } else { 1 };
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!(
                "submission cannot be deleted because its status is {id} ({})",
                status::description(id)
            ),
        ));
    }
    let shown = show_run(&state, &run, &fields, flag(&params, "base64_encoded"));
    state
        .store
        .delete_run(&token)
        .await
        .map_err(|e| internal(&e))?;
    Ok(Json(shown).into_response())
}

async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Params,
) -> Result<Response, Failure> {
    let fields = fields(&params)?;
    let page: u32 = params
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let per_page: u32 = params
        .get("per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(20)
        .clamp(1, 100);
    if caller.anonymous {
        return Err(error(
            StatusCode::FORBIDDEN,
            "listing submissions needs an API key; read yours by their tokens",
        ));
    }
    let owner = (caller.role < Role::Interviewer).then_some(caller.key_id.as_str());
    let (runs, total) = state
        .store
        .runs_page(owner, (page - 1) * per_page, per_page)
        .await
        .map_err(|e| internal(&e))?;
    let base64 = flag(&params, "base64_encoded");
    let total_pages = (total + i64::from(per_page) - 1) / i64::from(per_page);
    let submissions: Vec<Value> = runs
        .iter()
        .map(|run| show_run(&state, run, &fields, base64))
        .collect();
    Ok(Json(json!({
        "submissions": submissions,
        "meta": {
            "current_page": page,
            "next_page": (i64::from(page) < total_pages).then_some(page + 1),
            "prev_page": (page > 1).then(|| page - 1),
            "total_pages": total_pages,
            "total_count": total,
        }
    }))
    .into_response())
}

async fn create_batch(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Params,
    body: Bytes,
) -> Result<Response, Failure> {
    let body: Value = serde_json::from_slice(&body)
        .map_err(|_| error(StatusCode::BAD_REQUEST, "the request body is not JSON"))?;
    let Some(items) = body.get("submissions").and_then(Value::as_array) else {
        return Err(Failure(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({"submissions": ["can't be blank"]}),
        ));
    };
    if items.is_empty() || items.len() > request::defaults::MAX_BATCH {
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!(
                "number of submissions in a batch should be between 1 and {}",
                request::defaults::MAX_BATCH
            ),
        ));
    }
    let base64 = flag(&params, "base64_encoded");
    let mut answers = Vec::new();
    let mut queued = Vec::new();
    for item in items {
        match parse_one(&state, item, base64) {
            Ok(request) => {
                let token = uuid::Uuid::new_v4().to_string();
                answers.push(json!({"token": token}));
                queued.push((
                    token,
                    serde_json::to_string(&request.job()).unwrap_or_default(),
                ));
            }
            Err(errors) => answers.push(json!(errors)),
        }
    }
    enqueue(&state, &caller, &queued).await?;
    Ok((StatusCode::CREATED, Json(Value::Array(answers))).into_response())
}

async fn show_batch(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Params,
) -> Result<Response, Failure> {
    let fields = fields(&params)?;
    let Some(tokens) = params.get("tokens").filter(|t| !t.is_empty()) else {
        return Err(error(StatusCode::BAD_REQUEST, "tokens can't be blank"));
    };
    let tokens: Vec<&str> = tokens.split(',').map(str::trim).collect();
    if tokens.len() > request::defaults::MAX_BATCH {
        return Err(error(
            StatusCode::BAD_REQUEST,
            format!(
                "number of tokens should be at most {}",
                request::defaults::MAX_BATCH
            ),
        ));
    }
    let base64 = flag(&params, "base64_encoded");
    let mut submissions = Vec::new();
    for token in tokens {
        submissions.push(match visible_run(&state, &caller, token).await {
            Ok(run) => show_run(&state, &run, &fields, base64),
            Err(_) => Value::Null,
        });
    }
    Ok(Json(json!({"submissions": submissions})).into_response())
}
