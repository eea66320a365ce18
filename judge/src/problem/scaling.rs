//! A problem's scaling series, `data/scaling/`: inputs of growing size, each
//! `<name>.in` with its size in a `<name>.yaml` beside it (`n: 4000`). A
//! judged submission is run on them to measure how its fuel grows with `n`
//! (`pipeline/growth.rs`); their outputs are not judged.

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use super::sorted_entries;

/// Fewest inputs a series holds: a baseline and three sizes to fit.
pub(crate) const MIN_CASES: usize = 4;

/// The inputs of a scaling series, by growing `n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Series {
    /// Its inputs, smallest `n` first (the baseline).
    pub cases: Vec<SeriesCase>,
}

/// One input of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SeriesCase {
    /// `scaling/<name>`.
    pub name: String,
    /// The input file.
    pub input: PathBuf,
    /// Its size.
    pub n: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Size {
    n: u64,
}

/// Reads `dir/data/scaling`, if the package has one.
pub(crate) fn read(dir: &Path) -> anyhow::Result<Option<Series>> {
    let folder = dir.join("data/scaling");
    if !folder.is_dir() {
        return Ok(None);
    }
    let mut cases = Vec::new();
    for input in sorted_entries(&folder)? {
        if input.extension().is_none_or(|e| e != "in") {
            continue;
        }
        let stem = input
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let yaml = input.with_extension("yaml");
        let text = std::fs::read_to_string(&yaml).with_context(|| {
            format!("data/scaling/{stem}.in needs its size in data/scaling/{stem}.yaml (n: <size>)")
        })?;
        let size: Size =
            serde_yaml_ng::from_str(&text).with_context(|| format!("data/scaling/{stem}.yaml"))?;
        cases.push(SeriesCase {
            name: format!("scaling/{stem}"),
            input,
            n: size.n,
        });
    }
    cases.sort_by_key(|case| case.n);
    let mut sizes: Vec<u64> = cases.iter().map(|case| case.n).collect();
    sizes.dedup();
    anyhow::ensure!(
        sizes.len() == cases.len(),
        "data/scaling: two inputs have the same n"
    );
    anyhow::ensure!(
        cases.len() >= MIN_CASES,
        "data/scaling: a series needs at least {MIN_CASES} inputs (the smallest is the baseline), not {}",
        cases.len()
    );
    Ok(Some(Series { cases }))
}

/// Where `judge verify --insights` records the reference solution's points.
pub(crate) const REFERENCE_RECORD: &str = "judge-growth.toml";

/// The reference solution's fuel on the series, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reference {
    /// Its package path.
    pub path: String,
    /// `[n, fuel]` pairs.
    pub points: Vec<(u64, u64)>,
}

impl Reference {
    /// The record in `dir`, if `judge verify --insights` wrote one.
    pub(crate) fn read(dir: &Path) -> anyhow::Result<Option<Self>> {
        super::read_record(dir, REFERENCE_RECORD)
    }

    /// Writes this record into `dir`.
    pub(crate) fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let points: Vec<String> = self
            .points
            .iter()
            .map(|(n, fuel)| format!("[{n}, {fuel}]"))
            .collect();
        // A JSON string is a TOML basic string.
        let text = format!(
            "# Written by `judge verify --insights`: the reference solution's fuel on\n\
             # data/scaling, [n, fuel] pairs. Delete it to leave submissions uncompared.\n\
             path = {}\npoints = [{}]\n",
            serde_json::to_string(&self.path)?,
            points.join(", ")
        );
        let file = dir.join(REFERENCE_RECORD);
        std::fs::write(&file, text).with_context(|| format!("cannot write {}", file.display()))
    }
}
