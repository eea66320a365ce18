//! A run as Judge0 writes it: the requested `fields`, base64 the way Ruby's
//! `Base64.encode64` writes it (60-column lines, each ending in a newline),
//! decimals as strings, memory in KB, timestamps with milliseconds.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

use super::request::Request;
use super::status::{self, description};
use crate::pipeline::run_job::{RunJob, RunRecord, RunStatus};
use crate::store::{RunState, StoredRun};

/// Every field a submission has.
pub(crate) const ALL_FIELDS: [&str; 36] = [
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "stdout",
    "status_id",
    "created_at",
    "finished_at",
    "time",
    "memory",
    "stderr",
    "token",
    "number_of_runs",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_processes_and_or_threads",
    "enable_per_process_and_thread_time_limit",
    "enable_per_process_and_thread_memory_limit",
    "max_file_size",
    "compile_output",
    "exit_code",
    "exit_signal",
    "message",
    "wall_time",
    "compiler_options",
    "command_line_arguments",
    "redirect_stderr_to_stdout",
    "callback_url",
    "additional_files",
    "enable_network",
    "status",
    "language",
    "post_execution_filesystem",
];

/// What a response shows when `fields` is not given.
pub(crate) const DEFAULT_FIELDS: [&str; 8] = [
    "token",
    "time",
    "memory",
    "stdout",
    "stderr",
    "compile_output",
    "message",
    "status",
];

/// Parses `fields`: `*`, a comma list, or the default; `Err` names the unknown ones.
pub(crate) fn fields(param: Option<&str>) -> Result<Vec<&'static str>, String> {
    match param.map(str::trim) {
        None | Some("") => Ok(DEFAULT_FIELDS.to_vec()),
        Some("*") => Ok(ALL_FIELDS.to_vec()),
        Some(list) => {
            let mut chosen = Vec::new();
            let mut unknown = Vec::new();
            for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                match ALL_FIELDS.iter().find(|f| **f == name) {
                    Some(field) => chosen.push(*field),
                    None => unknown.push(name.to_owned()),
                }
            }
            if unknown.is_empty() {
                Ok(chosen)
            } else {
                Err(format!("invalid fields: [{}]", unknown.join(", ")))
            }
        }
    }
}

/// Ruby's `Base64.encode64`.
pub(crate) fn encode64(bytes: &[u8]) -> String {
    let flat = STANDARD.encode(bytes);
    let mut out = String::with_capacity(flat.len() + flat.len() / 60 + 1);
    for line in flat.as_bytes().chunks(60) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out
}

fn timestamp(ms: i64) -> String {
    crate::views::timestamp(ms)
}

/// Judge0's decimal: a string, or null.
fn decimal(value: f64) -> Value {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 {
        Value::String(format!("{rounded:.1}"))
    } else {
        Value::String(format!("{rounded}"))
    }
}

/// A finished run's message, naming the output limit Judge0's way.
fn message(record: &RunRecord) -> Option<String> {
    match record.status {
        RunStatus::OutputLimit => Some("Output limit exceeded (max_file_size)".into()),
        _ => record.message.clone(),
    }
}

