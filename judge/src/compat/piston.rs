//! The Piston v2 API: `GET /api/v2/runtimes` and `POST /api/v2/execute`,
//! answered synchronously like Piston. Errors are Piston's:
//! `400 {"message": ...}`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use sandbox::{RunOutcome, Termination};
use serde::Deserialize;
use serde_json::{Value, json};

use super::judge0::info::short_version;
use crate::http::rate_limit::Class;
use crate::http::{AppState, RUN_SLOT_WAIT};
use crate::languages::{Asked, Language, Unresolved};
use crate::pipeline::compile::SourceFile;
use crate::pipeline::cpu::NoSlot;
use crate::pipeline::run_once::{OneShot, Ran, run_once};
use crate::problem::{fuel_to_millis, idle_limit, seconds_to_fuel, wall_backstop};

/// What a Piston request costs: executing runs code; the rest reads.
pub(crate) fn class(method: &Method, route: &str) -> Class {
    match (method, route) {
        (&Method::POST, "/api/v2/execute") => Class::Run,
        _ => Class::Read,
    }
}

/// The Piston routes (behind [`crate::http::edge`] with [`class`]).
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v2/runtimes", get(runtimes))
        .route("/api/v2/execute", post(execute))
}

fn message(status: StatusCode, text: impl Into<String>) -> Response {
    (status, Json(json!({"message": text.into()}))).into_response()
}

fn version(language: &Language) -> String {
    language
        .version()
        .map(|v| short_version(&v))
        .unwrap_or_default()
}

async fn runtimes(State(state): State<AppState>) -> Response {
    let list = tokio::task::spawn_blocking(move || {
        state
            .toolbox
            .catalog
            .all()
            .iter()
            .filter(|l| l.missing().is_empty())
            .map(|l| {
                json!({
                    "language": l.id(),
                    "version": version(l),
                    "aliases": l.manifest.piston_aliases,
                    "runtime": l.manifest.name,
                })
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    Json(list).into_response()
}

#[derive(Debug, Deserialize)]
struct File {
    #[serde(default)]
    name: Option<String>,
    content: String,
    #[serde(default)]
    encoding: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ExecuteRequest {
    language: String,
    #[serde(default)]
    version: Option<String>,
    files: Vec<File>,
    #[serde(default)]
    stdin: String,
    #[serde(default)]
    args: Vec<Value>,
    #[serde(default)]
    run_timeout: Option<i64>,
    #[serde(default)]
    run_cpu_time: Option<i64>,
    #[serde(default)]
    run_memory_limit: Option<i64>,
    // Compiles run under the judge's own contained limits; these are accepted.
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "accepted for compatibility; compiles use the judge's limits"
    )]
    compile_timeout: Option<i64>,
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "accepted for compatibility; compiles use the judge's limits"
    )]
    compile_cpu_time: Option<i64>,
    #[serde(default)]
    #[allow(
        dead_code,
        reason = "accepted for compatibility; compiles use the judge's limits"
    )]
    compile_memory_limit: Option<i64>,
}

/// Piston's defaults.
const RUN_TIMEOUT_MS: i64 = 3000;
const MAX_RUN_TIMEOUT_MS: i64 = 15_000;
const RUN_MEMORY_DEFAULT: u64 = 256 << 20;
const OUTPUT_BYTES: usize = 1 << 20;

fn file_bytes(file: &File) -> Result<Vec<u8>, String> {
    use base64::Engine;
    match file.encoding.as_deref() {
        None | Some("utf8") => Ok(file.content.clone().into_bytes()),
        Some("base64") => base64::engine::general_purpose::STANDARD
            .decode(file.content.as_bytes())
            .map_err(|_| "a file's content is not valid base64".into()),
        Some("hex") => {
            hex::decode(&file.content).map_err(|_| "a file's content is not valid hex".into())
        }
        Some(other) => Err(format!("unknown encoding {other}")),
    }
}

