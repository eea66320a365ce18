//! `POST /v1/submissions` (queue a submission, idempotently),
//! `GET /v1/submissions/{id}` and `GET /v1/submissions` (newest first, by cursor).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::http::auth::Caller;
use crate::http::body::{self, at_most, invalid};
use crate::http::error::{ApiError, ProblemDetails};
use crate::http::{AppState, RequestId};
use crate::pipeline::judge::TestReport;
use crate::pipeline::verdict::Verdict;
use crate::problem::MAX_FILES;
use crate::store::{
    EventKind, Filter, Idempotent, NewSubmission, Refused, Role, Room, SourceText, StoredResponse,
};
use crate::views::{DeliveryState, SubmissionView, Viewer};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/submissions", get(list).post(create))
        .route("/submissions/{id}", get(show))
}

/// A submission to judge.
#[derive(Debug, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SubmitRequest {
    /// Problem slug (`GET /v1/problems`).
    #[schema(min_length = 1, max_length = 64)]
    pub problem: String,
    /// Language id (`GET /v1/languages`).
    #[schema(min_length = 1, max_length = 64)]
    pub language: String,
    /// The source code (the program's entry point).
    #[schema(min_length = 1)]
    pub source: String,
    /// More files beside the source, for a program of several files
    /// (Python modules, headers, ...), each under a plain name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(max_items = 64)]
    pub files: Vec<SourceText>,
    /// An http(s) URL to POST the result to when judging ends (signed, retried).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
}

const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Queues a submission. With an `Idempotency-Key`, a retry of the same
/// request returns the first response; the key with another request is `422`.
#[utoipa::path(post, path = "/v1/submissions", operation_id = "createSubmission", tag = "submissions",
    request_body = SubmitRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key and body give the first response")),
    responses(
        (status = 202, description = "queued", body = SubmissionView),
        (status = 400, body = ProblemDetails), (status = 401, body = ProblemDetails),
        (status = 413, body = ProblemDetails), (status = 422, body = ProblemDetails),
        (status = 429, body = ProblemDetails), (status = 503, description = "queue full", body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Extension(request_id): Extension<RequestId>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: SubmitRequest = body::json(&bytes)?;
    let limits = &state.config.limits;
    body::name_at_most(&request.problem, 64, "problem name")?;
    body::name_at_most(&request.language, 64, "language name")?;
    at_most(
        &request.source,
        limits.source_bytes,
        "source",
        "source-too-large",
    )?;
    if request.source.trim().is_empty() {
        return Err(invalid("empty-source", "the source is empty"));
    }
    let manifest = &super::languages::available(&state, &request.language)?.manifest;
    check_files(
        &request.files,
        &manifest.source_file,
        request.source.len(),
        limits.source_bytes,
    )?;
    let entry = state.bank.get(&request.problem).ok_or_else(|| {
        invalid(
            "unknown-problem",
            format!("no problem {:?} (see GET /v1/problems)", request.problem),
        )
    })?;
    if let Some(url) = &request.callback_url {
        crate::store::webhooks::check_url(url)
            .map_err(|why| invalid("invalid-callback-url", why))?;
    }
    let idempotency = idempotency_key(&headers)?;
    // The request's canonical form: the same fields give the same hash
    // whatever the spacing or key order of the JSON sent.
    let hash = hex::encode(Sha256::digest(
        serde_json::to_vec(&request).unwrap_or_default(),
    ));
    if let Some(key) = &idempotency
        && let Some(response) = replay(&state, &caller, key, &hash).await?
    {
        return Ok(response);
    }
    let new = NewSubmission {
        id: uuid::Uuid::now_v7().to_string(),
        owner: caller.key_id.clone(),
        problem: entry.problem.slug.clone(),
        language: request.language,
        source: request.source,
        files: request.files,
        callback_url: request.callback_url,
        request_id: Some(request_id.0),
    };
    let mut tx = state.store.begin().await?;
    let submission = state
        .store
        .enqueue(&mut tx, &new, queue_room(&state))
        .await?
        .map_err(|refused| queue_refusal(&state, refused))?;
    let view = Viewer {
        role: caller.role,
        bank: &state.bank,
    }
    .summary(&submission);
    let stored = StoredResponse {
        status: StatusCode::ACCEPTED.as_u16(),
        body: serde_json::to_string(&view).map_err(anyhow::Error::from)?,
    };
    if let Some(key) = &idempotency
        && !state
            .store
            .remember(&mut tx, &caller.key_id, key, &hash, &stored)
            .await?
    {
        // A concurrent request with this key won: answer as it did.
        drop(tx);
        return match replay(&state, &caller, key, &hash).await? {
            Some(response) => Ok(response),
            None => Err(anyhow::anyhow!("idempotency record vanished").into()),
        };
    }
    tx.commit().await.map_err(anyhow::Error::from)?;
    state.notify();
    tracing::info!(submission = %new.id, problem = %view.problem, language = %view.language, "queued");
    Ok(stored_response(&stored, false))
}

/// How much the queue may hold, as configured.
pub(super) fn queue_room(state: &AppState) -> Room {
    Room {
        queue: state.config.queue_capacity,
        per_key: state.config.queued_per_key,
    }
}

/// Why a submission was not queued, for the client: `503` when the queue
/// is full, `429` when the key has its most unfinished ones (both with
/// `Retry-After`).
pub(super) fn queue_refusal(state: &AppState, refused: Refused) -> ApiError {
    match refused {
        Refused::QueueFull => {
            ApiError::unavailable("queue-full", "the judging queue is full; retry later", 5)
        }
        Refused::KeyQuota => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-queued",
            format!(
                "this key has {} submissions waiting or being judged, the most it may; retry when one is done",
                state.config.queued_per_key
            ),
        )
        .with_header(header::RETRY_AFTER, HeaderValue::from(5)),
    }
}

