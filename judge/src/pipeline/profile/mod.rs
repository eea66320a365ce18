//! A program built to be profiled: where its fuel goes, per wasm function
//! or, for Python, per source line.
//!
//! A compiled language's source is compiled as for judging but without
//! stripping its symbols (C and C++ lose `-s`, so the module keeps its name
//! section; a separately cached build), then the sandbox instruments it
//! ([`sandbox::instrument`]): each function reports its own fuel, exactly.
//! A Python program runs under CPython's own tracer timed by the fuel clock
//! ([`python`]). Other interpreted languages have no profile here: their
//! wasm functions are the interpreter's.

pub(crate) mod python;

use std::collections::HashMap;

use anyhow::Context;
use sandbox::{RunOutcome, Sandbox};

use super::compile::{Compiled, Compiler, SourceFile};
use super::judge::Report;
use super::program::{self, Built, Program};
use super::toolbox::Toolbox;
use super::verdict::Verdict;
use crate::languages::Language;
use crate::problem::Problem;

/// How much longer a profiled run's wall-clock backstop is: each wasm call
/// of the program also makes two calls to the host, which cost time but
/// little fuel.
pub(crate) const SLOWDOWN: u32 = 20;

/// How many times a program's fuel its line-profiled run may need: the
/// tracer runs Python code at every line. A line profile is taken on the
/// largest input whose plain run fits the budget divided by this.
pub(crate) const TRACED_FUEL: u64 = 30;

/// Flags that strip a module's names.
const STRIPPING: &[&str] = &["-s", "-Wl,-s", "-Wl,--strip-all"];

/// The language whose programs get a profile per source line.
const LINE_PROFILED: &str = "python";

/// A program built for a profile, and how to name what it counts.
#[derive(Debug)]
pub(crate) struct Profiled {
    /// The instrumented program.
    pub program: Program,
    /// What the profile counts.
    pub names: Names,
}

/// How a profile's entries are named.
#[derive(Debug)]
pub(crate) enum Names {
    /// Wasm functions, by the index a profile reports.
    Functions(HashMap<u32, String>),
    /// A Python program's source lines.
    Lines(python::Lines),
}

/// What a profile's entries are.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Wasm functions, each with its own fuel (not its callees').
    #[default]
    Function,
    /// Source lines (Python), each with its own fuel and what it called in
    /// the interpreter and the standard library, as counted under CPython's
    /// tracer: tracing slows each line's bytecode (about twice as much fuel
    /// for a line of plain arithmetic), so the shares are what to compare.
    Line,
}

impl Names {
    /// What these name.
    pub(crate) fn unit(&self) -> Unit {
        match self {
            Names::Functions(_) => Unit::Function,
            Names::Lines(_) => Unit::Line,
        }
    }

    /// The top `most` entries of a profiled run that ended as `outcome`,
    /// named, with their shares, and how many entries ran.
    pub(crate) fn top(
        &self,
        outcome: &RunOutcome,
        most: usize,
    ) -> anyhow::Result<(Vec<FunctionShare>, usize)> {
        Ok(match self {
            Names::Functions(names) => ranked(
                outcome
                    .profile
                    .iter()
                    .map(|f| {
                        let name = names.get(&f.index).cloned().unwrap_or_default();
                        (name, f.fuel, f.calls)
                    })
                    .collect(),
                most,
            ),
            Names::Lines(lines) => lines.read(most)?,
        })
    }
}

/// Whether programs in `language` can be profiled.
pub(crate) fn can_profile(language: &Language) -> bool {
    language.manifest.compiles_to_wasm() || language.id() == LINE_PROFILED
}

/// Builds `source` to be profiled, as for judging but from its instrumented
/// wasm; a compile error is the `Err`, its log.
pub(crate) fn build(
    compiler: &Compiler,
    sandbox: &Sandbox,
    language: &Language,
    source: &[u8],
    extra: &[SourceFile],
) -> anyhow::Result<Result<Profiled, String>> {
    if language.id() == LINE_PROFILED {
        return Ok(
            match program::build(compiler, sandbox, language, source, extra)? {
                Built::Program(plain) => {
                    let (program, lines) = python::profiled(sandbox, &plain, source, extra)?;
                    Ok(Profiled {
                        program,
                        names: Names::Lines(lines),
                    })
                }
                Built::CompileError(log) => Err(log),
            },
        );
    }
    let mut language = language.clone();
    let (Some(compile), None) = (
        &mut language.manifest.compile,
        &language.manifest.interpreter,
    ) else {
        anyhow::bail!(
            "a profile is per wasm function for compiled languages (C, C++, Rust, Go, Zig) and wasm modules, and per line for Python: {} runs in an interpreter, whose functions are not the program's",
            language.manifest.name
        );
    };
    compile
        .command
        .retain(|arg| !STRIPPING.contains(&arg.as_str()));
    let (wasm, toolchain, launch) = match compiler.compile_with(&language, source, extra)? {
        Compiled::Error { log } => return Ok(Err(log)),
        Compiled::Module {
            wasm,
            toolchain,
            launch,
            ..
        } => (wasm, toolchain, launch),
    };
    let instrumented = sandbox::instrument(&wasm)?;
    let built = program::load(
        compiler,
        sandbox,
        &language,
        &instrumented.wasm,
        &profiled(&toolchain),
        launch,
    )?;
    Ok(match built {
        Built::Program(program) => Ok(Profiled {
            program,
            names: Names::Functions(instrumented.names),
        }),
        Built::CompileError(log) => Err(log),
    })
}

