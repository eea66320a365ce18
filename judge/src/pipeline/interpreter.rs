//! An interpreted language's interpreter, made runnable once per process, and
//! pre-initialised when its manifest says how (`[interpreter.snapshot]`).
//!
//! A snapshot is the interpreter after its start-up (CPython's: the runtime,
//! `site`, the standard streams, the modules most programs import; Ruby's:
//! the VM and its load path; QuickJS's: the runtime, `std`/`os` and the
//! prelude), taken by the sandbox ([`Sandbox::snapshot`]) in a run granted
//! what a program's run is (an empty `/code`, then `/image`) with the same
//! environment. Each test then starts from it, copy-on-write, instead of
//! paying the start-up again: CPython's is about 1e8 fuel, more than many a
//! solution's own work.
//!
//! It is kept in the compile cache under `snapshots/` (within the caches'
//! byte budget, least recently used first, like compiled modules), keyed by the
//! interpreter's bytes, its toolchain, the image's small files, the
//! initialisation and its environment; the sandbox caches its native code
//! like any module's. Within a process the interpreter is loaded once per
//! file (its identity, device, inode, size and change time, checked per
//! submission with one `stat`), so a submission neither reads nor hashes it.
//!
//! A program with a file named like a module the snapshot holds runs on the
//! plain interpreter: there, as in `python`, its own file would come before
//! the standard library's.

use std::collections::{BTreeSet, HashMap};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use anyhow::Context;
use sandbox::{CompiledModule, RunLimits, Sandbox};
use sha2::{Digest, Sha256};

use super::compile::Launch;
use crate::languages::{Language, Manifest, SnapshotSpec};

/// Bumped when what a snapshot holds changes for the same inputs.
const SNAPSHOT_FORMAT: &str = "judge-snapshot-2";

/// Fuel and time the initialisation may take (its memory is the language's).
const INIT_FUEL: u64 = 20_000_000_000;
const INIT_WALL: Duration = Duration::from_secs(300);

/// The interpreters loaded in this process, by module path. Cheap to clone:
/// clones share them.
#[derive(Debug, Clone, Default)]
pub struct Interpreters {
    loaded: Arc<Mutex<HashMap<PathBuf, Slot>>>,
    no_snapshots: bool,
}

/// One interpreter's place: empty until first loaded.
type Slot = Arc<Mutex<Option<Arc<Loaded>>>>;

/// One interpreter, runnable.
#[derive(Debug)]
pub(crate) struct Loaded {
    identity: Identity,
    /// The interpreter as shipped.
    pub plain: CompiledModule,
    /// Pre-initialised, when its manifest says how and that worked.
    pub snapshot: Option<Snapshotted>,
}

/// A pre-initialised interpreter.
#[derive(Debug)]
pub(crate) struct Snapshotted {
    /// Its native code, linked.
    pub module: CompiledModule,
    /// The top-level modules it holds, which a program's own files must not
    /// be named like.
    pub modules: BTreeSet<String>,
}

impl Loaded {
    /// The module to run `launch`'s program on: the snapshot, unless the
    /// program has a file named like one of the snapshot's modules.
    pub(crate) fn for_launch(&self, launch: &Launch) -> &CompiledModule {
        match (&self.snapshot, launch.code_dir()) {
            (Some(snapshot), Some(code)) if !shadows(code, &snapshot.modules) => &snapshot.module,
            (Some(snapshot), None) => &snapshot.module,
            _ => &self.plain,
        }
    }
}

/// Whether a file or directory in `code` is named like one of `modules` (a
/// Python module is its name up to the first dot).
fn shadows(code: &Path, modules: &BTreeSet<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(code) else {
        return true;
    };
    entries.flatten().any(|entry| {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stem = name.split('.').next().unwrap_or_default();
        modules.contains(stem)
    })
}

/// What identifies a file's contents without reading it: a rewrite changes
/// its change time (which no one can set back), a replacement its inode.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Identity {
    dev: u64,
    ino: u64,
    len: u64,
    ctime: (i64, i64),
}

