//! The judge's own HTTP API under `/v1`: JSON over HTTP/1.1, RFC 7807
//! errors, described by the OpenAPI document at `/openapi.json` (generated
//! from these handlers). One file per resource; the shared edge (auth, rate
//! limits, errors) is [`crate::http`].

mod cursor;
mod events;
mod keys;
mod languages;
pub(crate) mod openapi;
pub(crate) mod pads;
mod problems;
mod runs;
mod session;
mod status;
mod submissions;

use axum::Router;
use axum::http::Method;

use crate::http::AppState;
use crate::http::rate_limit::Class;

/// The `/v1` routes (to be nested under `/v1`, behind [`crate::http::edge`]
/// with [`class`]).
pub(crate) fn routes(state: &AppState, pads: std::sync::Arc<pads::Hub>) -> Router<AppState> {
    Router::new()
        .merge(pads::routes())
        .merge(submissions::routes())
        .merge(events::routes())
        .merge(runs::routes())
        .merge(languages::routes())
        .merge(keys::routes())
        .merge(status::routes())
        .merge(problems::routes(state.config.limits.upload_bytes))
        .layer(axum::Extension(pads))
}

pub(crate) use session::sign_in_routes;

/// What a `/v1` request costs, by method and route template.
pub(crate) fn class(method: &Method, route: &str) -> Class {
    let route = route.strip_prefix("/v1").unwrap_or(route);
    match (method, route) {
        (&Method::POST, "/submissions") => Class::Submit,
        (&Method::POST, "/runs") => Class::Run,
        (&Method::POST, "/pads") => Class::Manage,
        (&Method::POST | &Method::DELETE, route)
            if route.starts_with("/problems") || route.starts_with("/keys") =>
        {
            Class::Manage
        }
        _ => Class::Read,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_classed_by_method_and_route() {
        assert_eq!(class(&Method::POST, "/v1/submissions"), Class::Submit);
        assert_eq!(class(&Method::GET, "/v1/submissions"), Class::Read);
        assert_eq!(class(&Method::POST, "/v1/runs"), Class::Run);
        assert_eq!(class(&Method::POST, "/v1/problems"), Class::Manage);
        assert_eq!(class(&Method::DELETE, "/v1/problems/{slug}"), Class::Manage);
        assert_eq!(class(&Method::POST, "/v1/keys"), Class::Manage);
        assert_eq!(class(&Method::DELETE, "/v1/keys/{id}"), Class::Manage);
        assert_eq!(class(&Method::POST, "/v1/pads"), Class::Manage);
        assert_eq!(class(&Method::GET, "/v1/pads"), Class::Read);
    }
}
