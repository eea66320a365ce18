//! Runs a native tool (a compiler) as untrusted code: fresh namespaces with
//! no network and a file system of the host's shared libraries, the
//! toolchain's own paths and a work dir only (bubblewrap), CPU /
//! address-space / file-size / process rlimits, an unprivileged user, a
//! wall-clock timeout that kills the whole process group, and a capped log.
//!
//! What the tool can read, it can put in its output or its log (a C
//! `#include`, Rust's `include_str!`), and both reach the user: so nothing is
//! mounted that is not the toolchain's, and the judge's own files (problem
//! bank, data dir, caches) are covered by empty directories should an
//! operator install them below a toolchain path.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

/// The limits of one contained command.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Wall-clock limit; the process group is killed when it passes.
    pub time: Duration,
    /// Address-space limit per process, in bytes.
    pub address_space: u64,
    /// Largest file a process may write, in bytes.
    pub file_size: u64,
    /// Processes the unprivileged user may have at once.
    pub processes: u64,
    /// Bytes of stdout+stderr kept; more kills the command.
    pub log: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            time: Duration::from_secs(30),
            address_space: 4 << 30,
            file_size: 256 << 20,
            processes: 256,
            log: 64 << 10,
        }
    }
}

/// How a contained command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// It exited with this code.
    Exited(i32),
    /// A signal ended it (an rlimit, or a crash).
    Signaled(i32),
    /// It ran past the time limit and was killed.
    TimedOut,
    /// It wrote more than the log limit and was killed.
    LogLimit,
}

/// The result of one contained command.
#[derive(Debug, Clone)]
pub(crate) struct Contained {
    /// How it ended.
    pub ending: Ending,
    /// stdout and stderr interleaved, at most `Limits::log` bytes.
    pub log: Vec<u8>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Where the tool runs and what it can see.
#[derive(Debug, Clone)]
pub(crate) struct Jail {
    /// The `judge` executable, whose hidden `__contain` subcommand applies the rlimits.
    pub helper: PathBuf,
    /// Host directory mounted read-write as `/work` (the tool's cwd).
    pub work: PathBuf,
    /// Host paths mounted read-only at the same path: the toolchain's. A
    /// symlink is recreated as the same symlink (so tools that find their
    /// files relative to their real path still do); its target must be
    /// listed too.
    pub read_only: Vec<PathBuf>,
    /// Host directories never to be seen, even when below a mounted path:
    /// each is covered by an empty, read-only directory.
    pub hidden: Vec<PathBuf>,
    /// Whether to mount a `/proc` of the jail's own pid namespace.
    pub proc: bool,
}

/// The unprivileged user contained tools run as, when the judge runs as root.
pub(crate) const NOBODY: u32 = 65534;

/// Runs `argv` inside the jail, under `limits`.
pub(crate) fn run(jail: &Jail, argv: &[String], limits: &Limits) -> anyhow::Result<Contained> {
    let mut command = Command::new(&jail.helper);
    command
        .arg("__contain")
        .arg(format!("--cpu-secs={}", limits.time.as_secs() + 1))
        .arg(format!("--address-space={}", limits.address_space))
        .arg(format!("--file-size={}", limits.file_size))
        .arg(format!("--processes={}", limits.processes))
        .arg("--")
        .arg("bwrap")
        .args(bwrap_args(jail))
        .arg("--")
        .args(argv)
        .env_clear()
        .stdin(Stdio::null())
        .process_group(0);
    let (mut reader, writer) = std::io::pipe().context("failed to make a pipe")?;
    command.stdout(writer.try_clone()?).stderr(writer);

    let started = Instant::now();
    let mut child = command
        .spawn()
        .context("failed to start the contained command (is bubblewrap installed?)")?;
    drop(command); // closes the parent's copies of the pipe's write end
    let group = Pid::from_raw(i32::try_from(child.id()).context("pid out of range")?);

    let overflowed = Arc::new(AtomicBool::new(false));
    let log_limit = limits.log;
    let log_reader = std::thread::spawn({
        let overflowed = Arc::clone(&overflowed);
        move || {
            let mut log = Vec::new();
            let _ = reader
                .by_ref()
                .take(log_limit as u64 + 1)
                .read_to_end(&mut log);
            if log.len() > log_limit {
                log.truncate(log_limit);
                overflowed.store(true, Ordering::SeqCst);
                let _ = killpg(group, Signal::SIGKILL);
            }
            log
        }
    });

    let deadline = started + limits.time;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline && !timed_out {
            timed_out = true;
            let _ = killpg(group, Signal::SIGKILL);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // Whatever the tool left running in its group goes too, so the log pipe closes.
    let _ = killpg(group, Signal::SIGKILL);
    let log = log_reader
        .join()
        .map_err(|_| anyhow::anyhow!("the log reader panicked"))?;

    let ending = if overflowed.load(Ordering::SeqCst) {
        Ending::LogLimit
    } else if timed_out {
        Ending::TimedOut
    } else if let Some(code) = status.code() {
        Ending::Exited(code)
    } else {
        Ending::Signaled(status.signal().unwrap_or(0))
    };
    Ok(Contained {
        ending,
        log,
        elapsed: started.elapsed(),
    })
}

/// The host paths every native tool needs: the shared libraries (Debian's
/// multiarch dir) and the dynamic loader's own path, read-only. The loader
/// is `/lib64/ld-linux-x86-64.so.2` on x86-64 but `/lib/ld-linux-aarch64.so.1`
/// (and alike) elsewhere, a link in `/usr/lib` itself, which is not bound
/// whole: the links named `ld-*` there are recreated.
pub(crate) fn shared_libraries() -> Vec<PathBuf> {
    let multiarch = format!("/usr/lib/{}-linux-gnu", std::env::consts::ARCH);
    [multiarch.as_str(), "/usr/lib64"]
        .iter()
        .map(PathBuf::from)
        .chain(loaders(Path::new("/usr/lib")))
        .filter(|path| path.symlink_metadata().is_ok())
        .collect()
}

/// The dynamic loaders right in `lib` (`ld-linux-aarch64.so.1`, say).
fn loaders(lib: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(lib)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with("ld-linux"))
        })
        .collect();
    found.sort();
    found
}