/// Checks the files a program has beside its source (named `main`): plain
/// names, none twice, none named as the source, and all of them with the
/// source within `limit` bytes.
pub(super) fn check_files(
    files: &[SourceText],
    main: &str,
    source_bytes: usize,
    limit: usize,
) -> Result<(), ApiError> {
    if files.len() > MAX_FILES {
        return Err(invalid(
            "too-many-files",
            format!(
                "{} files beside the source; at most {MAX_FILES} are allowed",
                files.len()
            ),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for file in files {
        if !crate::pipeline::compile::may_sit_beside(&file.name, main) {
            return Err(invalid(
                "invalid-file-name",
                format!(
                    "cannot take a file named {:?} beside the source (plain names of letters, digits, '.', '_' and '-'; not {main:?})",
                    file.name
                ),
            ));
        }
        if !seen.insert(file.name.as_str()) {
            return Err(invalid(
                "duplicate-file",
                format!("two files are named {:?}", file.name),
            ));
        }
    }
    let total = source_bytes + files.iter().map(|f| f.content.len()).sum::<usize>();
    if total > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "source-too-large",
            format!("the program's files are {total} bytes; at most {limit} are allowed"),
        ));
    }
    Ok(())
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or("");
    if key.is_empty() || key.len() > 255 {
        return Err(ApiError::bad_request(
            "invalid-idempotency-key",
            "Idempotency-Key must be 1 to 255 visible characters",
        ));
    }
    Ok(Some(key.to_owned()))
}

async fn replay(
    state: &AppState,
    caller: &Caller,
    key: &str,
    hash: &str,
) -> Result<Option<Response>, ApiError> {
    match state.store.idempotent(&caller.key_id, key, hash).await? {
        Idempotent::New => Ok(None),
        Idempotent::Replay(stored) => Ok(Some(stored_response(&stored, true))),
        Idempotent::Mismatch => Err(invalid(
            "idempotency-key-reused",
            "this Idempotency-Key was used with a different request",
        )),
    }
}

fn stored_response(stored: &StoredResponse, replayed: bool) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let location = serde_json::from_str::<serde_json::Value>(&stored.body)
        .ok()
        .and_then(|body| body["links"]["self"].as_str().map(str::to_owned));
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        stored.body.clone(),
    )
        .into_response();
    if let Some(location) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// A submission: its state, verdict and tests (secret tests' data only for admins).
