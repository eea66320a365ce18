//! Problem packages in the Kattis format: `problem.yaml`, a statement,
//! `data/sample` and `data/secret`, an optional output validator, and example
//! submissions. [`Problem::load`] reads one and checks its shape; judging
//! lives in [`crate::pipeline`].

mod limits;
mod metadata;
mod scaling;
mod starter;
mod submissions;
mod testdata;
mod time_limits;

use std::path::{Path, PathBuf};

use anyhow::Context;

pub use limits::SLOWEST_FUEL_PER_SECOND;
pub(crate) use limits::{
    FUEL_PER_SECOND, derive_time_limit, fuel_to_millis, idle_limit, seconds_to_fuel, wall_backstop,
};
pub(crate) use metadata::Format;
pub use metadata::Metadata;
pub(crate) use scaling::{Reference, Series, SeriesCase};
pub(crate) use starter::{MAX_FILES, Starters};
pub(crate) use submissions::{Category, Example, examples};
pub(crate) use testdata::{Aggregation, Group, Node, TestCase};
pub use time_limits::{LanguageLimit, LimitSource};
pub(crate) use time_limits::{Record as TimeLimitRecord, TimeLimits};

use crate::languages::Language;

/// Memory limit when the package gives none, in MiB.
pub(crate) const DEFAULT_MEMORY_MIB: u64 = 1024;
/// Output limit when the package gives none, in MiB.
pub(crate) const DEFAULT_OUTPUT_MIB: u64 = 8;
/// Where a time limit derived from accepted submissions is recorded.
pub(crate) const TIME_LIMIT_RECORD: &str = "judge-time-limit.toml";

/// A problem package, read and checked.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    /// The package directory.
    pub dir: PathBuf,
    /// Its short name: the directory's name.
    pub slug: String,
    /// `problem.yaml`.
    pub metadata: Metadata,
    /// The statement file, if any (Markdown preferred).
    pub statement: Option<PathBuf>,
    /// `data/sample`.
    pub sample: Group,
    /// `data/secret`.
    pub secret: Group,
    /// The custom output validator, if the package has one.
    pub validator: Option<ProgramFiles>,
    /// The input validators (`input_validators/`).
    pub input_validators: Vec<ProgramFiles>,
    /// The time limits: `problem.yaml`'s, else the recorded derived ones.
    pub time_limits: Option<TimeLimits>,
    /// Starter codebases by language (`starter/<language>/`), for pads.
    pub starters: Starters,
    /// The scaling series (`data/scaling/`), if the package has one.
    pub scaling: Option<Series>,
    /// The reference solution's fuel on it, when recorded.
    pub reference_growth: Option<Reference>,
}

impl Problem {
    /// Reads the package in `dir`.
    pub(crate) fn load(dir: &Path) -> anyhow::Result<Self> {
        let slug = dir
            .canonicalize()
            .with_context(|| format!("no problem package at {}", dir.display()))?
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let yaml = std::fs::read_to_string(dir.join("problem.yaml"))
            .with_context(|| format!("{}: cannot read problem.yaml", dir.display()))?;
        let mut metadata = Metadata::parse(&yaml).with_context(|| format!("{}", dir.display()))?;
        let data = dir.join("data");
        let sample = testdata::read_group(&data, "sample", metadata.format)?;
        let secret = testdata::read_group(&data, "secret", metadata.format)?;
        // A package of samples only (a practice or smoke-test problem) is
        // judged on its samples; `judge verify` says so.
        anyhow::ensure!(
            !(secret.cases().is_empty() && sample.cases().is_empty()),
            "{}: no test case: data/sample and data/secret are both empty",
            dir.display()
        );
        let validator = find_validator(dir, metadata.format)?;
        match (metadata.format, &validator) {
            (Format::Modern, Some(_)) => metadata.custom_validation = true,
            (_, None) if metadata.custom_validation => anyhow::bail!(
                "{}: problem.yaml asks for a custom validator and the package has none",
                dir.display()
            ),
            _ => {}
        }
        let time_limits = match metadata.limits.time_limit {
            Some(base) => Some(TimeLimits {
                base,
                origin: time_limits::Origin::Package,
                languages: Default::default(),
            }),
            None => read_time_limit_record(dir)?,
        };
        Ok(Self {
            dir: dir.to_owned(),
            slug,
            statement: find_statement(dir),
            metadata,
            sample,
            secret,
            validator,
            input_validators: find_input_validators(dir)?,
            time_limits,
            starters: starter::read(dir)?,
            scaling: scaling::read(dir)?,
            reference_growth: Reference::read(dir)?,
        })
    }

