//! Judge0's informational endpoints: languages (our runners under Judge0's
//! well-known ids, with their real versions), statuses, about, version,
//! config_info (all 39 keys), system_info, statistics, workers.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::request::defaults::*;
use super::status::{self, STATUSES, description};
use super::{VERSION, error};
use crate::http::AppState;
use crate::languages::Language;
use crate::pipeline::run_job::RunStatus;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/languages", get(languages))
        .route("/languages/all", get(all_languages))
        .route("/languages/{id}", get(language))
        .route("/statuses", get(statuses))
        .route("/about", get(about))
        .route("/version", get(version))
        .route("/config_info", get(config_info))
        .route("/system_info", get(system_info))
        .route("/statistics", get(statistics))
        .route("/workers", get(workers))
}

/// The first `x.y[.z]` in a toolchain's version line.
pub(crate) fn short_version(line: &str) -> String {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .find(|part| part.contains('.') && part.starts_with(|c: char| c.is_ascii_digit()))
        .map(|part| part.trim_end_matches('.').to_owned())
        .unwrap_or_else(|| "0.0.0".to_owned())
}

/// `Python (3.11.2)`: Judge0's naming, with our real version.
pub(crate) fn display_name(language: &Language) -> String {
    let version = language
        .version()
        .map(|v| short_version(&v))
        .unwrap_or_default();
    format!("{} ({version})", language.manifest.name)
}

/// Every (Judge0 id, language) of the installed images. Blocking (reads versions).
fn installed(state: &AppState) -> Vec<(u32, Language)> {
    let mut pairs: Vec<(u32, Language)> = state
        .toolbox
        .catalog
        .all()
        .iter()
        .filter(|l| l.missing().is_empty())
        .flat_map(|l| l.manifest.judge0_ids.iter().map(move |id| (*id, l.clone())))
        .collect();
    pairs.sort_by_key(|(id, _)| *id);
    pairs
}

fn describe(id: u32, language: &Language, full: bool) -> Value {
    let mut value = json!({"id": id, "name": display_name(language)});
    if full {
        let object = value.as_object_mut().expect("an object");
        object.insert("is_archived".into(), json!(false));
        object.insert("source_file".into(), json!(language.manifest.source_file));
        let compile = language
            .manifest
            .compile
            .as_ref()
            .map(|c| c.command.join(" "));
        object.insert("compile_cmd".into(), json!(compile));
        let run = match &language.manifest.interpreter {
            Some(interpreter) => interpreter.args.join(" "),
            None => "(wasm module in the sandbox)".to_owned(),
        };
        object.insert("run_cmd".into(), json!(run));
    }
    value
}

async fn blocking<T: Send + 'static>(
    state: AppState,
    f: impl FnOnce(&AppState) -> T + Send + 'static,
) -> Option<T> {
    tokio::task::spawn_blocking(move || f(&state)).await.ok()
}

