//! A submission's growth rate, measured: once it is accepted, it runs on
//! the problem's scaling series (`data/scaling/`, outputs not judged)
//! within a fuel budget, and its fuel per size is fitted ([`fit`]). When
//! `judge verify --insights` recorded the problem's reference solution on
//! the same series, the report says how the two compare.
//!
//! Fuel is deterministic, so the same submission gets the same points, the
//! same fit and a byte-identical report on every run.

pub(crate) mod fit;

use anyhow::Context;
use sandbox::{RunLimits, Sandbox, Termination};
use serde::{Deserialize, Serialize};

pub use fit::{Class, Fit, Point};

use super::judge;
use super::profile::{self, FunctionShare, Profiled, Unit};
use super::program::Program;
use crate::problem::{Problem, Reference, SeriesCase, idle_limit, seconds_to_fuel};

/// The whole series may use this many times a test's fuel limit (and at
/// least [`SERIES_FLOOR_SECONDS`]); a run that would need more ends the
/// series there.
pub(crate) const SERIES_BUDGET: u64 = 10;

/// The least fuel a series gets, in seconds: a language's limit can be
/// small (C++'s derived from fast accepted runs), and the series measures
/// slow submissions too.
const SERIES_FLOOR_SECONDS: f64 = 50.0;

/// Functions a profile keeps.
const PROFILE_FUNCTIONS: usize = 10;

/// How a submission's fuel grows with the size of its input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Growth {
    /// Fuel per size, the baseline (smallest) first.
    pub points: Vec<Point>,
    /// The fit, when enough sizes were measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fit: Option<Fit>,
    /// The fit in words: "≈ O(n log n), fits 0.998 (exponent 1.09, ...)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<String>,
    /// Why the series ended before its largest input, if it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// Fuel the whole series used.
    pub series_fuel: u64,
    /// How it compares with the problem's reference solution, when one is recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Comparison>,
    /// Where the fuel goes on the series' largest input, per function (a
    /// compiled language's submission).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
}

/// A profile of one run: each wasm function's own fuel (or, for Python,
/// each source line's), the most first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Profile {
    /// The input it ran on (`scaling/<name>`): the largest, or for a line
    /// profile the largest whose traced run fits the series' budget.
    pub input: String,
    /// Its size.
    pub n: u64,
    /// What `functions` are: wasm functions, or source lines.
    #[serde(default)]
    pub unit: Unit,
    /// The top functions (or lines).
    pub functions: Vec<FunctionShare>,
    /// How many functions (or lines) ran.
    pub functions_run: usize,
    /// How the profiled run ended ("exited with code 0"; out of fuel, the
    /// profile covers what ran until then).
    pub ended: String,
}

/// A submission's growth beside the reference solution's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Comparison {
    /// The reference solution's package path.
    pub path: String,
    /// Its points on the same series.
    pub points: Vec<Point>,
    /// Its fit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fit: Option<Fit>,
    /// In words: "grows like O(n²) where the reference grows like O(n log n); at n = 16000 it needs 40.2x the fuel".
    pub words: String,
}

impl Growth {
    /// Says how this growth compares with the reference solution's.
    pub(crate) fn compare_with(&mut self, reference: &Reference) {
        self.reference = Some(compare(reference, &self.points, self.fit.as_ref()));
    }

    /// The growth for a terminal: each point, the fit, the comparison.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .points
            .iter()
            .map(|p| format!("growth: n = {:>10}  fuel {:>14}", p.n, p.fuel))
            .collect();
        if let Some(stopped) = &self.stopped {
            lines.push(format!("growth: stopped at {stopped}"));
        }
        lines.push(match &self.words {
            Some(words) => format!("growth: {words}"),
            None => "growth: too few sizes measured to fit".to_owned(),
        });
        if let Some(reference) = &self.reference {
            lines.push(format!("growth: {} ({})", reference.words, reference.path));
        }
        lines.push(format!("growth: the series used {} fuel", self.series_fuel));
        if let Some(profile) = &self.profile {
            lines.push(format!(
                "profile of {} (n = {}), {}:",
                profile.input, profile.n, profile.ended
            ));
            lines.extend(profile::lines(
                profile.unit,
                &profile.functions,
                profile.functions_run,
            ));
        }
        lines
    }
}

