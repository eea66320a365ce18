//! Keeps the compile caches (`wasm/` and `modules/` under the cache dir)
//! within a byte budget, least recently used entries first. Both caches
//! refresh an entry's modification time when they use it, so that time is
//! its last use. An entry removed under a reader only costs a recompile.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Half-written files (an interrupted atomic write) older than this go too.
const STALE_TEMPORARY: Duration = Duration::from_secs(3600);

/// What one pass removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Evicted {
    /// Files removed.
    pub files: u64,
    /// Bytes they held.
    pub bytes: u64,
}

/// Removes the least recently used files of `dirs` until they hold at most
/// `budget` bytes together, and stale temporaries whatever the budget.
pub(crate) fn evict(dirs: &[PathBuf], budget: u64) -> Evicted {
    let now = SystemTime::now();
    let mut entries: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    let mut evicted = Evicted::default();
    for dir in dirs {
        let Ok(listing) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in listing.flatten() {
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let used = meta.modified().unwrap_or(now);
            let temporary = entry.file_name().to_string_lossy().starts_with(".tmp");
            if temporary {
                if now.duration_since(used).unwrap_or_default() > STALE_TEMPORARY {
                    remove(&entry.path(), meta.len(), &mut evicted);
                }
                continue;
            }
            entries.push((used, meta.len(), entry.path()));
        }
    }
    let mut total: u64 = entries.iter().map(|(_, size, _)| size).sum();
    entries.sort();
    for (_, size, path) in entries {
        if total <= budget {
            break;
        }
        remove(&path, size, &mut evicted);
        total -= size;
    }
    evicted
}

fn remove(path: &Path, size: u64, evicted: &mut Evicted) {
    if std::fs::remove_file(path).is_ok() {
        evicted.files += 1;
        evicted.bytes += size;
    }
}

/// Marks `path` as just used (its modification time), for [`evict`].
pub(crate) fn touch(path: &Path) {
    if let Ok(file) = std::fs::File::options().append(true).open(path) {
        let _ = file.set_modified(SystemTime::now());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aged(dir: &Path, name: &str, bytes: usize, seconds_ago: u64) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, vec![0u8; bytes]).unwrap();
        let file = std::fs::File::options().append(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(seconds_ago))
            .unwrap();
        path
    }

    #[test]
    fn the_least_recently_used_go_first_until_the_caches_fit() {
        let wasm = tempfile::tempdir().unwrap();
        let modules = tempfile::tempdir().unwrap();
        let old = aged(wasm.path(), "a.wasm", 400, 300);
        let used = aged(modules.path(), "b.cwasm", 400, 200);
        let recent = aged(modules.path(), "c.cwasm", 400, 100);
        let stale = aged(modules.path(), ".tmpXYZ", 10, 7200);
        let fresh = aged(modules.path(), ".tmpABC", 10, 1);
        touch(&used);
        let dirs = [wasm.path().to_owned(), modules.path().to_owned()];
        let evicted = evict(&dirs, 900);
        assert_eq!(
            evicted,
            Evicted {
                files: 2,
                bytes: 410
            }
        );
        assert!(!old.exists() && !stale.exists());
        assert!(used.exists() && recent.exists() && fresh.exists());
        assert_eq!(evict(&dirs, 900), Evicted::default());
    }
}
