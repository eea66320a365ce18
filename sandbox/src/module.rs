//! A module compiled to native code and linked against WASI, ready to run many times.

use std::fmt;

use wasmtime::InstancePre;

use crate::state::RunState;

/// A compiled, linked WASI program. Cheap to clone; share it between runs.
#[derive(Clone)]
pub struct CompiledModule {
    pub(crate) pre: InstancePre<RunState>,
    pub(crate) entry: Entry,
    pub(crate) sha256: [u8; 32],
    pub(crate) from_cache: bool,
}

impl CompiledModule {
    /// Hex sha256 of the wasm bytes this module was compiled from.
    pub fn sha256_hex(&self) -> String {
        hex::encode(self.sha256)
    }

    /// Whether the native code came from the on-disk cache instead of Cranelift.
    pub fn from_cache(&self) -> bool {
        self.from_cache
    }
}

/// How a run starts the module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A WASI command: call `_start`.
    Command,
    /// ruby.wasm's reactor, driven by [`crate::ruby`].
    RubyReactor,
    /// ruby.wasm's reactor from a snapshot taken once the VM had started
    /// ([`crate::Sandbox::compile_snapshot`]): a run only loads the script.
    RubyStarted,
}

impl Entry {
    /// Whether the module is ruby.wasm's reactor, started or not.
    pub(crate) fn is_ruby(self) -> bool {
        matches!(self, Entry::RubyReactor | Entry::RubyStarted)
    }
}

impl fmt::Debug for CompiledModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompiledModule")
            .field("sha256", &self.sha256_hex())
            .field("entry", &self.entry)
            .field("from_cache", &self.from_cache)
            .finish_non_exhaustive()
    }
}
