//! Queued one-shot runs, in the judge's own terms: what to run
//! ([`RunJob`]) and what it came to ([`RunRecord`]). An API that queues runs
//! (Judge0's submissions) turns its request into a job, and renders the
//! record in its own shape when asked; the worker and the store never see
//! that shape.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sandbox::{Termination, TrapKind};
use serde::{Deserialize, Serialize};

use super::run_once::{OneShot, Ran, run_once};
use super::toolbox::Toolbox;
use crate::problem::{FUEL_PER_SECOND, seconds_to_fuel, wall_backstop};

/// A run to do once, as queued.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunJob {
    /// Language id (`python`).
    pub language: String,
    /// Source text.
    pub source: String,
    /// Standard input.
    pub stdin: String,
    /// Compared with stdout, both trimmed, when given: accepted or wrong answer.
    pub expected_output: Option<String>,
    /// argv after the program name.
    pub args: Vec<String>,
    /// Seconds of fuel.
    pub cpu_seconds: f64,
    /// The wall-clock limit asked for (never shorter than the fuel takes
    /// to burn on a slow machine).
    pub wall_seconds: f64,
    /// Linear memory.
    pub memory_bytes: u64,
    /// Output limit, stdout and stderr each.
    pub output_bytes: usize,
    /// Whether stderr is appended to stdout.
    pub merge_stderr: bool,
    /// Where the result is sent when done.
    pub callback_url: Option<String>,
    /// What the API that queued it keeps to render it later (Judge0's own
    /// request fields); opaque to everything else.
    #[serde(default)]
    pub client: serde_json::Value,
}

/// How a run ended, finely enough for any API to name it its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RunStatus {
    /// Exited 0 (with the expected output, when one was given).
    Accepted,
    /// Exited 0 with other output than expected.
    WrongAnswer,
    /// Out of fuel, or past the wall-clock limit.
    TimeLimit,
    /// The source did not compile.
    CompileError,
    /// Past the memory limit.
    MemoryLimit,
    /// Past the output limit.
    OutputLimit,
    /// The call stack overflowed.
    StackOverflow,
    /// Division by zero, integer overflow, a bad float-to-int conversion.
    ArithmeticError,
    /// `abort()`, `unreachable`, an uncaught exception.
    Aborted,
    /// Exited with a non-zero code.
    NonZeroExit,
    /// Imports a function the sandbox does not provide.
    UnsupportedImport,
    /// Any other trap (an out-of-bounds access, say).
    Crashed,
    /// The judge failed, not the program.
    InternalError,
}

impl RunStatus {
    /// Every status.
    pub(crate) const ALL: [RunStatus; 13] = [
        Self::Accepted,
        Self::WrongAnswer,
        Self::TimeLimit,
        Self::CompileError,
        Self::MemoryLimit,
        Self::OutputLimit,
        Self::StackOverflow,
        Self::ArithmeticError,
        Self::Aborted,
        Self::NonZeroExit,
        Self::UnsupportedImport,
        Self::Crashed,
        Self::InternalError,
    ];

    /// Its snake_case name, as stored and as a metric label.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::WrongAnswer => "wrong_answer",
            Self::TimeLimit => "time_limit",
            Self::CompileError => "compile_error",
            Self::MemoryLimit => "memory_limit",
            Self::OutputLimit => "output_limit",
            Self::StackOverflow => "stack_overflow",
            Self::ArithmeticError => "arithmetic_error",
            Self::Aborted => "aborted",
            Self::NonZeroExit => "non_zero_exit",
            Self::UnsupportedImport => "unsupported_import",
            Self::Crashed => "crashed",
            Self::InternalError => "internal_error",
        }
    }

    /// The status named `name` ([`Self::as_str`]).
    pub(crate) fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// What a run came to, as stored. Output is kept as base64 of the raw
/// bytes, so nothing is lost whatever a client asks for later.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RunRecord {
    /// How it ended.
    pub status: RunStatus,
    /// base64.
    pub stdout: Option<String>,
    /// base64.
    pub stderr: Option<String>,
    /// base64.
    pub compile_output: Option<String>,
    /// What happened, in words, when it did not simply exit 0.
    pub message: Option<String>,
    /// Seconds of fuel.
    pub time_seconds: Option<f64>,
    /// Seconds of wall clock.
    pub wall_seconds: Option<f64>,
    /// Peak linear memory.
    pub memory_bytes: Option<u64>,
    /// The exit code, when it exited.
    pub exit_code: Option<i32>,
}

