//! Clocks that read fuel: for a guest that profiles itself.
//!
//! A module re-linked by [`Sandbox::fuel_clocked`](crate::Sandbox::fuel_clocked)
//! gets its own `clock_time_get`: the monotonic clock reads the fuel the run
//! has spent, as nanoseconds, and the real-time clock reads the virtual
//! epoch plus the same. An interpreter's own profiler (CPython's
//! `sys.settrace` with `time.monotonic_ns`, say) then measures fuel, which
//! is exact and the same on every run, where a real clock would measure
//! noise. Compiled code writes its fuel count back before it calls the
//! host, so each reading is exact to the instruction.

use wasmtime::{Caller, Extern, Linker};

use crate::error::{Error, Result};
use crate::state::RunState;
use crate::wasi::EPOCH_NANOS;

/// WASI's errno values the clock can return.
const ERRNO_SUCCESS: i32 = 0;
const ERRNO_BADF: i32 = 8;
const ERRNO_FAULT: i32 = 21;

/// Shadows WASI's `clock_time_get` in `linker` with the fuel clock.
pub(crate) fn link(linker: &mut Linker<RunState>) -> Result<()> {
    linker.allow_shadowing(true);
    linker
        .func_wrap(
            "wasi_snapshot_preview1",
            "clock_time_get",
            |mut caller: Caller<'_, RunState>, id: i32, _precision: i64, at: i32| {
                let spent = caller
                    .data()
                    .fuel_budget
                    .saturating_sub(caller.get_fuel().unwrap_or(0));
                let now = match id {
                    0 => EPOCH_NANOS + spent,
                    1 => spent,
                    // The CPU-time clocks, which WASI's own implementation
                    // refuses as well.
                    _ => return ERRNO_BADF,
                };
                let Some(Extern::Memory(memory)) = caller.get_export("memory") else {
                    return ERRNO_FAULT;
                };
                let at = at.cast_unsigned() as usize;
                match memory.write(&mut caller, at, &now.to_le_bytes()) {
                    Ok(()) => ERRNO_SUCCESS,
                    Err(_) => ERRNO_FAULT,
                }
            },
        )
        .map_err(|e| Error::runtime("failed to link the fuel clock", e))?;
    Ok(())
}