/// Runs `program` on the problem's scaling series with `fuel` per test of
/// the problem, and fits its growth; with `profiled` (the program built to
/// be profiled), profiles its run on the largest input too (a line profile,
/// whose tracer costs fuel, on the largest whose plain run needed at most
/// the budget divided by [`profile::TRACED_FUEL`]). Blocking: call
/// it from a worker thread.
pub(crate) fn measure(
    sandbox: &Sandbox,
    problem: &Problem,
    program: &Program,
    fuel: u64,
    profiled: Option<&Profiled>,
) -> anyhow::Result<Growth> {
    let series = problem
        .scaling
        .as_ref()
        .context("the problem has no scaling series")?;
    anyhow::ensure!(
        !problem.metadata.interactive && !problem.metadata.multi_pass,
        "growth rates are measured on problems that read their input, not on interactive or multi-pass ones"
    );
    let runtime = super::runtime()?;
    let budget = fuel
        .saturating_mul(SERIES_BUDGET)
        .max(seconds_to_fuel(SERIES_FLOOR_SECONDS));
    // A run of the series: what is left of its budget, the idle limit of a
    // test, and `slowdown` times the backstop of that fuel.
    let run = |program: &Program, case: &SeriesCase, left: u64, slowdown: u32| {
        let mut spec = program.launch.run_spec(&[]);
        spec.stdin = std::fs::read(&case.input)
            .with_context(|| format!("cannot read {}", case.input.display()))?;
        let limits = judge::limits(problem, left);
        spec.limits = RunLimits {
            wall: limits.wall * slowdown,
            idle: idle_limit(fuel),
            ..limits
        };
        anyhow::Ok(runtime.block_on(sandbox.run(&program.module, &spec))?)
    };
    let mut left = budget;
    let mut points = Vec::new();
    let mut stopped = None;
    for case in &series.cases {
        let outcome = run(program, case, left, 1)?;
        left -= outcome.fuel.min(left);
        if outcome.termination != (Termination::Exited { code: 0 }) {
            stopped = Some(match outcome.termination {
                Termination::OutOfFuel => {
                    format!("n = {}: out of the series' fuel ({budget})", case.n)
                }
                other => format!("n = {}: {other}", case.n),
            });
            break;
        }
        points.push(Point {
            n: case.n,
            fuel: outcome.fuel,
        });
    }
    let fit = fit::fit(&points);
    // A line profile's tracer costs fuel: it runs on the largest input
    // whose plain run leaves room for it.
    let profiled = profiled.and_then(|profiled| {
        let input = match profiled.names.unit() {
            Unit::Function => series.cases.last(),
            Unit::Line => points
                .iter()
                .zip(&series.cases)
                .rev()
                .find(|(point, _)| point.fuel <= budget / profile::TRACED_FUEL)
                .map(|(_, case)| case),
        };
        Some((profiled, input?))
    });
    let profile = match profiled {
        Some((profiled, input)) => {
            let outcome = run(&profiled.program, input, budget, profile::SLOWDOWN)?;
            let (functions, functions_run) = profiled.names.top(&outcome, PROFILE_FUNCTIONS)?;
            Some(Profile {
                input: input.name.clone(),
                n: input.n,
                unit: profiled.names.unit(),
                functions,
                functions_run,
                ended: outcome.termination.to_string(),
            })
        }
        None => None,
    };
    let mut growth = Growth {
        words: fit.as_ref().map(Fit::words),
        series_fuel: points.iter().map(|p| p.fuel).sum(),
        points,
        fit,
        stopped,
        reference: None,
        profile,
    };
    if let Some(reference) = &problem.reference_growth {
        growth.compare_with(reference);
    }
    Ok(growth)
}

/// The record of `growth` of the submission at `path`, as the reference.
pub(crate) fn reference(path: &str, growth: &Growth) -> Reference {
    Reference {
        path: path.to_owned(),
        points: growth.points.iter().map(|p| (p.n, p.fuel)).collect(),
    }
}

/// How `points` (fitted as `fit`) compare with the reference's.
fn compare(reference: &Reference, points: &[Point], fit: Option<&Fit>) -> Comparison {
    let reference_points: Vec<Point> = reference
        .points
        .iter()
        .map(|&(n, fuel)| Point { n, fuel })
        .collect();
    let reference_fit = fit::fit(&reference_points);
    let class = |fit: Option<&Fit>| fit.map_or("an unknown rate", |fit| fit.class.notation());
    let mut words = format!(
        "grows like {} where the reference grows like {}",
        class(fit),
        class(reference_fit.as_ref())
    );
    // At the largest size both measured.
    let common = points.iter().rev().find_map(|p| {
        reference_points
            .iter()
            .find(|r| r.n == p.n)
            .map(|r| (p.n, p.fuel, r.fuel))
    });
    if let Some((n, fuel, reference_fuel)) = common {
        let ratio = fuel as f64 / reference_fuel.max(1) as f64;
        words += &format!("; at n = {n} it needs {ratio:.1}x the fuel");
    }
    Comparison {
        path: reference.path.clone(),
        points: reference_points,
        fit: reference_fit,
        words,
    }
}
