//! `judge run`: run one program once and report how it ended.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use sandbox::{RunLimits, RunOutcome, RunSpec, Sandbox, SandboxConfig};
use serde::Serialize;

use super::bytesize;

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Language of SOURCE; inferred from its extension when omitted.
    /// This build runs WebAssembly only: `wasm` (binary) or `wat` (text).
    #[arg(long)]
    lang: Option<String>,
    /// File whose bytes the program reads on standard input; `-` reads the
    /// judge's own standard input. Without it, standard input is empty.
    #[arg(long, value_name = "FILE")]
    stdin: Option<PathBuf>,
    /// Fuel budget (deterministic operation count).
    #[arg(long, value_name = "N", default_value_t = RunLimits::default().fuel)]
    fuel: u64,
    /// Memory limit in bytes; K, M and G suffixes are binary (256M = 256 MiB).
    #[arg(long, value_name = "BYTES", value_parser = bytesize::parse, default_value = "256M")]
    memory: u64,
    /// Wall-clock backstop in milliseconds.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    wall_ms: u64,
    /// Print one JSON object instead of the program's output and a summary.
    #[arg(long)]
    json: bool,
    /// Directory for compiled modules [default: $XDG_CACHE_HOME/judge/modules].
    #[arg(long, value_name = "DIR", env = "JUDGE_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Compile in memory without reading or writing the module cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
    /// The program: a `.wasm` or `.wat` file.
    #[arg(value_name = "SOURCE_OR_WASM")]
    source: PathBuf,
    /// Arguments passed to the program (after `--`).
    #[arg(last = true, value_name = "ARGS")]
    program_args: Vec<String>,
}

pub(crate) fn execute(args: &RunArgs) -> anyhow::Result<()> {
    let lang = language(args)?;
    let program = std::fs::read(&args.source)
        .with_context(|| format!("cannot read {}", args.source.display()))?;
    if lang == "wasm" && !program.starts_with(b"\0asm") {
        bail!(
            "{} is not a WebAssembly binary (it does not start with \\0asm); text modules need a .wat extension",
            args.source.display()
        );
    }
    let stdin = read_stdin(args.stdin.as_deref())?;

    let sandbox = Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 1,
        cache_dir: cache_dir(args),
        ..SandboxConfig::default()
    })?;
    let module = sandbox
        .compile(&program, lang)
        .with_context(|| format!("cannot run {}", args.source.display()))?;
    let spec = RunSpec {
        args: std::iter::once(file_name(&args.source))
            .chain(args.program_args.iter().cloned())
            .collect(),
        stdin,
        limits: RunLimits {
            fuel: args.fuel,
            memory_bytes: args.memory,
            wall: Duration::from_millis(args.wall_ms),
            ..RunLimits::default()
        },
        ..RunSpec::default()
    };
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .context("failed to start the runtime")?
        .block_on(sandbox.run(&module, &spec))?;

    if args.json {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, &JsonOutcome::from(&outcome))?;
        writeln!(stdout)?;
    } else {
        std::io::stdout().write_all(&outcome.stdout)?;
        let mut stderr = std::io::stderr().lock();
        stderr.write_all(&outcome.stderr)?;
        writeln!(stderr, "{}", summary(&outcome))?;
    }
    Ok(())
}

/// Until runner images exist, the only languages are WebAssembly's two formats.
fn language(args: &RunArgs) -> anyhow::Result<&'static str> {
    let extension = args
        .source
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    match args.lang.as_deref().unwrap_or(extension) {
        "wasm" => Ok("wasm"),
        "wat" => Ok("wat"),
        "" => bail!(
            "cannot tell the language of {}: give it a .wasm or .wat extension, or pass --lang",
            args.source.display()
        ),
        other => bail!(
            "language '{other}' is not available in this build: it runs .wasm and .wat programs only"
        ),
    }
}

fn read_stdin(path: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    match path {
        None => Ok(Vec::new()),
        Some(path) if path == Path::new("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            Ok(bytes)
        }
        Some(path) => std::fs::read(path)
            .with_context(|| format!("cannot read --stdin file {}", path.display())),
    }
}

fn cache_dir(args: &RunArgs) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    args.cache_dir.clone().or_else(|| {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
        Some(base.join("judge").join("modules"))
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "main".to_owned())
}

/// One line for people: how it ended and what it used.
fn summary(outcome: &RunOutcome) -> String {
    format!(
        "judge: {} · fuel {} · {:.2} ms wall · peak memory {:.1} MiB",
        outcome.termination,
        outcome.fuel,
        outcome.wall.as_secs_f64() * 1e3,
        outcome.peak_memory_bytes as f64 / f64::from(1 << 20),
    )
}

/// The `--json` shape. Output streams are decoded as UTF-8, with invalid
/// bytes replaced by U+FFFD.
#[derive(Debug, Serialize)]
struct JsonOutcome {
    termination: &'static str,
    exit_code: Option<i32>,
    /// The trap, or the overflowing stream, when the termination has one.
    detail: Option<serde_json::Value>,
    fuel: u64,
    wall_ms: f64,
    memory_bytes: u64,
    stdout: String,
    stderr: String,
}

impl From<&RunOutcome> for JsonOutcome {
    fn from(outcome: &RunOutcome) -> Self {
        let detail = match outcome.termination {
            sandbox::Termination::Trap { trap } => serde_json::to_value(trap).ok(),
            sandbox::Termination::OutputLimit { stream } => serde_json::to_value(stream).ok(),
            _ => None,
        };
        Self {
            termination: outcome.termination.name(),
            exit_code: outcome.termination.exit_code(),
            detail,
            fuel: outcome.fuel,
            wall_ms: outcome.wall.as_secs_f64() * 1e3,
            memory_bytes: outcome.peak_memory_bytes,
            stdout: String::from_utf8_lossy(&outcome.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&outcome.stderr).into_owned(),
        }
    }
}
