//! `judge run`: run one program once and report how it ended.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use sandbox::{RunLimits, RunOutcome, RunSpec, Sandbox, SandboxConfig};
use serde::Serialize;

use super::bytesize;
use super::cache::CacheArgs;
use crate::languages::{Asked, Catalog, Language, Unresolved};
use crate::pipeline::compile::{Compiler, Launch};
use crate::pipeline::contain;
use crate::pipeline::interpreter::Interpreters;
use crate::pipeline::profile;
use crate::pipeline::program::{self, Built};
use crate::pipeline::toolbox::read_program;
use crate::problem::{idle_limit, program_source, wall_backstop};

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// Language of SOURCE (see `judge languages`; also `wasm` and `wat`);
    /// inferred from its extension when omitted.
    #[arg(long)]
    lang: Option<String>,
    /// File whose bytes the program reads on standard input; `-` reads the
    /// judge's own standard input. Without it, standard input is empty.
    #[arg(long, value_name = "FILE")]
    stdin: Option<PathBuf>,
    /// Fuel budget (deterministic operation count).
    #[arg(long, value_name = "N", default_value_t = RunLimits::default().fuel)]
    fuel: u64,
    /// Memory limit in bytes; K, M and G suffixes are binary (256M = 256
    /// MiB). By default the language's (`judge languages`), 256M for a
    /// module.
    #[arg(long, value_name = "BYTES", value_parser = bytesize::parse)]
    memory: Option<u64>,
    /// Wall-clock limit in milliseconds, for the whole run and for waiting
    /// without computing (on a sleep, say). By default: the whole run may
    /// last as long as its fuel at the slowest fuel rate measured, plus 3 s
    /// (fuel, the same on every machine and under any load, ends a program
    /// that computes), and it may wait 3 s plus 3 s per second of fuel.
    #[arg(long, value_name = "N")]
    wall_ms: Option<u64>,
    /// Compile time limit in milliseconds: the most any language gets; a
    /// language with a shorter one of its own (`judge languages`) gets that.
    #[arg(long, value_name = "N", default_value_t = 30_000)]
    compile_ms: u64,
    /// Print one JSON object instead of the program's output and a summary.
    #[arg(long)]
    json: bool,
    /// Also say where the fuel went: each wasm function's own fuel and calls,
    /// the most first (compiled languages and wasm modules; C and C++ are
    /// built with their names for it), or each source line's fuel and runs
    /// (Python, whose tracer makes the run need several times its fuel).
    #[arg(long)]
    profile: bool,
    /// Strict checks: TypeScript's types are checked (tsc, strict mode) and
    /// a type error is a compile error, where by default it does not block
    /// the run.
    #[arg(long)]
    strict: bool,
    /// Start the interpreter afresh instead of from its pre-initialised
    /// snapshot (to compare the two: the output is the same, the fuel is not).
    #[arg(long)]
    no_snapshot: bool,
    #[command(flatten)]
    cache: CacheArgs,
    /// The file of a directory that runs, when it is not `__main__.py` or
    /// its one `main.<extension>`.
    #[arg(long, value_name = "FILE")]
    entry: Option<String>,
    /// The program: source in a supported language, a directory of several
    /// files (run from `__main__.py` or its one `main.<extension>`), or a
    /// `.wasm` / `.wat` module.
    #[arg(value_name = "SOURCE_DIR_OR_WASM")]
    source: PathBuf,
    /// Arguments passed to the program (after `--`).
    #[arg(last = true, value_name = "ARGS")]
    program_args: Vec<String>,
}

