//! One run of a source on given input, outside any problem: what a pad's Run
//! button, Judge0 submissions and Piston's execute all are. Compile (cached),
//! then one sandbox run with the caller's limits.

use std::time::Duration;

use sandbox::{RunLimits, RunOutcome};

use super::compile::SourceFile;
use super::program::Built;
use crate::languages::Language;
use crate::pipeline::toolbox::Toolbox;

/// What to run.
#[derive(Debug, Clone)]
pub(crate) struct OneShot<'a> {
    /// The language.
    pub language: &'a Language,
    /// The main source.
    pub source: &'a [u8],
    /// Files compiled beside it.
    pub extra: &'a [SourceFile],
    /// Standard input.
    pub stdin: &'a [u8],
    /// Program arguments (after argv\[0\]).
    pub args: &'a [String],
    /// CPU budget in fuel.
    pub fuel: u64,
    /// Linear memory.
    pub memory_bytes: u64,
    /// stdout and stderr each.
    pub output_bytes: usize,
    /// The wall-clock backstop for the whole run.
    pub wall: Duration,
    /// The longest the program may wait in the host without computing.
    pub idle: Duration,
}

/// How it went.
#[derive(Debug)]
pub(crate) enum Ran {
    /// The source did not compile: the log.
    CompileError(String),
    /// It ran.
    Ran(RunOutcome),
}

/// Compiles and runs once. Blocking: call it from a worker thread.
pub(crate) fn run_once(toolbox: &Toolbox, shot: &OneShot<'_>) -> anyhow::Result<Ran> {
    let program = match toolbox.build_source(shot.language, shot.source, shot.extra)? {
        Built::CompileError(log) => return Ok(Ran::CompileError(log)),
        Built::Program(program) => program,
    };
    let mut spec = program.launch.run_spec(shot.args);
    spec.stdin = shot.stdin.to_vec();
    spec.limits = RunLimits {
        fuel: shot.fuel,
        memory_bytes: shot.memory_bytes,
        wall: shot.wall,
        idle: shot.idle,
        stdout_bytes: shot.output_bytes,
        stderr_bytes: shot.output_bytes,
    };
    let runtime = super::runtime()?;
    Ok(Ran::Ran(
        runtime.block_on(toolbox.sandbox.run(&program.module, &spec))?,
    ))
}
