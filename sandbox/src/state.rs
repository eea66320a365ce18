//! What each wasmtime store holds for one run, and the linker of the WASI
//! functions that reach it. Its own file: the executor, the module and the
//! Ruby reactor all name it, and none of them should own it.

use wasmtime::{Caller, Engine, Store};
use wasmtime_wasi::p1::WasiP1Ctx;

use crate::error::{Error, Result};
use crate::limiter::MemoryLimiter;
use crate::profile::{self, Profiler};

/// What each store holds: the guest's WASI context, its memory budget, the
/// fuel per function of a profiled module, and the fuel the run started
/// with (what a fuel clock counts from).
pub(crate) struct RunState {
    pub(crate) wasi: WasiP1Ctx,
    pub(crate) limiter: MemoryLimiter,
    pub(crate) profiler: Profiler,
    pub(crate) fuel_budget: u64,
}

impl RunState {
    /// A fresh store for one guest: its WASI context, its memory budget
    /// (`memory_bytes`, peak tracked) and `fuel`.
    pub(crate) fn store(
        engine: &Engine,
        wasi: WasiP1Ctx,
        memory_bytes: u64,
        fuel: u64,
    ) -> Result<Store<RunState>> {
        let mut store = Store::new(
            engine,
            RunState {
                wasi,
                limiter: MemoryLimiter::new(usize::try_from(memory_bytes).unwrap_or(usize::MAX)),
                profiler: Profiler::default(),
                fuel_budget: fuel,
            },
        );
        store.limiter(|state| &mut state.limiter);
        store
            .set_fuel(fuel)
            .map_err(|e| Error::runtime("failed to set fuel", e))?;
        Ok(store)
    }
}

/// What a profiled module's call reaches: the profiler, the function's
/// index and the fuel left.
type Hook = fn(&mut Profiler, u32, u64);

/// Links the WASI preview-1 functions every guest may import, and the two a
/// profiled module calls (`profile.rs`).
pub(crate) fn linker(engine: &Engine) -> Result<wasmtime::Linker<RunState>> {
    let mut linker = wasmtime::Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_async(&mut linker, |state: &mut RunState| &mut state.wasi)
        .map_err(|e| Error::runtime("failed to link WASI preview 1", e))?;
    let hooks: [(&str, Hook); 2] = [("enter", Profiler::enter), ("exit", Profiler::exit)];
    for (name, hook) in hooks {
        linker
            .func_wrap(
                profile::MODULE,
                name,
                move |mut caller: Caller<'_, RunState>, index: i32| {
                    // Compiled code has written its fuel back before this call.
                    let fuel_left = caller.get_fuel().unwrap_or(0);
                    hook(
                        &mut caller.data_mut().profiler,
                        index.cast_unsigned(),
                        fuel_left,
                    );
                },
            )
            .map_err(|e| Error::runtime("failed to link the profiler", e))?;
    }
    Ok(linker)
}
