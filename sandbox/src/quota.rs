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

/// Every how many polls it also counts files deleted while still open (a
/// walk of the process's descriptors, dearer than listing the grant).
const UNLINKED_EVERY: u32 = 10;

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
            .map(|p| (canonical(&p.host), p.write_quota))
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
                    let mut polls = 0u32;
                    while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(POLL) {
                        polls = polls.wrapping_add(1);
                        let unlinked = polls.is_multiple_of(UNLINKED_EVERY);
                        if grants
                            .iter()
                            .any(|(dir, quota)| over(dir, *quota, unlinked))
                        {
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
                .any(|p| over(&canonical(&p.host), p.write_quota, true))
    }
}

fn canonical(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned())
}

/// Whether `dir` (canonical) holds more than `quota` allows, counting, when
/// `unlinked`, the files under it that were deleted but are still open.
/// Links are counted, never followed.
fn over(dir: &Path, quota: WriteQuota, unlinked: bool) -> bool {
    let mut bytes = if unlinked { unlinked_but_open(dir) } else { 0 };
    if bytes > quota.bytes {
        return true;
    }
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

/// What files that were under `dir` but are deleted occupy while this
/// process still holds them open: a guest can open a file, delete it and keep
/// writing, and the disk stays taken until the run ends. Linux names such a
/// descriptor's target `<path> (deleted)` in `/proc/self/fd`.
fn unlinked_but_open(dir: &Path) -> u64 {
    use std::os::unix::ffi::OsStrExt;
    let Ok(descriptors) = std::fs::read_dir("/proc/self/fd") else {
        return 0;
    };
    let mut prefix = dir.as_os_str().as_bytes().to_vec();
    prefix.push(b'/');
    let mut bytes = 0u64;
    for descriptor in descriptors.flatten() {
        let Ok(target) = std::fs::read_link(descriptor.path()) else {
            continue;
        };
        let target = target.as_os_str().as_bytes();
        if target.starts_with(&prefix) && target.ends_with(b" (deleted)") {
            // The magic link reaches the file even though no name does.
            if let Ok(meta) = std::fs::metadata(descriptor.path()) {
                bytes = bytes.saturating_add(usage(&meta));
            }
        }
    }
    bytes
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
        let dir = canonical(dir.path());
        assert!(!over(&dir, quota(100, 2), true));
        std::fs::write(dir.join("a"), [0u8; 64]).unwrap();
        assert!(!over(&dir, quota(4096, 2), true));
        assert!(over(&dir, quota(63, 2), true));

        std::fs::create_dir(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/b"), b"x").unwrap();
        assert!(over(&dir, quota(1 << 20, 2), true), "three entries");

        let sparse = std::fs::File::create(dir.join("sparse")).unwrap();
        sparse.set_len(1 << 30).unwrap();
        assert!(
            over(&dir, quota(1 << 20, 10), true),
            "a sparse file's length counts"
        );
    }

    #[test]
    fn a_deleted_file_still_open_counts_until_it_is_closed() {
        let holder = tempfile::tempdir().unwrap();
        let dir = canonical(holder.path());
        let open = std::fs::File::create(dir.join("hidden")).unwrap();
        open.set_len(1 << 20).unwrap();
        std::fs::remove_file(dir.join("hidden")).unwrap();
        assert!(over(&dir, quota(4096, 10), true));
        assert!(!over(&dir, quota(4096, 10), false), "only when asked");
        let sibling = canonical(tempfile::tempdir().unwrap().path());
        assert!(!over(&sibling, quota(4096, 10), true), "another grant's");
        drop(open);
        assert!(!over(&dir, quota(4096, 10), true));
    }

    #[test]
    fn links_are_counted_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/usr", dir.path().join("usr")).unwrap();
        assert!(!over(dir.path(), quota(4096, 4), true));
    }
}