/// A file system of the shared libraries, the read-only toolchain paths (with
/// the usual `/lib`, `/lib64`, `/bin` symlinks), `/work` and a small `/tmp`;
/// no `/etc`, no `/home`, nothing else of `/usr`, and no `/proc` unless the
/// image asks for its own; new user, pid, network, ipc and uts namespaces.
fn bwrap_args(jail: &Jail) -> Vec<String> {
    let mut args: Vec<String> = [
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--symlink",
        "usr/lib",
        "/lib",
        "--symlink",
        "usr/lib64",
        "/lib64",
        "--symlink",
        "usr/bin",
        "/bin",
        "--dev",
        "/dev",
        "--size",
        "268435456",
        "--tmpfs",
        "/tmp",
    ]
    .map(String::from)
    .to_vec();
    if jail.proc {
        args.extend(["--proc".into(), "/proc".into()]);
    }
    let shared = shared_libraries();
    for path in shared.iter().chain(&jail.read_only) {
        let name = path.to_string_lossy().into_owned();
        match std::fs::read_link(path) {
            Ok(target) => args.extend([
                "--symlink".into(),
                target.to_string_lossy().into_owned(),
                name,
            ]),
            Err(_) => args.extend(["--ro-bind".into(), name.clone(), name]),
        }
    }
    for path in &jail.hidden {
        if jail
            .read_only
            .iter()
            .chain(&shared)
            .any(|shown| path.starts_with(shown))
        {
            let path = path.to_string_lossy().into_owned();
            args.extend(["--tmpfs".into(), path.clone(), "--remount-ro".into(), path]);
        }
    }
    args.extend(
        [
            "--bind",
            &jail.work.to_string_lossy(),
            "/work",
            "--chdir",
            "/work",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/bin:/bin",
            "--setenv",
            "HOME",
            "/work",
            "--setenv",
            "TMPDIR",
            "/tmp",
        ]
        .map(String::from),
    );
    args
}

/// Makes `path` the unprivileged user's, so a tool running as it can write there.
pub(crate) fn hand_over(path: &Path) -> anyhow::Result<()> {
    if nix::unistd::geteuid().is_root() {
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY))
            .with_context(|| format!("failed to chown {}", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_links_of_other_architectures_are_found() {
        // Debian arm64's /usr/lib: the loader is a link beside the multiarch dir.
        let lib = tempfile::tempdir().unwrap();
        std::fs::create_dir(lib.path().join("aarch64-linux-gnu")).unwrap();
        std::os::unix::fs::symlink(
            "aarch64-linux-gnu/ld-linux-aarch64.so.1",
            lib.path().join("ld-linux-aarch64.so.1"),
        )
        .unwrap();
        std::fs::write(lib.path().join("os-release"), "").unwrap();
        assert_eq!(
            loaders(lib.path()),
            [lib.path().join("ld-linux-aarch64.so.1")]
        );
    }
}