async fn execute(State(state): State<AppState>, body: Bytes) -> Response {
    let request: ExecuteRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => return message(StatusCode::BAD_REQUEST, format!("invalid request: {e}")),
    };
    let language = match state
        .toolbox
        .catalog
        .resolve(Asked::IdOrAlias(&request.language))
    {
        Ok(language) => language,
        Err(Unresolved::NotInstalled { .. }) => {
            return message(
                StatusCode::BAD_REQUEST,
                format!("{} runtime is not installed", request.language),
            );
        }
        Err(Unresolved::Unknown | Unresolved::Unsupported(_)) => {
            return message(
                StatusCode::BAD_REQUEST,
                format!(
                    "{}-{} runtime is unknown",
                    request.language,
                    request.version.as_deref().unwrap_or("*")
                ),
            );
        }
    };
    if request.files.is_empty() {
        return message(
            StatusCode::BAD_REQUEST,
            "files is required as an array with at least one file",
        );
    }
    let total: usize =
        request.files.iter().map(|f| f.content.len()).sum::<usize>() + request.stdin.len();
    if total > state.config.limits.source_bytes + state.config.limits.stdin_bytes {
        return message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "files and stdin are too large",
        );
    }
    let timeout = request
        .run_cpu_time
        .or(request.run_timeout)
        .unwrap_or(RUN_TIMEOUT_MS);
    if !(1..=MAX_RUN_TIMEOUT_MS).contains(&timeout) {
        return message(
            StatusCode::BAD_REQUEST,
            format!("run_timeout cannot exceed the configured limit of {MAX_RUN_TIMEOUT_MS}"),
        );
    }
    let memory = match request.run_memory_limit {
        None | Some(-1) => RUN_MEMORY_DEFAULT,
        Some(bytes) if bytes > 0 => u64::try_from(bytes)
            .unwrap_or(RUN_MEMORY_DEFAULT)
            .min(1 << 30),
        Some(_) => {
            return message(
                StatusCode::BAD_REQUEST,
                "run_memory_limit must be positive or -1",
            );
        }
    };
    let mut files = Vec::new();
    for file in &request.files {
        match file_bytes(file) {
            Ok(bytes) => files.push((file.name.clone(), bytes)),
            Err(why) => return message(StatusCode::BAD_REQUEST, why),
        }
    }
    let args: Vec<String> = request
        .args
        .iter()
        .map(|a| a.as_str().map_or_else(|| a.to_string(), str::to_owned))
        .collect();
    let slot = match state.run_slots.slot(RUN_SLOT_WAIT).await {
        Ok(slot) => slot,
        Err(NoSlot::Busy) => {
            return message(
                StatusCode::SERVICE_UNAVAILABLE,
                "every CPU slot is busy; retry shortly",
            );
        }
        Err(NoSlot::ShuttingDown) => {
            return message(
                StatusCode::SERVICE_UNAVAILABLE,
                "the judge is shutting down",
            );
        }
    };
    let language = language.clone();
    let stdin = request.stdin;
    let done = slot
        .run(move || {
            let (main, rest) = files.split_first().expect("at least one file");
            let extra: Vec<SourceFile> = rest
                .iter()
                .enumerate()
                .map(|(i, (name, bytes))| SourceFile {
                    name: name.clone().unwrap_or_else(|| format!("file{i}")),
                    bytes: bytes.clone(),
                })
                .collect();
            let seconds = timeout as f64 / 1000.0;
            let shot = OneShot {
                language: &language,
                source: &main.1,
                extra: &extra,
                stdin: stdin.as_bytes(),
                args: &args,
                fuel: seconds_to_fuel(seconds),
                memory_bytes: memory,
                output_bytes: OUTPUT_BYTES,
                wall: wall_backstop(seconds_to_fuel(seconds)),
                idle: idle_limit(seconds_to_fuel(seconds)),
            };
            let ran = run_once(&state.toolbox, &shot);
            (
                ran,
                version(&language),
                language.id().to_owned(),
                language.manifest.compile.is_some(),
            )
        })
        .await;
    let (ran, version, id, compiled) = match done {
        Ok(done) => done,
        Err(e) => {
            return message(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("internal error: {e}"),
            );
        }
    };
    let compile_ok = json!({"stdout": "", "stderr": "", "output": "", "code": 0, "signal": null,
        "message": null, "status": null, "cpu_time": 0, "wall_time": 0, "memory": 0});
    let body = match ran {
        Ok(Ran::CompileError(log)) => json!({
            "language": id, "version": version,
            "compile": {"stdout": "", "stderr": log, "output": log, "code": 1, "signal": null,
                "message": "compilation failed", "status": "RE", "cpu_time": 0, "wall_time": 0, "memory": 0},
            "run": {"stdout": "", "stderr": "", "output": "", "code": null, "signal": null, "message": null,
                "status": null, "cpu_time": 0, "wall_time": 0, "memory": 0},
        }),
        Ok(Ran::Ran(outcome)) => {
            let mut body = json!({"language": id, "version": version, "run": stage(&outcome)});
            if compiled {
                body["compile"] = compile_ok;
            }
            body
        }
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "internal error (Piston API)");
            return message(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    Json(body).into_response()
}

/// A run stage as Piston writes it.
fn stage(outcome: &RunOutcome) -> Value {
    let stdout = String::from_utf8_lossy(&outcome.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&outcome.stderr).into_owned();
    let (status, signal, text): (Option<&str>, Option<&str>, Option<String>) =
        match &outcome.termination {
            Termination::Exited { code: 0 } => (None, None, None),
            Termination::Exited { code } => {
                (Some("RE"), None, Some(format!("exited with code {code}")))
            }
            Termination::OutOfFuel | Termination::WallTimeout => (
                Some("TO"),
                Some("SIGKILL"),
                Some("time limit exceeded".into()),
            ),
            Termination::OutputLimit { .. } => (
                Some("OL"),
                Some("SIGKILL"),
                Some("output limit exceeded".into()),
            ),
            Termination::MemoryLimit => (
                Some("SG"),
                Some("SIGKILL"),
                Some("memory limit exceeded".into()),
            ),
            other => (Some("SG"), Some("SIGSEGV"), Some(other.to_string())),
        };
    json!({
        "stdout": stdout,
        "stderr": stderr,
        "output": format!("{stdout}{stderr}"),
        "code": outcome.termination.exit_code(),
        "signal": signal,
        "message": text,
        "status": status,
        "cpu_time": fuel_to_millis(outcome.fuel).round() as u64,
        "wall_time": outcome.wall.as_millis() as u64,
        "memory": outcome.peak_memory_bytes,
    })
}