/// The toolchain a profiled module is cached under, apart from the plain one.
fn profiled(toolchain: &str) -> String {
    format!("{toolchain} (profiled)")
}

/// The build a report's insights profile: an accepted submission in a
/// language that can be profiled, to a problem with a scaling series, built to be
/// profiled; `None` otherwise. A profile is an insight, not the verdict: a
/// failed build leaves the report without one (and says so in the log).
pub(crate) fn for_insights(
    toolbox: &Toolbox,
    problem: &Problem,
    report: &Report,
    language: &Language,
    source: &[u8],
    extra: &[SourceFile],
) -> Option<Profiled> {
    let wanted =
        report.verdict == Verdict::Accepted && problem.scaling.is_some() && can_profile(language);
    if !wanted {
        return None;
    }
    match build(&toolbox.compiler, &toolbox.sandbox, language, source, extra) {
        Ok(Ok(profiled)) => Some(profiled),
        Ok(Err(_)) => {
            tracing::warn!(
                problem = problem.slug,
                "the build for a profile did not compile"
            );
            None
        }
        Err(error) => {
            tracing::warn!(
                error = format!("{error:#}"),
                problem = problem.slug,
                "cannot build for a profile"
            );
            None
        }
    }
}

/// `wasm` instrumented and compiled by the sandbox, with its names.
pub(crate) fn instrumented(
    sandbox: &Sandbox,
    wasm: &[u8],
    toolchain: &str,
) -> anyhow::Result<(sandbox::CompiledModule, Names)> {
    let instrumented = sandbox::instrument(wasm)?;
    let module = sandbox
        .compile(&instrumented.wasm, &profiled(toolchain))
        .context("the sandbox cannot load the profiled module")?;
    Ok((module, Names::Functions(instrumented.names)))
}

/// The first `most` of `entries` (name, fuel, calls; the most fuel
/// first), each with its share of all their fuel, and how many there were.
fn ranked(entries: Vec<(String, u64, u64)>, most: usize) -> (Vec<FunctionShare>, usize) {
    let total: u64 = entries.iter().map(|(_, fuel, _)| fuel).sum::<u64>().max(1);
    let ran = entries.len();
    let top = entries
        .into_iter()
        .take(most)
        .map(|(name, fuel, calls)| FunctionShare {
            name,
            fuel,
            calls,
            // Per mille as a whole number: the same bytes on every run.
            share_permille: fuel * 1000 / total,
        })
        .collect();
    (top, ran)
}

/// One function (or line) of a profile, for people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FunctionShare {
    /// Its name (from the module's name section), or `function[N]`; a
    /// line's is "line 12 in solve: `total += a[i]`".
    pub name: String,
    /// Fuel spent in it, not in its callees (a line: in it and in what it
    /// called outside the program's own code).
    pub fuel: u64,
    /// How many times it was entered (a line: run).
    pub calls: u64,
    /// Its share of the run's counted fuel, in thousandths.
    pub share_permille: u64,
}

/// `functions` (of the `unit`) as lines for a terminal, under a heading
/// that says how many of `of` they are.
pub(crate) fn lines(unit: Unit, functions: &[FunctionShare], of: usize) -> Vec<String> {
    let heading = match unit {
        Unit::Function => "fuel per function (its own, not its callees')",
        Unit::Line => {
            "fuel per source line under the tracer (its own, and the library code it calls)"
        }
    };
    let (count, runs) = match unit {
        Unit::Function => ("calls", "functions"),
        Unit::Line => ("runs", "lines"),
    };
    let mut lines = vec![format!(
        "profile: {heading}, the top {} of {of} {runs}:",
        functions.len()
    )];
    lines.extend(functions.iter().map(|f| {
        format!(
            "  {:>5.1} %  {:>14} fuel  {:>10} {count}  {}",
            f.share_permille as f64 / 10.0,
            f.fuel,
            f.calls,
            f.name
        )
    }));
    lines
}
