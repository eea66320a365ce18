//! `/v1/session`: browser sign-in. A key pasted once is exchanged for a
//! server-side session carried by a cookie (HttpOnly, SameSite=Strict,
//! Secure behind TLS); the answer holds the session's CSRF token, which
//! every state-changing request of the session sends back in
//! `X-CSRF-Token`. Signing out ends the session on the server. API clients
//! keep sending `Authorization: Bearer`.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use cookie::{Cookie, SameSite};
use serde::{Deserialize, Serialize};

use crate::http::AppState;
use crate::http::auth::{SESSION_COOKIE, browser_session};
use crate::http::body;
use crate::http::error::{ApiError, ProblemDetails};
use crate::store::Role;
use crate::views::timestamp;

/// How long a session lasts.
const SESSION_TTL: Duration = Duration::from_secs(12 * 3600);

/// `/v1/session`, reached without credentials: signing in carries its key
/// in the body; reading and ending a session need only its cookie (and,
/// to end it, its CSRF token).
pub(crate) fn sign_in_routes() -> Router<AppState> {
    Router::new().route("/v1/session", post(sign_in).get(show).delete(sign_out))
}

/// A key to sign in with.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct SignIn {
    /// The API key (`jk_...`).
    pub key: String,
}

/// Who is signed in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct SessionView {
    /// The key's public id.
    pub key_id: String,
    /// What it may do.
    pub role: Role,
    /// The CSRF token a browser session's changes carry in `X-CSRF-Token`
    /// (absent for a bearer key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
    /// RFC 3339, for a browser session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// Sign in: exchange a key for a session cookie.
#[utoipa::path(post, path = "/v1/session", operation_id = "signIn", tag = "session",
    request_body = SignIn,
    responses((status = 201, body = SessionView), (status = 401, body = ProblemDetails)))]
async fn sign_in(
    State(state): State<AppState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, ApiError> {
    let request: SignIn = body::json(&bytes)?;
    let key = state
        .store
        .authenticate(request.key.trim())
        .await?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "unknown or revoked API key",
            )
        })?;
    let session = state.store.create_session(&key.id, SESSION_TTL).await?;
    tracing::info!(key = %key.id, "signed in");
    let cookie = Cookie::build((SESSION_COOKIE, session.secret))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(behind_tls(&headers))
        .path("/")
        .max_age(cookie::time::Duration::seconds(
            i64::try_from(SESSION_TTL.as_secs()).unwrap_or(i64::MAX),
        ))
        .build();
    let view = SessionView {
        key_id: key.id,
        role: key.role,
        csrf_token: Some(session.csrf_token),
        expires_at: Some(timestamp(session.expires_at)),
    };
    Ok(with_cookie(
        (StatusCode::CREATED, Json(view)).into_response(),
        &cookie,
    ))
}

/// The browser session the cookie names: `200`, or `204` when not signed in
/// (a page asks this first, and a browser logs every 4xx as an error).
#[utoipa::path(get, path = "/v1/session", operation_id = "showSession", tag = "session",
    responses((status = 200, body = SessionView), (status = 204, description = "not signed in")))]
async fn show(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    Ok(
        match browser_session(&state, &Method::GET, &headers).await? {
            Some((session, _)) => Json(SessionView {
                key_id: session.key.id,
                role: session.key.role,
                csrf_token: Some(session.csrf_token),
                expires_at: Some(timestamp(session.expires_at)),
            })
            .into_response(),
            None => StatusCode::NO_CONTENT.into_response(),
        },
    )
}

/// Sign out: the session ends on the server and the cookie is cleared
/// (the session's CSRF token required).
#[utoipa::path(delete, path = "/v1/session", operation_id = "signOut", tag = "session",
    responses((status = 204, description = "signed out"), (status = 403, body = ProblemDetails)))]
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if let Some((_, secret)) = browser_session(&state, &Method::DELETE, &headers).await? {
        state.store.end_session(&secret).await?;
    }
    let cleared = Cookie::build((SESSION_COOKIE, ""))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .max_age(cookie::time::Duration::ZERO)
        .build();
    Ok(with_cookie(
        StatusCode::NO_CONTENT.into_response(),
        &cleared,
    ))
}

/// Whether the client reached us over TLS (through a proxy that says so).
fn behind_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

fn with_cookie(mut response: Response, cookie: &Cookie<'_>) -> Response {
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
