//! Example submissions: `submissions/<category>/<program>`, each promising a
//! verdict by the folder it is in.

use std::path::Path;

use super::{ProgramFiles, program_source, sorted_entries};

/// What a folder of example submissions promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Category {
    /// `accepted`: every test case AC (and full score on scoring problems).
    Accepted,
    /// `partially_accepted` (legacy): a score above zero and below the maximum.
    PartiallyAccepted,
    /// `wrong_answer`: all AC or WA, at least one WA.
    WrongAnswer,
    /// `time_limit_exceeded`: all AC or TLE, at least one TLE.
    TimeLimitExceeded,
    /// `run_time_error`: all AC or RTE (memory limit counts as RTE), at least one RTE.
    RunTimeError,
    /// `rejected`: at least one case not accepted.
    Rejected,
    /// `brute_force`: never WA, at least one RTE or TLE.
    BruteForce,
}

impl Category {
    /// The category a folder name means.
    pub(crate) fn from_folder(name: &str) -> Option<Self> {
        Some(match name {
            "accepted" => Self::Accepted,
            "partially_accepted" => Self::PartiallyAccepted,
            "wrong_answer" => Self::WrongAnswer,
            "time_limit_exceeded" => Self::TimeLimitExceeded,
            "run_time_error" => Self::RunTimeError,
            "rejected" => Self::Rejected,
            "brute_force" => Self::BruteForce,
            _ => return None,
        })
    }

    /// The folder name.
    pub(crate) fn folder(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::PartiallyAccepted => "partially_accepted",
            Self::WrongAnswer => "wrong_answer",
            Self::TimeLimitExceeded => "time_limit_exceeded",
            Self::RunTimeError => "run_time_error",
            Self::Rejected => "rejected",
            Self::BruteForce => "brute_force",
        }
    }
}

/// One example submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Example {
    /// Its path relative to the package (`submissions/accepted/sol.py`).
    pub path: String,
    /// The program.
    pub program: ProgramFiles,
    /// What its folder promises.
    pub category: Category,
}

/// Every example submission under `dir/submissions`, in path order. Folders
/// of unknown categories are skipped with a note in the returned list.
pub(crate) fn examples(dir: &Path) -> anyhow::Result<(Vec<Example>, Vec<String>)> {
    let root = dir.join("submissions");
    let mut found = Vec::new();
    let mut notes = Vec::new();
    if !root.is_dir() {
        return Ok((found, notes));
    }
    for folder in sorted_entries(&root)? {
        if !folder.is_dir() {
            continue;
        }
        let name = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some(category) = Category::from_folder(&name) else {
            notes.push(format!("submissions/{name}: unknown category, not judged"));
            continue;
        };
        for path in sorted_entries(&folder)? {
            let file = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            match program_source(&path) {
                Ok(Some(program)) => found.push(Example {
                    path: format!("submissions/{name}/{file}"),
                    program,
                    category,
                }),
                Ok(None) => {}
                Err(error) => {
                    notes.push(format!("submissions/{name}/{file}: {error:#}; not judged"));
                }
            }
        }
    }
    Ok((found, notes))
}
