//! A Judge0 submission request, parsed leniently the way Judge0 does (numbers
//! may come as strings; unknown fields are ignored) and checked against the
//! same defaults and maxima as Judge0 CE 1.13.1. Errors are Judge0's:
//! `422 {"field": ["message"]}`.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::languages::Catalog;
use crate::pipeline::run_job::RunJob;

/// Judge0's defaults and maxima (also what `/config_info` reports).
pub mod defaults {
    /// Seconds.
    pub const CPU_TIME_LIMIT: f64 = 5.0;
    /// Seconds.
    pub const MAX_CPU_TIME_LIMIT: f64 = 15.0;
    /// Seconds.
    pub const CPU_EXTRA_TIME: f64 = 1.0;
    /// Seconds.
    pub const MAX_CPU_EXTRA_TIME: f64 = 5.0;
    /// Seconds.
    pub const WALL_TIME_LIMIT: f64 = 10.0;
    /// Seconds.
    pub const MAX_WALL_TIME_LIMIT: f64 = 20.0;
    /// KB.
    pub const MEMORY_LIMIT: u64 = 128_000;
    /// KB.
    pub const MIN_MEMORY_LIMIT: u64 = 2048;
    /// KB.
    pub const MAX_MEMORY_LIMIT: u64 = 512_000;
    /// KB.
    pub const STACK_LIMIT: u64 = 64_000;
    /// KB.
    pub const MAX_STACK_LIMIT: u64 = 128_000;
    /// Count.
    pub const MAX_PROCESSES: u64 = 60;
    /// Count.
    pub const MAX_MAX_PROCESSES: u64 = 120;
    /// KB.
    pub const MAX_FILE_SIZE: u64 = 1024;
    /// KB.
    pub const MAX_MAX_FILE_SIZE: u64 = 4096;
    /// Count.
    pub const NUMBER_OF_RUNS: u64 = 1;
    /// Count.
    pub const MAX_NUMBER_OF_RUNS: u64 = 20;
    /// Submissions per batch.
    pub const MAX_BATCH: usize = 20;
    /// Characters.
    pub const MAX_COMPILER_OPTIONS: usize = 512;
}

/// A checked request, stored with the run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    /// Judge0's language id, as sent.
    pub language_id: u64,
    /// Our language id.
    pub language: String,
    /// Source text.
    pub source_code: String,
    /// Standard input.
    pub stdin: Option<String>,
    /// Compared with stdout (trimmed) when given: AC or WA.
    pub expected_output: Option<String>,
    /// Seconds of fuel.
    pub cpu_time_limit: f64,
    /// Accepted and reported; fuel has no overrun to allow for.
    pub cpu_extra_time: f64,
    /// Seconds: the wall-clock backstop.
    pub wall_time_limit: f64,
    /// KB of linear memory.
    pub memory_limit: u64,
    /// KB; reported (a wasm stack is fixed by the sandbox).
    pub stack_limit: u64,
    /// Reported (a wasm guest has no processes or threads).
    pub max_processes_and_or_threads: u64,
    /// Reported.
    pub enable_per_process_and_thread_time_limit: bool,
    /// Reported.
    pub enable_per_process_and_thread_memory_limit: bool,
    /// KB: the output limit.
    pub max_file_size: u64,
    /// stderr into stdout.
    pub redirect_stderr_to_stdout: bool,
    /// Always false: enabling the network is refused.
    pub enable_network: bool,
    /// Runs wanted; all runs are identical, so one stands for them all.
    pub number_of_runs: u64,
    /// argv after the program name, split like a shell would (no shell runs).
    pub command_line_arguments: Option<String>,
    /// Always absent: setting compiler options is refused.
    pub compiler_options: Option<String>,
    /// Where to PUT the result.
    pub callback_url: Option<String>,
    /// Whether the client asked for base64 (callbacks answer in kind).
    pub base64: bool,
}

