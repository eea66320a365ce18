//! The one router: the judge's `/v1` API, browser sign-in and the pads'
//! links (their tokens are their credentials), the Judge0 and Piston APIs
//! at the paths their clients use (behind the same keys and buckets), the
//! OpenAPI document, health and metrics, and the web app; the shared edge
//! around all of it.

use std::sync::Arc;

use axum::Router;
use axum::middleware;
use axum::routing::get;

use crate::http::error::ApiError;
use crate::http::{self, AppState, health};
use crate::{api, compat, web};

/// The whole application, with the pads' rooms of this process.
pub(crate) fn router(state: AppState, pads: Arc<api::pads::Hub>) -> Router {
    let health = health(&state);
    let app = Router::new()
        .nest(
            "/v1",
            http::edge(api::routes(&state, pads.clone()), &state, api::class),
        )
        .merge(http::edge(
            compat::judge0::routes(),
            &state,
            compat::judge0::class,
        ))
        .merge(http::edge(
            compat::piston::routes(),
            &state,
            compat::piston::class,
        ))
        .merge(http::open(api::sign_in_routes(), &state))
        .merge(http::open(
            api::pads::link_routes(pads, state.clone()),
            &state,
        ))
        .route("/openapi.json", get(api::openapi::document))
        .merge(health)
        .merge(web::routes())
        .fallback(|| async { ApiError::not_found("no such route") });
    http::outer(app, &state).with_state(state)
}

/// A worker process's: health and metrics, nothing else.
pub(crate) fn health_only(state: AppState) -> Router {
    let app = health(&state).fallback(|| async {
        ApiError::not_found("no such route: this process is a worker (--role worker)")
    });
    http::outer(app, &state).with_state(state)
}

fn health(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            http::deadline,
        ))
}
