//! Runs a WebAssembly module under fuel and memory limits and reads the
//! outcome: a greeting, then a loop that never ends, stopped by its fuel.
//!
//!     cargo run -p sandbox --example run_with_limits

use std::io::Write;
use std::time::Duration;

use sandbox::{RunLimits, RunSpec, Sandbox, SandboxConfig};

const HELLO: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, sandbox\n")
  (data (i32.const 0) "\10\00\00\00\0f\00\00\00")
  (func (export "_start") (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))"#;

const SPIN: &str = r#"(module (func (export "_start") (loop (br 0))))"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::new(&SandboxConfig {
        max_concurrent_runs: 1,
        ..SandboxConfig::default()
    })?;
    let spec = RunSpec {
        limits: RunLimits {
            fuel: 100_000_000,
            memory_bytes: 16 << 20,
            wall: Duration::from_secs(5),
            ..RunLimits::default()
        },
        ..RunSpec::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let mut out = std::io::stdout().lock();
    for (name, wat) in [("hello", HELLO), ("spin", SPIN)] {
        // Text or binary wasm; "wat" names the toolchain in the cache key.
        let module = sandbox.compile(wat.as_bytes(), "wat")?;
        let outcome = runtime.block_on(sandbox.run(&module, &spec))?;
        writeln!(
            out,
            "{name}: {} · fuel {} · stdout {:?}",
            outcome.termination,
            outcome.fuel,
            String::from_utf8_lossy(&outcome.stdout)
        )?;
    }
    Ok(())
}
