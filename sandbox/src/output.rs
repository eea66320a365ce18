//! Capped in-memory pipes for the guest's stdout and stderr.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use bytes::Bytes;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

use crate::outcome::OutputStream as Stream;

/// Raised (as a trap) when the guest writes past a stream's cap.
#[derive(Debug, thiserror::Error)]
#[error("{stream:?} exceeded its limit of {limit} bytes")]
pub(crate) struct OutputLimitExceeded {
    pub(crate) stream: Stream,
    limit: usize,
}

/// A write permit large enough that wasi's 4 KiB chunks never wait for one.
const WRITE_PERMIT: usize = 1 << 16;

/// An output stream that keeps at most `limit` bytes. The first write that
/// would go past the limit keeps what fits and then ends the run with
/// [`OutputLimitExceeded`], so a flood costs the host at most `limit` bytes.
#[derive(Debug, Clone)]
pub(crate) struct CappedPipe {
    stream: Stream,
    limit: usize,
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl CappedPipe {
    pub(crate) fn new(stream: Stream, limit: usize) -> Self {
        Self {
            stream,
            limit,
            buffer: Arc::default(),
        }
    }

    /// Takes what the guest wrote.
    pub(crate) fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, Vec<u8>> {
        // A poisoned lock only means another thread panicked mid-append; the
        // bytes are still the guest's output.
        self.buffer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends what fits; reports whether everything did.
    fn append(&self, bytes: &[u8]) -> Result<(), OutputLimitExceeded> {
        let mut buffer = self.lock();
        let room = self.limit - buffer.len();
        if bytes.len() <= room {
            buffer.extend_from_slice(bytes);
            return Ok(());
        }
        buffer.extend_from_slice(&bytes[..room]);
        Err(OutputLimitExceeded {
            stream: self.stream,
            limit: self.limit,
        })
    }
}

impl OutputStream for CappedPipe {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.append(&bytes)
            .map_err(|e| StreamError::Trap(wasmtime::Error::new(e)))
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(WRITE_PERMIT)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for CappedPipe {
    async fn ready(&mut self) {}
}

impl tokio::io::AsyncWrite for CappedPipe {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Poll::Ready(match self.append(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => Err(io::Error::other(e)),
        })
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

impl IsTerminal for CappedPipe {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for CappedPipe {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_fits_and_reports_the_overflowing_write() {
        let pipe = CappedPipe::new(Stream::Stdout, 5);
        pipe.append(b"abc").unwrap();
        let err = pipe.append(b"defg").unwrap_err();
        assert_eq!(err.stream, Stream::Stdout);
        assert_eq!(pipe.take(), b"abcde");
    }
}
