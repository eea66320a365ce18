//! `judge test`: judge one solution against every test of a problem package.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::cache::CacheArgs;
use crate::pipeline::judge::{Judge, Report};
use crate::pipeline::program::Built;
use crate::pipeline::toolbox::Toolbox;
use crate::problem::{Problem, ProgramFiles, program_source, seconds_to_fuel};

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// The problem package directory.
    #[arg(long, value_name = "DIR")]
    problem: PathBuf,
    /// Language of SOURCE; inferred from its extension when omitted.
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object: {verdict, score, tests: [{name, verdict, fuel, time_ms, memory_bytes}]}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    cache: CacheArgs,
    /// The solution: a source file, or a directory of several files (from
    /// `__main__.py` or its one `main.<extension>`).
    #[arg(value_name = "SOURCE_OR_DIR")]
    source: PathBuf,
}

pub(crate) fn execute(args: &TestArgs) -> anyhow::Result<()> {
    let problem = Problem::load(&args.problem)?;
    let time_limit = problem.time_limit.with_context(|| {
        format!(
            "{} has no time limit yet: run `judge verify {}` once to derive it from the accepted submissions",
            args.problem.display(),
            args.problem.display()
        )
    })?;
    let fuel = seconds_to_fuel(time_limit);
    let cache = args.cache.dir();
    let toolbox = Toolbox::new(cache.as_deref(), 2)?;
    // A file, or a directory of several (from its `main.<extension>`).
    let files: ProgramFiles = program_source(&args.source)?.with_context(|| {
        format!(
            "cannot read {}: no such file or directory",
            args.source.display()
        )
    })?;
    let language = toolbox
        .language(&files.main, args.lang.as_deref())
        .map_err(anyhow::Error::msg)?;
    let validator = toolbox.build_validator(&problem)?;
    let report = match toolbox.build(language, &files)? {
        Built::CompileError(log) => Report::compile_error(log, fuel),
        Built::Program(program) => {
            let judge = Judge {
                sandbox: &toolbox.sandbox,
                problem: &problem,
                validator: validator.as_ref(),
            };
            let json = args.json;
            judge.judge(&program, fuel, &mut |test| {
                if !json {
                    let _ = writeln!(std::io::stdout(), "{}", test.line());
                }
            })?
        }
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        if let Some(log) = &report.compile_log {
            write!(stdout, "{log}")?;
        }
        writeln!(stdout, "{}", verdict_line(&report, time_limit))?;
    }
    Ok(())
}

fn verdict_line(report: &Report, time_limit: f64) -> String {
    let mut line = format!(
        "verdict {} · {} tests · max fuel {} of {} ({time_limit} s)",
        report.verdict,
        report.tests.len(),
        report.max_fuel(),
        report.fuel_limit
    );
    if let Some(score) = report.score {
        line += &match report.max_score {
            Some(max) => format!(" · score {score}/{max}"),
            None => format!(" · score {score}"),
        };
    }
    line
}
