//! The on-disk cache of compiled (native) modules.
//!
//! Key: sha256 of the wasm bytes, of the engine's compatibility hash (wasmtime
//! version, target, and every setting that changes generated code) and of the
//! toolchain that produced the bytes. A rebuilt toolchain or a new wasmtime
//! therefore never reuses an old entry.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::os::fd::AsRawFd;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::{Engine, Module};

use crate::error::{Error, Result};

/// A directory of serialized modules, private to the user running the judge.
#[derive(Debug)]
pub(crate) struct ModuleCache {
    dir: PathBuf,
    engine_hash: [u8; 32],
}

impl ModuleCache {
    /// Opens (creating it with mode 0700 if needed) the cache directory.
    /// Refuses a directory that other users can write to: its files are loaded
    /// as native code.
    pub(crate) fn open(dir: &Path, engine: &Engine) -> Result<Self> {
        let cache_err = |source: std::io::Error| Error::Cache {
            path: dir.to_owned(),
            source: source.into(),
        };
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(cache_err)?;
        let meta = fs::metadata(dir).map_err(cache_err)?;
        if meta.uid() != nix::unistd::geteuid().as_raw() {
            return Err(Error::Cache {
                path: dir.to_owned(),
                source: format!(
                    "belongs to user {}, not to the user running the judge; use a private directory",
                    meta.uid()
                )
                .into(),
            });
        }
        let mode = meta.permissions().mode();
        if mode & 0o022 != 0 {
            return Err(Error::Cache {
                path: dir.to_owned(),
                source: format!(
                    "is writable by other users (mode {:o}); use a private directory",
                    mode & 0o777
                )
                .into(),
            });
        }
        let mut hasher = Sha256Hasher::default();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        Ok(Self {
            dir: dir.to_owned(),
            engine_hash: hasher.0.finalize().into(),
        })
    }

    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether an entry for these bytes exists (it may still prove unusable).
    pub(crate) fn holds(&self, wasm_sha256: &[u8; 32], toolchain: &str) -> bool {
        self.path(wasm_sha256, toolchain)
            .symlink_metadata()
            .is_ok_and(|meta| meta.is_file())
    }

    fn path(&self, wasm_sha256: &[u8; 32], toolchain: &str) -> PathBuf {
        let mut key = Sha256::new();
        key.update(wasm_sha256);
        key.update(self.engine_hash);
        key.update(toolchain.as_bytes());
        self.dir
            .join(format!("{}.cwasm", hex::encode(key.finalize())))
    }

    /// The cached module for these bytes, if there is a usable one.
    pub(crate) fn load(
        &self,
        engine: &Engine,
        wasm_sha256: &[u8; 32],
        toolchain: &str,
    ) -> Option<Module> {
        let path = self.path(wasm_sha256, toolchain);
        // Opened without following links, and loaded through the descriptor
        // so that the file checked is the file loaded.
        let file = fs::OpenOptions::new()
            .read(true)
            .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
            .open(&path)
            .ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.uid() != nix::unistd::geteuid().as_raw() {
            return None;
        }
        let by_descriptor = PathBuf::from(format!("/proc/self/fd/{}", file.as_raw_fd()));
        #[expect(
            unsafe_code,
            reason = "loading precompiled native code is inherently unsafe; see SAFETY"
        )]
        // SAFETY: `Module::deserialize_file` trusts the file to be an artifact that
        // this wasmtime produced. Only `store` below writes into this directory
        // (in this process, or in another of the same user with the same engine
        // settings, such as the judge's precompile child), with bytes from
        // `Module::serialize`, published by an atomic rename, so a reader never
        // sees a partial file. `open` refused a directory that other users can
        // write to or own; the entry was opened without following links, is
        // ours, and is loaded through that very descriptor. The file name binds
        // the artifact to the exact wasm bytes, and the engine-compatibility
        // hash in it makes wasmtime reject an artifact from another version or
        // configuration rather than run it.
        let loaded = unsafe { Module::deserialize_file(engine, &by_descriptor) };
        // Its modification time is its last use, for whoever keeps the
        // cache within a budget.
        let _ = file.set_modified(std::time::SystemTime::now());
        // An unreadable or incompatible entry is recompiled and overwritten.
        loaded.ok()
    }

    /// Saves a freshly compiled module.
    pub(crate) fn store(
        &self,
        module: &Module,
        wasm_sha256: &[u8; 32],
        toolchain: &str,
    ) -> Result<()> {
        let path = self.path(wasm_sha256, toolchain);
        let cache_err = |source: Box<dyn std::error::Error + Send + Sync>| Error::Cache {
            path: path.clone(),
            source,
        };
        let bytes = module
            .serialize()
            .map_err(|e| cache_err(e.into_boxed_dyn_error()))?;
        let mut file =
            tempfile::NamedTempFile::new_in(&self.dir).map_err(|e| cache_err(e.into()))?;
        file.write_all(&bytes).map_err(|e| cache_err(e.into()))?;
        file.persist(&path).map_err(|e| cache_err(e.error.into()))?;
        Ok(())
    }
}

/// Feeds `std::hash::Hash` values into sha256, so the key is stable across
/// processes and Rust versions (unlike `DefaultHasher`).
#[derive(Default)]
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        u64::from_le_bytes(digest[..8].try_into().unwrap_or_default())
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
}
