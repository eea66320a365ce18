//! The test data tree under `data/`: groups (directories) holding test cases
//! (`.in` + `.ans` pairs) and subgroups, in lexicographic order, with the
//! settings of `test_group.yaml` (modern) or `testdata.yaml` (legacy).

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Deserialize;

use super::metadata::Format;

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TestCase {
    /// Its base name relative to `data/`, such as `secret/group1/03-large`.
    pub name: String,
    /// The input file.
    pub input: PathBuf,
    /// The answer file (input to the output validator).
    pub answer: PathBuf,
    /// Command-line arguments for the submission.
    pub args: Vec<String>,
    /// Extra arguments for the output validator.
    pub validator_args: Vec<String>,
}

/// A group of test cases and subgroups.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Group {
    /// Its path relative to `data/` (`sample`, `secret`, `secret/group1`).
    pub name: String,
    /// Test cases and subgroups, in the order they are judged.
    pub children: Vec<Node>,
    /// How its result is computed.
    pub scoring: GroupScoring,
    /// Whether judging goes on after a test case fails (legacy `on_reject: continue`).
    pub continue_on_reject: bool,
}

/// A child of a group.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// A test case.
    Case(TestCase),
    /// A subgroup.
    Group(Group),
}

/// How a group's score is aggregated from its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aggregation {
    /// Full score when every test case passes, else zero.
    PassFail,
    /// The sum of the children's scores.
    Sum,
    /// The minimum of the children's scores.
    Min,
}

/// A group's scoring settings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupScoring {
    /// Explicit maximum score; `None` is inferred (modern) or unbounded (legacy).
    pub max_score: Option<f64>,
    /// Whether the maximum is `unbounded`.
    pub unbounded: bool,
    /// How children combine.
    pub aggregation: Aggregation,
    /// Test cases or groups (paths relative to `data/`) that must pass first.
    pub require_pass: Vec<String>,
    /// Legacy: the score of an accepted test case (default 1).
    pub accept_score: f64,
}

impl Group {
    /// Every test case in this group and its subgroups, in order.
    pub(crate) fn cases(&self) -> Vec<&TestCase> {
        let mut cases = Vec::new();
        for child in &self.children {
            match child {
                Node::Case(case) => cases.push(case),
                Node::Group(group) => cases.extend(group.cases()),
            }
        }
        cases
    }
}

/// Reads `data/<name>` (for `sample` and `secret`); a missing directory is an empty group.
/// Settings in `data/` itself (`test_group.yaml` or `testdata.yaml`) pass
/// down to both.
pub(super) fn read_group(data: &Path, name: &str, format: Format) -> anyhow::Result<Group> {
    let mut root = Settings::default();
    match format {
        Format::Modern => {
            if let Some(yaml) = read_yaml::<GroupYaml>(&data.join("test_group.yaml"))? {
                anyhow::ensure!(
                    yaml.scoring.is_none(),
                    "data/test_group.yaml: scoring belongs to secret and its subgroups"
                );
                if let Some(args) = yaml.output_validator_args {
                    root.validator_args = args.into_vec();
                }
                if let Some(args) = yaml.args {
                    root.args = args.into_vec();
                }
            }
        }
        Format::Legacy => {
            if let Some(yaml) = read_yaml::<LegacyTestdata>(&data.join("testdata.yaml"))? {
                root.legacy = yaml;
            }
        }
    }
    read_dir_group(data, name, format, &root)
}

/// Settings as they pass down the tree.
#[derive(Debug, Clone, Default)]
struct Settings {
    validator_args: Vec<String>,
    args: Vec<String>,
    // Legacy testdata.yaml is inherited whole.
    legacy: LegacyTestdata,
}

/// The legacy `testdata.yaml`, tolerant of keys it does not use, and
/// inherited whole by groups that have none of their own.
#[derive(Debug, Clone, Default, Deserialize)]
struct LegacyTestdata {
    accept_score: Option<f64>,
    on_reject: Option<String>,
    grader_flags: Option<String>,
    output_validator_flags: Option<String>,
}

/// The modern `test_group.yaml` (2023-07; 2025-09 calls the scoring map the same).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupYaml {
    scoring: Option<ScoringYaml>,
    output_validator_args: Option<Args>,
    args: Option<Args>,
    #[allow(dead_code, reason = "input validation is the package author's tool")]
    input_validator_args: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "feedback policy is the service's")]
    full_feedback: Option<bool>,
    #[allow(dead_code, reason = "descriptive")]
    hint: Option<String>,
    #[allow(dead_code, reason = "descriptive")]
    description: Option<String>,
    #[allow(dead_code, reason = "static validation is not supported yet")]
    static_validation: Option<serde_yaml_ng::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoringYaml {
    score: Option<ScoreYaml>,
    aggregation: Option<String>,
    require_pass: Option<Args>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ScoreYaml {
    Number(f64),
    Word(String),
}

/// A sequence of strings, or one string split on whitespace.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Args {
    Many(Vec<String>),
    One(String),
}

