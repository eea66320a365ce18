//! Native code for a submission's module, made under a deadline. Cranelift
//! cannot be interrupted inside a process, and a hostile module (one huge
//! function, say) can keep it busy for minutes: so it runs in a child
//! process (`judge __precompile`) that writes the module cache and is killed,
//! with its process group, when the deadline passes. The parent then loads
//! the cached code. Without a cache there is nowhere to hand the code over:
//! the sandbox compiles in-process, with no deadline (the CLI's `--no-cache`).

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;
use sandbox::Sandbox;

/// The exit status of `judge __precompile` for a refused module.
const REFUSED: i32 = 3;

/// How making native code ahead of loading went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Native {
    /// `Sandbox::compile` can go ahead: the code was cached already (or
    /// there is no cache, and it compiles in-process).
    Ready,
    /// The child compiled it: `Sandbox::compile` loads it from the cache.
    Compiled,
    /// The sandbox refuses the module: why.
    Refused(String),
    /// Cranelift ran past the deadline and was stopped.
    TimedOut(Duration),
}

/// Compiles `wasm` into `sandbox`'s cache in a child process (`helper` is
/// the `judge` executable), stopped after `deadline`.
pub fn prepare(
    helper: &Path,
    sandbox: &Sandbox,
    wasm: &[u8],
    toolchain: &str,
    deadline: Duration,
) -> anyhow::Result<Native> {
    let Some(cache) = sandbox.cache_dir() else {
        return Ok(Native::Ready);
    };
    if sandbox.is_cached(wasm, toolchain) {
        return Ok(Native::Ready);
    }
    let input = tempfile::NamedTempFile::new().context("cannot write the module for compiling")?;
    std::fs::write(input.path(), wasm)?;
    let mut child = Command::new(helper)
        .arg("__precompile")
        .arg("--cache-dir")
        .arg(cache)
        .arg("--toolchain")
        .arg(toolchain)
        .arg(input.path())
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .context("cannot start the native compile")?;
    let group = Pid::from_raw(i32::try_from(child.id()).context("pid out of range")?);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() >= deadline {
            let _ = killpg(group, Signal::SIGKILL);
            let _ = child.wait();
            return Ok(Native::TimedOut(deadline));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let mut reason = String::new();
    if let Some(stderr) = child.stderr.take() {
        let _ = stderr.take(64 << 10).read_to_string(&mut reason);
    }
    match status.code() {
        Some(0) => Ok(Native::Compiled),
        Some(REFUSED) => Ok(Native::Refused(reason.trim().to_owned())),
        _ => anyhow::bail!("the native compile failed ({status}): {}", reason.trim()),
    }
}

/// The compile log for a module Cranelift could not finish in time.
pub(crate) fn timed_out(deadline: Duration) -> String {
    format!(
        "the program took more than {} s to compile to native code; make it smaller (fewer or shorter functions)\n",
        deadline.as_secs()
    )
}
