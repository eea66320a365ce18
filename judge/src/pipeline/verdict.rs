//! Verdicts: what a test, and a whole submission, comes to.

use sandbox::Termination;
use serde::{Deserialize, Serialize};

/// The judge's verdicts, by their usual short names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub enum Verdict {
    /// Accepted.
    #[serde(rename = "AC")]
    Accepted,
    /// Wrong answer.
    #[serde(rename = "WA")]
    WrongAnswer,
    /// Time limit exceeded (out of fuel, or the wall-clock backstop).
    #[serde(rename = "TLE")]
    TimeLimit,
    /// Memory limit exceeded.
    #[serde(rename = "MLE")]
    MemoryLimit,
    /// Output limit exceeded.
    #[serde(rename = "OLE")]
    OutputLimit,
    /// Run-time error: a non-zero exit, a trap, a stack overflow.
    #[serde(rename = "RTE")]
    RunTimeError,
    /// Compile error.
    #[serde(rename = "CE")]
    CompileError,
    /// Internal error: the judge or the problem's validator failed.
    #[serde(rename = "IE")]
    InternalError,
}

impl Verdict {
    /// The short name (`AC`, `WA`, ...).
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "AC",
            Self::WrongAnswer => "WA",
            Self::TimeLimit => "TLE",
            Self::MemoryLimit => "MLE",
            Self::OutputLimit => "OLE",
            Self::RunTimeError => "RTE",
            Self::CompileError => "CE",
            Self::InternalError => "IE",
        }
    }

    /// The verdict whose short name is `code`.
    pub fn from_code(code: &str) -> Option<Self> {
        [
            Self::Accepted,
            Self::WrongAnswer,
            Self::TimeLimit,
            Self::MemoryLimit,
            Self::OutputLimit,
            Self::RunTimeError,
            Self::CompileError,
            Self::InternalError,
        ]
        .into_iter()
        .find(|verdict| verdict.code() == code)
    }

    /// The verdict a run earns before its output is checked; `None` when it
    /// exited cleanly and its output decides.
    pub fn of_run(termination: &Termination) -> Option<Self> {
        Some(match termination {
            Termination::Exited { code: 0 } => return None,
            Termination::Exited { .. } | Termination::StackOverflow | Termination::Trap { .. } => {
                Self::RunTimeError
            }
            Termination::OutOfFuel | Termination::WallTimeout => Self::TimeLimit,
            Termination::MemoryLimit => Self::MemoryLimit,
            Termination::OutputLimit { .. } => Self::OutputLimit,
        })
    }

    /// The Kattis verdict this counts as in `submissions/` expectations, which
    /// know only AC, WA, TLE and RTE: exceeding memory or output is a
    /// run-time error there.
    pub fn kattis(self) -> &'static str {
        match self {
            Self::MemoryLimit | Self::OutputLimit => "RTE",
            other => other.code(),
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
