//! The HTTP edge every router shares: what a handler can reach
//! ([`AppState`]), who is asking ([`auth`]), token buckets ([`rate_limit`]),
//! RFC 7807 errors ([`error`]), JSON bodies ([`body`]), health and metrics
//! ([`health`]), and the middleware.
//!
//! A request passes, outermost first: `request_id` (correlation id),
//! `observe` (the HTTP metrics), [`error::problem_json`] (every error as a
//! problem document, except the JSON errors of the Judge0 and Piston APIs),
//! a panic guard; then, on the routes behind [`edge`], the route label, a
//! deadline per endpoint class, [`auth::authenticate`], [`rate_limit::limit`]
//! and the body limit; then its handler. Each router names its own routes'
//! classes ([`Classify`]).

pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod config;
pub(crate) mod error;
pub(crate) mod health;
pub(crate) mod rate_limit;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tokio::sync::watch;

use self::config::HttpConfig;
use self::error::ApiError;
use self::rate_limit::{Class, Limiter};
use crate::bank::Bank;
use crate::metrics::{Metrics, method_label, status_class};
use crate::pipeline::cpu::{CpuPool, NoSlot, Wait};
use crate::pipeline::toolbox::Toolbox;
use crate::store::Store;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub(crate) struct AppState {
    /// What the handlers are told.
    pub config: Arc<HttpConfig>,
    /// The database.
    pub store: Store,
    /// The problems.
    pub bank: Arc<Bank>,
    /// Languages, compiler, sandbox.
    pub toolbox: Arc<Toolbox>,
    /// Rate limits.
    pub limiter: Arc<Limiter>,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// CPU slots of work done while a client waits (custom runs, Piston
    /// runs): a pool of its own, so a burst of runs cannot stall judging and
    /// a full queue cannot stall runs.
    pub run_slots: CpuPool,
    /// The slot of an upload's verification (it judges every example
    /// submission, for minutes maybe): one of its own, so that an upload
    /// never holds the runs' slots.
    pub upload_slots: CpuPool,
    /// Bumped whenever a submission is queued or makes progress: wakes the
    /// workers and the event streams.
    pub changes: watch::Sender<u64>,
    /// Becomes `true` when the service shuts down (ends event streams).
    pub shutdown: watch::Receiver<bool>,
}

/// How long a run a client waits for (a custom run, a Piston execute) waits
/// for a free run slot before `503`.
pub(crate) const RUN_SLOT_WAIT: Wait = Wait::AtMost(Duration::from_secs(10));

/// How long an upload waits for the verification slot before `503`.
pub(crate) const UPLOAD_SLOT_WAIT: Wait = Wait::AtMost(Duration::from_secs(60));

impl NoSlot {
    /// The problem document: `503 busy` (retry after `retry_after` seconds)
    /// or `503 shutting-down`.
    pub(crate) fn problem(self, retry_after: u64) -> ApiError {
        match self {
            NoSlot::Busy => {
                ApiError::unavailable("busy", "every CPU slot is busy; retry shortly", retry_after)
            }
            NoSlot::ShuttingDown => {
                ApiError::unavailable("shutting-down", "the judge is shutting down", 5)
            }
        }
    }
}

impl AppState {
    /// Tells workers and event streams that something changed.
    pub(crate) fn notify(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Sets the queue-depth gauge from the store (it is read, not counted,
    /// so that every process of a deployment reports the same queue).
    pub(crate) async fn refresh_queue_depth(&self) {
        match self.store.queue_depth().await {
            Ok(depth) => self.metrics.queue_depth.set(depth),
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "cannot read the queue depth");
            }
        }
    }
}

/// The request's correlation id: the client's `X-Request-Id`, or a new one.
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub String);

/// How a router classes its own routes (method and route template) for
/// rate limits and deadlines.
pub(crate) type Classify = fn(&Method, &str) -> Class;

/// The class a request was given, for the middleware inside [`edge`].
#[derive(Debug, Clone, Copy)]
struct Classed(Class);

/// Routes that need a caller, behind the edge: the route label, a deadline
/// per class, authentication, rate limits and the body limit.
pub(crate) fn edge(
    routes: Router<AppState>,
    state: &AppState,
    classify: Classify,
) -> Router<AppState> {
    routes
        .layer(DefaultBodyLimit::max(state.config.limits.body_bytes))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            rate_limit::limit,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn(
            move |mut request: Request, next: Next| async move {
                let route = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map_or_else(String::new, |path| path.as_str().to_owned());
                let class = classify(request.method(), &route);
                request.extensions_mut().insert(Classed(class));
                next.run(request).await
            },
        ))
        .layer(middleware::from_fn(tag_route))
}

