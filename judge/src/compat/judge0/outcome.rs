//! Running a Judge0 submission and what it comes to, in Judge0's terms:
//! status ids 1 to 14, times in seconds, memory in KB.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sandbox::{Termination, TrapKind};
use serde::{Deserialize, Serialize};

use super::request::Request;
use crate::pipeline::run_once::{OneShot, Ran, run_once};
use crate::problem::{FUEL_PER_SECOND, seconds_to_fuel, wall_backstop};
use crate::toolbox::Toolbox;

/// Judge0's statuses: id and description.
pub const STATUSES: [(u8, &str); 14] = [
    (1, "In Queue"),
    (2, "Processing"),
    (3, "Accepted"),
    (4, "Wrong Answer"),
    (5, "Time Limit Exceeded"),
    (6, "Compilation Error"),
    (7, "Runtime Error (SIGSEGV)"),
    (8, "Runtime Error (SIGXFSZ)"),
    (9, "Runtime Error (SIGFPE)"),
    (10, "Runtime Error (SIGABRT)"),
    (11, "Runtime Error (NZEC)"),
    (12, "Runtime Error (Other)"),
    (13, "Internal Error"),
    (14, "Exec Format Error"),
];

/// A status's description.
pub fn description(id: u8) -> &'static str {
    STATUSES
        .iter()
        .find(|(status, _)| *status == id)
        .map_or("Internal Error", |(_, text)| text)
}

/// A finished run, stored as JSON. Output is kept as base64 of the raw
/// bytes, so nothing is lost whatever the client asks for later.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// 3 to 14.
    pub status_id: u8,
    /// base64.
    pub stdout: Option<String>,
    /// base64.
    pub stderr: Option<String>,
    /// base64.
    pub compile_output: Option<String>,
    /// Judge0's message.
    pub message: Option<String>,
    /// Seconds of fuel.
    pub time: Option<f64>,
    /// Seconds of wall clock.
    pub wall_time: Option<f64>,
    /// KB of peak memory.
    pub memory: Option<u64>,
    /// The exit code, when it exited.
    pub exit_code: Option<i32>,
    /// The signal a native program would have died of.
    pub exit_signal: Option<i32>,
}

fn b64(bytes: &[u8]) -> Option<String> {
    (!bytes.is_empty()).then(|| STANDARD.encode(bytes))
}

/// The wall-clock backstop: Judge0's `wall_time_limit`, but never shorter
/// than the time it takes to burn the CPU budget on a slow machine (else the
/// verdict would depend on the machine).
fn wall(request: &Request) -> Duration {
    let backstop = wall_backstop(seconds_to_fuel(request.cpu_time_limit));
    Duration::from_secs_f64(request.wall_time_limit).max(backstop)
}

/// Compiles and runs a submission once. Runs are deterministic, so
/// `number_of_runs` runs would all give this one result. Blocking.
pub fn execute(toolbox: &Toolbox, request: &Request) -> anyhow::Result<Outcome> {
    let language = toolbox
        .catalog
        .get(&request.language)
        .ok_or_else(|| anyhow::anyhow!("unknown language {}", request.language))?;
    let args = request
        .command_line_arguments
        .as_deref()
        .map(shell_words::split)
        .transpose()?
        .unwrap_or_default();
    let shot = OneShot {
        language,
        source: request.source_code.as_bytes(),
        extra: &[],
        stdin: request.stdin.as_deref().unwrap_or("").as_bytes(),
        args: &args,
        fuel: seconds_to_fuel(request.cpu_time_limit),
        memory_bytes: request.memory_limit * 1024,
        output_bytes: usize::try_from(request.max_file_size * 1024).unwrap_or(usize::MAX),
        wall: wall(request),
    };
    let outcome = match run_once(toolbox, &shot)? {
        Ran::CompileError(log) => {
            return Ok(Outcome {
                status_id: 6,
                compile_output: b64(log.as_bytes()),
                ..Outcome::default()
            });
        }
        Ran::Ran(outcome) => outcome,
    };
    let (status_id, exit_signal, message) = status(&outcome.termination, request, &outcome.stdout);
    let (stdout, stderr) = if request.redirect_stderr_to_stdout {
        ([outcome.stdout, outcome.stderr].concat(), Vec::new())
    } else {
        (outcome.stdout, outcome.stderr)
    };
    Ok(Outcome {
        status_id,
        stdout: b64(&stdout),
        stderr: b64(&stderr),
        compile_output: None,
        message,
        time: Some(outcome.fuel as f64 / FUEL_PER_SECOND as f64),
        wall_time: Some(outcome.wall.as_secs_f64()),
        memory: Some(outcome.peak_memory_bytes / 1024),
        exit_code: outcome.termination.exit_code(),
        exit_signal,
    })
}

/// Status id, the signal a native run would have had, and a message.
fn status(
    termination: &Termination,
    request: &Request,
    stdout: &[u8],
) -> (u8, Option<i32>, Option<String>) {
    match termination {
        Termination::Exited { code: 0 } => match &request.expected_output {
            Some(expected) if String::from_utf8_lossy(stdout).trim() != expected.trim() => {
                (4, None, None)
            }
            _ => (3, None, None),
        },
        Termination::Exited { code } => {
            (11, None, Some(format!("Exited with error status {code}")))
        }
        Termination::OutOfFuel | Termination::WallTimeout => {
            (5, None, Some("Time limit exceeded".into()))
        }
        // Judge0 has no status for it: Runtime Error (Other), said plainly.
        Termination::MemoryLimit => (12, None, Some("Memory limit exceeded".into())),
        Termination::OutputLimit { .. } => (
            8,
            Some(25),
            Some("Output limit exceeded (max_file_size)".into()),
        ),
        Termination::StackOverflow => (7, Some(11), Some("Stack overflow".into())),
        Termination::Trap { trap } => match trap {
            TrapKind::IntegerDivisionByZero
            | TrapKind::IntegerOverflow
            | TrapKind::BadConversionToInteger => (9, Some(8), Some(format!("{termination}"))),
            TrapKind::Unreachable | TrapKind::UncaughtException => {
                (10, Some(6), Some(format!("{termination}")))
            }
            TrapKind::UnsupportedImport => (14, None, Some(format!("{termination}"))),
            _ => (7, Some(11), Some(format!("{termination}"))),
        },
    }
}
