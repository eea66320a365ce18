//! Capped in-memory pipes for the guest's stdout and stderr.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use bytes::Bytes;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

use crate::outcome::{MAX_SEGMENTS, OutputSegment, OutputStream as Stream};

/// The order in which the guest wrote to its streams, shared by its pipes.
#[derive(Debug, Default)]
pub(crate) struct Order {
    segments: Vec<OutputSegment>,
    /// More stretches than [`MAX_SEGMENTS`]: the order is not known.
    overflowed: bool,
}

impl Order {
    fn record(&mut self, stream: Stream, bytes: usize) {
        if bytes == 0 || self.overflowed {
            return;
        }
        if let Some(last) = self.segments.last_mut()
            && last.stream == stream
        {
            last.bytes += bytes;
        } else if self.segments.len() == MAX_SEGMENTS {
            self.overflowed = true;
            self.segments = Vec::new();
        } else {
            self.segments.push(OutputSegment { stream, bytes });
        }
    }

    /// The stretches recorded (empty if they overflowed).
    pub(crate) fn take(&mut self) -> Vec<OutputSegment> {
        std::mem::take(&mut self.segments)
    }
}

/// An [`Order`] both pipes of a run write to.
pub(crate) type SharedOrder = Arc<Mutex<Order>>;

/// Locks `order` (a poisoned lock: another thread panicked mid-record;
/// the stretches are still what they were).
pub(crate) fn lock(order: &SharedOrder) -> MutexGuard<'_, Order> {
    order.lock().unwrap_or_else(|e| e.into_inner())
}

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
    order: SharedOrder,
}

impl CappedPipe {
    /// A pipe of `stream` keeping `limit` bytes, recording its writes in
    /// `order`.
    pub(crate) fn new(stream: Stream, limit: usize, order: SharedOrder) -> Self {
        Self {
            stream,
            limit,
            buffer: Arc::default(),
            order,
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
        let kept = bytes.len().min(room);
        buffer.extend_from_slice(&bytes[..kept]);
        lock(&self.order).record(self.stream, kept);
        if kept == bytes.len() {
            return Ok(());
        }
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
        let pipe = CappedPipe::new(Stream::Stdout, 5, SharedOrder::default());
        pipe.append(b"abc").unwrap();
        let err = pipe.append(b"defg").unwrap_err();
        assert_eq!(err.stream, Stream::Stdout);
        assert_eq!(pipe.take(), b"abcde");
    }

    #[test]
    fn records_the_order_of_both_streams_up_to_its_limit() {
        let order = SharedOrder::default();
        let out = CappedPipe::new(Stream::Stdout, 1 << 20, order.clone());
        let err = CappedPipe::new(Stream::Stderr, 1 << 20, order.clone());
        out.append(b"ab").unwrap();
        out.append(b"c").unwrap();
        err.append(b"oops").unwrap();
        out.append(b"d").unwrap();
        let stretch = |stream, bytes| OutputSegment { stream, bytes };
        assert_eq!(
            lock(&order).take(),
            [
                stretch(Stream::Stdout, 3),
                stretch(Stream::Stderr, 4),
                stretch(Stream::Stdout, 1)
            ]
        );
        // Past MAX_SEGMENTS alternations the order is given up, not cut.
        for _ in 0..=MAX_SEGMENTS {
            out.append(b"x").unwrap();
            err.append(b"y").unwrap();
        }
        assert!(lock(&order).take().is_empty());
    }
}
