//! `GET /v1/problems`, `GET /v1/problems/{slug}` (statement, samples,
//! limits: never secret data), `POST /v1/problems` (upload a Kattis package
//! as a zip, verified like `judge verify` before it is accepted) and
//! `DELETE /v1/problems/{slug}`.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::bank::{Entry, Origin, UnpackLimits, unpack, valid_slug};
use crate::http::auth::{Caller, Interviewer};
use crate::http::body::invalid;
use crate::http::error::{ApiError, ProblemDetails};
use crate::http::{AppState, UPLOAD_SLOT_WAIT};
use crate::languages::Catalog;
use crate::problem::{LanguageLimit, Problem};
use crate::store::{Role, StoredProblem};
use crate::views::read_capped;

pub(super) fn routes(upload_bytes: usize) -> Router<AppState> {
    Router::new()
        .route(
            "/problems",
            get(list)
                .post(upload)
                .layer(DefaultBodyLimit::max(upload_bytes)),
        )
        .route("/problems/{slug}", get(show).delete(remove))
}

/// A problem's summary.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ProblemSummary {
    /// Its slug: what submissions name.
    pub slug: String,
    /// Its title.
    pub name: String,
    /// `bundled` or `uploaded`.
    pub origin: String,
    /// Seconds of fuel per test in C++ (the base limit); each language's
    /// is in the problem's `time_limits`.
    pub time_limit_seconds: f64,
    /// Memory per test, MiB.
    pub memory_mib: u64,
    /// Whether it is scored (else pass-fail).
    pub scoring: bool,
    /// Whether it is interactive.
    pub interactive: bool,
    /// `easy`, `medium` or `hard`, when the package's keywords say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    /// The package's other keywords.
    pub tags: Vec<String>,
}

/// A sample test.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct SampleView {
    /// `sample/1`.
    pub name: String,
    /// Input.
    pub input: String,
    /// Expected output.
    pub output: String,
}

/// A problem in full: what a candidate reads.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub(crate) struct ProblemView {
    /// Summary.
    #[serde(flatten)]
    pub summary: ProblemSummary,
    /// The statement (Markdown when the package has it).
    pub statement: Option<String>,
    /// Sample tests.
    pub samples: Vec<SampleView>,
    /// How many secret tests (their data stays on the server).
    pub secret_tests: usize,
    /// The time limit in each language this judge has installed: derived
    /// from the accepted submissions in that language, or the base
    /// (`time_limit_seconds`, C++'s) times the language's multiplier.
    pub time_limits: Vec<LanguageLimit>,
}

fn summary(entry: &Entry) -> ProblemSummary {
    let problem = &entry.problem;
    ProblemSummary {
        slug: problem.slug.clone(),
        name: problem.metadata.name.clone(),
        origin: match entry.origin {
            Origin::Bundled => "bundled",
            Origin::Uploaded => "uploaded",
        }
        .into(),
        time_limit_seconds: problem.base_time_limit().unwrap_or(0.0),
        memory_mib: problem.memory_bytes() >> 20,
        scoring: problem.metadata.scoring,
        interactive: problem.metadata.interactive,
        difficulty: problem
            .metadata
            .keywords
            .iter()
            .find(|word| DIFFICULTIES.contains(&word.as_str()))
            .cloned(),
        tags: problem
            .metadata
            .keywords
            .iter()
            .filter(|word| !DIFFICULTIES.contains(&word.as_str()))
            .cloned()
            .collect(),
    }
}

/// The keywords that name a difficulty.
const DIFFICULTIES: [&str; 3] = ["easy", "medium", "hard"];

/// Every problem.
#[utoipa::path(get, path = "/v1/problems", operation_id = "listProblems", tag = "problems",
    responses((status = 200, body = Vec<ProblemSummary>)), security(("bearer" = [])))]
async fn list(State(state): State<AppState>) -> Json<Vec<ProblemSummary>> {
    Json(
        state
            .bank
            .all()
            .iter()
            .map(|entry| summary(entry))
            .collect(),
    )
}

/// A problem: statement, samples and limits.
#[utoipa::path(get, path = "/v1/problems/{slug}", operation_id = "getProblem", tag = "problems",
    params(("slug" = String, Path, description = "Problem slug")),
    responses((status = 200, body = ProblemView), (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<ProblemView>, ApiError> {
    let entry = state
        .bank
        .get(&slug)
        .ok_or_else(|| ApiError::not_found(format!("no problem {slug}")))?;
    Ok(Json(view(&state.toolbox.catalog, &entry)))
}

/// What a candidate reads of a problem (also in a pad about it), with the
/// time limits of the installed languages of `catalog`.
pub(super) fn view(catalog: &Catalog, entry: &Entry) -> ProblemView {
    let problem = &entry.problem;
    let statement = problem
        .statement
        .as_ref()
        .and_then(|path| std::fs::read_to_string(path).ok());
    let samples = problem
        .sample
        .cases()
        .into_iter()
        .map(|case| SampleView {
            name: case.name.clone(),
            input: read_capped(&case.input).unwrap_or_default(),
            output: read_capped(&case.answer).unwrap_or_default(),
        })
        .collect();
    ProblemView {
        summary: summary(entry),
        statement,
        samples,
        secret_tests: problem.secret.cases().len(),
        time_limits: catalog
            .all()
            .iter()
            .filter(|language| language.missing().is_empty())
            .filter_map(|language| problem.time_limit_for(language))
            .collect(),
    }
}

/// Query of an upload.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct UploadQuery {
    /// The slug; by default the zip's top folder.
    slug: Option<String>,
}

/// Uploads a problem package (a zip of a Kattis package). It is verified like
/// `judge verify` (every example submission judged as its folder says)
/// before it is accepted.
#[utoipa::path(post, path = "/v1/problems", operation_id = "uploadProblem", tag = "problems",
    params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/zip"),
    responses((status = 201, body = ProblemSummary), (status = 403, body = ProblemDetails),
              (status = 409, body = ProblemDetails), (status = 413, body = ProblemDetails),
              (status = 422, description = "the package failed verification", body = ProblemDetails)),
    security(("bearer" = [])))]