#[utoipa::path(get, path = "/v1/submissions/{id}", operation_id = "getSubmission", tag = "submissions",
    params(("id" = String, Path, description = "Submission id")),
    responses((status = 200, body = SubmissionView), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<axum::Json<SubmissionView>, ApiError> {
    let submission = state
        .store
        .submission(&id)
        .await?
        .filter(|s| caller.may_read(&s.owner))
        .ok_or_else(|| ApiError::not_found(format!("no submission {id}")))?;
    let progress = if submission.report.is_none() {
        progress(&state, &id).await?
    } else {
        Vec::new()
    };
    let viewer = Viewer {
        role: caller.role,
        bank: &state.bank,
    };
    let mut view = viewer.full(&submission, &progress);
    if caller.role >= Role::Interviewer {
        let names = state.store.key_names(&[submission.owner.as_str()]).await?;
        view.author = viewer.author(&submission, &names);
    }
    view.webhook = state
        .store
        .webhook_status(&id)
        .await?
        .and_then(|(state, attempts)| {
            DeliveryState::parse(&state).map(|state| crate::views::WebhookView { state, attempts })
        });
    Ok(axum::Json(view))
}

/// The tests judged so far, from the event log.
async fn progress(state: &AppState, id: &str) -> Result<Vec<TestReport>, ApiError> {
    Ok(state
        .store
        .events_after(id, 0)
        .await?
        .into_iter()
        .filter(|event| event.kind == EventKind::Test)
        .filter_map(|event| serde_json::from_value(event.data).ok())
        .collect())
}

/// Query of a listing.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct ListQuery {
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// `next_cursor` of the previous page (pass the same filters with it).
    cursor: Option<String>,
    /// Only this problem's (a slug).
    #[param(max_length = 64)]
    problem: Option<String>,
    /// Only this key's (its public id); candidates may name only their own.
    #[param(max_length = 64)]
    candidate: Option<String>,
    /// Only those with this final verdict.
    verdict: Option<Verdict>,
}

/// A page of submissions.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct SubmissionPage {
    /// Newest first.
    pub items: Vec<SubmissionView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Submissions, newest first, filtered by problem, candidate and verdict (a
/// candidate sees only its own).
#[utoipa::path(get, path = "/v1/submissions", operation_id = "listSubmissions", tag = "submissions",
    params(ListQuery),
    responses((status = 200, body = SubmissionPage), (status = 400, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<axum::Json<SubmissionPage>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request("invalid-query", e.body_text()))?;
    let limit = super::cursor::limit(query.limit)?;
    for (name, value) in [("problem", &query.problem), ("candidate", &query.candidate)] {
        if value.as_ref().is_some_and(|v| v.len() > 64) {
            return Err(ApiError::bad_request(
                "invalid-query",
                format!("{name} is at most 64 bytes"),
            ));
        }
    }
    let before = query
        .cursor
        .as_deref()
        .map(|cursor| super::cursor::decode(CURSOR, cursor))
        .transpose()?;
    let owner = match (caller.listing_owner()?, query.candidate.as_deref()) {
        (Some(own), Some(asked)) if own != asked => {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "a candidate key lists its own submissions only",
            ));
        }
        (Some(own), _) => Some(own),
        (None, asked) => asked,
    };
    let filter = Filter {
        owner,
        problem: query.problem.as_deref(),
        verdict: query.verdict.map(Verdict::code),
    };
    let page = state.store.list(&filter, before, limit).await?;
    let viewer = Viewer {
        role: caller.role,
        bank: &state.bank,
    };
    let names = if caller.role >= Role::Interviewer {
        let owners: Vec<&str> = page.items.iter().map(|s| s.owner.as_str()).collect();
        state.store.key_names(&owners).await?
    } else {
        Default::default()
    };
    Ok(axum::Json(SubmissionPage {
        items: page
            .items
            .iter()
            .map(|s| SubmissionView {
                author: viewer.author(s, &names),
                ..viewer.summary(s)
            })
            .collect(),
        next_cursor: page.next.map(|seq| super::cursor::encode(CURSOR, seq)),
    }))
}

/// The name of this listing's cursors (`v1`, as they have always been).
const CURSOR: &str = "v1";