impl Args {
    fn into_vec(self) -> Vec<String> {
        match self {
            Args::Many(args) => args,
            Args::One(text) => text.split_whitespace().map(String::from).collect(),
        }
    }
}

/// The modern per-test-case `<name>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseYaml {
    args: Option<Args>,
    output_validator_args: Option<Args>,
    #[allow(dead_code, reason = "input validation is the package author's tool")]
    input_validator_args: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "feedback policy is the service's")]
    full_feedback: Option<bool>,
    #[allow(dead_code, reason = "descriptive")]
    hint: Option<String>,
    #[allow(dead_code, reason = "descriptive")]
    description: Option<String>,
}

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<Option<T>> {
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_yaml_ng::from_str(&text)
        .map(Some)
        .with_context(|| format!("{}", path.display()))
}

fn read_dir_group(
    data: &Path,
    name: &str,
    format: Format,
    inherited: &Settings,
) -> anyhow::Result<Group> {
    let dir = data.join(name);
    let mut settings = inherited.clone();
    let mut scoring = GroupScoring {
        max_score: None,
        unbounded: false,
        aggregation: if name == "secret" {
            Aggregation::Sum
        } else {
            Aggregation::PassFail
        },
        require_pass: Vec::new(),
        accept_score: 1.0,
    };
    let mut continue_on_reject = false;
    match format {
        Format::Modern => {
            if let Some(yaml) = read_yaml::<GroupYaml>(&dir.join("test_group.yaml"))? {
                if let Some(args) = yaml.output_validator_args {
                    settings.validator_args = args.into_vec();
                }
                if let Some(args) = yaml.args {
                    settings.args = args.into_vec();
                }
                if let Some(yaml) = yaml.scoring {
                    apply_scoring(&mut scoring, yaml, name)?;
                }
            }
        }
        Format::Legacy => {
            if let Some(yaml) = read_yaml::<LegacyTestdata>(&dir.join("testdata.yaml"))? {
                settings.legacy = yaml;
            }
            let legacy = &settings.legacy;
            if let Some(flags) = &legacy.output_validator_flags {
                settings.validator_args = flags.split_whitespace().map(String::from).collect();
            }
            scoring.unbounded = true;
            scoring.aggregation = Aggregation::Sum;
            scoring.accept_score = legacy.accept_score.unwrap_or(1.0);
            anyhow::ensure!(
                scoring.accept_score.is_finite(),
                "data/{name}: accept_score must be a number, not {}",
                scoring.accept_score
            );
            for flag in legacy
                .grader_flags
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
            {
                match flag {
                    "sum" => scoring.aggregation = Aggregation::Sum,
                    "min" => scoring.aggregation = Aggregation::Min,
                    "first_error" | "worst_error" | "ignore_sample" => {}
                    other => anyhow::bail!(
                        "{}: grader flag '{other}' is not supported (sum, min, first_error, worst_error, ignore_sample are)",
                        dir.join("testdata.yaml").display()
                    ),
                }
            }
            match legacy.on_reject.as_deref() {
                None | Some("first_error" | "worst_error") => {}
                Some("continue") => continue_on_reject = true,
                Some(other) => anyhow::bail!("testdata.yaml: unknown on_reject '{other}'"),
            }
        }
    }

    let mut children = Vec::new();
    if dir.is_dir() {
        let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot list {}", dir.display()))?
            .map(|entry| {
                let entry = entry?;
                Ok((
                    entry.file_name().to_string_lossy().into_owned(),
                    entry.path(),
                ))
            })
            .collect::<std::io::Result<_>>()?;
        entries.sort();
        for (file, path) in entries {
            if path.is_dir() {
                if file.contains('.') {
                    continue; // `<case>.files` and the like
                }
                let child = format!("{name}/{file}");
                children.push(Node::Group(read_dir_group(
                    data, &child, format, &settings,
                )?));
            } else if let Some(base) = file.strip_suffix(".in") {
                children.push(Node::Case(read_case(&dir, name, base, format, &settings)?));
            }
        }
    }
    Ok(Group {
        name: name.to_owned(),
        children,
        scoring,
        continue_on_reject,
    })
}

