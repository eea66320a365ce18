//! `problem.yaml`, in the legacy format or the 2023-07 one (and its 2025-09
//! successor), read into one [`Metadata`].

use std::collections::BTreeMap;

use anyhow::Context;
use serde::Deserialize;

/// Which edition of the Kattis format a package is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// No `problem_format_version`, or `legacy` / `legacy-icpc`.
    Legacy,
    /// `2023-07-draft`, `2023-07` or `2025-09`.
    Modern,
}

/// What the judge needs from `problem.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    /// The package's format.
    pub format: Format,
    /// The problem's English name (or its first name).
    pub name: String,
    /// Submissions get a score, not just a verdict.
    pub scoring: bool,
    /// The output validator talks with the submission while it runs.
    pub interactive: bool,
    /// Multi-pass: the output validator may ask for another run of the
    /// submission on an input it writes (`nextpass.in`), up to
    /// `limits.validation_passes` runs per test case.
    pub multi_pass: bool,
    /// Legacy `validation: custom`; in the modern format the presence of
    /// `output_validator/` decides, which the package loader checks.
    pub custom_validation: bool,
    /// Legacy `validator_flags`: arguments for every output validator run.
    pub validator_flags: Vec<String>,
    /// Limits, with the format's defaults filled in.
    pub limits: Limits,
    /// `keywords`: tags for people (the web app shows `easy`, `medium` or
    /// `hard` among them as the difficulty).
    pub keywords: Vec<String>,
}

/// Limits from `problem.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// An explicit time limit, in seconds.
    pub time_limit: Option<f64>,
    /// A derived time limit is at least the slowest accepted run times this.
    pub ac_to_time_limit: f64,
    /// A time_limit_exceeded submission must still time out at the limit times this.
    pub time_limit_to_tle: f64,
    /// Derived limits are whole multiples of this, in seconds.
    pub time_resolution: f64,
    /// Memory, in MiB.
    pub memory_mib: Option<u64>,
    /// Output, in MiB.
    pub output_mib: Option<u64>,
    /// The most runs of a multi-pass test case (2 unless given).
    pub validation_passes: u32,
}

/// The most passes a package may ask for: each is a full run of the submission.
const MAX_VALIDATION_PASSES: u64 = 100;

impl Metadata {
    /// Parses the text of a `problem.yaml`.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let version: VersionOnly =
            serde_yaml_ng::from_str(text).context("problem.yaml is not valid YAML")?;
        match version.problem_format_version.as_deref() {
            None | Some("legacy" | "legacy-icpc") => legacy(text),
            Some("2023-07-draft" | "2023-07" | "2025-09" | "2025-09-draft") => modern(text),
            Some(other) => anyhow::bail!("problem.yaml: unknown problem_format_version '{other}'"),
        }
    }
}

