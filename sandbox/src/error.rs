//! Faults of the sandbox itself, as opposed to anything a guest did.

use std::path::PathBuf;

/// A boxed error from a lower layer, kept as the `source` of an [`Error`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong in the sandbox that is *not* the guest's doing.
///
/// What a guest does (exit, trap, run out of fuel, exceed a limit) is never an
/// `Error`: it is a [`Termination`](crate::Termination) inside an `Ok` outcome.
/// The one guest-adjacent variant is [`Error::InvalidModule`], raised before
/// anything runs, when the bytes handed to [`Sandbox::compile`](crate::Sandbox::compile)
/// are not a runnable WASI command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The bytes are not a valid module, import something the sandbox does not
    /// provide, or export no `_start` function.
    #[error("invalid WebAssembly module: {0}")]
    InvalidModule(String),

    /// A [`SandboxConfig`](crate::SandboxConfig) or [`RunLimits`](crate::RunLimits)
    /// value is out of the range the sandbox supports.
    #[error("invalid sandbox configuration: {0}")]
    InvalidConfig(String),

    /// A directory the caller asked to grant could not be opened.
    #[error("cannot grant directory {path}")]
    Preopen {
        /// The host directory.
        path: PathBuf,
        /// Why it could not be opened.
        #[source]
        source: BoxError,
    },

    /// The compiled-module cache could not be read or written.
    #[error("compiled-module cache {path}")]
    Cache {
        /// The file or directory involved.
        path: PathBuf,
        /// What failed.
        #[source]
        source: BoxError,
    },

    /// A module's initialisation, run to snapshot it
    /// ([`Sandbox::snapshot`](crate::Sandbox::snapshot)), trapped, exited or
    /// ran out of its limits: what it did and wrote to stderr.
    #[error("the snapshot's initialisation failed: {0}")]
    Snapshot(String),

    /// wasmtime failed in a way no guest action explains: engine set-up, pool
    /// exhaustion, a host-side fault while running.
    #[error("{context}")]
    Runtime {
        /// What the sandbox was doing.
        context: &'static str,
        /// The underlying failure.
        #[source]
        source: BoxError,
    },
}

impl Error {
    pub(crate) fn runtime(context: &'static str, source: wasmtime::Error) -> Self {
        Error::Runtime {
            context,
            source: source.into_boxed_dyn_error(),
        }
    }
}

/// The sandbox's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
