//! What happened: how a run ended and what it used.

use std::time::Duration;

use serde::Serialize;

use crate::profile::FunctionFuel;

/// The result of one run. Every way a guest can end is a [`Termination`];
/// an `Err` from [`Sandbox::run`](crate::Sandbox::run) means the sandbox itself failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOutcome {
    /// How the run ended.
    pub termination: Termination,
    /// Fuel consumed, including the guest's start-up. Identical on every run of
    /// the same module, input and [`Determinism::Seeded`](crate::Determinism::Seeded) seed.
    pub fuel: u64,
    /// Wall-clock time from instantiation to the end. Varies with load; informative only.
    pub wall: Duration,
    /// The largest linear memory the guest had, in bytes.
    pub peak_memory_bytes: u64,
    /// Standard output, up to the limit.
    pub stdout: Vec<u8>,
    /// Standard error, up to the limit.
    pub stderr: Vec<u8>,
    /// How `stdout` and `stderr` were written, in order: stretches of one
    /// stream each, whose lengths add up to both streams' (a terminal's
    /// view of the two, interleaved). Empty when the streams alternated
    /// more than [`MAX_SEGMENTS`] times: then only each stream's own order
    /// is known.
    pub order: Vec<OutputSegment>,
    /// Fuel per function, the most first: empty unless the module was
    /// [`instrument`](crate::instrument)ed.
    pub profile: Vec<FunctionFuel>,
}

/// Most stretches [`RunOutcome::order`] records.
pub const MAX_SEGMENTS: usize = 4096;

/// A stretch of output written to one stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OutputSegment {
    /// The stream.
    pub stream: OutputStream,
    /// How many bytes, in a row.
    pub bytes: usize,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Termination {
    /// The guest returned from `_start` (code 0) or called `proc_exit`.
    Exited {
        /// The exit code.
        code: i32,
    },
    /// The fuel budget ran out.
    OutOfFuel,
    /// The wall-clock backstop fired.
    WallTimeout,
    /// The guest asked for more linear memory than its limit.
    ///
    /// Growth past the limit ends the run at once instead of returning -1 to
    /// `memory.grow`: in wasm a null pointer is a writable address, so a guest
    /// that ignored a failed `malloc` would corrupt its own data and fail as a
    /// misleading wrong answer.
    MemoryLimit,
    /// The guest wrote more than its output limit to a stream.
    OutputLimit {
        /// Which stream overflowed.
        stream: OutputStream,
    },
    /// The guest exhausted the wasm call stack (unbounded recursion).
    StackOverflow,
    /// The guest trapped for another reason.
    Trap {
        /// Which trap.
        trap: TrapKind,
    },
}

impl Termination {
    /// The `snake_case` name used in JSON and logs.
    pub fn name(&self) -> &'static str {
        match self {
            Termination::Exited { .. } => "exited",
            Termination::OutOfFuel => "out_of_fuel",
            Termination::WallTimeout => "wall_timeout",
            Termination::MemoryLimit => "memory_limit",
            Termination::OutputLimit { .. } => "output_limit",
            Termination::StackOverflow => "stack_overflow",
            Termination::Trap { .. } => "trap",
        }
    }

    /// The exit code, when the guest exited.
    pub fn exit_code(&self) -> Option<i32> {
        match self {
            Termination::Exited { code } => Some(*code),
            _ => None,
        }
    }
}

/// The guest's output streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputStream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
    /// Files written under a read-write grant, past its [`WriteQuota`](crate::WriteQuota).
    Files,
}

/// The traps a guest can raise, other than those with their own [`Termination`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrapKind {
    /// An `unreachable` instruction; also how C's `abort()` and Rust's panics end.
    Unreachable,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero,
    /// Integer overflow (`INT_MIN / -1`).
    IntegerOverflow,
    /// A float-to-integer conversion out of range.
    BadConversionToInteger,
    /// A load or store outside linear memory.
    MemoryOutOfBounds,
    /// An indirect call through a null or out-of-range table slot.
    IndirectCallToNull,
    /// An indirect call whose signature does not match.
    BadSignature,
    /// A table access out of bounds.
    TableOutOfBounds,
    /// A null reference was dereferenced.
    NullReference,
    /// An exception thrown and never caught.
    UncaughtException,
    /// A call to a host function the sandbox does not provide (ruby.wasm's
    /// JavaScript bridge, say).
    UnsupportedImport,
    /// The guest held more open files and directories than a run may
    /// ([`MAX_OPEN_HANDLES`](crate::MAX_OPEN_HANDLES)); each would hold a host
    /// file descriptor.
    TooManyOpenFiles,
    /// Any other wasm trap (misaligned atomics, GC casts, ...).
    Other,
}

impl std::fmt::Display for Termination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Termination::Exited { code } => write!(f, "exited with code {code}"),
            Termination::OutOfFuel => f.write_str("out of fuel"),
            Termination::WallTimeout => f.write_str("wall-clock timeout"),
            Termination::MemoryLimit => f.write_str("memory limit exceeded"),
            Termination::OutputLimit { stream } => write!(f, "{stream:?} limit exceeded"),
            Termination::StackOverflow => f.write_str("stack overflow"),
            Termination::Trap { trap } => write!(f, "trap: {trap:?}"),
        }
    }
}