/// Routes a client reaches without credentials (signing in: the key is in
/// the body): the route label, a deadline and the body limit.
pub(crate) fn open(routes: Router<AppState>, state: &AppState) -> Router<AppState> {
    routes
        .layer(DefaultBodyLimit::max(state.config.limits.body_bytes))
        .layer(middleware::from_fn_with_state(state.clone(), deadline))
        .layer(middleware::from_fn(tag_route))
}

/// The class [`edge`] gave the request (reads, outside it).
pub(crate) fn class_of(request: &Request) -> Class {
    request
        .extensions()
        .get::<Classed>()
        .map_or(Class::Read, |classed| classed.0)
}

/// Wraps a whole application: request ids, HTTP metrics, problem documents,
/// a panic guard, and a route label on every route.
pub(crate) fn outer(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    router
        .layer(middleware::from_fn(refuse_nul))
        .layer(middleware::from_fn(tag_route))
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(middleware::from_fn(error::problem_json))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(middleware::from_fn(request_id))
}

/// `path` as the logs may keep it: a pad link's token is a credential, so
/// it is left out (`/v1/pad-links/{token}/...`).
fn loggable(path: &str) -> String {
    match path.strip_prefix("/v1/pad-links/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, after)) => format!("/v1/pad-links/{{token}}/{after}"),
            None => "/v1/pad-links/{token}".to_owned(),
        },
        None => path.to_owned(),
    }
}

/// Middleware: takes or makes the request id, returns it, and logs the
/// request under it.
async fn request_id(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .filter(|id| !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic()))
        .map_or_else(|| uuid::Uuid::now_v7().to_string(), str::to_owned);
    request.extensions_mut().insert(RequestId(id.clone()));
    let method = request.method().clone();
    let path = loggable(request.uri().path());
    let span = tracing::info_span!("request", request_id = %id, %method, %path);
    let started = std::time::Instant::now();
    let mut response = tracing::Instrument::instrument(next.run(request), span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "request"
        );
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The route template that answered, carried out on the response for
/// [`observe`] (which runs before routing, so cannot see it itself).
#[derive(Debug, Clone)]
struct RouteLabel(String);

/// Middleware, on every route: `400 nul-character` for a path or query
/// that holds a NUL character (`%00`, the only way a URI carries one). No
/// id, token or filter holds one, and PostgreSQL's text cannot, so the
/// answer is the same on both engines.
async fn refuse_nul(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let holds_nul = |part: Option<&str>| part.is_some_and(|part| part.contains("%00"));
    if holds_nul(Some(uri.path())) || holds_nul(uri.query()) {
        return ApiError::bad_request(
            "nul-character",
            "the path or the query holds a NUL character (%00)",
        )
        .into_response();
    }
    next.run(request).await
}

/// Middleware, on every route: puts the matched route template on the response.
async fn tag_route(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned());
    let mut response = next.run(request).await;
    if let Some(route) = route
        && response.extensions().get::<RouteLabel>().is_none()
    {
        response.extensions_mut().insert(RouteLabel(route));
    }
    response
}

/// Decrements the in-flight gauge however the request ends (a client that
/// hangs up drops the future).
struct InFlight(Arc<Metrics>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.http_in_flight.dec();
    }
}

/// Middleware: the HTTP golden signals: traffic and errors by method, route
/// template and status class; latency to the response head; requests in flight.
async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let method = method_label(request.method());
    state.metrics.http_in_flight.inc();
    let _in_flight = InFlight(state.metrics.clone());
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let route = response
        .extensions()
        .get::<RouteLabel>()
        .map_or("unmatched", |label| label.0.as_str());
    let status = status_class(response.status().as_u16());
    let labels = [method, route, status];
    state.metrics.http_requests.with_label_values(&labels).inc();
    state
        .metrics
        .http_duration
        .with_label_values(&labels)
        .observe(started.elapsed().as_secs_f64());
    if response.status() == StatusCode::INTERNAL_SERVER_ERROR {
        state
            .metrics
            .internal_errors
            .with_label_values(&["api"])
            .inc();
    }
    response
}

/// Middleware: answers `503` when a handler takes longer than its class may
/// (runs and uploads get longer; an event stream's time is its own, only
/// its start is bounded).
pub(crate) async fn deadline(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let limits = &state.config.limits;
    let seconds = match class_of(&request) {
        Class::Run => limits.run_timeout_seconds,
        Class::Manage => limits.upload_timeout_seconds,
        Class::Submit | Class::Read => limits.request_timeout_seconds,
    };
    match tokio::time::timeout(Duration::from_secs(seconds), next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::unavailable(
            "timeout",
            format!("the request took longer than {seconds} s"),
            1,
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pad_links_token_never_reaches_the_logs() {
        assert_eq!(
            loggable("/v1/pad-links/pi_secret/ws/notes"),
            "/v1/pad-links/{token}/ws/notes"
        );
        assert_eq!(loggable("/v1/pad-links/pc_secret"), "/v1/pad-links/{token}");
        assert_eq!(loggable("/v1/submissions/1"), "/v1/submissions/1");
    }
}
