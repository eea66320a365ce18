//! Engine-wide settings, and the one place where wasmtime is configured.

use std::path::PathBuf;
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use crate::error::{Error, Result};

/// Settings shared by every run of one [`Sandbox`](crate::Sandbox).
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The largest memory limit any run may ask for, in bytes (at most 4 GiB,
    /// wasm32's ceiling). Each pool slot reserves this much address space.
    pub max_memory_bytes: u64,
    /// The wasm call stack, in bytes. 256 MiB lets C recurse about 10^6 frames
    /// deep (DFS on a path graph), which interview problems expect.
    pub max_wasm_stack_bytes: usize,
    /// Runs that can be in flight at once; pool slots are sized to it. A run
    /// beyond it fails with [`Error::Runtime`], so callers bound their
    /// concurrency to this number. Each may hold up to
    /// [`MAX_OPEN_HANDLES`](crate::MAX_OPEN_HANDLES) files, and
    /// [`Sandbox::new`](crate::Sandbox::new) checks the process can open
    /// that many for all of them.
    pub max_concurrent_runs: u32,
    /// Where compiled modules are cached. `None` compiles in memory every time.
    pub cache_dir: Option<PathBuf>,
    /// How often the wall-clock backstop is checked while a guest computes.
    pub epoch_tick: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            max_memory_bytes: 4 << 30,
            max_wasm_stack_bytes: 256 << 20,
            max_concurrent_runs: 16,
            cache_dir: None,
            epoch_tick: Duration::from_millis(5),
        }
    }
}

/// Stack pages kept resident between runs; the rest is decommitted so that
/// one deep recursion does not pin hundreds of MiB per pool slot.
const STACK_KEEP_RESIDENT: usize = 64 << 10;
/// Headroom on the fiber stack for host calls made from the deepest wasm frame.
const HOST_STACK_HEADROOM: usize = 1 << 20;

impl SandboxConfig {
    pub(crate) fn build_engine(&self) -> Result<Engine> {
        if self.max_memory_bytes == 0 || self.max_memory_bytes > 4 << 30 {
            return Err(Error::InvalidConfig(format!(
                "max_memory_bytes must be between 1 and 4 GiB, not {}",
                self.max_memory_bytes
            )));
        }
        if self.max_concurrent_runs == 0 {
            return Err(Error::InvalidConfig(
                "max_concurrent_runs must be at least 1".into(),
            ));
        }
        let max_memory = usize::try_from(self.max_memory_bytes)
            .map_err(|_| Error::InvalidConfig("max_memory_bytes does not fit in usize".into()))?;
        let fiber_stack = self.max_wasm_stack_bytes + HOST_STACK_HEADROOM;

        let mut pool = PoolingAllocationConfig::new();
        // A guest that uses exceptions (Lua's pcall) also gets a GC heap,
        // which the pool backs with a second memory slot.
        let memories = self.max_concurrent_runs.saturating_mul(2);
        pool.total_core_instances(self.max_concurrent_runs)
            .total_memories(memories)
            .total_gc_heaps(self.max_concurrent_runs)
            .total_tables(self.max_concurrent_runs)
            .total_stacks(self.max_concurrent_runs)
            .total_component_instances(0)
            .max_memory_size(max_memory)
            .table_elements(1 << 20)
            .async_stack_keep_resident(STACK_KEEP_RESIDENT);

        let mut config = Config::new();
        config
            // Determinism: fuel is the CPU budget; NaN bit patterns and relaxed
            // SIMD are made identical on every host architecture.
            .consume_fuel(true)
            .cranelift_nan_canonicalization(true)
            .relaxed_simd_deterministic(true)
            // The wall-clock backstop.
            .epoch_interruption(true)
            // Guests run on pooled fiber stacks, so their depth does not depend
            // on the stack of whichever thread calls the sandbox.
            .max_wasm_stack(self.max_wasm_stack_bytes)
            .async_stack_size(fiber_stack)
            .async_stack_zeroing(true)
            // Lua's pcall is built on the exception-handling proposal.
            .wasm_exceptions(true)
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool));

        Engine::new(&config).map_err(|e| Error::runtime("failed to build the wasmtime engine", e))
    }
}
