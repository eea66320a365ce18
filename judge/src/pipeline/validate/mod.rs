//! Output validation: the default validator, or the package's own program
//! run in the sandbox.

pub(crate) mod custom;
pub(crate) mod default;
pub(crate) mod feedback;
pub(crate) mod input;

use std::path::Path;

use sandbox::Sandbox;

use crate::pipeline::program::Program;
use crate::problem::{Problem, TestCase};

/// Checks `output` for `case`: with the package's output validator when it
/// has one (built: `validator`), else with the default validator. The
/// arguments are the problem's validator flags and then the test's own.
/// An `Err` is the package's fault (bad flags, a validator that crashed).
/// `feedback` is the validator's feedback directory, made by the caller
/// ([`feedback::dir`]) so that a multi-pass validator finds what it left
/// there in an earlier pass.
pub(crate) async fn output(
    sandbox: &Sandbox,
    problem: &Problem,
    validator: Option<&Program>,
    case: &TestCase,
    output: &[u8],
    feedback: &Path,
) -> anyhow::Result<Judgement> {
    let args = problem.validator_args(case);
    if let Some(validator) = validator {
        let case = TestCase {
            validator_args: args,
            ..case.clone()
        };
        return custom::validate(sandbox, validator, &case, output, feedback).await;
    }
    let flags = default::Flags::parse(&args)?;
    let answer = std::fs::read(&case.answer)?;
    Ok(match default::check(output, &answer, &flags) {
        Ok(()) => Judgement {
            accepted: true,
            ..Judgement::default()
        },
        Err(message) => Judgement {
            judge_message: message,
            ..Judgement::default()
        },
    })
}

/// What a validator said about one output.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Judgement {
    /// Accepted (exit 42) or wrong answer (exit 43).
    pub accepted: bool,
    /// `score.txt`, when the validator wrote one.
    pub score: Option<f64>,
    /// `score_multiplier.txt`, when the validator wrote one.
    pub score_multiplier: Option<f64>,
    /// `judgemessage.txt` (or the default validator's reason).
    pub judge_message: String,
    /// `teammessage.txt`.
    pub team_message: String,
}
