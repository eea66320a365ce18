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
use super::program::{Built, Program};
use crate::languages::Language;

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

/// Builds `source` to be profiled; a compile error is the `Err` of `Built`.
pub(crate) fn build(
    compiler: &Compiler,
    sandbox: &Sandbox,
    language: &Language,
    source: &[u8],
    extra: &[SourceFile],
) -> anyhow::Result<Result<Profiled, Built>> {
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
    match compiler.compile_with(&language, source, extra)? {
        Compiled::Error { log } => Ok(Err(Built::CompileError(log))),
        Compiled::Module {
            wasm,
            toolchain,
            launch,
            ..
        } => {
            let (module, names) = instrumented(sandbox, &wasm, &toolchain)?;
            Ok(Ok(Profiled {
                program: Program {
                    module,
                    launch,
                    native_cache_hit: false,
                },
                names,
            }))
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
        .compile(&instrumented.wasm, &format!("{toolchain} (profiled)"))
        .context("the sandbox cannot load the profiled module")?;
    Ok((module, instrumented.names))
}

/// The top `most` functions of `profile` as lines for a terminal: share of
/// the counted fuel, fuel, calls, name.
pub(crate) fn lines(
    profile: &[FunctionFuel],
    names: &std::collections::HashMap<u32, String>,
    most: usize,
) -> Vec<String> {
    let total: u64 = profile.iter().map(|f| f.fuel).sum::<u64>().max(1);
    let mut lines = vec![format!(
        "judge: profile, fuel per function (its own, not its callees'), the top {} of {}:",
        most.min(profile.len()),
        profile.len()
    )];
    lines.extend(profile.iter().take(most).map(|f| {
        format!(
            "  {:>5.1} %  {:>14} fuel  {:>10} calls  {}",
            f.fuel as f64 * 100.0 / total as f64,
            f.fuel,
            f.calls,
            names.get(&f.index).map_or("?", String::as_str)
        )
    }));
    lines
}
