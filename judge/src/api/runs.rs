//! `POST /v1/runs`: compile and run a source once on custom input, with
//! small limits, and answer at once (a live pad's Run button).

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::http::body::{self, at_most};
use crate::http::error::{ApiError, ProblemDetails};
use crate::http::{AppState, RUN_SLOT_WAIT};
use crate::pipeline::run_once::{OneShot, Ran, run_once};
use crate::pipeline::verdict::Verdict;
use crate::problem::{fuel_to_millis, idle_limit, seconds_to_fuel, wall_backstop};
use crate::store::SourceText;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/runs", post(run))
}

/// A program to run once.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RunRequest {
    /// Language id.
    #[schema(min_length = 1, max_length = 64)]
    pub language: String,
    /// The source code.
    #[schema(min_length = 1)]
    pub source: String,
    /// Standard input.
    #[serde(default)]
    pub stdin: String,
    /// More files beside the source, for a program of several files.
    #[serde(default)]
    #[schema(max_items = 64)]
    pub files: Vec<SourceText>,
}

/// How a custom run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub(crate) enum RunStatus {
    /// It exited 0.
    #[serde(rename = "OK")]
    Ok,
    /// It did not compile.
    #[serde(rename = "CE")]
    CompileError,
    /// Out of fuel, or past the wall-clock backstop.
    #[serde(rename = "TLE")]
    TimeLimit,
    /// Past the memory limit.
    #[serde(rename = "MLE")]
    MemoryLimit,
    /// Past the output limit.
    #[serde(rename = "OLE")]
    OutputLimit,
    /// A non-zero exit or a trap.
    #[serde(rename = "RTE")]
    RunTimeError,
}

impl RunStatus {
    /// Its name, as sent and as a metric label.
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::CompileError => "CE",
            Self::TimeLimit => "TLE",
            Self::MemoryLimit => "MLE",
            Self::OutputLimit => "OLE",
            Self::RunTimeError => "RTE",
        }
    }

    fn of(verdict: Option<Verdict>) -> Self {
        match verdict {
            None | Some(Verdict::Accepted | Verdict::WrongAnswer) => Self::Ok,
            Some(Verdict::CompileError) => Self::CompileError,
            Some(Verdict::TimeLimit) => Self::TimeLimit,
            Some(Verdict::MemoryLimit) => Self::MemoryLimit,
            Some(Verdict::OutputLimit) => Self::OutputLimit,
            Some(Verdict::RunTimeError | Verdict::InternalError) => Self::RunTimeError,
        }
    }
}

/// How the run went.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct RunResult {
    /// `OK` (exited 0), `CE`, `TLE`, `MLE`, `OLE` or `RTE`.
    pub status: RunStatus,
    /// The exit code, when the program exited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// Standard output (cut at the output limit).
    pub stdout: String,
    /// Standard error (cut at the output limit).
    pub stderr: String,
    /// Both, in the order they were written (a terminal's view), when the
    /// run wrote to both.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<OutputChunk>,
    /// The compiler's messages, for `CE`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_log: Option<String>,
    /// Fuel used.
    pub fuel: u64,
    /// Fuel as approximate milliseconds.
    pub time_ms: f64,
    /// Peak linear memory.
    pub memory_bytes: u64,
}

/// A stretch of a run's output, from one stream.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct OutputChunk {
    /// `stdout` or `stderr`.
    pub stream: &'static str,
    /// What it wrote.
    pub text: String,
}

/// `outcome`'s stdout and stderr in the order they were written, when it
/// wrote to both and the order is known.
fn interleaved(outcome: &sandbox::RunOutcome) -> Vec<OutputChunk> {
    if outcome.stdout.is_empty() || outcome.stderr.is_empty() {
        return Vec::new();
    }
    let (mut out, mut err) = (0, 0);
    let mut chunks = Vec::new();
    for segment in &outcome.order {
        let (stream, bytes, at) = match segment.stream {
            sandbox::OutputStream::Stdout => ("stdout", &outcome.stdout, &mut out),
            sandbox::OutputStream::Stderr => ("stderr", &outcome.stderr, &mut err),
            sandbox::OutputStream::Files => continue,
        };
        let end = (*at + segment.bytes).min(bytes.len());
        chunks.push(OutputChunk {
            stream,
            text: String::from_utf8_lossy(&bytes[*at..end]).into_owned(),
        });
        *at = end;
    }
    chunks
}

