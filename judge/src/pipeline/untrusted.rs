//! Files an untrusted program left behind (a validator's feedback, a
//! compiler's module): opened without following links (`O_NOFOLLOW`) and
//! without blocking on a FIFO (`O_NONBLOCK`), and usable only when regular.

use std::fs::File;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use nix::errno::Errno;
use nix::fcntl::OFlag;

/// What was found at a path.
#[derive(Debug)]
pub(crate) enum Left {
    /// A regular file, open for reading, and its length.
    File(File, u64),
    /// Nothing.
    Missing,
    /// A symbolic link (never followed).
    Link,
    /// A FIFO, a device, a directory, a socket.
    NotRegular,
}

/// Opens what was left at `path` for reading, as [`Left`] says.
pub(crate) fn open(path: &Path) -> std::io::Result<Left> {
    let flags = OFlag::O_NOFOLLOW | OFlag::O_NONBLOCK | OFlag::O_NOCTTY;
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags.bits())
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Left::Missing),
        Err(e) if e.raw_os_error() == Some(Errno::ELOOP as i32) => return Ok(Left::Link),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    Ok(if meta.is_file() {
        Left::File(file, meta.len())
    } else {
        Left::NotRegular
    })
}
