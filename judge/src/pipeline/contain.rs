//! Runs a native tool (a compiler) as untrusted code: fresh namespaces with
//! no network and a file system of `/usr`, the toolchain and a work dir only
//! (bubblewrap), CPU / address-space / file-size / process rlimits, an
//! unprivileged user, a wall-clock timeout that kills the whole process group,
//! and a capped log.

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
pub enum Ending {
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
pub struct Contained {
    /// How it ended.
    pub ending: Ending,
    /// stdout and stderr interleaved, at most `Limits::log` bytes.
    pub log: Vec<u8>,
    /// Wall time.
    pub elapsed: Duration,
}

/// Where the tool runs and what it can see.
#[derive(Debug, Clone)]
pub struct Jail {
    /// The `judge` executable, whose hidden `__contain` subcommand applies the rlimits.
    pub helper: PathBuf,
    /// Host directory mounted read-write as `/work` (the tool's cwd).
    pub work: PathBuf,
    /// Host directories mounted read-only at the same path (toolchains outside /usr).
    pub read_only: Vec<PathBuf>,
    /// Whether to mount a `/proc` of the jail's own pid namespace.
    pub proc: bool,
}

/// The unprivileged user contained tools run as, when the judge runs as root.
pub const NOBODY: u32 = 65534;

/// Runs `argv` inside the jail, under `limits`.
pub fn run(jail: &Jail, argv: &[String], limits: &Limits) -> anyhow::Result<Contained> {
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

/// A file system of `/usr` (read-only, with the usual symlinks), the
/// read-only toolchain dirs, `/work` and a small `/tmp`; no `/etc`, no
/// `/home`, and no `/proc` unless the image asks for its own; new user, pid, network, ipc and uts namespaces.
fn bwrap_args(jail: &Jail) -> Vec<String> {
    let mut args: Vec<String> = [
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
        "--ro-bind",
        "/usr",
        "/usr",
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
    for dir in &jail.read_only {
        let dir = dir.to_string_lossy().into_owned();
        args.extend(["--ro-bind".into(), dir.clone(), dir]);
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
pub fn hand_over(path: &Path) -> anyhow::Result<()> {
    if nix::unistd::geteuid().is_root() {
        std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY))
            .with_context(|| format!("failed to chown {}", path.display()))?;
    }
    Ok(())
}