impl Request {
    /// The run to queue; the request itself rides along for rendering.
    pub fn job(&self) -> RunJob {
        RunJob {
            language: self.language.clone(),
            source: self.source_code.clone(),
            stdin: self.stdin.clone().unwrap_or_default(),
            expected_output: self.expected_output.clone(),
            // Checked when parsed: the quotes close.
            args: self
                .command_line_arguments
                .as_deref()
                .and_then(|line| shell_words::split(line).ok())
                .unwrap_or_default(),
            cpu_seconds: self.cpu_time_limit,
            wall_seconds: self.wall_time_limit,
            memory_bytes: self.memory_limit * 1024,
            output_bytes: usize::try_from(self.max_file_size * 1024).unwrap_or(usize::MAX),
            merge_stderr: self.redirect_stderr_to_stdout,
            callback_url: self.callback_url.clone(),
            client: serde_json::to_value(self).unwrap_or_default(),
        }
    }

    /// The request a job was queued from.
    pub fn of(job: &RunJob) -> Option<Self> {
        serde_json::from_value(job.client.clone()).ok()
    }
}

/// Field errors, Judge0's way.
pub type Errors = BTreeMap<String, Vec<String>>;

fn error(errors: &mut Errors, field: &str, message: impl Into<String>) {
    errors
        .entry(field.to_owned())
        .or_default()
        .push(message.into());
}

fn number(body: &Map<String, Value>, field: &str, errors: &mut Errors) -> Option<f64> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        // Rust parses "NaN", "inf" and "infinity": none is a limit.
        Some(Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                error(errors, field, "is not a number");
                None
            }
        },
        Some(_) => {
            error(errors, field, "is not a number");
            None
        }
    }
}

fn boolean(body: &Map<String, Value>, field: &str, errors: &mut Errors) -> Option<bool> {
    match body.get(field) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "true" || s == "false" => Some(s == "true"),
        Some(_) => {
            error(errors, field, "is not a boolean");
            None
        }
    }
}

/// A text field, base64-decoded when asked.
fn text(
    body: &Map<String, Value>,
    field: &str,
    base64: bool,
    errors: &mut Errors,
) -> Option<String> {
    let value = match body.get(field) {
        None | Some(Value::Null) => return None,
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    if !base64 {
        return Some(value);
    }
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    match STANDARD.decode(compact.as_bytes()) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => {
            error(errors, field, "is not valid base64");
            None
        }
    }
}

/// A limit with its default, checked against `min..=max`.
fn limit(
    body: &Map<String, Value>,
    field: &str,
    default: f64,
    (min, max): (f64, f64),
    errors: &mut Errors,
) -> f64 {
    let value = number(body, field, errors).unwrap_or(default);
    if value < min {
        error(
            errors,
            field,
            format!("must be greater than or equal to {min}"),
        );
    }
    if value > max {
        error(
            errors,
            field,
            format!("must be less than or equal to {max}"),
        );
    }
    value
}

