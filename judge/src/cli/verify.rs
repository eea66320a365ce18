//! `judge verify`: our `verifyproblem`. Checks each package (problem.yaml,
//! test data pairs, the validator builds, answers pass the validator) and
//! judges every example submission against the verdict its folder promises
//! ([`crate::pipeline::verify`] does it; this prints).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use super::cache::CacheArgs;
use crate::pipeline::multipliers::{self, Measured, Startup};
use crate::pipeline::toolbox::Toolbox;
use crate::pipeline::verify::{Detail, ProblemResult, SubmissionResult, verify};

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// Print one JSON object with a result per submission.
    #[arg(long)]
    json: bool,
    /// Print every test of every submission.
    #[arg(long, short)]
    verbose: bool,
    /// Measure how each accepted and time_limit_exceeded submission's fuel
    /// grows on the package's scaling series (`data/scaling/`), and record
    /// the first accepted one's as the reference submissions are compared with.
    #[arg(long)]
    insights: bool,
    /// Measure each language's start-up (its starter on an empty input) and
    /// time multiplier (its slowest accepted submission's fuel ÷ C++'s,
    /// start-ups off, per package), beside its runner image's
    /// `startup_fuel` and `time_multiplier`; fails when a manifest's
    /// multiplier is below the largest or its start-up is not the measured
    /// one (to within a tenth).
    #[arg(long)]
    multipliers: bool,
    #[command(flatten)]
    cache: CacheArgs,
    /// Problem package directories.
    #[arg(value_name = "DIR", required = true)]
    dirs: Vec<PathBuf>,
}

#[derive(Debug, Serialize)]
struct Summary {
    ok: bool,
    elapsed_s: f64,
    problems: Vec<ProblemResult>,
    submissions: Vec<SubmissionResult>,
    /// With `--multipliers`: each language's start-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    startups: Option<Vec<Startup>>,
    /// With `--multipliers`: each language's multiplier.
    #[serde(skip_serializing_if = "Option::is_none")]
    multipliers: Option<Vec<Measured>>,
}

pub(crate) fn execute(args: &VerifyArgs) -> anyhow::Result<bool> {
    let started = Instant::now();
    let cache = args.cache.dir();
    let toolbox = Toolbox::new(cache.as_deref(), 2)?;
    let mut out = Printer { quiet: args.json };
    let mut summary = Summary {
        ok: true,
        elapsed_s: 0.0,
        problems: Vec::new(),
        submissions: Vec::new(),
        startups: None,
        multipliers: None,
    };
    for dir in &args.dirs {
        // `judge verify problems/*` meets the bank's README: files are not packages.
        if dir.is_file() {
            out.line(&format!(
                "{}: a file, not a package directory: skipped",
                dir.display()
            ));
            continue;
        }
        let detail = Detail {
            verbose: args.verbose,
            insights: args.insights,
        };
        let (problem, submissions) = verify(&toolbox, dir, detail, &mut |line| out.line(line));
        summary.ok &= problem.errors.is_empty()
            && submissions
                .iter()
                .all(|s| s.matches || s.skipped_reason.is_some());
        summary.problems.push(problem);
        summary.submissions.extend(submissions);
    }
    if args.multipliers {
        let startups = multipliers::startups(&toolbox)?;
        let measured = multipliers::measure(&summary.problems, &toolbox.catalog);
        summary.ok &= startups.iter().all(Startup::covered);
        summary.ok &= measured.iter().all(Measured::covered);
        for line in multipliers::startup_lines(&startups)
            .into_iter()
            .chain(multipliers::lines(&measured))
        {
            out.line(&line);
        }
        summary.startups = Some(startups);
        summary.multipliers = Some(measured);
    }
    summary.elapsed_s = started.elapsed().as_secs_f64();
    let judged = summary
        .submissions
        .iter()
        .filter(|s| s.skipped_reason.is_none())
        .count();
    let matched = summary.submissions.iter().filter(|s| s.matches).count();
    let skipped = summary.submissions.len() - judged;
    let broken = summary
        .problems
        .iter()
        .filter(|p| !p.errors.is_empty())
        .count();
    if args.json {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, &summary)?;
        writeln!(stdout)?;
    } else {
        out.line(&format!(
            "verify: {} problems ({broken} with errors), {judged} submissions judged: {matched} match, {} do not, {skipped} skipped, in {:.1} s",
            summary.problems.len(),
            judged - matched,
            summary.elapsed_s
        ));
    }
    Ok(summary.ok)
}

struct Printer {
    quiet: bool,
}

impl Printer {
    fn line(&mut self, text: &str) {
        if !self.quiet {
            let _ = writeln!(std::io::stdout(), "{text}");
        }
    }
}
