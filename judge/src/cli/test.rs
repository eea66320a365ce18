//! `judge test`: judge one solution against every test of a problem package.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::cache::CacheArgs;
use crate::pipeline::judge::{Judge, Report};
use crate::pipeline::profile;
use crate::pipeline::program::{Built, Program};
use crate::pipeline::toolbox::{Toolbox, read_program};
use crate::pipeline::verify::derive_limits;
use crate::problem::{
    Category, Problem, ProgramFiles, TIME_LIMIT_RECORD, examples, program_source,
};

#[derive(Debug, Args)]
pub(crate) struct TestArgs {
    /// The problem package directory.
    #[arg(long, value_name = "DIR")]
    problem: PathBuf,
    /// Language of SOURCE; inferred from its extension when omitted.
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object: {verdict, score, tests: [{name, verdict, fuel, time_ms, memory_bytes}], growth?}.
    #[arg(long)]
    json: bool,
    /// Once accepted, measure how the solution's fuel grows with the input's
    /// size on the problem's scaling series (`data/scaling/`) and fit it.
    #[arg(long)]
    insights: bool,
    #[command(flatten)]
    cache: CacheArgs,
    /// The file of a directory that runs, when it is not `__main__.py` or
    /// its one `main.<extension>`.
    #[arg(long, value_name = "FILE")]
    entry: Option<String>,
    /// The solution: a source file, or a directory of several files (from
    /// `__main__.py` or its one `main.<extension>`).
    #[arg(value_name = "SOURCE_OR_DIR")]
    source: PathBuf,
}

pub(crate) fn execute(args: &TestArgs) -> anyhow::Result<()> {
    let mut problem = Problem::load(&args.problem)?;
    let cache = args.cache.dir();
    let toolbox = Toolbox::new(cache.as_deref(), 2)?;
    let validator = toolbox.build_validator(&problem)?;
    if problem.time_limits.is_none() {
        derive(&toolbox, &mut problem, validator.as_ref())?;
    }
    // A file, or a directory of several (from its `main.<extension>`).
    let files: ProgramFiles =
        program_source(&args.source, args.entry.as_deref())?.with_context(|| {
            format!(
                "cannot read {}: no such file or directory",
                args.source.display()
            )
        })?;
    let language = toolbox
        .language(&files.main, args.lang.as_deref())
        .map_err(anyhow::Error::msg)?;
    let limit = problem
        .time_limit_for(language)
        .context("the problem has no time limit")?;
    let fuel = limit.fuel;
    let (source, extra) = read_program(&files)?;
    let mut report = match toolbox.build_source(language, &source, &extra)? {
        Built::CompileError(log) => Report::compile_error(log, fuel),
        Built::Program(program) => {
            let judge = Judge {
                sandbox: &toolbox.sandbox,
                problem: &problem,
                validator: validator.as_ref(),
            };
            let json = args.json;
            let mut report = judge.judge(&program, fuel, &mut |test| {
                if !json {
                    let _ = writeln!(std::io::stdout(), "{}", test.line());
                }
            })?;
            if args.insights {
                anyhow::ensure!(
                    problem.scaling.is_some(),
                    "{} has no scaling series (data/scaling/) to measure the growth rate on",
                    args.problem.display()
                );
                let profiled =
                    profile::for_insights(&toolbox, &problem, &report, language, &source, &extra);
                judge.insights(&program, profiled.as_ref(), &mut report)?;
            }
            report
        }
    };
    report.time_limit = Some(limit);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        if let Some(log) = &report.compile_log {
            write!(stdout, "{log}")?;
        }
        writeln!(stdout, "{}", verdict_line(&report))?;
        if let Some(growth) = &report.growth {
            for line in growth.lines() {
                writeln!(stdout, "{line}")?;
            }
        }
    }
    Ok(())
}

fn verdict_line(report: &Report) -> String {
    let limit = report
        .time_limit
        .as_ref()
        .map_or_else(String::new, |limit| {
            format!(" ({} s: {})", limit.seconds, limit.why)
        });
    let mut line = format!(
        "verdict {} · {} tests · max fuel {} of {}{limit}",
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

/// A package without a time limit: derived from its accepted submissions
/// as `judge verify` does, said on stderr, and recorded unless the
/// package cannot be written (then it holds for this run only).
fn derive(
    toolbox: &Toolbox,
    problem: &mut Problem,
    validator: Option<&Program>,
) -> anyhow::Result<()> {
    let (examples, _) = examples(&problem.dir)?;
    let mut accepted = Vec::new();
    for example in examples
        .iter()
        .filter(|example| example.category == Category::Accepted)
    {
        let language = toolbox
            .language(&example.program.main, None)
            .map_err(anyhow::Error::msg)?;
        match toolbox.build(language, &example.program)? {
            Built::Program(program) => accepted.push((example.path.as_str(), language, program)),
            Built::CompileError(_) => anyhow::bail!("{} does not compile", example.path),
        }
    }
    anyhow::ensure!(
        !accepted.is_empty(),
        "{} has no time limit and no accepted submission to derive one from",
        problem.dir.display()
    );
    let derived = derive_limits(
        toolbox,
        problem,
        validator,
        accepted
            .iter()
            .map(|(path, language, program)| (*path, *language, program)),
    );
    if let Some(error) = derived.errors.first() {
        anyhow::bail!("cannot derive the time limit: {error}");
    }
    let mut stderr = std::io::stderr().lock();
    writeln!(
        stderr,
        "judge: no time limit yet: derived {} s (C++) from the accepted submissions ({})",
        derived.record.time_limit, derived.why
    )?;
    match problem.record_time_limits(derived.record, &derived.why) {
        Ok(()) => writeln!(stderr, "judge: recorded in {TIME_LIMIT_RECORD}")?,
        Err(error) => writeln!(
            stderr,
            "judge: not recorded ({error:#}); it holds for this run"
        )?,
    }
    Ok(())
}
