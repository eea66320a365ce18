//! What the caller asks for: one run's input, grants and limits.

use std::path::PathBuf;
use std::time::Duration;

/// Everything one run of a module receives. Nothing of the host reaches the
/// guest unless it is named here.
#[derive(Debug, Clone)]
pub struct RunSpec {
    /// The guest's `argv`, including `argv[0]`. For ruby.wasm, `args[1]` is
    /// the script to run and the rest its `ARGV`.
    pub args: Vec<String>,
    /// The guest's whole environment. The host's environment is never inherited.
    pub env: Vec<(String, String)>,
    /// Bytes the guest reads on standard input.
    pub stdin: Vec<u8>,
    /// Host directories the guest may read. Nothing else of the host file system is visible.
    pub preopens: Vec<Preopen>,
    /// Budgets the run must stay within.
    pub limits: RunLimits,
    /// Where clocks and randomness come from.
    pub determinism: Determinism,
}

impl Default for RunSpec {
    fn default() -> Self {
        Self {
            args: vec!["main".to_owned()],
            env: vec![
                ("LANG".to_owned(), "C.UTF-8".to_owned()),
                ("TZ".to_owned(), "UTC".to_owned()),
            ],
            stdin: Vec::new(),
            preopens: Vec::new(),
            limits: RunLimits::default(),
            determinism: Determinism::default(),
        }
    }
}

/// A host directory granted to the guest: read-only unless made with
/// [`Preopen::read_write`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preopen {
    pub(crate) host: PathBuf,
    pub(crate) guest: String,
    pub(crate) writable: bool,
}

impl Preopen {
    /// Grants `host` to the guest as `guest` (an absolute guest path such as
    /// `/usr/local/lib`). Files in it can be opened for reading only; nothing in
    /// it can be created, written, renamed or removed.
    pub fn read_only(host: impl Into<PathBuf>, guest: impl Into<String>) -> Self {
        Self {
            host: host.into(),
            guest: guest.into(),
            writable: false,
        }
    }

    /// Grants `host` to the guest as `guest` with every file operation
    /// allowed inside it (an output validator's feedback directory, say).
    /// The guest cannot reach outside it, through `..` or symlinks. Nothing
    /// bounds how much it writes except its fuel: grant a directory on a
    /// file system whose size you can afford.
    pub fn read_write(host: impl Into<PathBuf>, guest: impl Into<String>) -> Self {
        Self {
            writable: true,
            ..Self::read_only(host, guest)
        }
    }
}

/// The budgets of one run. Each one, when exceeded, ends the run with its own
/// [`Termination`](crate::Termination).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunLimits {
    /// Deterministic operation budget: roughly one unit per executed wasm instruction.
    pub fuel: u64,
    /// Largest linear memory the guest may have, in bytes.
    pub memory_bytes: u64,
    /// Wall-clock backstop. Fuel is the limit that means the same on every
    /// machine; this one catches guests blocked in the host (sleeping, say).
    pub wall: Duration,
    /// Bytes of standard output kept; writing more ends the run.
    pub stdout_bytes: usize,
    /// Bytes of standard error kept; writing more ends the run.
    pub stderr_bytes: usize,
}

impl Default for RunLimits {
    fn default() -> Self {
        Self {
            fuel: 10_000_000_000,
            memory_bytes: 256 << 20,
            wall: Duration::from_secs(10),
            stdout_bytes: 16 << 20,
            stderr_bytes: 1 << 20,
        }
    }
}

/// Where a guest's clocks and random bytes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Determinism {
    /// Virtual clocks that start at 2024-01-01T00:00:00Z and advance one
    /// microsecond per reading, and a random stream seeded with this value:
    /// the same module and input give the same output and fuel on every run.
    Seeded(u64),
    /// The host's real clocks and a random seed: for playgrounds that want them.
    Host,
}

impl Default for Determinism {
    fn default() -> Self {
        Determinism::Seeded(0)
    }
}
