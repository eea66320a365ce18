//! `GET /v1/status` (admins): the service's golden signals over the last
//! hour (request rate, error ratio, latency quantiles, saturation), drawn
//! from the server's own metrics history, with the verdict counts, the
//! compile-cache hit ratio and webhook failures exactly as `/metrics`
//! exports them. For those who run Prometheus, it links the Grafana
//! dashboard and the alerts' runbooks, which ship in the binary
//! (`ops/grafana`, `ops/runbooks`).

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ProblemDetails};
use crate::metrics::history::{Point, SAMPLE_EVERY, WINDOW};
use crate::metrics::{CLASSES, STAGES};
use crate::store::Role;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/status", get(show))
        .route("/status/runbooks/{alert}", get(runbook))
        .route("/status/grafana-dashboard.json", get(dashboard))
}

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../ops/runbooks"]
struct Runbooks;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/../ops/grafana"]
struct Dashboards;

const DASHBOARD: &str = "judge-dashboard.json";

/// The service at a glance.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct StatusView {
    /// Seconds between two points.
    pub sampled_every_seconds: u64,
    /// Seconds each point's rates and quantiles are computed over.
    pub window_seconds: u64,
    /// The last hour, oldest first; the last point is now.
    pub points: Vec<Point>,
    /// Submissions judged since the process started, by language and final
    /// verdict (`judge_submissions_total`; zero counts left out).
    pub verdicts: Vec<VerdictCount>,
    /// The compiled-module cache since the process started.
    pub cache: CacheView,
    /// Webhook attempts since the process started, by outcome
    /// (`judge_webhook_deliveries_total`).
    pub webhooks: WebhookCounts,
    /// Requests refused by a rate limit (`judge_rate_limited_total`).
    pub rate_limited: u64,
    /// Faults of the judge (`judge_internal_errors_total`).
    pub internal_errors: u64,
    /// For those who run Prometheus.
    pub links: OpsLinks,
}

/// One `judge_submissions_total` series.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct VerdictCount {
    /// Language id.
    pub language: String,
    /// Verdict code.
    pub verdict: String,
    /// Submissions.
    pub count: u64,
}

/// Compiled modules loaded from the cache, and compiled anew.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct CacheView {
    /// `judge_module_cache_hits_total`.
    pub hits: u64,
    /// `judge_module_cache_misses_total`.
    pub misses: u64,
    /// hits / (hits + misses); absent before the first lookup.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hit_ratio: Option<f64>,
}

/// Webhook attempts by outcome.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct WebhookCounts {
    /// Answered 2xx.
    pub delivered: u64,
    /// Failed, to be tried again.
    pub retrying: u64,
    /// Failed for the last time.
    pub failed: u64,
}

/// Where the Prometheus side of monitoring lives.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct OpsLinks {
    /// The configured Grafana dashboard (`grafana_url`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grafana: Option<String>,
    /// The dashboard's JSON, to import into Grafana.
    pub grafana_dashboard: String,
    /// One runbook per alert.
    pub runbooks: Vec<RunbookLink>,
}

/// An alert's runbook.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct RunbookLink {
    /// The alert's name.
    pub alert: String,
    /// The runbook (`GET`, JSON).
    pub href: String,
}

/// A runbook.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct Runbook {
    /// The alert's name.
    pub alert: String,
    /// What to do, in Markdown.
    pub markdown: String,
}

/// The golden signals over the last hour, and the counters behind them.
#[utoipa::path(get, path = "/v1/status", operation_id = "getStatus", tag = "status",
    responses((status = 200, body = StatusView), (status = 403, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn show(State(state): State<AppState>, caller: Caller) -> Result<Json<StatusView>, ApiError> {
    caller.require(Role::Admin)?;
    state.refresh_queue_depth().await;
    let metrics = &state.metrics;
    let points = metrics.points(crate::store::now_ms());
    let verdicts = metrics
        .verdicts()
        .into_iter()
        .map(|(language, verdict, count)| VerdictCount {
            language,
            verdict,
            count,
        })
        .collect();
    let (hits, misses) = (
        metrics.module_cache_hits.get(),
        metrics.module_cache_misses.get(),
    );
    let webhook = |outcome: &str| {
        metrics
            .webhook_deliveries
            .with_label_values(&[outcome])
            .get()
    };
    Ok(Json(StatusView {
        sampled_every_seconds: SAMPLE_EVERY.as_secs(),
        window_seconds: WINDOW.as_secs(),
        points,
        verdicts,
        cache: CacheView {
            hits,
            misses,
            hit_ratio: (hits + misses > 0).then(|| hits as f64 / (hits + misses) as f64),
        },
        webhooks: WebhookCounts {
            delivered: webhook("delivered"),
            retrying: webhook("retrying"),
            failed: webhook("failed"),
        },
        rate_limited: CLASSES
            .iter()
            .map(|class| metrics.rate_limited.with_label_values(&[*class]).get())
            .sum(),
        internal_errors: STAGES
            .iter()
            .map(|stage| metrics.internal_errors.with_label_values(&[*stage]).get())
            .sum(),
        links: OpsLinks {
            grafana: state.config.grafana_url.clone(),
            grafana_dashboard: format!("/v1/status/{DASHBOARD}"),
            runbooks: runbook_names()
                .map(|alert| RunbookLink {
                    href: format!("/v1/status/runbooks/{alert}"),
                    alert,
                })
                .collect(),
        },
    }))
}

/// The alerts that have a runbook, by name.
fn runbook_names() -> impl Iterator<Item = String> {
    Runbooks::iter().filter_map(|file| file.strip_suffix(".md").map(str::to_owned))
}

/// An alert's runbook (`ops/runbooks/{alert}.md`).
#[utoipa::path(get, path = "/v1/status/runbooks/{alert}", operation_id = "getRunbook", tag = "status",
    params(("alert" = String, Path, description = "The alert's name")),
    responses((status = 200, body = Runbook), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn runbook(caller: Caller, Path(alert): Path<String>) -> Result<Json<Runbook>, ApiError> {
    caller.require(Role::Admin)?;
    // Names only: the embedded files are the runbooks and nothing else.
    let file = runbook_names()
        .any(|name| name == alert)
        .then(|| Runbooks::get(&format!("{alert}.md")))
        .flatten()
        .ok_or_else(|| ApiError::not_found(format!("no runbook for {alert}")))?;
    Ok(Json(Runbook {
        markdown: String::from_utf8_lossy(&file.data).into_owned(),
        alert,
    }))
}

/// The Grafana dashboard (`ops/grafana/judge-dashboard.json`), to import.
#[utoipa::path(get, path = "/v1/status/grafana-dashboard.json", operation_id = "getGrafanaDashboard", tag = "status",
    responses((status = 200, description = "Grafana dashboard JSON", content_type = "application/json"),
              (status = 403, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn dashboard(caller: Caller) -> Result<impl IntoResponse, ApiError> {
    caller.require(Role::Admin)?;
    let file = Dashboards::get(DASHBOARD)
        .ok_or_else(|| ApiError::not_found("the dashboard is not built in"))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"judge-dashboard.json\"",
            ),
        ],
        file.data.into_owned(),
    ))
}