/// `keywords`: a list of strings (2023-07), or one string of words
/// (legacy); anything else is descriptive text the judge leaves alone.
fn keywords(value: Option<serde_yaml_ng::Value>) -> Vec<String> {
    use serde_yaml_ng::Value;
    match value {
        Some(Value::String(words)) => words.split_whitespace().map(str::to_owned).collect(),
        Some(Value::Sequence(items)) => items
            .into_iter()
            .filter_map(|item| match item {
                Value::String(word) => Some(word),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[derive(Deserialize)]
struct VersionOnly {
    problem_format_version: Option<String>,
}

/// Legacy `problem.yaml`: tolerant of keys it does not know, as problemtools is.
#[derive(Deserialize)]
struct LegacyYaml {
    name: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    validation: Option<String>,
    #[serde(default)]
    validator_flags: Option<String>,
    #[serde(default)]
    limits: LegacyLimits,
    #[serde(default)]
    keywords: Option<serde_yaml_ng::Value>,
}

#[derive(Deserialize, Default)]
struct LegacyLimits {
    time_multiplier: Option<f64>,
    time_safety_margin: Option<f64>,
    memory: Option<u64>,
    output: Option<u64>,
    validation_passes: Option<u64>,
}

fn legacy(text: &str) -> anyhow::Result<Metadata> {
    let yaml: LegacyYaml = serde_yaml_ng::from_str(text).context("problem.yaml (legacy)")?;
    let validation = Validation::parse(yaml.validation.as_deref())?;
    anyhow::ensure!(
        validation.custom || !(validation.interactive || validation.multi_pass),
        "problem.yaml: an interactive or multi-pass problem needs `validation: custom ...`"
    );
    let scoring = match yaml.kind.as_deref() {
        None | Some("pass-fail") => validation.score,
        Some("scoring") => true,
        Some(other) => anyhow::bail!("problem.yaml: unknown type '{other}'"),
    };
    Ok(Metadata {
        keywords: keywords(yaml.keywords),
        format: Format::Legacy,
        name: yaml.name.unwrap_or_default(),
        scoring,
        interactive: validation.interactive,
        multi_pass: validation.multi_pass,
        custom_validation: validation.custom,
        validator_flags: yaml
            .validator_flags
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect(),
        limits: Limits {
            time_limit: None,
            ac_to_time_limit: positive(yaml.limits.time_multiplier, 5.0, "time_multiplier")?,
            time_limit_to_tle: positive(yaml.limits.time_safety_margin, 2.0, "time_safety_margin")?,
            time_resolution: 1.0,
            memory_mib: yaml.limits.memory,
            output_mib: yaml.limits.output,
            validation_passes: validation_passes(yaml.limits.validation_passes)?,
        },
    })
}

/// `validation: default | custom [interactive] [multi-pass] [score]`: the
/// legacy key, which drafts of 2023-07 still used.
#[derive(Debug, Default)]
struct Validation {
    custom: bool,
    interactive: bool,
    multi_pass: bool,
    score: bool,
}

impl Validation {
    fn parse(text: Option<&str>) -> anyhow::Result<Self> {
        let mut words = text.unwrap_or("default").split_whitespace();
        let mut validation = Self {
            custom: match words.next() {
                Some("default") | None => false,
                Some("custom") => true,
                Some(other) => anyhow::bail!("problem.yaml: unknown validation '{other}'"),
            },
            ..Self::default()
        };
        for word in words {
            match word {
                "interactive" => validation.interactive = true,
                "multi-pass" => validation.multi_pass = true,
                "score" => validation.score = true,
                other => anyhow::bail!("problem.yaml: unknown validation option '{other}'"),
            }
        }
        Ok(validation)
    }
}

fn validation_passes(value: Option<u64>) -> anyhow::Result<u32> {
    let passes = value.unwrap_or(2);
    anyhow::ensure!(
        (2..=MAX_VALIDATION_PASSES).contains(&passes),
        "problem.yaml: limits.validation_passes must be from 2 to {MAX_VALIDATION_PASSES}, not {passes}"
    );
    Ok(u32::try_from(passes).unwrap_or(2))
}

/// 2023-07 and later: unknown keys are errors, as the spec says.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModernYaml {
    #[allow(dead_code, reason = "checked by Metadata::parse")]
    problem_format_version: String,
    #[serde(rename = "type", default)]
    kind: Option<OneOrMany>,
    #[serde(default)]
    validation: Option<String>,
    name: Name,
    #[allow(
        dead_code,
        reason = "identity only; the judge keys problems by directory"
    )]
    uuid: Option<String>,
    #[serde(default)]
    limits: ModernLimits,
    // Descriptive keys the judge accepts and does not use.
    #[allow(dead_code, reason = "descriptive")]
    version: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "descriptive")]
    credits: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "descriptive")]
    source: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "descriptive")]
    license: Option<String>,
    #[allow(dead_code, reason = "descriptive")]
    rights_owner: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "descriptive")]
    embargo_until: Option<serde_yaml_ng::Value>,
    keywords: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "every supported language is allowed")]
    languages: Option<serde_yaml_ng::Value>,
    #[allow(dead_code, reason = "submissions never write files here")]
    allow_file_writing: Option<bool>,
    #[allow(dead_code, reason = "constants are substituted by package tools")]
    constants: Option<serde_yaml_ng::Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Name {
    Plain(String),
    ByLanguage(BTreeMap<String, String>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ModernLimits {
    time_multipliers: Option<TimeMultipliers>,
    time_limit: Option<f64>,
    time_resolution: Option<f64>,
    memory: Option<u64>,
    output: Option<u64>,
    #[allow(dead_code, reason = "the judge's own compile limits apply")]
    code: Option<u64>,
    #[allow(dead_code, reason = "the judge's own compile limits apply")]
    compilation_time: Option<f64>,
    #[allow(dead_code, reason = "the judge's own compile limits apply")]
    compilation_memory: Option<u64>,
    #[allow(
        dead_code,
        reason = "validators run under the judge's validator limits"
    )]
    validation_time: Option<f64>,
    #[allow(
        dead_code,
        reason = "validators run under the judge's validator limits"
    )]
    validation_memory: Option<u64>,
    #[allow(
        dead_code,
        reason = "validators run under the judge's validator limits"
    )]
    validation_output: Option<u64>,
    validation_passes: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimeMultipliers {
    ac_to_time_limit: Option<f64>,
    time_limit_to_tle: Option<f64>,
}

