//! Output validation: the default validator, or the package's own program
//! run in the sandbox.

pub mod custom;
pub mod default;
pub mod input;

/// What a validator said about one output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judgement {
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
