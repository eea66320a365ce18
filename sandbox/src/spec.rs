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
    pub(crate) write_quota: WriteQuota,
}

/// How much a guest may keep in a read-write grant. Usage is the larger of a
/// file's length and its allocated blocks, summed over everything below the
/// grant; directories and files count as entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteQuota {
    /// Bytes the grant may hold.
    pub bytes: u64,
    /// Files and directories the grant may hold.
    pub entries: u64,
}

impl Default for WriteQuota {
    /// 16 MiB in at most 256 entries: room for any feedback a validator
    /// writes, nowhere near what would hurt the host.
    fn default() -> Self {
        Self {
            bytes: 16 << 20,
            entries: 256,
        }
    }
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
            write_quota: WriteQuota::default(),
        }
    }

    /// Grants `host` to the guest as `guest` with every file operation
    /// allowed inside it (an output validator's feedback directory, say).
    /// The guest cannot reach outside it through `..` or symlinks it opens,
    /// but it can create symlinks that point out: whoever reads the grant's
    /// files afterwards must not follow links. What it keeps there is bounded
    /// by the [`WriteQuota`] (the default unless [`Preopen::with_write_quota`]
    /// says otherwise): a run past it ends as
    /// [`OutputLimit`](crate::Termination::OutputLimit) of
    /// [`OutputStream::Files`](crate::OutputStream::Files). Usage is checked
    /// every few milliseconds while the run lasts, so one large write can
    /// pass the quota by at most its own size before the run is stopped.
    pub fn read_write(host: impl Into<PathBuf>, guest: impl Into<String>) -> Self {
        Self {
            writable: true,
            ..Self::read_only(host, guest)
        }
    }

    /// Sets how much a read-write grant may hold.
    pub fn with_write_quota(self, write_quota: WriteQuota) -> Self {
        Self {
            write_quota,
            ..self
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
    /// Wall-clock backstop for the whole run. Fuel is the limit that means
    /// the same on every machine and under any load: set this from the
    /// slowest rate fuel burns at, so that it never ends a guest that is
    /// still computing.
    pub wall: Duration,
    /// The longest the guest may wait in the host without computing (for
    /// input that never comes, on a sleep): the run ends as
    /// [`WallTimeout`](crate::Termination::WallTimeout) that much after the
    /// guest last ran wasm code. A guest that computes, however slowly, is
    /// never idle.
    pub idle: Duration,
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
            idle: Duration::from_secs(10),
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