async fn upload(
    State(state): State<AppState>,
    Interviewer(caller): Interviewer,
    query: Result<Query<UploadQuery>, axum::extract::rejection::QueryRejection>,
    zip: Bytes,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::bad_request("invalid-query", e.body_text()))?;
    if let Some(slug) = &query.slug
        && !valid_slug(slug)
    {
        return Err(invalid(
            "invalid-slug",
            "a slug is 1 to 64 lowercase letters, digits and dashes",
        ));
    }
    // Verification judges every example submission: it may wait a while
    // for its slot, not forever.
    let checking = state.clone();
    let verified = state
        .upload_slots
        .run(UPLOAD_SLOT_WAIT, move || {
            verify_upload(&checking, &zip, query.slug.as_deref())
        })
        .await
        .map_err(|why| why.problem(10))???;
    let (problem, stored, _staging) = verified;
    if !state.store.add_problem(&stored, &caller.key_id).await? {
        return Err(exists(&stored.slug));
    }
    state.bank.install(&problem.dir, &stored)?;
    tracing::info!(slug = %stored.slug, by = %caller.key_id, "problem uploaded");
    let entry = state
        .bank
        .get(&stored.slug)
        .ok_or_else(|| anyhow::anyhow!("uploaded problem vanished"))?;
    let mut response = (StatusCode::CREATED, Json(summary(&entry))).into_response();
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/problems/{}", stored.slug)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

fn exists(slug: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "problem-exists",
        format!("a problem {slug} exists already"),
    )
}

/// Unpacks into a staging folder and verifies. Blocking.
fn verify_upload(
    state: &AppState,
    zip: &[u8],
    slug: Option<&str>,
) -> Result<(Problem, StoredProblem, tempfile::TempDir), ApiError> {
    let limits = &state.config.limits;
    std::fs::create_dir_all(state.bank.uploads_dir()).map_err(anyhow::Error::from)?;
    let staging = tempfile::Builder::new()
        .prefix(".upload-")
        .tempdir_in(state.bank.uploads_dir())
        .map_err(anyhow::Error::from)?;
    let unpack_limits = UnpackLimits {
        files: limits.upload_files,
        bytes: limits.unpacked_bytes,
    };
    let (slug, dir) = unpack(zip, staging.path(), slug, &unpack_limits)
        .map_err(|e| invalid("invalid-package", format!("{e:#}")))?;
    if state.bank.get(&slug).is_some() {
        return Err(exists(&slug));
    }
    let (result, submissions) = crate::pipeline::verify::verify(
        &state.toolbox,
        &dir,
        crate::pipeline::verify::Detail::default(),
        &mut |_| {},
    );
    let mut errors = result.errors;
    for submission in &submissions {
        if let Some(reason) = &submission.skipped_reason {
            errors.push(format!("{}: not judged: {reason}", submission.path));
        } else if !submission.matches {
            errors.push(format!(
                "{}: expected {}, got {}",
                submission.path,
                submission.expected,
                submission.actual.as_deref().unwrap_or("?")
            ));
        }
    }
    if !errors.is_empty() {
        // Paths as the uploader knows them: inside the package, not on this host.
        let host_prefix = format!("{}/", dir.display());
        let errors = errors
            .into_iter()
            .map(|error| {
                error
                    .replace(&host_prefix, "")
                    .replace(&*dir.to_string_lossy(), &slug)
            })
            .collect();
        return Err(
            invalid("package-rejected", "the package failed verification").with_errors(errors),
        );
    }
    let problem = Problem::load(&dir).map_err(|e| invalid("invalid-package", format!("{e:#}")))?;
    let derived = problem
        .time_limits
        .as_ref()
        .filter(|_| problem.metadata.limits.time_limit.is_none());
    let stored = StoredProblem {
        slug,
        package: zip.to_vec(),
        sha256: hex::encode(Sha256::digest(zip)),
        // Kept when derived now, so every process judges with the same limits.
        time_limit: derived.map(|limits| limits.base),
        language_time_limits: derived
            .filter(|limits| !limits.languages.is_empty())
            .map(|limits| serde_json::json!(limits.languages).to_string()),
    };
    Ok((problem, stored, staging))
}

/// Deletes an uploaded problem (admins). Bundled problems ship with the judge.
#[utoipa::path(delete, path = "/v1/problems/{slug}", operation_id = "deleteProblem", tag = "problems",
    params(("slug" = String, Path, description = "Problem slug")),
    responses((status = 204, description = "deleted"), (status = 403, body = ProblemDetails),
              (status = 404, body = ProblemDetails), (status = 409, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.require(Role::Admin)?;
    let entry = state
        .bank
        .get(&slug)
        .ok_or_else(|| ApiError::not_found(format!("no problem {slug}")))?;
    if entry.origin == Origin::Bundled {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "bundled-problem",
            "bundled problems ship with the judge and cannot be deleted",
        ));
    }
    state.store.delete_problem(&slug).await?;
    state.bank.remove(&slug);
    // Its files go too (best effort: a leftover folder is only disk).
    if let Some(folder) = entry.problem.dir.parent()
        && folder.starts_with(state.bank.uploads_dir())
    {
        let _ = std::fs::remove_dir_all(folder);
    }
    tracing::info!(slug, by = %caller.key_id, "problem deleted");
    Ok(StatusCode::NO_CONTENT)
}
