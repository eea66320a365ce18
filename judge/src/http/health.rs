//! Liveness, readiness and the Prometheus metrics.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{self, ApiError};

/// Prometheus metrics (text exposition format).
#[utoipa::path(get, path = "/metrics", operation_id = "metrics", tag = "health", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    state.refresh_queue_depth().await;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", tag = "health", responses((status = 200, description = "alive")))]
pub(crate) async fn healthz() -> &'static str {
    "ok\n"
}

/// Readiness: the database answers and the queue has room.
#[utoipa::path(get, path = "/readyz", operation_id = "readyz", tag = "health", responses(
    (status = 200, description = "ready"),
    (status = 503, description = "not ready", body = error::ProblemDetails)))]
pub(crate) async fn readyz(State(state): State<AppState>) -> Result<&'static str, ApiError> {
    state.store.ping().await.map_err(|error| {
        tracing::error!(error = format!("{error:#}"), "database unreachable");
        ApiError::unavailable("not-ready", "the database does not answer", 5)
    })?;
    let depth = state.store.queue_depth().await?;
    if depth >= i64::try_from(state.config.queue_capacity).unwrap_or(i64::MAX) {
        return Err(ApiError::unavailable("not-ready", "the queue is full", 5));
    }
    if state
        .toolbox
        .catalog
        .all()
        .iter()
        .all(|l| !l.missing().is_empty())
    {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-ready",
            "no runner image is installed",
        ));
    }
    Ok("ready\n")
}
