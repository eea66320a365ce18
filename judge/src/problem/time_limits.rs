//! A problem's time limit in each language.
//!
//! One fuel budget for every language is unfair by design: CPython spends
//! thousands of fuel per loop iteration where C++ spends a handful. A
//! package that states its `time_limit` chose one limit for every language
//! (the Kattis way: set from its slowest accepted submission, often
//! Python), and gets it as it is. A package whose limits are derived gets a
//! base limit, C++'s (derived from its accepted submissions as C++ would
//! need them), and a language whose accepted submissions derived its own
//! limit gets that one; any other gets the base times its runner image's
//! `time_multiplier`, plus its start-up, measured on the bank (`judge
//! verify --multipliers`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits::{FUEL_PER_SECOND, seconds_to_fuel};
use crate::languages::Manifest;

/// A problem's time limits.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimeLimits {
    /// The package's limit for every language, or the derived C++ limit
    /// other languages multiply.
    pub base: f64,
    /// Whether `base` is the package's own or derived.
    pub origin: Origin,
    /// Limits derived from each language's own accepted submissions.
    pub languages: BTreeMap<String, f64>,
}

/// Where a problem's base limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// `problem.yaml`'s `time_limit`.
    Package,
    /// Derived from the accepted submissions and recorded.
    Derived,
}

/// The limit a submission in one language gets, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LanguageLimit {
    /// The language's id.
    pub language: String,
    /// The limit in seconds (of fuel, at the judge's fixed rate).
    pub seconds: f64,
    /// The same, in fuel.
    pub fuel: u64,
    /// Where it comes from.
    pub source: LimitSource,
    /// In words: "the base 1 s × Python's multiplier 40".
    pub why: String,
}

/// Where a language's limit comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LimitSource {
    /// Derived from the accepted submissions in this language.
    Accepted,
    /// The base limit times the language's multiplier, plus its start-up.
    Multiplier,
    /// The package's own `time_limit`, the same for every language.
    Package,
}

impl TimeLimits {
    /// The limit for a submission in `language`.
    pub(crate) fn for_language(&self, language: &Manifest) -> LanguageLimit {
        let own = self.languages.get(&language.id);
        let (seconds, source, why) = match own {
            None if self.origin == Origin::Package => (
                self.base,
                LimitSource::Package,
                "the package's time_limit, for every language".to_owned(),
            ),
            Some(&seconds) => (
                seconds,
                LimitSource::Accepted,
                format!("derived from the accepted {} submissions", language.name),
            ),
            None => {
                let limits = &language.limits;
                let multiplier = limits.time_multiplier;
                let startup = in_millis(limits.startup_fuel as f64 / FUEL_PER_SECOND as f64);
                let mut why = format!(
                    "the derived base {} s × {}'s multiplier {multiplier}",
                    self.base, language.name
                );
                if startup > 0.0 {
                    why += &format!(" + its start-up {startup} s");
                }
                (
                    in_millis(self.base * multiplier + startup),
                    LimitSource::Multiplier,
                    why,
                )
            }
        };
        LanguageLimit {
            language: language.id.clone(),
            seconds,
            fuel: seconds_to_fuel(seconds),
            source,
            why,
        }
    }
}

/// `text` as TOML comment lines of at most about 90 characters.
fn comment(text: &str) -> String {
    let mut lines = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + word.len() > 90 {
            lines.push_str(&line);
            lines.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    lines.push_str(&line);
    lines.push('\n');
    lines
}

impl From<Record> for TimeLimits {
    /// The limits a record holds: derived ones.
    fn from(record: Record) -> Self {
        Self {
            base: record.time_limit,
            origin: Origin::Derived,
            languages: record.languages,
        }
    }
}

/// `seconds` rounded up to a whole millisecond, so that limits print as
/// people write them.
fn in_millis(seconds: f64) -> f64 {
    (seconds * 1000.0).ceil() / 1000.0
}

/// What `judge-time-limit.toml` holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Record {
    /// The base limit.
    pub time_limit: f64,
    /// Each language's own, by id.
    #[serde(default)]
    pub languages: BTreeMap<String, f64>,
}

