//! A source made runnable: compiled by its runner image, then by the sandbox.

use anyhow::Context;
use sandbox::{CompiledModule, Sandbox};

use super::compile::{Compiled, Compiler, Launch, SourceFile};
use super::native::{self, Native};
use crate::languages::Language;

/// A program ready to run any number of times.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    /// Native code, linked.
    pub module: CompiledModule,
    /// argv, env and grants.
    pub launch: Launch,
    /// Whether its native code came from the cache (no Cranelift ran for it,
    /// in this process or in a `judge __precompile` child).
    pub native_cache_hit: bool,
}

/// What building a source gives.
#[derive(Debug, Clone)]
pub(crate) enum Built {
    /// A runnable program.
    Program(Program),
    /// The source did not compile: the (capped) log.
    CompileError(String),
}

/// Compiles `source` (with `extra` files beside it) in `language` to wasm
/// (cached) and then to native code (cached). Blocking: call it from a
/// worker thread.
pub(crate) fn build(
    compiler: &Compiler,
    sandbox: &Sandbox,
    language: &Language,
    source: &[u8],
    extra: &[SourceFile],
) -> anyhow::Result<Built> {
    match compiler.compile_with(language, source, extra)? {
        Compiled::Error { log } => Ok(Built::CompileError(log)),
        Compiled::Module {
            wasm,
            toolchain,
            launch,
            ..
        } => load(compiler, sandbox, language, &wasm, &toolchain, launch),
    }
}

/// Compiled wasm made runnable: a compiled submission's native code is made
/// under the compile deadline (in a child), a module the sandbox refuses is
/// the source's compile error. An interpreted program runs on its language's
/// interpreter, loaded once per process and pre-initialised where it can be
/// ([`super::interpreter`]).
pub(crate) fn load(
    compiler: &Compiler,
    sandbox: &Sandbox,
    language: &Language,
    wasm: &[u8],
    toolchain: &str,
    launch: Launch,
) -> anyhow::Result<Built> {
    if !language.manifest.compiles_to_wasm() {
        let (interpreter, compiled) = compiler.interpreters.get(
            compiler.cache_dir.as_deref(),
            sandbox,
            language,
            toolchain,
        )?;
        return Ok(Built::Program(Program {
            native_cache_hit: !compiled,
            module: interpreter.for_launch(&launch).clone(),
            launch,
        }));
    }
    let mut compiled_natively = false;
    let deadline = compiler.limits_for(language).time;
    match native::prepare(compiler.helper()?, sandbox, wasm, toolchain, deadline)? {
        Native::Ready => {}
        Native::Compiled => compiled_natively = true,
        Native::Refused(why) => return Ok(Built::CompileError(refused(&why))),
        Native::TimedOut(deadline) => {
            return Ok(Built::CompileError(native::timed_out(deadline)));
        }
    }
    let module = match sandbox.compile(wasm, toolchain) {
        Ok(module) => module,
        Err(sandbox::Error::InvalidModule(why)) => {
            return Ok(Built::CompileError(refused(&why)));
        }
        Err(error) => {
            return Err(error)
                .with_context(|| format!("the sandbox cannot load the {} module", language.id()));
        }
    };
    Ok(Built::Program(Program {
        native_cache_hit: module.from_cache() && !compiled_natively,
        module,
        launch,
    }))
}

/// The compile log of a module that compiled but that the sandbox refuses: a
/// program importing a function WASI does not provide, say. The source asked
/// for it, so it is a compile error, not a fault of the judge. (An
/// interpreter the sandbox refuses is the judge's fault, and stays an `Err`.)
fn refused(why: &str) -> String {
    format!("the compiled program cannot run in the sandbox: {why}\n")
}
