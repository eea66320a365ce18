//! Judge0's statuses (ids 1 to 14), and the one a run's [`RunStatus`] is:
//! made when a run is shown, never stored.

use crate::pipeline::run_job::RunStatus;

/// Judge0's statuses: id and description.
pub(crate) const STATUSES: [(u8, &str); 14] = [
    (1, "In Queue"),
    (2, "Processing"),
    (3, "Accepted"),
    (4, "Wrong Answer"),
    (5, "Time Limit Exceeded"),
    (6, "Compilation Error"),
    (7, "Runtime Error (SIGSEGV)"),
    (8, "Runtime Error (SIGXFSZ)"),
    (9, "Runtime Error (SIGFPE)"),
    (10, "Runtime Error (SIGABRT)"),
    (11, "Runtime Error (NZEC)"),
    (12, "Runtime Error (Other)"),
    (13, "Internal Error"),
    (14, "Exec Format Error"),
];

/// A status's description.
pub(crate) fn description(id: u8) -> &'static str {
    STATUSES
        .iter()
        .find(|(status, _)| *status == id)
        .map_or("Internal Error", |(_, text)| text)
}

/// Judge0's status id of a finished run, and the signal a native program
/// would have died of.
pub(crate) fn of(status: RunStatus) -> (u8, Option<i32>) {
    match status {
        RunStatus::Accepted => (3, None),
        RunStatus::WrongAnswer => (4, None),
        RunStatus::TimeLimit => (5, None),
        RunStatus::CompileError => (6, None),
        RunStatus::StackOverflow | RunStatus::Crashed => (7, Some(11)),
        RunStatus::OutputLimit => (8, Some(25)),
        RunStatus::ArithmeticError => (9, Some(8)),
        RunStatus::Aborted => (10, Some(6)),
        RunStatus::NonZeroExit => (11, None),
        // Judge0 has no status for it: Runtime Error (Other), said plainly.
        RunStatus::MemoryLimit => (12, None),
        RunStatus::InternalError => (13, None),
        RunStatus::UnsupportedImport => (14, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_status_is_a_judge0_status_of_a_finished_run() {
        for status in RunStatus::ALL {
            let (id, _) = of(status);
            assert!((3..=14).contains(&id), "{status:?}");
            assert_ne!(description(id), "", "{status:?}");
        }
    }
}
