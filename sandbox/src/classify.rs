//! Turns what wasmtime reports at the end of a run into a [`Termination`].

use wasmtime::Trap;
use wasmtime_wasi::I32Exit;

use crate::error::{Error, Result};
use crate::limiter::MemoryLimitExceeded;
use crate::outcome::{Termination, TrapKind};
use crate::output::OutputLimitExceeded;
use crate::ruby::UnsupportedImport;

/// Every ending a guest can cause becomes a `Termination`; anything else is a
/// sandbox fault and stays an `Err`, so that it is seen rather than blamed on
/// the guest.
pub(crate) fn classify(error: wasmtime::Error) -> Result<Termination> {
    if let Some(exit) = find::<I32Exit>(&error) {
        return Ok(Termination::Exited { code: exit.0 });
    }
    if find::<MemoryLimitExceeded>(&error).is_some() {
        return Ok(Termination::MemoryLimit);
    }
    if let Some(overflow) = find::<OutputLimitExceeded>(&error) {
        return Ok(Termination::OutputLimit {
            stream: overflow.stream,
        });
    }
    if find::<UnsupportedImport>(&error).is_some() {
        return Ok(Termination::Trap {
            trap: TrapKind::UnsupportedImport,
        });
    }
    if let Some(wasmtime_wasi::ResourceTableError::Full) = find(&error) {
        return Ok(Termination::Trap {
            trap: TrapKind::TooManyOpenFiles,
        });
    }
    if find::<wasmtime::ThrownException>(&error).is_some() {
        return Ok(Termination::Trap {
            trap: TrapKind::UncaughtException,
        });
    }
    match find::<Trap>(&error) {
        Some(trap) => Ok(from_trap(*trap)),
        None => Err(Error::runtime(
            "the sandbox failed while running the guest",
            error,
        )),
    }
}

fn find<E: std::error::Error + Send + Sync + 'static>(error: &wasmtime::Error) -> Option<&E> {
    error
        .downcast_ref::<E>()
        .or_else(|| error.chain().find_map(|cause| cause.downcast_ref::<E>()))
}

fn from_trap(trap: Trap) -> Termination {
    let kind = match trap {
        Trap::OutOfFuel => return Termination::OutOfFuel,
        Trap::Interrupt => return Termination::WallTimeout,
        Trap::StackOverflow => return Termination::StackOverflow,
        Trap::UnreachableCodeReached => TrapKind::Unreachable,
        Trap::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        Trap::IntegerOverflow => TrapKind::IntegerOverflow,
        Trap::BadConversionToInteger => TrapKind::BadConversionToInteger,
        Trap::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        Trap::IndirectCallToNull => TrapKind::IndirectCallToNull,
        Trap::BadSignature => TrapKind::BadSignature,
        Trap::TableOutOfBounds => TrapKind::TableOutOfBounds,
        Trap::NullReference => TrapKind::NullReference,
        Trap::UnhandledTag => TrapKind::UncaughtException,
        _ => TrapKind::Other,
    };
    Termination::Trap { trap: kind }
}
