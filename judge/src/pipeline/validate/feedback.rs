//! The validator's feedback directory: made fresh for each run, granted
//! read-write under a quota, and read back without trusting what is in it.
//!
//! The validator may leave anything there: a symlink pointing out of the
//! directory (WASI refuses absolute targets, not `../..` ones), a FIFO, a
//! huge file. The host opens each file it reads as untrusted output
//! ([`untrusted::open`]: no links followed, regular files only), and reads
//! at most [`MAX_FILE_BYTES`].

use std::io::Read;
use std::path::Path;

use anyhow::Context;

use crate::pipeline::untrusted::{self, Left};

/// The most of one feedback file the judge reads.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 10;

/// A fresh feedback directory, removed when dropped.
pub(crate) fn dir() -> anyhow::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("judge-feedback-")
        .tempdir()
        .context("cannot make a feedback directory")
}

/// Reads `name` in the feedback directory `dir`: empty when the validator did
/// not write it, an error when it is anything but a regular file.
pub(crate) fn read(dir: &Path, name: &str) -> anyhow::Result<String> {
    let opened = untrusted::open(&dir.join(name))
        .with_context(|| format!("cannot open the output validator's {name}"))?;
    let file = match opened {
        Left::File(file, _) => file,
        Left::Missing => return Ok(String::new()),
        Left::Link => anyhow::bail!(
            "the output validator left {name} as a symbolic link; feedback files must be regular files"
        ),
        Left::NotRegular => {
            anyhow::bail!("the output validator left {name} as something other than a regular file")
        }
    };
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the output validator's {name}"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regular_file_is_read_up_to_the_cap_and_a_missing_one_is_empty() {
        let dir = dir().unwrap();
        assert_eq!(read(dir.path(), "score.txt").unwrap(), "");
        std::fs::write(dir.path().join("score.txt"), "7\n").unwrap();
        assert_eq!(read(dir.path(), "score.txt").unwrap(), "7\n");
        std::fs::write(dir.path().join("judgemessage.txt"), vec![b'a'; 1 << 20]).unwrap();
        assert_eq!(
            read(dir.path(), "judgemessage.txt").unwrap().len() as u64,
            MAX_FILE_BYTES
        );
    }

    #[test]
    fn a_link_out_of_the_directory_is_refused_and_its_target_never_read() {
        let secret = tempfile::tempdir().unwrap();
        std::fs::write(secret.path().join("admin-key"), "judge_admin_SECRET").unwrap();
        let dir = dir().unwrap();
        let target = Path::new("..")
            .join(secret.path().file_name().unwrap())
            .join("admin-key");
        std::os::unix::fs::symlink(&target, dir.path().join("score.txt")).unwrap();
        assert!(dir.path().join("score.txt").exists(), "the link resolves");
        let error = read(dir.path(), "score.txt").unwrap_err().to_string();
        assert!(error.contains("symbolic link"), "{error}");
        assert!(!error.contains("SECRET"), "{error}");
    }

    #[test]
    fn devices_and_fifos_are_refused_without_blocking() {
        let dir = dir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("teammessage.txt")).unwrap();
        assert!(read(dir.path(), "teammessage.txt").is_err());
        nix::unistd::mkfifo(
            &dir.path().join("judgemessage.txt"),
            nix::sys::stat::Mode::S_IRWXU,
        )
        .unwrap();
        let error = read(dir.path(), "judgemessage.txt")
            .unwrap_err()
            .to_string();
        assert!(error.contains("regular file"), "{error}");
    }
}
