//! What each wasmtime store holds for one run, and the linker of the WASI
//! functions that reach it. Its own file: the executor, the module and the
//! Ruby reactor all name it, and none of them should own it.

use wasmtime::{Caller, Engine};
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