pub(crate) fn execute(args: &RunArgs) -> anyhow::Result<()> {
    let files = program_source(&args.source, args.entry.as_deref())?.with_context(|| {
        format!(
            "cannot read {}: no such file or directory",
            args.source.display()
        )
    })?;
    let kind = program_kind(args, &files.main)?;
    if args.strict && matches!(kind, ProgramKind::Wasm(_)) {
        bail!("--strict is for TypeScript's type checker, not for a wasm module");
    }
    let (program, extra) = read_program(&files)?;
    let stdin = read_stdin(args.stdin.as_deref())?;
    let cache = args.cache.dir();
    let sandbox = Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 1,
        cache_dir: cache.as_ref().map(|dir| dir.join("modules")),
        ..SandboxConfig::default()
    })?;

    // The language's defaults, where the command line says nothing.
    let (memory, output) = match &kind {
        ProgramKind::Source(language) => {
            let limits = &language.manifest.limits;
            (limits.memory_mib << 20, limits.output_mib << 20)
        }
        ProgramKind::Wasm(_) => {
            let defaults = RunLimits::default();
            (defaults.memory_bytes, defaults.stdout_bytes as u64)
        }
    };
    let mut names = None;
    let (module, launch) = match kind {
        ProgramKind::Wasm(format) => {
            if format == "wasm" && !program.starts_with(b"\0asm") {
                bail!(
                    "{} is not a WebAssembly binary (it does not start with \\0asm); text modules need a .wat extension",
                    args.source.display()
                );
            }
            let launch = Launch::program(file_name(&args.source));
            if args.profile {
                let (module, found) = profile::instrumented(&sandbox, &program, format)?;
                names = Some(found);
                (module, launch)
            } else {
                let module = sandbox
                    .compile(&program, format)
                    .with_context(|| format!("cannot run {}", args.source.display()))?;
                (module, launch)
            }
        }
        ProgramKind::Source(language) => {
            let compiler = Compiler {
                helper: Some(
                    std::env::current_exe().context("cannot locate the judge executable")?,
                ),
                cache_dir: cache.as_ref().map(|dir| dir.join("wasm")),
                interpreters: if args.no_snapshot {
                    Interpreters::without_snapshots()
                } else {
                    Interpreters::default()
                },
                limits: contain::Limits {
                    time: Duration::from_millis(args.compile_ms),
                    ..contain::Limits::default()
                },
                hidden: cache.iter().cloned().collect(),
                shared: None,
            };
            if args.profile {
                match profile::build(&compiler, &sandbox, &language, &program, &extra)? {
                    Ok(profiled) => {
                        names = Some(profiled.names);
                        (profiled.program.module, profiled.program.launch)
                    }
                    Err(log) => return report_compile_error(args.json, &log),
                }
            } else {
                // The same build as judging: contained compile, native code under
                // the compile deadline, a refused module as a compile error.
                match program::build(&compiler, &sandbox, &language, &program, &extra)? {
                    Built::Program(built) => (built.module, built.launch),
                    Built::CompileError(log) => return report_compile_error(args.json, &log),
                }
            }
        }
    };
    let (wall, idle) = match args.wall_ms {
        Some(ms) => (Duration::from_millis(ms), Duration::from_millis(ms)),
        // Two host calls per wasm call: a profiled run burns its fuel slower.
        None if args.profile => (
            wall_backstop(args.fuel) * profile::SLOWDOWN,
            idle_limit(args.fuel),
        ),
        None => (wall_backstop(args.fuel), idle_limit(args.fuel)),
    };
    let spec = RunSpec {
        stdin,
        limits: RunLimits {
            fuel: args.fuel,
            memory_bytes: args.memory.unwrap_or(memory),
            stdout_bytes: usize::try_from(output).unwrap_or(usize::MAX),
            wall,
            idle,
            ..RunLimits::default()
        },
        ..launch.run_spec(&args.program_args)
    };
    let outcome = crate::pipeline::runtime()
        .context("failed to start the runtime")?
        .block_on(sandbox.run(&module, &spec))?;

    if args.json {
        let mut json = JsonOutcome::from(&outcome);
        if let Some(names) = &names {
            let (entries, _) = names.top(&outcome, usize::MAX)?;
            json.profile_unit = Some(names.unit());
            json.profile = Some(
                entries
                    .into_iter()
                    .map(|f| JsonFunction {
                        name: f.name,
                        fuel: f.fuel,
                        calls: f.calls,
                    })
                    .collect(),
            );
        }
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, &json)?;
        writeln!(stdout)?;
    } else {
        std::io::stdout().write_all(&outcome.stdout)?;
        let mut stderr = std::io::stderr().lock();
        stderr.write_all(&outcome.stderr)?;
        writeln!(stderr, "{}", summary(&outcome))?;
        if let Some(names) = &names {
            let (top, ran) = names.top(&outcome, PROFILE_LINES)?;
            for line in profile::lines(names.unit(), &top, ran) {
                writeln!(stderr, "judge: {line}")?;
            }
        }
    }
    Ok(())
}

/// A compile error is the program's outcome, not the judge's failure: exit 0.
fn report_compile_error(json: bool, log: &str) -> anyhow::Result<()> {
    if json {
        let value = serde_json::json!({ "termination": "compile_error", "compile_log": log });
        writeln!(std::io::stdout(), "{value}")?;
    } else {
        let mut stderr = std::io::stderr().lock();
        stderr.write_all(log.as_bytes())?;
        writeln!(stderr, "judge: CE (compile error)")?;
    }
    Ok(())
}

enum ProgramKind {
    /// A module in WebAssembly's binary (`wasm`) or text (`wat`) format.
    Wasm(&'static str),
    /// Source in a language of a runner image.
    Source(Box<Language>),
}

/// The language from `--lang`, else from the extension of `main` (the
/// file, or a directory's main source).
fn program_kind(args: &RunArgs, main: &Path) -> anyhow::Result<ProgramKind> {
    let extension = main.extension().and_then(|e| e.to_str()).unwrap_or("");
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env())?;
    let asked = match args.lang.as_deref() {
        Some("wasm") => return Ok(ProgramKind::Wasm("wasm")),
        Some("wat") => return Ok(ProgramKind::Wasm("wat")),
        Some(id) => Asked::Id(id),
        None if extension == "wasm" => return Ok(ProgramKind::Wasm("wasm")),
        None if extension == "wat" => return Ok(ProgramKind::Wasm("wat")),
        None => Asked::File(main),
    };
    let language = catalog.resolve(asked).map_err(|why| match (why, asked) {
        (Unresolved::Unknown, Asked::Id(id)) => {
            let known: Vec<&str> = catalog.all().iter().map(Language::id).collect();
            anyhow::anyhow!(
                "unknown language '{id}'; known: wasm, wat, {}",
                known.join(", ")
            )
        }
        (Unresolved::Unknown, _) => anyhow::anyhow!(
            "cannot tell the language of {} from its extension; pass --lang (see `judge languages`)",
            args.source.display()
        ),
        (why, _) => anyhow::anyhow!("{why}"),
    })?;
    if args.strict {
        return Ok(ProgramKind::Source(Box::new(language.strict()?)));
    }
    Ok(ProgramKind::Source(Box::new(language.clone())))
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
    /// With `--profile`: each function's own fuel (or each line's), the
    /// most first.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<Vec<JsonFunction>>,
    /// With `--profile`: whether `profile` lists functions or lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    profile_unit: Option<profile::Unit>,
}

/// One function of a profile.
#[derive(Debug, Serialize)]
struct JsonFunction {
    name: String,
    fuel: u64,
    calls: u64,
}

/// Functions a profile lists on a terminal.
const PROFILE_LINES: usize = 15;

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
            profile: None,
            profile_unit: None,
        }
    }
}