/// Runs a program once.
#[utoipa::path(post, path = "/v1/runs", operation_id = "createRun", tag = "runs", request_body = RunRequest,
    responses((status = 200, body = RunResult), (status = 413, body = ProblemDetails),
              (status = 422, body = ProblemDetails), (status = 503, description = "every CPU slot busy", body = ProblemDetails)),
    security(("bearer" = [])))]
async fn run(State(state): State<AppState>, bytes: Bytes) -> Result<Json<RunResult>, ApiError> {
    let request: RunRequest = body::json(&bytes)?;
    let limits = &state.config.limits;
    body::name_at_most(&request.language, 64, "language name")?;
    at_most(
        &request.source,
        limits.source_bytes,
        "source",
        "source-too-large",
    )?;
    at_most(
        &request.stdin,
        limits.stdin_bytes,
        "stdin",
        "stdin-too-large",
    )?;
    let manifest = &super::languages::available(&state, &request.language)?.manifest;
    super::submissions::check_files(
        &request.files,
        &manifest.source_file,
        request.source.len(),
        limits.source_bytes,
    )?;
    Ok(Json(run_in_slot(&state, request).await?))
}

/// Runs `request` in a run slot (waiting at most [`RUN_SLOT_WAIT`]) and
/// counts it: what `POST /v1/runs` and a pad's Run share.
pub(super) async fn run_in_slot(
    state: &AppState,
    request: RunRequest,
) -> Result<RunResult, ApiError> {
    let metrics = state.metrics.clone();
    let language = request.language.clone();
    let running = state.clone();
    let result = state
        .run_slots
        .run(RUN_SLOT_WAIT, move || execute(&running, &request))
        .await
        .map_err(|why| why.problem(2))???;
    metrics
        .runs
        .with_label_values(&[language.as_str(), result.status.as_str()])
        .inc();
    Ok(result)
}

fn execute(state: &AppState, request: &RunRequest) -> anyhow::Result<RunResult> {
    let config = &state.config.runs;
    let language = state
        .toolbox
        .catalog
        .get(&request.language)
        .ok_or_else(|| anyhow::anyhow!("language vanished"))?;
    let extra = crate::store::beside(&request.files);
    let shot = OneShot {
        language,
        source: request.source.as_bytes(),
        extra: &extra,
        stdin: request.stdin.as_bytes(),
        args: &[],
        fuel: seconds_to_fuel(config.time_seconds),
        memory_bytes: config.memory_mib << 20,
        output_bytes: config.output_bytes,
        wall: wall_backstop(seconds_to_fuel(config.time_seconds)),
        idle: idle_limit(seconds_to_fuel(config.time_seconds)),
    };
    let outcome = match run_once(&state.toolbox, &shot)? {
        Ran::CompileError(log) => {
            return Ok(RunResult {
                status: RunStatus::CompileError,
                exit_code: None,
                stdout: String::new(),
                stderr: String::new(),
                output: Vec::new(),
                compile_log: Some(log),
                fuel: 0,
                time_ms: 0.0,
                memory_bytes: 0,
            });
        }
        Ran::Ran(outcome) => outcome,
    };
    Ok(RunResult {
        status: RunStatus::of(Verdict::of_run(&outcome.termination)),
        exit_code: outcome.termination.exit_code(),
        stdout: String::from_utf8_lossy(&outcome.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&outcome.stderr).into_owned(),
        output: interleaved(&outcome),
        compile_log: None,
        fuel: outcome.fuel,
        time_ms: fuel_to_millis(outcome.fuel),
        memory_bytes: outcome.peak_memory_bytes,
    })
}
