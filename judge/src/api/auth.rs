//! Authentication (`Authorization: Bearer KEY`, or Judge0's `X-Auth-Token`)
//! and the roles that authorize. No credentials is `401` (unless an
//! anonymous role is configured); a valid key without the role is `403`.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::store::Role;

/// Who is asking.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The key's public id (`anonymous` without one).
    pub key_id: String,
    /// What it may do.
    pub role: Role,
}

impl Caller {
    /// `Ok` when the caller has at least `role`, else `403`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.role >= role {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!(
                    "this needs the {} role; the key has {}",
                    role.as_str(),
                    self.role.as_str()
                ),
            ))
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| unauthorized("missing credentials"))
    }
}

fn unauthorized(detail: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail).with_header(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"judge\""),
    )
}

fn credentials(request: &Request) -> Option<&str> {
    let headers = request.headers();
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or("");
        return Some(text.strip_prefix("Bearer ").unwrap_or(text).trim());
    }
    headers
        .get("x-auth-token")
        .map(|value| value.to_str().unwrap_or("").trim())
}

/// Middleware: finds the caller, or answers `401`.
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = match credentials(&request) {
        Some(token) => match state.store.authenticate(token).await {
            Ok(Some(key)) => Caller {
                key_id: key.id,
                role: key.role,
            },
            Ok(None) => return unauthorized("unknown or revoked API key").into_response(),
            Err(error) => return ApiError::internal(&error).into_response(),
        },
        None => match state.config.anonymous_role {
            // Anonymous callers are told apart by address: each gets its own buckets.
            Some(role) => Caller {
                key_id: request
                    .extensions()
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map_or_else(
                        || "anonymous".to_owned(),
                        |info| format!("anonymous@{}", info.0.ip()),
                    ),
                role,
            },
            None => {
                return unauthorized("send an API key: Authorization: Bearer KEY").into_response();
            }
        },
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}