fn modern(text: &str) -> anyhow::Result<Metadata> {
    let yaml: ModernYaml = serde_yaml_ng::from_str(text).context("problem.yaml")?;
    let kinds = match yaml.kind {
        None => vec!["pass-fail".to_owned()],
        Some(OneOrMany::One(kind)) => vec![kind],
        Some(OneOrMany::Many(kinds)) => kinds,
    };
    // Drafts of 2023-07 still said `validation: custom interactive multi-pass`.
    let validation = Validation::parse(yaml.validation.as_deref())?;
    let mut scoring = validation.score;
    let mut interactive = validation.interactive;
    let mut multi_pass = validation.multi_pass;
    for kind in &kinds {
        match kind.as_str() {
            "pass-fail" => {}
            "scoring" => scoring = true,
            "interactive" => interactive = true,
            "multi-pass" => multi_pass = true,
            "submit-answer" => {
                anyhow::bail!("problem.yaml: type '{kind}' is not supported by this judge")
            }
            other => anyhow::bail!("problem.yaml: unknown type '{other}'"),
        }
    }
    anyhow::ensure!(
        !(scoring && kinds.iter().any(|k| k == "pass-fail")),
        "problem.yaml: type 'pass-fail' and 'scoring' are incompatible"
    );
    let name = match yaml.name {
        Name::Plain(name) => name,
        Name::ByLanguage(names) => names
            .get("en")
            .or_else(|| names.values().next())
            .cloned()
            .unwrap_or_default(),
    };
    let multipliers = yaml.limits.time_multipliers;
    let multiplier =
        |pick: fn(&TimeMultipliers) -> Option<f64>| multipliers.as_ref().and_then(pick);
    if let Some(limit) = yaml.limits.time_limit {
        anyhow::ensure!(
            limit.is_finite() && limit > 0.0,
            "problem.yaml: limits.time_limit must be a positive number, not {limit}"
        );
    }
    Ok(Metadata {
        keywords: keywords(yaml.keywords),
        format: Format::Modern,
        name,
        scoring,
        interactive,
        multi_pass,
        custom_validation: validation.custom || interactive || multi_pass,
        validator_flags: Vec::new(),
        limits: Limits {
            time_limit: yaml.limits.time_limit,
            ac_to_time_limit: positive(
                multiplier(|m| m.ac_to_time_limit),
                2.0,
                "ac_to_time_limit",
            )?,
            time_limit_to_tle: positive(
                multiplier(|m| m.time_limit_to_tle),
                1.5,
                "time_limit_to_tle",
            )?,
            time_resolution: positive(yaml.limits.time_resolution, 1.0, "time_resolution")?,
            memory_mib: yaml.limits.memory,
            output_mib: yaml.limits.output,
            validation_passes: validation_passes(yaml.limits.validation_passes)?,
        },
    })
}

