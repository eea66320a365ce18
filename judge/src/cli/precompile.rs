//! `judge __precompile` (hidden): compiles one wasm module to native code
//! into the module cache, in a process of its own, so that its parent can
//! hold it to a deadline (Cranelift cannot be interrupted in-process).
//! Exit 0: cached; 3: the sandbox refuses the module (the reason on stderr).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use sandbox::{Sandbox, SandboxConfig};

/// The exit status for a module the sandbox refuses.
pub(crate) const REFUSED: u8 = 3;

#[derive(Debug, Args)]
pub(crate) struct PrecompileArgs {
    /// The module cache (the parent sandbox's).
    #[arg(long)]
    cache_dir: PathBuf,
    /// The toolchain that made the module (part of the cache key).
    #[arg(long)]
    toolchain: String,
    /// The wasm module.
    wasm: PathBuf,
}

/// Compiles into the cache; `Ok(false)` when the sandbox refuses the module.
pub(crate) fn execute(args: &PrecompileArgs) -> anyhow::Result<bool> {
    let wasm = std::fs::read(&args.wasm)
        .with_context(|| format!("cannot read {}", args.wasm.display()))?;
    let sandbox = Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 1,
        cache_dir: Some(args.cache_dir.clone()),
        ..SandboxConfig::default()
    })?;
    match sandbox.compile(&wasm, &args.toolchain) {
        Ok(_) => Ok(true),
        Err(sandbox::Error::InvalidModule(why)) => {
            let _ = writeln!(std::io::stderr(), "{why}");
            Ok(false)
        }
        Err(error) => Err(error.into()),
    }
}
