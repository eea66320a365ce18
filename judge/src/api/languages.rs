//! `GET /v1/languages`: the languages this judge runs, with real versions.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::http::AppState;
use crate::http::body::invalid;
use crate::http::error::ApiError;
use crate::languages::{Asked, Language, Unresolved};

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/languages", get(list))
}

/// A language.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct LanguageView {
    /// The id submissions name.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The toolchain's version line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Source file extensions.
    pub extensions: Vec<String>,
    /// Whether its runner image is installed here.
    pub available: bool,
    /// What a new editor buffer starts with.
    pub starter: String,
}

/// Every language, installed or not.
#[utoipa::path(get, path = "/v1/languages", operation_id = "listLanguages", tag = "languages",
    responses((status = 200, body = Vec<LanguageView>)), security(("bearer" = [])))]
async fn list(State(state): State<AppState>) -> Json<Vec<LanguageView>> {
    let toolbox = state.toolbox.clone();
    // Reading a version may start the toolchain once: off the async threads.
    let views = tokio::task::spawn_blocking(move || {
        toolbox
            .catalog
            .all()
            .iter()
            .map(|language| {
                let available = language.missing().is_empty();
                LanguageView {
                    id: language.id().to_owned(),
                    name: language.manifest.name.clone(),
                    version: available.then(|| language.version().ok()).flatten(),
                    extensions: language.manifest.extensions.clone(),
                    available,
                    starter: language.manifest.starter.clone(),
                }
            })
            .collect()
    })
    .await
    .unwrap_or_default();
    Json(views)
}

/// The language `id` when its image is installed, else `422`.
pub(super) fn available<'a>(state: &'a AppState, id: &str) -> Result<&'a Language, ApiError> {
    state
        .toolbox
        .catalog
        .resolve(Asked::Id(id))
        .map_err(|why| match why {
            Unresolved::NotInstalled { name, .. } => invalid(
                "language-unavailable",
                format!("the {name} runner image is not installed on this judge"),
            ),
            Unresolved::Unknown | Unresolved::Unsupported(_) => invalid(
                "unknown-language",
                format!("no language {id:?} (see GET /v1/languages)"),
            ),
        })
}
