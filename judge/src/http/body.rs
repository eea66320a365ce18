//! Request bodies: JSON parsed by hand from the raw bytes, so that errors are
//! precise problem documents and idempotency can hash what was sent.

use axum::http::StatusCode;
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// Parses a JSON body: malformed JSON is `400 bad-json`; JSON of the wrong
/// shape (a missing field, an unknown one) is `422 invalid-body`; a string
/// holding a NUL character (`\u0000`) is `422 nul-character`: nothing the
/// judge keeps may hold one (PostgreSQL's text cannot), on either engine.
pub(crate) fn json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let parsed = serde_json::from_slice(bytes).map_err(|error| {
        use serde_json::error::Category;
        match error.classify() {
            Category::Data => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-body",
                format!("the request body does not fit: {error}"),
            ),
            Category::Io | Category::Syntax | Category::Eof => {
                ApiError::bad_request("bad-json", format!("the request body is not JSON: {error}"))
            }
        }
    })?;
    if holds_nul(bytes) {
        return Err(invalid(
            "nul-character",
            "a string in the request body holds a NUL character (\\u0000)",
        ));
    }
    Ok(parsed)
}

/// Whether valid JSON text holds the escape of a NUL character: a
/// `\u0000` whose backslash is not itself escaped (JSON has no other way
/// to put one in a string, and backslashes appear only in strings).
fn holds_nul(json: &[u8]) -> bool {
    json.windows(6).enumerate().any(|(at, window)| {
        window == b"\\u0000"
            && json[..at]
                .iter()
                .rev()
                .take_while(|&&byte| byte == b'\\')
                .count()
                % 2
                == 0
    })
}

/// `413 <code>` when `text` is longer than `limit` bytes.
pub(crate) fn at_most(
    text: &str,
    limit: usize,
    what: &str,
    code: &'static str,
) -> Result<(), ApiError> {
    if text.len() > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            code,
            format!(
                "the {what} is {} bytes; at most {limit} are allowed",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// `422 field-too-long` when a name is longer than `limit` bytes (a bad
/// value, not a big body).
pub(crate) fn name_at_most(text: &str, limit: usize, what: &str) -> Result<(), ApiError> {
    if text.len() > limit {
        return Err(invalid(
            "field-too-long",
            format!(
                "the {what} is {} bytes; at most {limit} are allowed",
                text.len()
            ),
        ));
    }
    Ok(())
}

/// `422 <code>` with `detail`.
pub(crate) fn invalid(code: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
}
