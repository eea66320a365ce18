//! Runs untrusted WASI preview-1 command modules under limits, deterministically.
//!
//! Besides commands (which export `_start`), it runs the one reactor the judge
//! needs, ruby.wasm, through a small adapter that makes it behave like one.
//!
//! This crate narrows wasmtime to what a judge needs. The flow:
//!
//! 1. [`Sandbox::new`] builds the one engine of the process from a
//!    [`SandboxConfig`] (pooling allocator, fuel, epochs, fiber stacks).
//! 2. [`Sandbox::compile`] turns wasm bytes into a [`CompiledModule`], through
//!    the on-disk cache when one is configured.
//! 3. [`Sandbox::run`] runs it once in a fresh store, as a [`RunSpec`] says
//!    (stdin, argv, env, read-only grants, [`RunLimits`], [`Determinism`]),
//!    and returns a [`RunOutcome`] whose [`Termination`] says how it ended.
//!
//! Whatever the guest does is an `Ok` outcome; `Err` is kept for the sandbox's
//! own faults. No wasmtime type appears in this API.
#![deny(missing_docs)]

mod cache;
mod classify;
mod config;
mod epoch;
mod error;
mod execute;
mod fuel_clock;
mod limiter;
mod module;
mod outcome;
mod output;
mod profile;
mod quota;
mod ruby;
mod snapshot;
mod spec;
mod state;
mod wasi;

use sha2::{Digest, Sha256};
use wasmtime::{Engine, ExternType, Linker, Module};

pub use config::SandboxConfig;
pub use error::{BoxError, Error, Result};
pub use module::CompiledModule;
pub use outcome::{MAX_SEGMENTS, OutputSegment, OutputStream, RunOutcome, Termination, TrapKind};
pub use profile::{FunctionFuel, Instrumented, instrument};
pub use snapshot::Snapshot;
pub use spec::{Determinism, Preopen, RunLimits, RunSpec, WriteQuota};
pub use wasi::MAX_OPEN_HANDLES;

use cache::ModuleCache;
use epoch::EpochTicker;
use module::Entry;
use state::RunState;

/// The judge's wasm executor: one per process, shared by every run.
pub struct Sandbox {
    engine: Engine,
    linker: Linker<RunState>,
    cache: Option<ModuleCache>,
    max_memory_bytes: u64,
    _ticker: EpochTicker,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("cache", &self.cache)
            .field("max_memory_bytes", &self.max_memory_bytes)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Builds the engine and starts the epoch ticker that backs wall-clock
    /// deadlines. Raises the process's soft open-file limit to its hard one
    /// when `max_concurrent_runs` runs could otherwise exhaust it, and is an
    /// [`Error::InvalidConfig`] when even the hard one is too low.
    pub fn new(config: &SandboxConfig) -> Result<Self> {
        let engine = config.build_engine()?;
        let cache = match &config.cache_dir {
            Some(dir) => Some(ModuleCache::open(dir, &engine)?),
            None => None,
        };
        let ticker =
            EpochTicker::start(engine.clone(), config.epoch_tick).map_err(|e| Error::Runtime {
                context: "failed to start the epoch thread",
                source: e.into(),
            })?;
        wasi::reserve_descriptors(config.max_concurrent_runs)?;
        Ok(Self {
            linker: state::linker(&engine)?,
            engine,
            cache,
            max_memory_bytes: config.max_memory_bytes,
            _ticker: ticker,
        })
    }

    /// Compiles wasm (binary, or text format) to native code and links it.
    ///
    /// `toolchain` names what produced the bytes (for example `clang-19.1.7`);
    /// it is part of the cache key. Compiling is CPU-bound (Cranelift): call
    /// it off async runtime threads.
    pub fn compile(&self, wasm: &[u8], toolchain: &str) -> Result<CompiledModule> {
        self.compile_as(wasm, toolchain, false)
    }

    /// [`Sandbox::compile`] for a module [`Sandbox::snapshot`] made: a run of
    /// a snapshot of ruby.wasm's reactor skips the VM's start-up, which the
    /// snapshot holds. (A command's snapshot starts at `_start` like any
    /// command.)
    pub fn compile_snapshot(&self, wasm: &[u8], toolchain: &str) -> Result<CompiledModule> {
        self.compile_as(wasm, toolchain, true)
    }

    fn compile_as(&self, wasm: &[u8], toolchain: &str, started: bool) -> Result<CompiledModule> {
        let sha256: [u8; 32] = Sha256::digest(wasm).into();
        let cached = self
            .cache
            .as_ref()
            .and_then(|c| c.load(&self.engine, &sha256, toolchain));
        let from_cache = cached.is_some();
        let module = match cached {
            Some(module) => module,
            None => Module::new(&self.engine, wasm).map_err(|e| Error::InvalidModule(chain(&e)))?,
        };
        let entry = match entry(&module)? {
            Entry::RubyReactor if started => Entry::RubyStarted,
            entry => entry,
        };
        let pre = match entry {
            Entry::Command => self.linker.instantiate_pre(&module),
            Entry::RubyReactor | Entry::RubyStarted => {
                let mut linker = self.linker.clone();
                ruby::link(&mut linker, &module)?;
                linker.instantiate_pre(&module)
            }
        }
        .map_err(|e| Error::InvalidModule(chain(&e)))?;
        if let (Some(cache), false) = (&self.cache, from_cache) {
            cache.store(&module, &sha256, toolchain)?;
        }
        Ok(CompiledModule {
            pre,
            entry,
            sha256,
            from_cache,
        })
    }