impl RunRecord {
    /// A record of the judge's own failure.
    pub(crate) fn internal_error() -> Self {
        Self::only(RunStatus::InternalError, Some("internal error".into()))
    }

    fn only(status: RunStatus, message: Option<String>) -> Self {
        Self {
            status,
            stdout: None,
            stderr: None,
            compile_output: None,
            message,
            time_seconds: None,
            wall_seconds: None,
            memory_bytes: None,
            exit_code: None,
        }
    }
}

fn b64(bytes: &[u8]) -> Option<String> {
    (!bytes.is_empty()).then(|| STANDARD.encode(bytes))
}

/// Compiles and runs `job` once. Runs are deterministic: one run stands for
/// any number of them. Blocking.
pub(crate) fn execute(toolbox: &Toolbox, job: &RunJob) -> anyhow::Result<RunRecord> {
    let language = toolbox
        .catalog
        .get(&job.language)
        .ok_or_else(|| anyhow::anyhow!("unknown language {}", job.language))?;
    let fuel = seconds_to_fuel(job.cpu_seconds);
    let shot = OneShot {
        language,
        source: job.source.as_bytes(),
        extra: &[],
        stdin: job.stdin.as_bytes(),
        args: &job.args,
        fuel,
        memory_bytes: job.memory_bytes,
        output_bytes: job.output_bytes,
        // Never shorter than the fuel takes to burn on a slow machine: the
        // verdict must not depend on the machine. Judge0's wall-clock limit
        // is what a program may spend waiting.
        wall: Duration::from_secs_f64(job.wall_seconds).max(wall_backstop(fuel)),
        idle: Duration::from_secs_f64(job.wall_seconds),
    };
    let outcome = match run_once(toolbox, &shot)? {
        Ran::CompileError(log) => {
            return Ok(RunRecord {
                compile_output: b64(log.as_bytes()),
                ..RunRecord::only(RunStatus::CompileError, None)
            });
        }
        Ran::Ran(outcome) => outcome,
    };
    let (status, message) = status(&outcome.termination, job, &outcome.stdout);
    let (stdout, stderr) = if job.merge_stderr {
        ([outcome.stdout, outcome.stderr].concat(), Vec::new())
    } else {
        (outcome.stdout, outcome.stderr)
    };
    Ok(RunRecord {
        status,
        stdout: b64(&stdout),
        stderr: b64(&stderr),
        compile_output: None,
        message,
        time_seconds: Some(outcome.fuel as f64 / FUEL_PER_SECOND as f64),
        wall_seconds: Some(outcome.wall.as_secs_f64()),
        memory_bytes: Some(outcome.peak_memory_bytes),
        exit_code: outcome.termination.exit_code(),
    })
}

/// The status of a run that ended with `termination`, and a message.
fn status(termination: &Termination, job: &RunJob, stdout: &[u8]) -> (RunStatus, Option<String>) {
    match termination {
        Termination::Exited { code: 0 } => match &job.expected_output {
            Some(expected) if String::from_utf8_lossy(stdout).trim() != expected.trim() => {
                (RunStatus::WrongAnswer, None)
            }
            _ => (RunStatus::Accepted, None),
        },
        Termination::Exited { code } => (
            RunStatus::NonZeroExit,
            Some(format!("Exited with error status {code}")),
        ),
        Termination::OutOfFuel | Termination::WallTimeout => {
            (RunStatus::TimeLimit, Some("Time limit exceeded".into()))
        }
        Termination::MemoryLimit => (RunStatus::MemoryLimit, Some("Memory limit exceeded".into())),
        Termination::OutputLimit { .. } => {
            (RunStatus::OutputLimit, Some("Output limit exceeded".into()))
        }
        Termination::StackOverflow => (RunStatus::StackOverflow, Some("Stack overflow".into())),
        Termination::Trap { trap } => {
            let status = match trap {
                TrapKind::IntegerDivisionByZero
                | TrapKind::IntegerOverflow
                | TrapKind::BadConversionToInteger => RunStatus::ArithmeticError,
                TrapKind::Unreachable | TrapKind::UncaughtException => RunStatus::Aborted,
                TrapKind::UnsupportedImport => RunStatus::UnsupportedImport,
                _ => RunStatus::Crashed,
            };
            (status, Some(format!("{termination}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in RunStatus::ALL {
            assert_eq!(RunStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::json!(status.as_str())
            );
        }
    }
}
