//! A program built to be profiled: where its fuel goes, per wasm function.
//!
//! The source is compiled as for judging but without stripping its symbols
//! (C and C++ lose `-s`, so the module keeps its name section; a separately
//! cached build), then the sandbox instruments it ([`sandbox::instrument`]):
//! each function reports its own fuel, exactly. Interpreted languages have
//! no profile of their own here: their wasm functions are the interpreter's.

use anyhow::Context;
use sandbox::{FunctionFuel, Sandbox};

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

/// Flags that strip a module's names.
const STRIPPING: &[&str] = &["-s", "-Wl,-s", "-Wl,--strip-all"];

/// A program instrumented for a profile, and its functions' names.
#[derive(Debug)]
pub(crate) struct Profiled {
    /// The instrumented program.
    pub program: Program,
    /// Function names by the index a profile reports.
    pub names: std::collections::HashMap<u32, String>,
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
    let mut language = language.clone();
    let Some(compile) = &mut language.manifest.compile else {
        anyhow::bail!(
            "a profile is per wasm function, so it is for compiled languages (C, C++, Rust, Go, Zig) and wasm modules: {} runs in an interpreter, whose functions are not the program's",
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
            names: instrumented.names,
        }),
        Built::CompileError(log) => Err(log),
    })
}

/// The toolchain a profiled module is cached under, apart from the plain one.
fn profiled(toolchain: &str) -> String {
    format!("{toolchain} (profiled)")
}

/// The build a report's insights profile: an accepted submission in a
/// compiled language, to a problem with a scaling series, built to be
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
    let wanted = report.verdict == Verdict::Accepted
        && problem.scaling.is_some()
        && language.manifest.compile.is_some();
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
) -> anyhow::Result<(
    sandbox::CompiledModule,
    std::collections::HashMap<u32, String>,
)> {
    let instrumented = sandbox::instrument(wasm)?;
    let module = sandbox
        .compile(&instrumented.wasm, &profiled(toolchain))
        .context("the sandbox cannot load the profiled module")?;
    Ok((module, instrumented.names))
}

/// The top `most` functions of a run's `profile`, named, with their share
/// of the fuel the profile counted.
pub(crate) fn top(
    profile: &[FunctionFuel],
    names: &std::collections::HashMap<u32, String>,
    most: usize,
) -> Vec<FunctionShare> {
    let total: u64 = profile.iter().map(|f| f.fuel).sum::<u64>().max(1);
    profile
        .iter()
        .take(most)
        .map(|f| FunctionShare {
            name: names.get(&f.index).cloned().unwrap_or_default(),
            fuel: f.fuel,
            calls: f.calls,
            // Per mille as a whole number: the same bytes on every run.
            share_permille: f.fuel * 1000 / total,
        })
        .collect()
}

/// One function of a profile, for people.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct FunctionShare {
    /// Its name (from the module's name section), or `function[N]`.
    pub name: String,
    /// Fuel spent in it, not in its callees.
    pub fuel: u64,
    /// How many times it was entered.
    pub calls: u64,
    /// Its share of the run's counted fuel, in thousandths.
    pub share_permille: u64,
}

/// `functions` as lines for a terminal, under a heading that says how many
/// of `of` they are.
pub(crate) fn lines(functions: &[FunctionShare], of: usize) -> Vec<String> {
    let mut lines = vec![format!(
        "profile: fuel per function (its own, not its callees'), the top {} of {of}:",
        functions.len()
    )];
    lines.extend(functions.iter().map(|f| {
        format!(
            "  {:>5.1} %  {:>14} fuel  {:>10} calls  {}",
            f.share_permille as f64 / 10.0,
            f.fuel,
            f.calls,
            f.name
        )
    }));
    lines
}
