//! A package's output validator, run in the sandbox like any submission:
//! `validator /testdata/<case>.in /testdata/<case>.ans /feedback/ [args] < output`,
//! with the test's folder granted read-only and a fresh feedback directory,
//! removed afterwards, granted read-write.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sandbox::{Preopen, RunLimits, RunOutcome, RunSpec, Sandbox, Termination};

use super::{Judgement, feedback};
use crate::pipeline::program::Program;
use crate::problem::{TestCase, seconds_to_fuel};

/// Limits of one validator run (the format's typical validation defaults).
pub(crate) fn limits() -> RunLimits {
    RunLimits {
        fuel: seconds_to_fuel(60.0),
        memory_bytes: 1 << 30,
        wall: Duration::from_secs(120),
        // An interactive validator waits while the submission computes.
        idle: Duration::from_secs(120),
        stdout_bytes: 1 << 20,
        stderr_bytes: 1 << 20,
    }
}

/// The files of a test case as the validator sees them.
#[derive(Debug)]
pub(crate) struct Grants {
    /// The test case's folder, granted read-only as `/testdata`.
    pub preopens: Vec<Preopen>,
    /// The validator's first two arguments.
    pub input: String,
    /// The answer file's guest path.
    pub answer: String,
}

/// Grants the folder holding `case`'s files.
pub(crate) fn grants(case: &TestCase) -> anyhow::Result<Grants> {
    let folder = case.input.parent().context("a test case has a folder")?;
    let name = |path: &Path| -> anyhow::Result<String> {
        Ok(format!(
            "/testdata/{}",
            path.file_name()
                .context("a test file has a name")?
                .to_string_lossy()
        ))
    };
    Ok(Grants {
        preopens: vec![Preopen::read_only(folder, "/testdata")],
        input: name(&case.input)?,
        answer: name(&case.answer)?,
    })
}

/// Runs the validator on `output` (the submission's stdout), with `feedback`
/// as its feedback directory. An `Err` is an internal error: the validator
/// crashed or exited with neither 42 nor 43.
pub(crate) async fn validate(
    sandbox: &Sandbox,
    validator: &Program,
    case: &TestCase,
    output: &[u8],
    feedback: &Path,
) -> anyhow::Result<Judgement> {
    let mut spec = spec(validator, case, feedback)?;
    spec.stdin = output.to_vec();
    let outcome = sandbox.run(&validator.module, &spec).await?;
    judgement(&outcome, feedback)
}

/// The validator's run: `input answer /feedback/ [args]`, the test's folder
/// read-only, `feedback` read-write, the validation limits.
pub(crate) fn spec(
    validator: &Program,
    case: &TestCase,
    feedback: &Path,
) -> anyhow::Result<RunSpec> {
    let grants = grants(case)?;
    let mut args = vec![grants.input, grants.answer, "/feedback/".to_owned()];
    args.extend(case.validator_args.iter().cloned());
    let mut spec = validator.launch.run_spec(&args);
    spec.preopens.extend(grants.preopens);
    spec.preopens
        .push(Preopen::read_write(feedback, "/feedback"));
    spec.limits = limits();
    Ok(spec)
}

/// Reads the validator's verdict and feedback files.
pub(crate) fn judgement(outcome: &RunOutcome, feedback: &Path) -> anyhow::Result<Judgement> {
    let accepted = match outcome.termination {
        Termination::Exited { code: 42 } => true,
        Termination::Exited { code: 43 } => false,
        other => anyhow::bail!(
            "the output validator failed ({other}; it must exit 42 or 43): {}",
            String::from_utf8_lossy(&outcome.stderr)
                .chars()
                .take(500)
                .collect::<String>()
        ),
    };
    let read = |name: &str| feedback::read(feedback, name);
    let number = |name: &str| -> anyhow::Result<Option<f64>> {
        let text = read(name)?;
        if text.trim().is_empty() {
            return Ok(None);
        }
        let value: f64 = text.trim().parse().with_context(|| {
            format!(
                "the output validator wrote an invalid {name}: '{}'",
                text.trim()
            )
        })?;
        anyhow::ensure!(
            value.is_finite() && value >= 0.0,
            "{name} must be a non-negative number"
        );
        Ok(Some(value))
    };
    Ok(Judgement {
        accepted,
        score: number("score.txt")?,
        score_multiplier: number("score_multiplier.txt")?,
        judge_message: read("judgemessage.txt")?,
        team_message: read("teammessage.txt")?,
    })
}
