//! Example submissions: `submissions/<category>/<program>`, each promising a
//! verdict by the folder it is in.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

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
/// of unknown categories are skipped with a note in the returned list, as
/// are the parts of `submissions.yaml` the judge does not read.
pub(crate) fn examples(dir: &Path) -> anyhow::Result<(Vec<Example>, Vec<String>)> {
    let root = dir.join("submissions");
    let mut found = Vec::new();
    if !root.is_dir() {
        return Ok((found, Vec::new()));
    }
    let (entry_points, mut notes) = settings(&root)?;
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
            let key = format!("{name}/{file}");
            match program_source(&path, entry_points.get(&key).map(String::as_str)) {
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

/// `submissions/submissions.yaml` (or `.json`, 2025-09): settings by
/// submission path relative to `submissions/`. The judge reads each
/// directory submission's `entrypoint`; a note says what else it leaves to
/// the folders (expectations) or does not match (glob keys).
fn settings(root: &Path) -> anyhow::Result<(BTreeMap<String, String>, Vec<String>)> {
    let mut entry_points = BTreeMap::new();
    let mut notes = Vec::new();
    let Some(path) = ["submissions.yaml", "submissions.json"]
        .iter()
        .map(|name| root.join(name))
        .find(|path| path.is_file())
    else {
        return Ok((entry_points, notes));
    };
    let shown = format!(
        "submissions/{}",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {shown}"))?;
    // JSON is YAML: one parser reads both.
    let settings: BTreeMap<String, BTreeMap<String, serde_yaml_ng::Value>> =
        serde_yaml_ng::from_str(&text)
            .with_context(|| format!("{shown}: not a map of submission settings"))?;
    let mut unread = std::collections::BTreeSet::new();
    for (key, values) in settings {
        let key = key.trim_end_matches('/').to_owned();
        if key.contains(['*', '?', '[']) {
            notes.push(format!(
                "{shown}: {key}: glob keys are not matched; name each submission"
            ));
            continue;
        }
        for (name, value) in values {
            match (name.as_str(), value) {
                ("entrypoint", serde_yaml_ng::Value::String(entry)) => {
                    entry_points.insert(key.clone(), entry);
                }
                ("entrypoint", _) => {
                    anyhow::bail!("{shown}: {key}: entrypoint must be a file name")
                }
                _ => {
                    unread.insert(name);
                }
            }
        }
    }
    if !unread.is_empty() {
        let keys: Vec<String> = unread.into_iter().collect();
        notes.push(format!(
            "{shown}: {} not read: each submission is held to its folder's verdict",
            keys.join(", ")
        ));
    }
    Ok((entry_points, notes))
}