/// The run as Judge0 JSON with `fields`.
pub(crate) fn render(
    run: &StoredRun,
    job: Option<&RunJob>,
    fields: &[&str],
    base64: bool,
    language_name: &str,
) -> Value {
    let request = job.and_then(Request::of);
    let outcome: Option<RunRecord> = run
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    let (status_id, signal) = match (&outcome, run.state) {
        (Some(outcome), _) => status::of(outcome.status),
        (None, RunState::Running) => (2, None),
        (None, _) => (1, None),
    };
    let text = |value: Option<&str>| -> Value {
        match value {
            None => Value::Null,
            Some(text) if base64 => Value::String(encode64(text.as_bytes())),
            Some(text) => Value::String(text.to_owned()),
        }
    };
    // Output is stored as base64 of raw bytes.
    let output = |value: Option<&String>| -> Value {
        let Some(stored) = value else {
            return Value::Null;
        };
        let bytes = STANDARD.decode(stored).unwrap_or_default();
        if base64 {
            Value::String(encode64(&bytes))
        } else {
            Value::String(String::from_utf8_lossy(&bytes).into_owned())
        }
    };
    let mut object = Map::new();
    for field in fields {
        let value = match (*field, &request, &outcome) {
            ("token", _, _) => json!(run.token),
            ("status", _, _) => json!({"id": status_id, "description": description(status_id)}),
            ("status_id", _, _) => json!(status_id),
            ("created_at", _, _) => json!(timestamp(run.created_at)),
            ("finished_at", _, _) => run
                .finished_at
                .map_or(Value::Null, |ms| json!(timestamp(ms))),
            ("stdout", _, Some(o)) => output(o.stdout.as_ref()),
            ("stderr", _, Some(o)) => output(o.stderr.as_ref()),
            ("compile_output", _, Some(o)) => output(o.compile_output.as_ref()),
            ("message", _, Some(o)) => message(o).map_or(Value::Null, |m| {
                if base64 {
                    json!(encode64(m.as_bytes()))
                } else {
                    json!(m)
                }
            }),
            ("time", _, Some(o)) => o.time_seconds.map_or(Value::Null, decimal),
            ("wall_time", _, Some(o)) => o.wall_seconds.map_or(Value::Null, decimal),
            ("memory", _, Some(o)) => json!(o.memory_bytes.map(|bytes| bytes / 1024)),
            ("exit_code", _, Some(o)) => json!(o.exit_code),
            ("exit_signal", _, Some(_)) => json!(signal),
            ("source_code", Some(r), _) => text(Some(&r.source_code)),
            ("stdin", Some(r), _) => text(r.stdin.as_deref()),
            ("expected_output", Some(r), _) => text(r.expected_output.as_deref()),
            ("language_id", Some(r), _) => json!(r.language_id),
            ("language", Some(r), _) => json!({"id": r.language_id, "name": language_name}),
            ("number_of_runs", Some(r), _) => json!(r.number_of_runs),
            ("cpu_time_limit", Some(r), _) => decimal(r.cpu_time_limit),
            ("cpu_extra_time", Some(r), _) => decimal(r.cpu_extra_time),
            ("wall_time_limit", Some(r), _) => decimal(r.wall_time_limit),
            ("memory_limit", Some(r), _) => json!(r.memory_limit),
            ("stack_limit", Some(r), _) => json!(r.stack_limit),
            ("max_processes_and_or_threads", Some(r), _) => json!(r.max_processes_and_or_threads),
            ("enable_per_process_and_thread_time_limit", Some(r), _) => {
                json!(r.enable_per_process_and_thread_time_limit)
            }
            ("enable_per_process_and_thread_memory_limit", Some(r), _) => {
                json!(r.enable_per_process_and_thread_memory_limit)
            }
            ("max_file_size", Some(r), _) => json!(r.max_file_size),
            ("redirect_stderr_to_stdout", Some(r), _) => json!(r.redirect_stderr_to_stdout),
            ("enable_network", Some(r), _) => json!(r.enable_network),
            ("compiler_options", Some(r), _) => json!(r.compiler_options),
            ("command_line_arguments", Some(r), _) => json!(r.command_line_arguments),
            ("callback_url", Some(r), _) => json!(r.callback_url),
            _ => Value::Null,
        };
        object.insert((*field).to_owned(), value);
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_written_as_ruby_writes_it() {
        assert_eq!(encode64(b""), "");
        assert_eq!(encode64(b"hello\n"), "aGVsbG8K\n");
        let long = encode64(&[b'a'; 100]);
        let lines: Vec<&str> = long.split_terminator('\n').collect();
        assert_eq!(lines[0].len(), 60);
        assert!(long.ends_with('\n'));
    }

    #[test]
    fn fields_are_checked() {
        assert_eq!(fields(None).unwrap(), DEFAULT_FIELDS);
        assert_eq!(fields(Some("*")).unwrap().len(), ALL_FIELDS.len());
        assert_eq!(fields(Some("token, stdout")).unwrap(), ["token", "stdout"]);
        assert_eq!(
            fields(Some("token,bogus")).unwrap_err(),
            "invalid fields: [bogus]"
        );
    }

    #[test]
    fn decimals_are_strings() {
        assert_eq!(decimal(0.0015), json!("0.002"));
        assert_eq!(decimal(5.0), json!("5.0"));
    }
}
