//! Authentication (`Authorization: Bearer KEY`, Judge0's `X-Auth-Token`, or
//! a browser's session cookie) and the roles that authorize. No credentials
//! is `401` (unless an anonymous role is configured); a valid key without
//! the role is `403`. A browser session's state-changing requests must carry
//! the session's CSRF token in `X-CSRF-Token` (`403 csrf` otherwise).

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;
use crate::store::{Role, Session};

/// Who is asking.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The key's public id (`anonymous` without one).
    pub key_id: String,
    /// What it may do.
    pub role: Role,
    /// Whether it sent no credentials (an anonymous role is configured).
    /// Anonymous callers behind one proxy share an address, so nothing
    /// tells them apart: they read what they created by its unguessable id
    /// or token, and never list or delete.
    pub anonymous: bool,
}

/// The cookie a browser session travels in.
pub(crate) const SESSION_COOKIE: &str = "judge_session";

/// The header a browser session's changes carry its CSRF token in.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";

/// How the owner of what an anonymous caller creates begins.
const ANONYMOUS: &str = "anonymous";

impl Caller {
    /// Whether the caller may read what `owner` created, given its id.
    pub(crate) fn may_read(&self, owner: &str) -> bool {
        self.role >= Role::Interviewer
            || owner == self.key_id
            || (self.anonymous && owner.starts_with(ANONYMOUS))
    }

    /// The owner whose items a listing shows (`None`: everyone's), or `403`
    /// for anonymous callers, who cannot be told apart.
    pub(crate) fn listing_owner(&self) -> Result<Option<&str>, ApiError> {
        if self.anonymous {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "listing needs an API key; without one, read what you created by its id",
            ));
        }
        Ok((self.role < Role::Interviewer).then_some(self.key_id.as_str()))
    }

    /// `Ok` when the caller has at least `role`, else `403` (`401` for an
    /// anonymous caller asking for more than a candidate may: anything
    /// above needs a key, whatever the configured anonymous role).
    pub(crate) fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.anonymous && role > Role::Candidate {
            Err(unauthorized("this needs an API key"))
        } else if self.role >= role {
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

/// A caller with at least the interviewer role. As an extractor it answers
/// `403` from the request's head, before a handler's body extractor reads
/// (and buffers) what may be a 64 MiB upload from someone not allowed to send it.
#[derive(Debug, Clone)]
pub(crate) struct Interviewer(pub Caller);

impl<S: Send + Sync> FromRequestParts<S> for Interviewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        caller.require(Role::Interviewer)?;
        Ok(Self(caller))
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

/// The session cookie's value, if the request carries one.
pub(crate) fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
}

/// Whether the request carries `expected` as its CSRF token (compared in
/// constant time).
fn csrf_matches(headers: &HeaderMap, expected: &str) -> bool {
    use subtle::ConstantTimeEq;
    headers
        .get(CSRF_HEADER)
        .is_some_and(|sent| bool::from(sent.as_bytes().ct_eq(expected.as_bytes())))
}

/// The live browser session the request's cookie names, with the cookie's
/// secret (`None` without a cookie, or when the session has ended); `403
/// csrf` when a state-changing request lacks the session's CSRF token.
pub(crate) async fn browser_session(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
) -> Result<Option<(Session, String)>, ApiError> {
    let Some(secret) = session_cookie(headers) else {
        return Ok(None);
    };
    let Some(session) = state.store.session(&secret).await? else {
        return Ok(None);
    };
    if !method.is_safe() && !csrf_matches(headers, &session.csrf_token) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf",
            "a signed-in browser's changes must carry the session's X-CSRF-Token",
        ));
    }
    Ok(Some((session, secret)))
}

/// Middleware: finds the caller, or answers `401`.
pub(crate) async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let caller = match credentials(&request) {
        Some(token) => match state.store.authenticate(token).await {
            Ok(Some(key)) => Caller {
                key_id: key.id,
                role: key.role,
                anonymous: false,
            },
            Ok(None) => return unauthorized("unknown or revoked API key").into_response(),
            Err(error) => return ApiError::internal(&error).into_response(),
        },
        None if session_cookie(request.headers()).is_some() => {
            let (method, headers) = (request.method().clone(), request.headers().clone());
            match browser_session(&state, &method, &headers).await {
                Ok(Some((session, _))) => Caller {
                    key_id: session.key.id,
                    role: session.key.role,
                    anonymous: false,
                },
                Ok(None) => {
                    return unauthorized("the session has ended; sign in again").into_response();
                }
                Err(problem) => return problem.into_response(),
            }
        }
        None => match state.config.anonymous_role {
            // Anonymous callers are told apart by address: each gets its own buckets.
            Some(role) => Caller {
                key_id: request
                    .extensions()
                    .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                    .map_or_else(
                        || ANONYMOUS.to_owned(),
                        |info| format!("{ANONYMOUS}@{}", info.0.ip()),
                    ),
                role,
                anonymous: true,
            },
            None => {
                return unauthorized("send an API key: Authorization: Bearer KEY").into_response();
            }
        },
    };
    request.extensions_mut().insert(caller);
    next.run(request).await
}
