//! What each wasmtime store holds for one run, and the linker of the WASI
//! functions that reach it. Its own file: the executor, the module and the
//! Ruby reactor all name it, and none of them should own it.

use wasmtime::Engine;
use wasmtime_wasi::p1::WasiP1Ctx;

use crate::error::{Error, Result};
use crate::limiter::MemoryLimiter;

/// What each store holds: the guest's WASI context and its memory budget.
pub(crate) struct RunState {
    pub(crate) wasi: WasiP1Ctx,
    pub(crate) limiter: MemoryLimiter,
}

/// Links the WASI preview-1 functions every guest may import.
pub(crate) fn linker(engine: &Engine) -> Result<wasmtime::Linker<RunState>> {
    let mut linker = wasmtime::Linker::new(engine);
    wasmtime_wasi::p1::add_to_linker_async(&mut linker, |state: &mut RunState| &mut state.wasi)
        .map_err(|e| Error::runtime("failed to link WASI preview 1", e))?;
    Ok(linker)
}