async fn languages(State(state): State<AppState>) -> Response {
    let list = blocking(state, |state| {
        installed(state)
            .iter()
            .map(|(id, l)| describe(*id, l, false))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    Json(list).into_response()
}

async fn all_languages(State(state): State<AppState>) -> Response {
    let list = blocking(state, |state| {
        installed(state)
            .iter()
            .map(|(id, l)| {
                let mut v = describe(*id, l, false);
                v["is_archived"] = json!(false);
                v
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    Json(list).into_response()
}

async fn language(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<u32>() else {
        return error(StatusCode::NOT_FOUND, "language not found").into_response();
    };
    let found = blocking(state, move |state| {
        installed(state)
            .iter()
            .find(|(j, _)| *j == id)
            .map(|(j, l)| describe(*j, l, true))
    })
    .await
    .flatten();
    match found {
        Some(language) => Json(language).into_response(),
        None => error(StatusCode::NOT_FOUND, "language not found").into_response(),
    }
}

async fn statuses() -> Json<Value> {
    Json(json!(
        STATUSES
            .iter()
            .map(|(id, text)| json!({"id": id, "description": text}))
            .collect::<Vec<_>>()
    ))
}

async fn about() -> Json<Value> {
    Json(json!({
        "version": VERSION,
        "homepage": "",
        "source_code": "",
        "maintainer": "the judge project (a Judge0-compatible API)",
    }))
}

async fn version() -> &'static str {
    VERSION
}

async fn config_info(State(state): State<AppState>) -> Json<Value> {
    let config = &state.config;
    Json(json!({
        "maintenance_mode": false,
        "enable_wait_result": true,
        // Compiler options are refused: commands are fixed by the runner images.
        "enable_compiler_options": false,
        "allowed_languages_for_compile_options": [],
        "enable_command_line_arguments": true,
        "enable_submission_delete": true,
        "enable_callbacks": true,
        "callbacks_max_tries": config.webhooks.max_attempts,
        "callbacks_timeout": config.webhooks.timeout_seconds as f64,
        "enable_additional_files": false,
        "max_queue_size": config.queue_capacity,
        "cpu_time_limit": CPU_TIME_LIMIT,
        "max_cpu_time_limit": MAX_CPU_TIME_LIMIT,
        "cpu_extra_time": CPU_EXTRA_TIME,
        "max_cpu_extra_time": MAX_CPU_EXTRA_TIME,
        "wall_time_limit": WALL_TIME_LIMIT,
        "max_wall_time_limit": MAX_WALL_TIME_LIMIT,
        "memory_limit": MEMORY_LIMIT,
        "max_memory_limit": MAX_MEMORY_LIMIT,
        "stack_limit": STACK_LIMIT,
        "max_stack_limit": MAX_STACK_LIMIT,
        "max_processes_and_or_threads": MAX_PROCESSES,
        "max_max_processes_and_or_threads": MAX_MAX_PROCESSES,
        "enable_per_process_and_thread_time_limit": false,
        "allow_enable_per_process_and_thread_time_limit": true,
        "enable_per_process_and_thread_memory_limit": false,
        "allow_enable_per_process_and_thread_memory_limit": true,
        "max_file_size": MAX_FILE_SIZE,
        "max_max_file_size": MAX_MAX_FILE_SIZE,
        "number_of_runs": NUMBER_OF_RUNS,
        "max_number_of_runs": MAX_NUMBER_OF_RUNS,
        "redirect_stderr_to_stdout": false,
        "max_extract_size": 0,
        "enable_batched_submissions": true,
        "max_submission_batch_size": MAX_BATCH,
        "submission_cache_duration": 0.0,
        "use_docs_as_homepage": false,
        // Guests never have a network: enable_network=true is refused (422).
        "allow_enable_network": false,
        "enable_network": false,
    }))
}

fn proc_field(file: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    text.lines()
        .find(|line| line.starts_with(key))
        .and_then(|line| line.split_once(':'))
        .map(|(_, value)| value.trim().to_owned())
}

async fn system_info() -> Json<Value> {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    Json(json!({
        "Architecture": std::env::consts::ARCH,
        "CPU(s)": cpus.to_string(),
        "Model name": proc_field("/proc/cpuinfo", "model name").unwrap_or_default(),
        "Mem": proc_field("/proc/meminfo", "MemTotal").unwrap_or_default(),
        "Sandbox": "WebAssembly (wasmtime), fuel-metered",
    }))
}

/// How long `/statistics` answers from its last count. Counting scans the
/// runs table, so it is done at most this often whatever the request rate
/// (Judge0 itself caches it for ten minutes).
const STATISTICS_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// The last count and when it was made; the lock also keeps concurrent
/// requests from counting at once.
static STATISTICS: tokio::sync::Mutex<Option<(std::time::Instant, Value)>> =
    tokio::sync::Mutex::const_new(None);

async fn statistics(State(state): State<AppState>) -> Response {
    let mut cached = STATISTICS.lock().await;
    if let Some((at, value)) = &*cached
        && at.elapsed() < STATISTICS_TTL
    {
        return Json(value.clone()).into_response();
    }
    match count_statistics(&state).await {
        Some(value) => {
            *cached = Some((std::time::Instant::now(), value.clone()));
            Json(value).into_response()
        }
        None => error(StatusCode::INTERNAL_SERVER_ERROR, "statistics unavailable").into_response(),
    }
}

async fn count_statistics(state: &AppState) -> Option<Value> {
    let now = crate::store::now_ms();
    let day = now - now % 86_400_000;
    let counts = state.store.run_counts(day).await;
    // Languages by the id each client sent, kept with the run's request.
    let languages = state.store.runs_by_job_field("$.client.language_id").await;
    let statuses = state.store.runs_by_status().await;
    let (Ok((total, today)), Ok(languages), Ok(by_status)) = (counts, languages, statuses) else {
        return None;
    };
    let mut statuses = std::collections::BTreeMap::<u8, i64>::new();
    for (name, count) in by_status {
        let id = RunStatus::parse(&name).map_or(13, |s| status::of(s).0);
        *statuses.entry(id).or_default() += count;
    }
    let size: u64 = ["judge.db", "judge.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(state.config.data.join(f)).ok())
        .map(|m| m.len())
        .sum();
    let timestamp = crate::views::timestamp(now);
    Some(json!({
        "now": timestamp,
        "submissions": {"total": total, "today": today},
        "languages": languages.iter().map(|(id, count)| {
            let id = id.parse::<i64>().map_or(Value::Null, Value::from);
            json!({"language": {"id": id}, "count": count})
        }).collect::<Vec<_>>(),
        "statuses": statuses.iter().map(|(id, count)| {
            json!({"status": {"id": id, "name": description(*id)}, "count": count})
        }).collect::<Vec<_>>(),
        "database": {"size_pretty": format!("{} kB", size / 1024), "size_in_bytes": size},
    }))
}

async fn workers(State(state): State<AppState>) -> Response {
    let queued = match state.store.runs_queued().await {
        Ok(runs) => runs + state.store.queue_depth().await.unwrap_or(0),
        Err(_) => {
            return error(StatusCode::INTERNAL_SERVER_ERROR, "workers unavailable").into_response();
        }
    };
    let total = state.metrics.workers_total.get();
    let busy = state.metrics.workers_busy.get();
    Json(json!([{
        "queue": VERSION,
        "size": queued,
        "available": total - busy,
        "idle": total - busy,
        "working": busy,
        "paused": 0,
        "failed": 0,
    }]))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_toolchain_lines() {
        assert_eq!(
            short_version("Debian clang version 19.1.7 (3~deb12u1)"),
            "19.1.7"
        );
        assert_eq!(short_version("CPython 3.11.2 (wasm32-wasi)"), "3.11.2");
        assert_eq!(short_version("go version go1.27.3"), "1.27.3");
        assert_eq!(short_version("QuickJS-NG 0.16.2"), "0.16.2");
    }
}