fn positive(value: Option<f64>, default: f64, key: &str) -> anyhow::Result<f64> {
    let value = value.unwrap_or(default);
    anyhow::ensure!(
        value.is_finite() && value > 0.0,
        "problem.yaml: {key} must be a positive number, not {value}"
    );
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_defaults_and_custom_interactive_validation() {
        let meta = Metadata::parse("name: Guess\nvalidation: custom interactive\n").unwrap();
        assert_eq!(meta.format, Format::Legacy);
        assert!(meta.interactive && meta.custom_validation && !meta.scoring);
        assert_eq!(meta.limits.ac_to_time_limit, 5.0);
        assert_eq!(meta.limits.time_limit_to_tle, 2.0);
    }

    #[test]
    fn legacy_validator_flags_and_scoring() {
        let meta = Metadata::parse(
            "type: scoring\nvalidator_flags: float_tolerance 1e-6\nlimits:\n  memory: 512\n",
        )
        .unwrap();
        assert!(meta.scoring);
        assert_eq!(meta.validator_flags, ["float_tolerance", "1e-6"]);
        assert_eq!(meta.limits.memory_mib, Some(512));
    }

    #[test]
    fn keywords_are_a_list_or_legacy_words() {
        let modern = Metadata::parse(
            "problem_format_version: 2023-07-draft\nname: A\nkeywords: [easy, graphs]\n",
        )
        .unwrap();
        assert_eq!(modern.keywords, ["easy", "graphs"]);
        let legacy = Metadata::parse("name: A\nkeywords: hard  geometry\n").unwrap();
        assert_eq!(legacy.keywords, ["hard", "geometry"]);
        assert!(Metadata::parse("name: A\n").unwrap().keywords.is_empty());
    }

    #[test]
    fn modern_types_names_and_multipliers() {
        let meta = Metadata::parse(
            "problem_format_version: 2023-07-draft\nname:\n  en: Ring\ntype: [scoring, interactive]\n\
             uuid: x\nlimits:\n  time_limit: 2.5\n  time_multipliers:\n    ac_to_time_limit: 3\n",
        )
        .unwrap();
        assert_eq!(meta.format, Format::Modern);
        assert_eq!(meta.name, "Ring");
        assert!(meta.scoring && meta.interactive);
        assert_eq!(meta.limits.time_limit, Some(2.5));
        assert_eq!(meta.limits.ac_to_time_limit, 3.0);
        assert_eq!(meta.limits.time_limit_to_tle, 1.5);
    }

    #[test]
    fn multi_pass_by_type_or_by_the_drafts_validation_key() {
        let by_type = Metadata::parse(
            "problem_format_version: 2023-07-draft\nname: A\ntype: [multi-pass, interactive]\n\
             limits:\n  validation_passes: 5\n",
        )
        .unwrap();
        assert!(by_type.multi_pass && by_type.interactive && by_type.custom_validation);
        assert_eq!(by_type.limits.validation_passes, 5);
        let by_key = Metadata::parse(
            "problem_format_version: 2023-07-draft\nname: A\nvalidation: custom multi-pass\n",
        )
        .unwrap();
        assert!(by_key.multi_pass && !by_key.interactive && by_key.custom_validation);
        assert_eq!(by_key.limits.validation_passes, 2);
        let legacy = Metadata::parse("name: A\nvalidation: custom multi-pass\n").unwrap();
        assert!(legacy.multi_pass);
        assert!(Metadata::parse("name: A\nvalidation: default multi-pass\n").is_err());
        let one = Metadata::parse(
            "problem_format_version: 2023-07-draft\nname: A\ntype: multi-pass\n\
             limits:\n  validation_passes: 1\n",
        );
        assert!(format!("{:#}", one.unwrap_err()).contains("validation_passes"));
    }

    #[test]
    fn modern_refuses_unknown_keys_and_incompatible_types() {
        let unknown =
            Metadata::parse("problem_format_version: 2023-07-draft\nname: A\nvalidator: custom\n");
        assert!(format!("{:#}", unknown.unwrap_err()).contains("validator"));
        let both = Metadata::parse(
            "problem_format_version: 2023-07-draft\nname: A\ntype: [pass-fail, scoring]\n",
        );
        assert!(format!("{:#}", both.unwrap_err()).contains("incompatible"));
    }
}
