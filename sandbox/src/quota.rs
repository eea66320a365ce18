//! Write quotas of read-write grants: a watcher thread measures what the guest
//! keeps under each writable grant and trips a flag when one holds too much;
//! the run's epoch callback then interrupts the guest.
//!
//! A thread, not a task: the guest may run on a current-thread runtime, where
//! a task would not be polled while the guest computes.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::spec::{Preopen, WriteQuota};

/// How often the watcher measures.
const POLL: Duration = Duration::from_millis(10);

/// Watches the writable grants of one run until dropped.
#[derive(Debug)]
pub(crate) struct QuotaWatch {
    tripped: Arc<AtomicBool>,
    _stop: Option<mpsc::Sender<()>>,
}

impl QuotaWatch {
    /// Starts watching `preopens`' writable grants (no thread when there are none).
    pub(crate) fn start(preopens: &[Preopen]) -> std::io::Result<Self> {
        let grants: Vec<(PathBuf, WriteQuota)> = preopens
            .iter()
            .filter(|p| p.writable)
            .map(|p| (p.host.clone(), p.write_quota))
            .collect();
        let tripped = Arc::new(AtomicBool::new(false));
        if grants.is_empty() {
            return Ok(Self {
                tripped,
                _stop: None,
            });
        }
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("sandbox-quota".into())
            .spawn({
                let tripped = Arc::clone(&tripped);
                move || {
                    // Dropping the sender (the run ended) wakes the thread at once.
                    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(POLL) {
                        if grants.iter().any(|(dir, quota)| over(dir, *quota)) {
                            tripped.store(true, Ordering::SeqCst);
                            return;
                        }
                    }
                }
            })?;
        Ok(Self {
            tripped,
            _stop: Some(stop),
        })
    }

    /// The flag the epoch callback reads.
    pub(crate) fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.tripped)
    }

    /// Whether a grant went over its quota, measuring once more so that a
    /// write in the run's last milliseconds is not missed.
    pub(crate) fn exceeded(&self, preopens: &[Preopen]) -> bool {
        self.tripped.load(Ordering::SeqCst)
            || preopens
                .iter()
                .filter(|p| p.writable)
                .any(|p| over(&p.host, p.write_quota))
    }
}

/// Whether `dir` holds more than `quota` allows. Links are counted, never followed.
fn over(dir: &Path, quota: WriteQuota) -> bool {
    let mut bytes = 0u64;
    let mut entries = 0u64;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(listing) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in listing.flatten() {
            entries += 1;
            if entries > quota.entries {
                return true;
            }
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            bytes = bytes.saturating_add(usage(&meta));
            if bytes > quota.bytes {
                return true;
            }
            if meta.is_dir() {
                pending.push(entry.path());
            }
        }
    }
    false
}

/// The larger of a file's length and the disk it occupies: a sparse file
/// counts at its length.
fn usage(meta: &std::fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.len().max(meta.blocks().saturating_mul(512))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quota(bytes: u64, entries: u64) -> WriteQuota {
        WriteQuota { bytes, entries }
    }

    #[test]
    fn a_directory_is_over_quota_by_bytes_entries_or_sparse_length() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!over(dir.path(), quota(100, 2)));
        std::fs::write(dir.path().join("a"), [0u8; 64]).unwrap();
        assert!(!over(dir.path(), quota(4096, 2)));
        assert!(over(dir.path(), quota(63, 2)));

        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b"), b"x").unwrap();
        assert!(over(dir.path(), quota(1 << 20, 2)), "three entries");

        let sparse = std::fs::File::create(dir.path().join("sparse")).unwrap();
        sparse.set_len(1 << 30).unwrap();
        assert!(
            over(dir.path(), quota(1 << 20, 10)),
            "a sparse file's length counts"
        );
    }

    #[test]
    fn links_are_counted_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/usr", dir.path().join("usr")).unwrap();
        assert!(!over(dir.path(), quota(4096, 4)));
    }
}
