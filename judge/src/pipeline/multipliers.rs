//! Each language's time multiplier and start-up, measured (`judge verify
//! --multipliers`). The start-up is the fuel of the language's `starter`
//! program on an empty input. The multiplier is how many times C++'s fuel
//! the language's slowest accepted submission needs for the same work
//! (each one's start-up taken off), problem by problem. A runner image's
//! `time_multiplier` should be at least the largest of these, and its
//! `startup_fuel` the measured one (to within a tenth), so that an accepted solution
//! in the language fits the base limit times it, plus its start-up, with
//! the margin C++'s has.

use serde::Serialize;

use sandbox::Termination;

use super::program::Built;
use super::toolbox::Toolbox;
use super::verify::ProblemResult;
use crate::languages::Catalog;

/// The language every multiplier is relative to.
pub(crate) const REFERENCE: &str = "cpp";

/// One language's measured multiplier.
#[derive(Debug, Serialize)]
pub(crate) struct Measured {
    /// The language.
    pub language: String,
    /// Each problem with accepted submissions in both languages, and the
    /// ratio of their slowest ones' fuel, each one's start-up taken off.
    pub ratios: Vec<(String, f64)>,
    /// The largest ratio.
    pub max: f64,
    /// Their geometric mean.
    pub geomean: f64,
    /// The runner image's `time_multiplier`.
    pub manifest: f64,
}

impl Measured {
    /// Whether the manifest's multiplier covers every ratio measured.
    pub(crate) fn covered(&self) -> bool {
        self.manifest >= self.max
    }
}

/// The multipliers `results` measure, for every language of `catalog` with
/// at least one problem in common with C++.
pub(crate) fn measure(results: &[ProblemResult], catalog: &Catalog) -> Vec<Measured> {
    catalog
        .all()
        .iter()
        .filter(|language| language.id() != REFERENCE)
        .filter_map(|language| {
            let work = |result: &ProblemResult, id: &str| {
                let fuel = *result.slowest_accepted.get(id)?;
                let limits = &catalog.get(id)?.manifest.limits;
                Some(limits.work(fuel).max(1) as f64)
            };
            let ratios: Vec<(String, f64)> = results
                .iter()
                .filter_map(|result| {
                    let ratio = work(result, language.id())? / work(result, REFERENCE)?;
                    Some((result.problem.clone(), ratio))
                })
                .collect();
            if ratios.is_empty() {
                return None;
            }
            let max = ratios.iter().map(|(_, r)| *r).fold(0.0, f64::max);
            let logs: f64 = ratios.iter().map(|(_, r)| r.ln()).sum();
            Some(Measured {
                language: language.id().to_owned(),
                geomean: (logs / ratios.len() as f64).exp(),
                max,
                manifest: language.manifest.limits.time_multiplier,
                ratios,
            })
        })
        .collect()
}

/// The table for a terminal.
pub(crate) fn lines(measured: &[Measured]) -> Vec<String> {
    let mut lines = vec![format!(
        "multipliers: fuel of each language's slowest accepted submission ÷ {REFERENCE}'s, start-ups off, per problem"
    )];
    for m in measured {
        lines.push(format!(
            "  {:<12} {} problems · geomean {:.1} · max {:.1} · manifest {} {}",
            m.language,
            m.ratios.len(),
            m.geomean,
            m.max,
            m.manifest,
            if m.covered() {
                "(covers it)"
            } else {
                "(BELOW the largest ratio)"
            }
        ));
    }
    lines
}

/// One language's start-up, measured.
#[derive(Debug, Serialize)]
pub(crate) struct Startup {
    /// The language.
    pub language: String,
    /// Its starter program's fuel on an empty input.
    pub measured: u64,
    /// The runner image's `startup_fuel`.
    pub manifest: u64,
}

impl Startup {
    /// Whether the manifest's start-up is the measured one, to within a
    /// tenth (manifests round it up; an interpreter's start-up may differ by
    /// a few fuel from machine to machine).
    pub(crate) fn covered(&self) -> bool {
        self.manifest.abs_diff(self.measured) <= self.measured / 10 + 1000
    }
}

/// Runs every installed language's starter on an empty input. Blocking.
pub(crate) fn startups(toolbox: &Toolbox) -> anyhow::Result<Vec<Startup>> {
    let runtime = super::runtime()?;
    let mut measured = Vec::new();
    for language in toolbox.catalog.all() {
        if !language.missing().is_empty() {
            continue;
        }
        let starter = language.manifest.starter.as_bytes();
        let program = match toolbox.build_source(language, starter, &[])? {
            Built::Program(program) => program,
            Built::CompileError(log) => {
                anyhow::bail!("the {} starter does not compile: {log}", language.id())
            }
        };
        let spec = program.launch.run_spec(&[]);
        let outcome = runtime.block_on(toolbox.sandbox.run(&program.module, &spec))?;
        anyhow::ensure!(
            outcome.termination == Termination::Exited { code: 0 },
            "the {} starter ended with {}",
            language.id(),
            outcome.termination
        );
        measured.push(Startup {
            language: language.id().to_owned(),
            measured: outcome.fuel,
            manifest: language.manifest.limits.startup_fuel,
        });
    }
    Ok(measured)
}

/// The start-ups for a terminal.
pub(crate) fn startup_lines(startups: &[Startup]) -> Vec<String> {
    let mut lines = vec!["start-ups: fuel of each language's starter on an empty input".to_owned()];
    for s in startups {
        lines.push(format!(
            "  {:<12} {:>12} · manifest {:>12} {}",
            s.language,
            s.measured,
            s.manifest,
            if s.covered() {
                "(covers it)"
            } else {
                "(NOT within 10 % of it)"
            }
        ));
    }
    lines
}