    /// Memory limit in bytes.
    pub(crate) fn memory_bytes(&self) -> u64 {
        self.metadata
            .limits
            .memory_mib
            .unwrap_or(DEFAULT_MEMORY_MIB)
            << 20
    }

    /// The output validator's arguments for `case`: the legacy
    /// `validator_flags` of `problem.yaml`, then the test's own.
    pub(crate) fn validator_args(&self, case: &TestCase) -> Vec<String> {
        self.metadata
            .validator_flags
            .iter()
            .chain(&case.validator_args)
            .cloned()
            .collect()
    }

    /// The most runs of one test case: `validation_passes` on a multi-pass
    /// problem, else 1.
    pub(crate) fn passes(&self) -> u32 {
        if self.metadata.multi_pass {
            self.metadata.limits.validation_passes
        } else {
            1
        }
    }

    /// Output limit in bytes.
    pub(crate) fn output_bytes(&self) -> u64 {
        self.metadata
            .limits
            .output_mib
            .unwrap_or(DEFAULT_OUTPUT_MIB)
            << 20
    }

    /// The time limit of a submission in `language`, once the problem has
    /// one.
    pub(crate) fn time_limit_for(&self, language: &Language) -> Option<LanguageLimit> {
        self.time_limits
            .as_ref()
            .map(|limits| limits.for_language(&language.manifest))
    }

    /// The base time limit in seconds (C++'s), once the problem has one.
    pub(crate) fn base_time_limit(&self) -> Option<f64> {
        self.time_limits.as_ref().map(|limits| limits.base)
    }

    /// Takes derived time limits and records them in the package, so that
    /// they never drift. They hold for this `Problem` even when the package
    /// cannot be written (the `Err`).
    pub(crate) fn record_time_limits(
        &mut self,
        record: TimeLimitRecord,
        why: &str,
    ) -> anyhow::Result<()> {
        let text = record.text(why);
        self.time_limits = Some(record.into());
        let path = self.dir.join(TIME_LIMIT_RECORD);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
    }
}

fn read_time_limit_record(dir: &Path) -> anyhow::Result<Option<TimeLimits>> {
    let Some(record) = read_record::<TimeLimitRecord>(dir, TIME_LIMIT_RECORD)? else {
        return Ok(None);
    };
    record
        .check()
        .with_context(|| format!("{}", dir.join(TIME_LIMIT_RECORD).display()))?;
    Ok(Some(record.into()))
}

/// A TOML record the judge wrote into the package (`judge-*.toml`), if it
/// is there.
fn read_record<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &str,
) -> anyhow::Result<Option<T>> {
    let path = dir.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)?;
    toml::from_str(&text)
        .map(Some)
        .with_context(|| format!("{}", path.display()))
}

fn find_statement(dir: &Path) -> Option<PathBuf> {
    ["statement", "problem_statement"]
        .iter()
        .flat_map(|folder| {
            [
                "problem.en.md",
                "problem.md",
                "problem.en.tex",
                "problem.tex",
            ]
            .iter()
            .map(move |file| dir.join(folder).join(file))
        })
        .find(|path| path.is_file())
}

/// The output validator: `output_validator/` (modern) or the one program in
/// `output_validators/` (legacy).
fn find_validator(dir: &Path, format: Format) -> anyhow::Result<Option<ProgramFiles>> {
    let root = match format {
        Format::Modern => dir.join("output_validator"),
        Format::Legacy => {
            let folder = dir.join("output_validators");
            if !folder.is_dir() {
                return Ok(None);
            }
            let programs = sorted_entries(&folder)?;
            match programs.as_slice() {
                [] => return Ok(None),
                [one] => one.clone(),
                _ => anyhow::bail!(
                    "{}: more than one output validator; this judge runs one",
                    folder.display()
                ),
            }
        }
    };
    program_source(&root, None)
}

