//! Errors as RFC 7807 `application/problem+json`, everywhere: the handlers'
//! own ([`ApiError`]) and, through [`problem_json`], the framework's (404,
//! 405, 413, 415, bad JSON) and timeouts. Each has a stable `type`
//! (`/errors/<code>`, listed in the README). 5xx details stay in the logs.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::store::Transient;

/// The media type of every error body.
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// An RFC 7807 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ProblemDetails {
    /// Stable error type: `/errors/<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short, human title of the type.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// The request's correlation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Verification results, for a rejected problem package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<String>>,
}

/// An error a handler returns.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    errors: Option<Vec<String>>,
}

impl ApiError {
    /// An error with `status`, stable `code` and `detail`.
    pub(crate) fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            headers: Vec::new(),
            errors: None,
        }
    }

    /// 400 with `code`.
    pub(crate) fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }

    /// 404.
    pub(crate) fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// 503 with a `Retry-After`.
    pub(crate) fn unavailable(
        code: &'static str,
        detail: impl Into<String>,
        retry_after: u64,
    ) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, code, detail)
            .with_header(header::RETRY_AFTER, HeaderValue::from(retry_after))
    }

    /// Adds a response header.
    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Adds a list of specific errors.
    pub(crate) fn with_errors(mut self, errors: Vec<String>) -> Self {
        self.errors = Some(errors);
        self
    }

    /// A fault of the judge: logged here with its cause, opaque to the client.
    pub(crate) fn internal(error: &anyhow::Error) -> Self {
        tracing::error!(error = format!("{error:#}"), "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the judge failed; the error is logged under this request id",
        )
    }
}

/// A refusal raised below the handlers (a pad's document that is full,
/// say), carried through `anyhow` and answered as itself, not as a fault.
#[derive(Debug)]
pub(crate) struct Refusal {
    /// The status to answer.
    pub status: StatusCode,
    /// The problem type's code.
    pub code: &'static str,
    /// What to tell the client.
    pub detail: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Refusal {}

impl From<anyhow::Error> for ApiError {
    /// A judge fault (`500`), except a [`Refusal`], and a busy or full
    /// database: that passes, so it is `503` with `Retry-After`, and logged
    /// as a warning.
    fn from(error: anyhow::Error) -> Self {
        if let Some(refusal) = error.downcast_ref::<Refusal>() {
            return Self::new(refusal.status, refusal.code, refusal.detail.clone());
        }
        match crate::store::transient(&error) {
            Some(Transient::Busy) => {
                tracing::warn!(error = format!("{error:#}"), "database busy");
                Self::unavailable("database-busy", "the database is busy; retry shortly", 2)
            }
            Some(Transient::Full) => {
                tracing::warn!(error = format!("{error:#}"), "database full");
                Self::unavailable(
                    "storage-full",
                    "the judge's storage is full; nothing was stored; retry later",
                    30,
                )
            }
            None => Self::internal(&error),
        }
    }
}

fn title(status: StatusCode) -> String {
    status.canonical_reason().unwrap_or("Error").to_owned()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ProblemDetails {
            kind: format!("/errors/{}", self.code),
            title: title(self.status),
            status: self.status.as_u16(),
            detail: self.detail,
            request_id: None,
            errors: self.errors,
        };
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, PROBLEM_JSON)],
            serde_json::to_string(&body).unwrap_or_default(),
        )
            .into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

/// The stable code of a status the framework answers by itself.
fn framework_code(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not-found",
        StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "body-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid-body",
        StatusCode::BAD_REQUEST => "bad-request",
        StatusCode::REQUEST_TIMEOUT => "timeout",
        s if s.is_server_error() => "internal",
        _ => "error",
    }
}

/// Middleware: rewrites any error response that is not already a problem
/// document (axum's plain-text rejections, an unknown route) into one, and
/// puts the request id into every problem document.
pub(crate) async fn problem_json(request: Request, next: Next) -> Response {
    let request_id = request
        .extensions()
        .get::<super::RequestId>()
        .map(|id| id.0.clone());
    let mut response = next.run(request).await;
    let status = response.status();
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        // The rest of the body was never read: the connection cannot carry
        // another request, and a client must be told so rather than find out
        // on its next request.
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // Judge0 and Piston clients expect those APIs' own JSON error shapes.
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == b"application/json");
    if is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let is_problem = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes() == PROBLEM_JSON.as_bytes());
    let bytes = axum::body::to_bytes(body, 64 << 10)
        .await
        .unwrap_or_default();
    let mut document: serde_json::Value = if is_problem {
        serde_json::from_slice(&bytes).unwrap_or_default()
    } else {
        let text = String::from_utf8_lossy(&bytes);
        let detail = match text.trim() {
            "" => title(status),
            text if status.is_server_error() => {
                tracing::error!(status = status.as_u16(), body = text, "error response");
                title(status)
            }
            text => text.to_owned(),
        };
        serde_json::to_value(ProblemDetails {
            kind: format!("/errors/{}", framework_code(status)),
            title: title(status),
            status: status.as_u16(),
            detail,
            request_id: None,
            errors: None,
        })
        .unwrap_or_default()
    };
    if let (Some(id), Some(object)) = (request_id, document.as_object_mut()) {
        object.insert("request_id".into(), id.into());
    }
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(document.to_string()))
}
