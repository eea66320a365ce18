//! What the judge's benchmarks build programs with: a sandbox and a
//! compiler sharing one cache directory, as a worker has them.

use std::path::Path;

use judge::internals::{Compiler, Limits};
use sandbox::{Sandbox, SandboxConfig};

/// A sandbox (native code in `cache/modules`) and a compiler (wasm and
/// snapshots in `cache/wasm`, the `judge` executable as its helper).
pub(crate) fn sandbox_and_compiler(cache: &Path) -> (Sandbox, Compiler) {
    let sandbox = Sandbox::new(&SandboxConfig {
        cache_dir: Some(cache.join("modules")),
        max_concurrent_runs: 2,
        ..SandboxConfig::default()
    })
    .expect("sandbox");
    let compiler = Compiler {
        helper: Some(env!("CARGO_BIN_EXE_judge").into()),
        cache_dir: Some(cache.join("wasm")),
        interpreters: Default::default(),
        hidden: vec![cache.to_owned()],
        limits: Limits::default(),
        shared: None,
    };
    (sandbox, compiler)
}
