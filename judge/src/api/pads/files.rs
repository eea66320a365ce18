//! A pad's languages and files: switching the shared language (each
//! language keeps its own files, which start as the problem's starter
//! codebase for that language, or the language's starter), and the file
//! tree's changes (add, rename, delete, entry point), made by the server so
//! that names and limits are checked and everyone sees the same tree.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::edits::FileChange;
use super::hub::Hub;
use super::live_pad;
use crate::http::AppState;
use crate::http::body::{self, invalid};
use crate::http::error::{ApiError, ProblemDetails};
use crate::store::{Pad, PadRole, PadRoom};

/// The files `language` starts with in `pad`, and its entry point: the
/// pad's problem's starter codebase for the language, else the language's
/// starter as its one file.
pub(super) fn starter(
    state: &AppState,
    pad_problem: Option<&str>,
    language: &str,
) -> Result<(BTreeMap<String, String>, String), ApiError> {
    let manifest = &super::super::languages::available(state, language)?.manifest;
    let codebase = pad_problem
        .and_then(|slug| state.bank.get(slug))
        .and_then(|entry| entry.problem.starters.get(language).cloned());
    let files = codebase.unwrap_or_else(|| {
        BTreeMap::from([(manifest.source_file.clone(), manifest.starter.clone())])
    });
    let entry = if files.contains_key(&manifest.source_file) {
        manifest.source_file.clone()
    } else if files.contains_key("__main__.py") {
        "__main__.py".to_owned()
    } else {
        files.keys().next().cloned().unwrap_or_default()
    };
    Ok((files, entry))
}

/// Puts `language`'s starter into `pad` (the first time) and makes it the
/// shared language.
pub(super) async fn switch(
    state: &AppState,
    hub: &Hub,
    pad: &Pad,
    language: &str,
) -> Result<(), ApiError> {
    let (files, entry) = starter(state, pad.problem.as_deref(), language)?;
    let (state_room, code_room) = (
        hub.room(pad, PadRoom::State).await?,
        hub.room(pad, PadRoom::Code).await?,
    );
    hub.switch_language(&state_room, &code_room, language, &files, &entry)
        .await?;
    Ok(())
}

/// The refusal of a change the candidate may not make while the
/// interviewer has locked the code.
fn locked() -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "locked",
        "the interviewer has locked the code",
    )
}

/// The pad's new language.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageSwitch {
    /// A language id (`GET /v1/languages`).
    #[schema(min_length = 1, max_length = 64)]
    pub language: String,
}

/// Switches the pad's shared language for everyone; a language's files
/// start as its starter, put in by the server the first time. Refused to
/// the candidate while the interviewer has locked the code.
#[utoipa::path(post, path = "/v1/pad-links/{token}/language", operation_id = "switchPadLanguage", tag = "pads",
    params(("token" = String, Path, description = "The link's token")), request_body = LanguageSwitch,
    responses((status = 204, description = "switched"), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails),
              (status = 422, body = ProblemDetails)))]
pub(crate) async fn switch_language(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let request: LanguageSwitch = body::json(&bytes)?;
    body::name_at_most(&request.language, 64, "language name")?;
    let (pad, role) = live_pad(&state, &token).await?;
    if role == PadRole::Candidate && hub.locked(&*hub.room(&pad, PadRoom::Code).await?).await {
        return Err(locked());
    }
    switch(&state, &hub, &pad, &request.language).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A change to the file tree of one language's files.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields, tag = "op", rename_all = "lowercase")]
pub(crate) enum FileRequest {
    /// A new, empty file.
    Add {
        /// A language id.
        language: String,
        /// Letters, digits, `.`, `_`, `-`.
        name: String,
    },
    /// A file under a new name (the entry point follows it).
    Rename {
        /// A language id.
        language: String,
        /// Its name.
        name: String,
        /// Its new name.
        to: String,
    },
    /// A file gone (not the entry point).
    Delete {
        /// A language id.
        language: String,
        /// Its name.
        name: String,
    },
    /// The file Run and Submit start from.
    Entry {
        /// A language id.
        language: String,
        /// Its name.
        name: String,
    },
}

/// Changes a language's file tree for everyone: add, rename, delete a
/// file, or make one the entry point. Refused to the candidate while the
/// interviewer has locked the code.
#[utoipa::path(post, path = "/v1/pad-links/{token}/files", operation_id = "changePadFiles", tag = "pads",
    params(("token" = String, Path, description = "The link's token")), request_body = FileRequest,
    responses((status = 204, description = "changed"), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails),
              (status = 422, body = ProblemDetails)))]
pub(crate) async fn change_files(
    State(state): State<AppState>,
    Extension(hub): Extension<Arc<Hub>>,
    Path(token): Path<String>,
    bytes: Bytes,
) -> Result<StatusCode, ApiError> {
    let request: FileRequest = body::json(&bytes)?;
    let (language, change) = match request {
        FileRequest::Add { language, name } => (language, FileChange::Add(name)),
        FileRequest::Rename { language, name, to } => (language, FileChange::Rename(name, to)),
        FileRequest::Delete { language, name } => (language, FileChange::Delete(name)),
        FileRequest::Entry { language, name } => (language, FileChange::Entry(name)),
    };
    body::name_at_most(&language, 64, "language name")?;
    let (pad, role) = live_pad(&state, &token).await?;
    super::super::languages::available(&state, &language)?;
    let (state_room, code_room) = (
        hub.room(&pad, PadRoom::State).await?,
        hub.room(&pad, PadRoom::Code).await?,
    );
    if role == PadRole::Candidate && hub.locked(&code_room).await {
        return Err(locked());
    }
    hub.change_files(&state_room, &code_room, &language, change)
        .await?
        .map_err(|why| invalid("invalid-file-change", why))?;
    Ok(StatusCode::NO_CONTENT)
}
