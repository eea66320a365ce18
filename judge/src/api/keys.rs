//! `/v1/keys`: API keys made, listed and revoked over HTTP. Interviewers
//! manage candidates' keys (one per candidate they invite); admins manage
//! every key. A key's secret is shown once, in the answer that creates it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::http::AppState;
use crate::http::auth::Interviewer;
use crate::http::body::{self, invalid};
use crate::http::error::{ApiError, ProblemDetails};
use crate::store::{KeyRecord, Role};
use crate::views::timestamp;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/keys", get(list).post(create))
        .route("/keys/{id}", delete(revoke))
}

/// A key to make.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NewKeyRequest {
    /// What it may do (interviewers make `candidate` keys only).
    pub role: Role,
    /// Who it is for.
    #[schema(max_length = 200)]
    #[serde(default)]
    pub name: String,
}

/// A key, without its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct KeyView {
    /// Public id (the `jk_<id>_` part of the key).
    pub id: String,
    /// Who it is for.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339, once revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// A key just made: the only answer that carries its secret.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(super) struct CreatedKey {
    /// The key.
    #[serde(flatten)]
    pub view: KeyView,
    /// The whole key, to send as `Authorization: Bearer`. It is stored
    /// hashed and never shown again.
    pub key: String,
}

fn view(key: KeyRecord) -> KeyView {
    KeyView {
        id: key.id,
        name: key.name,
        role: key.role,
        created_at: timestamp(key.created_at),
        revoked_at: key.revoked_at.map(timestamp),
    }
}

/// The most a caller may manage: candidates' keys, or every key for admins.
fn manageable(caller_role: Role) -> Role {
    if caller_role == Role::Admin {
        Role::Admin
    } else {
        Role::Candidate
    }
}

/// Lists the keys the caller may manage, newest first.
#[utoipa::path(get, path = "/v1/keys", operation_id = "listKeys", tag = "keys",
    responses((status = 200, body = [KeyView]), (status = 403, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn list(
    State(state): State<AppState>,
    Interviewer(caller): Interviewer,
) -> Result<Json<Vec<KeyView>>, ApiError> {
    let keys = state.store.keys(manageable(caller.role)).await?;
    Ok(Json(keys.into_iter().map(view).collect()))
}

/// Makes a key.
#[utoipa::path(post, path = "/v1/keys", operation_id = "createKey", tag = "keys", request_body = NewKeyRequest,
    responses((status = 201, body = CreatedKey), (status = 403, body = ProblemDetails),
              (status = 422, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn create(
    State(state): State<AppState>,
    Interviewer(caller): Interviewer,
    bytes: Bytes,
) -> Result<(StatusCode, Json<CreatedKey>), ApiError> {
    let request: NewKeyRequest = body::json(&bytes)?;
    body::name_at_most(&request.name, 200, "key name")?;
    if request.role > manageable(caller.role) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "a {} key may make {} keys only",
                caller.role.as_str(),
                manageable(caller.role).as_str()
            ),
        ));
    }
    let new = state.store.create_key(request.role, &request.name).await?;
    tracing::info!(key = %new.key.id, role = new.key.role.as_str(), by = %caller.key_id, "key created");
    let record = state
        .store
        .key(&new.key.id)
        .await?
        .ok_or_else(|| invalid("key-vanished", "the key was revoked as it was made"))?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedKey {
            view: view(record),
            key: new.token,
        }),
    ))
}

/// Revokes a key: it authenticates no more, at once. What it made stays.
#[utoipa::path(delete, path = "/v1/keys/{id}", operation_id = "revokeKey", tag = "keys",
    params(("id" = String, Path, description = "The key's public id")),
    responses((status = 204, description = "revoked"), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn revoke(
    State(state): State<AppState>,
    Interviewer(caller): Interviewer,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let not_found = || ApiError::not_found(format!("no live key {id} that you may revoke"));
    let key = state.store.key(&id).await?.ok_or_else(not_found)?;
    if key.role > manageable(caller.role) || key.revoked_at.is_some() {
        return Err(not_found());
    }
    if !state.store.revoke_key(&id).await? {
        return Err(not_found());
    }
    tracing::info!(key = %id, by = %caller.key_id, "key revoked");
    Ok(StatusCode::NO_CONTENT)
}