    /// `module` linked again so that its clocks read the fuel its run has
    /// spent: the monotonic clock counts one nanosecond per unit of fuel
    /// from zero, the real-time clock the same from 2024-01-01T00:00:00Z.
    /// For an interpreter that profiles the program it runs with its own
    /// timers: they then measure fuel, exactly and identically on every
    /// run. Cheap: the native code is shared.
    pub fn fuel_clocked(&self, module: &CompiledModule) -> Result<CompiledModule> {
        let mut linker = self.linker.clone();
        fuel_clock::link(&mut linker)?;
        if module.entry.is_ruby() {
            ruby::link(&mut linker, module.pre.module())?;
        }
        let pre = linker
            .instantiate_pre(module.pre.module())
            .map_err(|e| Error::InvalidModule(chain(&e)))?;
        Ok(CompiledModule {
            pre,
            ..module.clone()
        })
    }

    /// `wasm` pre-initialised: instantiated as `spec` says, its export `init`
    /// (no parameters, no results) called once, and the instance's memory and
    /// globals written into a new module that starts where `init` left off
    /// (Wizer). For ruby.wasm's reactor, `init` is ignored: the
    /// initialisation is the adapter's start of the VM (`spec`'s `argv[0]` is
    /// the program's name). The initialisation runs like any guest, under
    /// `spec`'s limits; if it does not return, that is [`Error::Snapshot`].
    ///
    /// What the module keeps of its host (the directories it was granted,
    /// its environment) is the module's to refresh when a run starts: an
    /// interpreter built on wasi-libc does, since its constructors run again
    /// on `_start`; ruby.wasm does not, so its runs must be granted the
    /// same directories in the same order. Compile the new module with
    /// [`Sandbox::compile_snapshot`].
    pub async fn snapshot(&self, wasm: &[u8], init: &str, spec: &RunSpec) -> Result<Snapshot> {
        snapshot::take(&self.engine, &self.linker, wasm, init, spec).await
    }

    /// The compiled-module cache's directory, when there is one.
    pub fn cache_dir(&self) -> Option<&std::path::Path> {
        self.cache.as_ref().map(ModuleCache::dir)
    }

    /// Whether the cache holds native code for these bytes, so that
    /// [`Sandbox::compile`] would load rather than run Cranelift.
    pub fn is_cached(&self, wasm: &[u8], toolchain: &str) -> bool {
        let sha256: [u8; 32] = Sha256::digest(wasm).into();
        self.cache
            .as_ref()
            .is_some_and(|cache| cache.holds(&sha256, toolchain))
    }

    /// Runs `module` once in a fresh store.
    ///
    /// Must be awaited inside a Tokio runtime with its time driver enabled.
    /// The guest runs on a pooled fiber stack, so the calling thread's stack
    /// size does not matter; the work is CPU-bound, so a service should drive
    /// it from dedicated threads rather than its request-serving runtime.
    pub async fn run(&self, module: &CompiledModule, spec: &RunSpec) -> Result<RunOutcome> {
        execute::run(&self.engine, self.max_memory_bytes, module, spec, None).await
    }

    /// Runs two modules at once, each one's stdout connected to the other's
    /// stdin: an interactive problem's validator and a submission. Their
    /// specs' `stdin` is ignored and their outcomes' `stdout` is empty. When
    /// one ends, the other reads end-of-file and its writes fail, so neither
    /// waits for a peer that is gone; two guests that wait for each other
    /// end at their wall-clock limits.
    pub async fn run_connected(
        &self,
        first: (&CompiledModule, &RunSpec),
        second: (&CompiledModule, &RunSpec),
    ) -> Result<(RunOutcome, RunOutcome)> {
        let (first_end, second_end) = tokio::io::duplex(wasi::WIRE_BUFFER_BYTES);
        let (a, b) = tokio::join!(
            execute::run(
                &self.engine,
                self.max_memory_bytes,
                first.0,
                first.1,
                Some(wasi::Wiring(first_end)),
            ),
            execute::run(
                &self.engine,
                self.max_memory_bytes,
                second.0,
                second.1,
                Some(wasi::Wiring(second_end)),
            ),
        );
        Ok((a?, b?))
    }
}

/// A WASI command exports `_start: [] -> []`; the one reactor the sandbox
/// can drive is ruby.wasm's.
fn entry(module: &Module) -> Result<Entry> {
    match module.get_export("_start") {
        Some(ExternType::Func(ty)) if ty.params().len() == 0 && ty.results().len() == 0 => {
            Ok(Entry::Command)
        }
        None if ruby::is_reactor(module) => Ok(Entry::RubyReactor),
        Some(_) => Err(Error::InvalidModule(
            "`_start` is not a function of no arguments".into(),
        )),
        None => Err(Error::InvalidModule(
            "the module exports no `_start` function, so it is not a WASI command".into(),
        )),
    }
}

/// An error and its causes on one line.
fn chain(error: &wasmtime::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
}
