//! What the candidate's page reports for the interviewers: the pad's tab
//! lost focus (when, for how long) and large pastes (when, how many
//! characters). The server stamps the time and writes them into the
//! interviewers' notes document, which the candidate's link never opens;
//! replay shows them on the timeline.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::hub::Hub;
use super::live_pad;
use crate::http::AppState;
use crate::http::body;
use crate::http::error::{ApiError, ProblemDetails};
use crate::store::{PadRole, PadRoom, now_ms};

/// Longest absence a signal may report (a day), in ms.
const MAX_DURATION_MS: u64 = 24 * 3600 * 1000;

/// What the candidate's page saw.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, tag = "kind", rename_all = "lowercase")]
pub(crate) enum SignalRequest {
    /// The pad's tab lost focus and has it again.
    Blur {
        /// How long it was away, in ms.
        duration_ms: u64,
    },
    /// A paste into the code.
    Paste {
        /// How many characters.
        chars: u64,
    },
}

/// A signal as the notes keep it.
#[derive(Debug, Serialize)]
struct Kept {
    kind: &'static str,
    /// When it began (Unix ms, the server's clock).
    at_ms: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_ms: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    chars: Option<u64>,
}

/// Reports a signal of the candidate's page (the candidate's link; from
/// the interviewers' link it is ignored). Kept for the interviewers only.
#[utoipa::path(post, path = "/v1/pad-links/{token}/signals", operation_id = "signalPad", tag = "pads",
    params(("token" = String, Path, description = "The candidate's link's token")), request_body = SignalRequest,
    responses((status = 204, description = "kept (or ignored)"), (status = 404, body = ProblemDetails),
              (status = 409, body = ProblemDetails), (status = 422, body = ProblemDetails),
              (status = 429, body = ProblemDetails)))]
pub(crate) async fn signal(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let request: SignalRequest = body::json(&bytes)?;
    let (pad, role) = live_pad(&state, &token).await?;
    if role != PadRole::Candidate {
        return Ok(StatusCode::NO_CONTENT);
    }
    let now = now_ms();
    let kept = match request {
        SignalRequest::Blur { duration_ms } => {
            let duration_ms = duration_ms.min(MAX_DURATION_MS);
            Kept {
                kind: "blur",
                at_ms: now - i64::try_from(duration_ms).unwrap_or(0),
                duration_ms: Some(duration_ms),
                chars: None,
            }
        }
        SignalRequest::Paste { chars } => Kept {
            kind: "paste",
            at_ms: now,
            duration_ms: None,
            chars: Some(chars),
        },
    };
    let notes = hub.room(&pad, PadRoom::Notes).await?;
    let json = serde_json::to_string(&kept).map_err(anyhow::Error::from)?;
    if !hub.signal(&notes, json).await? {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-signals",
            "this pad keeps no more signals",
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}