impl Record {
    /// Checks that every limit is a positive number of seconds.
    pub(crate) fn check(&self) -> anyhow::Result<()> {
        let positive = |seconds: f64| seconds.is_finite() && seconds > 0.0;
        anyhow::ensure!(positive(self.time_limit), "time_limit must be positive");
        for (language, &seconds) in &self.languages {
            anyhow::ensure!(
                positive(seconds),
                "the limit of {language} must be positive"
            );
        }
        Ok(())
    }

    /// The record as the file's text, under a comment that says `why`.
    pub(crate) fn text(&self, why: &str) -> String {
        let header = format!(
            "Written by `judge verify` (or `judge test`, or on upload): the time limits derived \
             from the accepted submissions ({why}). Delete it to derive them again. time_limit \
             is C++'s, and what a language with no accepted submission multiplies by its runner \
             image's time_multiplier; [languages] are derived from each one's own."
        );
        let mut text = comment(&header);
        text.push_str(&format!("time_limit = {}\n", self.time_limit));
        if !self.languages.is_empty() {
            text.push_str("\n[languages]\n");
            for (language, seconds) in &self.languages {
                text.push_str(&format!("{language} = {seconds}\n"));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(id: &str, multiplier: f64, startup: u64) -> Manifest {
        let text = format!(
            "id = \"{id}\"\nname = \"{id}\"\nextensions = [\"x\"]\nsource_file = \"main.x\"\n\
             version_command = [\"true\"]\nrequires = []\n\
             [interpreter]\nmodule = \"m.wasm\"\nargs = [\"m\"]\n\
             [limits]\ntime_multiplier = {multiplier}\nstartup_fuel = {startup}\n"
        );
        Manifest::parse(&text, id).unwrap()
    }

    #[test]
    fn a_language_gets_its_own_derived_limit_else_the_base_times_its_multiplier() {
        let limits = TimeLimits {
            base: 0.25,
            origin: Origin::Derived,
            languages: BTreeMap::from([("python".to_owned(), 3.0)]),
        };
        let python = limits.for_language(&manifest("python", 40.0, 0));
        assert_eq!(
            (python.seconds, python.source),
            (3.0, LimitSource::Accepted)
        );
        assert_eq!(python.fuel, seconds_to_fuel(3.0));
        let ruby = limits.for_language(&manifest("ruby", 37.5, 0));
        assert_eq!(
            (ruby.seconds, ruby.source),
            (9.375, LimitSource::Multiplier)
        );
        assert_eq!(ruby.why, "the derived base 0.25 s × ruby's multiplier 37.5");
        // Start-up is added once, not multiplied: 0.25 × 2 + 0.1 s.
        let lua = limits.for_language(&manifest("lua", 2.0, 200_000_000));
        assert_eq!(lua.seconds, 0.6);
        assert_eq!(
            lua.why,
            "the derived base 0.25 s × lua's multiplier 2 + its start-up 0.1 s"
        );
    }

    #[test]
    fn a_package_s_own_limit_is_every_language_s() {
        let limits = TimeLimits {
            base: 2.0,
            origin: Origin::Package,
            languages: BTreeMap::new(),
        };
        let python = limits.for_language(&manifest("python", 23.6, 109_000_000));
        assert_eq!((python.seconds, python.source), (2.0, LimitSource::Package));
        let cpp = limits.for_language(&manifest("cpp", 1.0, 0));
        assert_eq!(cpp.seconds, 2.0);
    }

    #[test]
    fn the_record_reads_back_what_it_wrote() {
        let record = Record {
            time_limit: 0.5,
            languages: BTreeMap::from([("javascript".to_owned(), 1.5), ("python".to_owned(), 4.0)]),
        };
        let text = record.text("why");
        let read: Record = toml::from_str(&text).unwrap();
        assert_eq!(read.time_limit, 0.5);
        assert_eq!(read.languages, record.languages);
        assert!(read.check().is_ok());
        let old: Record = toml::from_str("time_limit = 1\n").unwrap();
        assert!(old.languages.is_empty());
        let bad: Record = toml::from_str("time_limit = 1\n[languages]\nc = -1\n").unwrap();
        assert!(bad.check().is_err());
    }
}