/// The input validators in `input_validators/`.
fn find_input_validators(dir: &Path) -> anyhow::Result<Vec<ProgramFiles>> {
    let folder = dir.join("input_validators");
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for program in sorted_entries(&folder)? {
        if let Some(source) = program_source(&program, None)? {
            found.push(source);
        }
    }
    Ok(found)
}

/// A program of a package: one source file, or a directory (Kattis: "a
/// program is a file or a directory").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProgramFiles {
    /// The source that is compiled (or interpreted).
    pub main: PathBuf,
    /// Files compiled beside it: the headers of a C/C++ program, the other
    /// modules of a Python package run through its `__main__.py`.
    pub extra: Vec<PathBuf>,
}

const SOURCE_EXTENSIONS: &[&str] = &[
    "c", "cc", "cpp", "cxx", "py", "js", "mjs", "ts", "rs", "go", "zig", "lua", "rb",
];
const HEADER_EXTENSIONS: &[&str] = &["h", "hh", "hpp"];

/// The program at `root`: a file, or a directory with one main source
/// (its headers beside it), or a Python package with a `__main__.py`.
/// `entry` names a directory's entry point when the package or the user says
/// which file runs (`entrypoint` in `submissions.yaml`, `--entry`).
pub(crate) fn program_source(
    root: &Path,
    entry: Option<&str>,
) -> anyhow::Result<Option<ProgramFiles>> {
    if root.is_file() {
        return Ok(Some(ProgramFiles {
            main: root.to_owned(),
            extra: Vec::new(),
        }));
    }
    if !root.is_dir() {
        return Ok(None);
    }
    let with = |extensions: &'static [&str]| {
        move |path: &PathBuf| {
            path.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e))
        }
    };
    let files = sorted_entries(root)?;
    let sources: Vec<PathBuf> = files
        .iter()
        .filter(|p| with(SOURCE_EXTENSIONS)(p))
        .cloned()
        .collect();
    let headers: Vec<PathBuf> = files
        .iter()
        .filter(|p| with(HEADER_EXTENSIONS)(p))
        .cloned()
        .collect();
    let main = match entry {
        Some(entry) => {
            let main = root.join(entry);
            anyhow::ensure!(
                plain_name(entry) && sources.contains(&main),
                "{}: the entry point {entry} is not one of its source files",
                root.display()
            );
            main
        }
        None => default_entry(root, &sources)?,
    };
    let mut extra: Vec<PathBuf> = sources.into_iter().filter(|p| *p != main).collect();
    extra.extend(headers);
    Ok(Some(ProgramFiles { main, extra }))
}

/// Of a directory's sources, the one that runs: the only one, else
/// `__main__.py` (a Python package), else the one `main.<extension>`.
fn default_entry(root: &Path, sources: &[PathBuf]) -> anyhow::Result<PathBuf> {
    let python_main = root.join("__main__.py");
    let mains: Vec<&PathBuf> = sources
        .iter()
        .filter(|p| p.file_stem().is_some_and(|stem| stem == "main"))
        .collect();
    Ok(match (sources, mains.as_slice()) {
        ([one], _) => one.clone(),
        ([], _) => anyhow::bail!("{}: no source file found", root.display()),
        _ if sources.contains(&python_main) => python_main,
        (_, [main]) => (*main).clone(),
        _ => anyhow::bail!(
            "{}: a program of several source files starts from __main__.py or one main.<extension> (or name its entry point: `--entry FILE`, or `entrypoint` in submissions/submissions.yaml)",
            root.display()
        ),
    })
}

/// Whether `name` is a plain file name: letters, digits, `.`, `_`, `-`, not
/// starting with `.`, at most 128 bytes.
pub(crate) fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

pub(crate) fn sorted_entries(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    Ok(entries)
}