/// Parses and checks one submission.
pub fn parse(
    body: &Map<String, Value>,
    base64: bool,
    catalog: &Catalog,
    source_limit: usize,
) -> Result<Request, Errors> {
    use defaults::*;
    let mut errors = Errors::new();
    let source_code = text(body, "source_code", base64, &mut errors);
    match &source_code {
        None if !errors.contains_key("source_code") => {
            error(&mut errors, "source_code", "can't be blank");
        }
        Some(source) if source.len() > source_limit => {
            error(
                &mut errors,
                "source_code",
                format!("is too long (maximum is {source_limit} bytes)"),
            );
        }
        _ => {}
    }
    let language_id = number(body, "language_id", &mut errors);
    let language = match language_id {
        None if !errors.contains_key("language_id") => {
            error(&mut errors, "language_id", "can't be blank");
            None
        }
        None => None,
        Some(id) => {
            let found = catalog
                .all()
                .iter()
                .find(|l| l.manifest.judge0_ids.iter().any(|j| f64::from(*j) == id));
            match found {
                Some(language) if language.missing().is_empty() => Some(language.id().to_owned()),
                _ => {
                    error(
                        &mut errors,
                        "language_id",
                        format!("language with id {id} doesn't exist"),
                    );
                    None
                }
            }
        }
    };
    let cpu_time_limit = limit(
        body,
        "cpu_time_limit",
        CPU_TIME_LIMIT,
        (0.0, MAX_CPU_TIME_LIMIT),
        &mut errors,
    );
    let cpu_extra_time = limit(
        body,
        "cpu_extra_time",
        CPU_EXTRA_TIME,
        (0.0, MAX_CPU_EXTRA_TIME),
        &mut errors,
    );
    let wall_time_limit = limit(
        body,
        "wall_time_limit",
        WALL_TIME_LIMIT,
        (1.0, MAX_WALL_TIME_LIMIT),
        &mut errors,
    );
    let memory_limit = limit(
        body,
        "memory_limit",
        MEMORY_LIMIT as f64,
        (MIN_MEMORY_LIMIT as f64, MAX_MEMORY_LIMIT as f64),
        &mut errors,
    );
    let stack_limit = limit(
        body,
        "stack_limit",
        STACK_LIMIT as f64,
        (0.0, MAX_STACK_LIMIT as f64),
        &mut errors,
    );
    let processes = limit(
        body,
        "max_processes_and_or_threads",
        MAX_PROCESSES as f64,
        (0.0, MAX_MAX_PROCESSES as f64),
        &mut errors,
    );
    let max_file_size = limit(
        body,
        "max_file_size",
        MAX_FILE_SIZE as f64,
        (0.0, MAX_MAX_FILE_SIZE as f64),
        &mut errors,
    );
    let number_of_runs = limit(
        body,
        "number_of_runs",
        NUMBER_OF_RUNS as f64,
        (1.0, MAX_NUMBER_OF_RUNS as f64),
        &mut errors,
    );
    if cpu_time_limit == 0.0 {
        error(&mut errors, "cpu_time_limit", "must be greater than 0");
    }
    let enable_network = boolean(body, "enable_network", &mut errors).unwrap_or(false);
    if enable_network {
        error(
            &mut errors,
            "enable_network",
            "enabling network is not allowed",
        );
    }
    let compiler_options =
        text(body, "compiler_options", false, &mut errors).filter(|o| !o.is_empty());
    if let Some(options) = &compiler_options {
        if options.len() > MAX_COMPILER_OPTIONS {
            error(
                &mut errors,
                "compiler_options",
                format!("is too long (maximum is {MAX_COMPILER_OPTIONS} characters)"),
            );
        }
        error(
            &mut errors,
            "compiler_options",
            "setting compiler options is not enabled",
        );
    }
    if body.get("additional_files").is_some_and(|v| !v.is_null()) {
        error(
            &mut errors,
            "additional_files",
            "additional files are not enabled",
        );
    }
    let command_line_arguments =
        text(body, "command_line_arguments", false, &mut errors).filter(|a| !a.is_empty());
    if let Some(arguments) = &command_line_arguments {
        if arguments.len() > 512 {
            error(
                &mut errors,
                "command_line_arguments",
                "is too long (maximum is 512 characters)",
            );
        } else if shell_words::split(arguments).is_err() {
            error(
                &mut errors,
                "command_line_arguments",
                "has an unclosed quote",
            );
        }
    }
    let callback_url = text(body, "callback_url", false, &mut errors).filter(|u| !u.is_empty());
    if let Some(url) = &callback_url
        && let Err(why) = crate::store::webhooks::check_url(url)
    {
        error(&mut errors, "callback_url", why);
    }
    let stdin = text(body, "stdin", base64, &mut errors);
    let expected_output = text(body, "expected_output", base64, &mut errors);
    let redirect_stderr_to_stdout =
        boolean(body, "redirect_stderr_to_stdout", &mut errors).unwrap_or(false);
    let per_process_time = boolean(
        body,
        "enable_per_process_and_thread_time_limit",
        &mut errors,
    )
    .unwrap_or(false);
    let per_process_memory = boolean(
        body,
        "enable_per_process_and_thread_memory_limit",
        &mut errors,
    )
    .unwrap_or(false);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Request {
        language_id: language_id.map_or(0, |id| id as u64),
        language: language.unwrap_or_default(),
        source_code: source_code.unwrap_or_default(),
        stdin,
        expected_output,
        cpu_time_limit,
        cpu_extra_time,
        wall_time_limit,
        memory_limit: memory_limit as u64,
        stack_limit: stack_limit as u64,
        max_processes_and_or_threads: processes as u64,
        enable_per_process_and_thread_time_limit: per_process_time,
        enable_per_process_and_thread_memory_limit: per_process_memory,
        max_file_size: max_file_size as u64,
        redirect_stderr_to_stdout,
        enable_network,
        number_of_runs: number_of_runs as u64,
        command_line_arguments,
        compiler_options,
        callback_url,
        base64,
    })
}
