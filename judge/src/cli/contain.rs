//! `judge __contain` (hidden): the first link of a contained command. It
//! applies rlimits to itself, drops root for the unprivileged user, and execs
//! the rest of its command line, which inherits both.

use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Context, bail};
use clap::Args;
use nix::sys::resource::{Resource, setrlimit};
use nix::unistd::{Gid, Uid};

use crate::pipeline::contain::NOBODY;

#[derive(Debug, Args)]
pub(crate) struct ContainArgs {
    #[arg(long)]
    cpu_secs: u64,
    #[arg(long)]
    address_space: u64,
    #[arg(long)]
    file_size: u64,
    #[arg(long)]
    processes: u64,
    /// The command to exec.
    #[arg(last = true, required = true)]
    command: Vec<String>,
}

pub(crate) fn execute(args: &ContainArgs) -> anyhow::Result<()> {
    for (resource, limit) in [
        (Resource::RLIMIT_CPU, args.cpu_secs),
        (Resource::RLIMIT_AS, args.address_space),
        (Resource::RLIMIT_FSIZE, args.file_size),
        (Resource::RLIMIT_NPROC, args.processes),
        (Resource::RLIMIT_CORE, 0),
    ] {
        setrlimit(resource, limit, limit).with_context(|| format!("failed to set {resource:?}"))?;
    }
    if nix::unistd::geteuid().is_root() {
        // Root ignores RLIMIT_NPROC and may read anything: become nobody first.
        let (uid, gid) = (Uid::from_raw(NOBODY), Gid::from_raw(NOBODY));
        nix::unistd::setgroups(&[]).context("failed to drop groups")?;
        nix::unistd::setgid(gid).context("failed to setgid")?;
        nix::unistd::setuid(uid).context("failed to setuid")?;
    }
    let error = Command::new(&args.command[0])
        .args(&args.command[1..])
        .exec();
    bail!("cannot exec {}: {error}", args.command[0])
}