fn apply_scoring(scoring: &mut GroupScoring, yaml: ScoringYaml, group: &str) -> anyhow::Result<()> {
    match yaml.score {
        None => {}
        Some(ScoreYaml::Number(score)) => {
            anyhow::ensure!(
                score.is_finite() && score >= 0.0,
                "data/{group}: score must be a non-negative number, not {score}"
            );
            scoring.max_score = Some(score);
        }
        Some(ScoreYaml::Word(word)) if word == "unbounded" => scoring.unbounded = true,
        Some(ScoreYaml::Word(word)) => {
            anyhow::bail!("data/{group}: score '{word}' is not a number")
        }
    }
    if let Some(aggregation) = yaml.aggregation {
        scoring.aggregation = match aggregation.as_str() {
            "pass-fail" => Aggregation::PassFail,
            "sum" => Aggregation::Sum,
            "min" => Aggregation::Min,
            other => anyhow::bail!("data/{group}: unknown aggregation '{other}'"),
        };
    }
    if let Some(require) = yaml.require_pass {
        scoring.require_pass = require.into_vec();
    }
    Ok(())
}

fn read_case(
    dir: &Path,
    group: &str,
    base: &str,
    format: Format,
    settings: &Settings,
) -> anyhow::Result<TestCase> {
    let input = dir.join(format!("{base}.in"));
    let answer = dir.join(format!("{base}.ans"));
    anyhow::ensure!(
        answer.is_file(),
        "data/{group}/{base}.in has no {base}.ans beside it"
    );
    let mut args = settings.args.clone();
    let mut validator_args = settings.validator_args.clone();
    let case_yaml = match format {
        Format::Modern => read_yaml::<CaseYaml>(&dir.join(format!("{base}.yaml")))?,
        Format::Legacy => None,
    };
    if let Some(yaml) = case_yaml {
        if let Some(own) = yaml.args {
            args = own.into_vec();
        }
        if let Some(own) = yaml.output_validator_args {
            validator_args = own.into_vec();
        }
    }
    Ok(TestCase {
        name: format!("{group}/{base}"),
        input,
        answer,
        args,
        validator_args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn groups_and_cases_in_lexicographic_order_with_inherited_settings() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        write(data, "secret/b.in", "");
        write(data, "secret/b.ans", "");
        write(data, "secret/a/1.in", "");
        write(data, "secret/a/1.ans", "");
        write(data, "secret/a/1.yaml", "output_validator_args: [strict]\n");
        write(data, "secret/a/2.in", "");
        write(data, "secret/a/2.ans", "");
        write(
            data,
            "secret/test_group.yaml",
            "output_validator_args: lax mode\nscoring:\n  score: 60\n",
        );
        let secret = read_group(data, "secret", Format::Modern).unwrap();
        let names: Vec<&str> = secret.cases().iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["secret/a/1", "secret/a/2", "secret/b"]);
        assert_eq!(secret.cases()[0].validator_args, ["strict"]);
        assert_eq!(secret.cases()[1].validator_args, ["lax", "mode"]);
        assert_eq!(secret.scoring.max_score, Some(60.0));
        assert_eq!(secret.scoring.aggregation, Aggregation::Sum);
        let Node::Group(sub) = &secret.children[0] else {
            panic!("a group first")
        };
        assert_eq!(sub.scoring.aggregation, Aggregation::PassFail);
    }

    #[test]
    fn the_root_test_group_passes_validator_args_to_every_group() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "test_group.yaml",
            "output_validator_args: [float_tolerance, '1e-6']\n",
        );
        write(dir.path(), "sample/1.in", "");
        write(dir.path(), "sample/1.ans", "");
        let sample = read_group(dir.path(), "sample", Format::Modern).unwrap();
        assert_eq!(
            sample.cases()[0].validator_args,
            ["float_tolerance", "1e-6"]
        );
    }

    #[test]
    fn an_input_without_an_answer_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "secret/x.in", "1\n");
        let error = read_group(dir.path(), "secret", Format::Legacy).unwrap_err();
        assert!(format!("{error:#}").contains("x.ans"));
    }

    #[test]
    fn legacy_testdata_is_inherited_whole() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "secret/testdata.yaml",
            "grader_flags: min\naccept_score: 5\non_reject: continue\n",
        );
        write(dir.path(), "secret/g/1.in", "");
        write(dir.path(), "secret/g/1.ans", "");
        let secret = read_group(dir.path(), "secret", Format::Legacy).unwrap();
        let Node::Group(group) = &secret.children[0] else {
            panic!("a group")
        };
        assert_eq!(group.scoring.aggregation, Aggregation::Min);
        assert_eq!(group.scoring.accept_score, 5.0);
        assert!(group.continue_on_reject);
    }
}