impl Identity {
    fn of(path: &Path) -> std::io::Result<Self> {
        let meta = std::fs::metadata(path)?;
        Ok(Self {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }
}

impl Interpreters {
    /// Interpreters that are never pre-initialised: every run starts its
    /// interpreter afresh (`judge run --no-snapshot`).
    pub fn without_snapshots() -> Self {
        Self {
            no_snapshots: true,
            ..Self::default()
        }
    }

    /// `language`'s interpreter, loaded (and snapshotted) on first use and
    /// again whenever its file changes, and whether Cranelift ran for it in
    /// this call. Blocking: the first call compiles it (or loads its native
    /// code), and may run its initialisation.
    pub(crate) fn get(
        &self,
        cache_dir: Option<&Path>,
        sandbox: &Sandbox,
        language: &Language,
        toolchain: &str,
    ) -> anyhow::Result<(Arc<Loaded>, bool)> {
        let spec = language
            .manifest
            .interpreter
            .as_ref()
            .with_context(|| format!("{} has no interpreter", language.manifest.name))?;
        let path = PathBuf::from(Manifest::expand_image(&spec.module, &language.image_dir));
        let identity = Identity::of(&path)
            .with_context(|| format!("cannot read the interpreter {}", path.display()))?;
        let slot = Arc::clone(
            self.loaded
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(path.clone())
                .or_default(),
        );
        // Held while loading: a second submission of the language waits for
        // the first one's load rather than doing it again.
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(loaded) = slot.as_ref().filter(|l| l.identity == identity) {
            return Ok((Arc::clone(loaded), false));
        }
        let wasm = std::fs::read(&path)
            .with_context(|| format!("cannot read the interpreter {}", path.display()))?;
        let plain = sandbox.compile(&wasm, toolchain).with_context(|| {
            format!("the sandbox cannot load the {} interpreter", language.id())
        })?;
        let snapshot = match &spec.snapshot {
            _ if self.no_snapshots => None,
            None => None,
            Some(how) => match snapshotted(cache_dir, sandbox, language, &wasm, toolchain, how) {
                Ok(snapshot) => Some(snapshot),
                Err(error) => {
                    // Slower, not wrong: every run pays the start-up.
                    tracing::warn!(
                        language = language.id(),
                        error = format!("{error:#}"),
                        "the interpreter could not be pre-initialised; its programs start it on every run"
                    );
                    None
                }
            },
        };
        let compiled = !plain.from_cache()
            || snapshot
                .as_ref()
                .is_some_and(|snapshot| !snapshot.module.from_cache());
        let loaded = Arc::new(Loaded {
            identity,
            plain,
            snapshot,
        });
        *slot = Some(Arc::clone(&loaded));
        Ok((loaded, compiled))
    }
}

/// The snapshot from the cache, or taken now (and kept there).
fn snapshotted(
    cache_dir: Option<&Path>,
    sandbox: &Sandbox,
    language: &Language,
    wasm: &[u8],
    toolchain: &str,
    how: &SnapshotSpec,
) -> anyhow::Result<Snapshotted> {
    let code = tempfile::Builder::new()
        .prefix("judge-snapshot-")
        .tempdir()?;
    let launch = init_launch(language, how, code.path());
    let spec = sandbox::RunSpec {
        limits: RunLimits {
            fuel: INIT_FUEL,
            memory_bytes: language.manifest.limits.memory_mib << 20,
            wall: INIT_WALL,
            idle: INIT_WALL,
            ..RunLimits::default()
        },
        ..launch.run_spec(&[])
    };
    let key = cache_key(language, wasm, toolchain, how, &spec);
    let kept = cache_dir.map(|dir| dir.join("snapshots"));
    let (snapshot_wasm, listing) = match kept.as_deref().and_then(|dir| read_kept(dir, &key)) {
        Some(kept) => kept,
        None => {
            let taken = take(sandbox, wasm, &how.init, &spec)?;
            if let Some(dir) = &kept {
                keep(dir, &key, &taken.wasm, &taken.stdout)
                    .with_context(|| format!("cannot keep the snapshot in {}", dir.display()))?;
            }
            (taken.wasm, taken.stdout)
        }
    };
    let modules = String::from_utf8(listing)
        .context("the snapshot's module list is not UTF-8")?
        .lines()
        .map(str::to_owned)
        .collect::<BTreeSet<_>>();
    let module = sandbox
        .compile_snapshot(&snapshot_wasm, &format!("{toolchain} (snapshot)"))
        .context("the sandbox cannot load the snapshot")?;
    Ok(Snapshotted { module, modules })
}

/// The initialisation's launch: a run's ([`Launch::interpreted`], `code`
/// empty) with only the interpreter's own name as argv, and what to preload.
fn init_launch(language: &Language, how: &SnapshotSpec, code: &Path) -> Launch {
    let spec = language
        .manifest
        .interpreter
        .as_ref()
        .expect("only interpreters are snapshotted");
    let mut launch = Launch::interpreted(language, spec, code, "");
    launch.args.truncate(1);
    // Only to an interpreter that loads modules: the variable must not stay
    // in the environment the snapshot keeps (CPython's start takes it out).
    if !how.preload.is_empty() {
        launch
            .env
            .push(("JUDGE_PRELOAD".to_owned(), how.preload.join(",")));
    }
    launch
}

/// Runs the initialisation on a thread of its own, with a runtime of its
/// own, so that it may be called from anywhere (a blocking thread of the
/// service's runtime, the command line).
fn take(
    sandbox: &Sandbox,
    wasm: &[u8],
    init: &str,
    spec: &sandbox::RunSpec,
) -> anyhow::Result<sandbox::Snapshot> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                super::runtime()?
                    .block_on(sandbox.snapshot(wasm, init, spec))
                    .map_err(anyhow::Error::from)
            })
            .join()
            .map_err(|_| anyhow::anyhow!("the snapshot's thread panicked"))?
    })
}

fn cache_key(
    language: &Language,
    wasm: &[u8],
    toolchain: &str,
    how: &SnapshotSpec,
    spec: &sandbox::RunSpec,
) -> String {
    let mut hash = Sha256::new();
    for part in [
        SNAPSHOT_FORMAT,
        toolchain,
        &language.image_digest(),
        &how.init,
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.update(Sha256::digest(wasm));
    for (key, value) in &spec.env {
        hash.update(format!("{key}={value}\0").as_bytes());
    }
    for arg in &spec.args {
        hash.update(format!("{arg}\0").as_bytes());
    }
    hex::encode(hash.finalize())
}

/// A kept snapshot, marked used (the caches' budget removes the least
/// recently used first).
fn read_kept(dir: &Path, key: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let (wasm_path, listing_path) = (
        dir.join(format!("{key}.wasm")),
        dir.join(format!("{key}.modules")),
    );
    let wasm = std::fs::read(&wasm_path).ok()?;
    let listing = std::fs::read(&listing_path).ok()?;
    super::evict::touch(&wasm_path);
    super::evict::touch(&listing_path);
    Some((wasm, listing))
}

/// Written aside and renamed into place, the listing last: a reader finds
/// both whole or goes on to take its own.
fn keep(dir: &Path, key: &str, wasm: &[u8], listing: &[u8]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, bytes) in [
        (format!("{key}.wasm"), wasm),
        (format!("{key}.modules"), listing),
    ] {
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut file, bytes)?;
        file.persist(dir.join(name))?;
    }
    Ok(())
}
