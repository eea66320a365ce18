//! One WebSocket connection to a pad document, speaking the y-websocket
//! protocol (y-sync and awareness messages, one per binary frame): the
//! greeting, then the client's messages through the [`Hub`] and the room's
//! broadcasts back out, until either side closes. Each connection has a
//! token bucket of messages; a connection that falls behind the room's
//! broadcasts is closed with 1013 (try again), so that its client
//! reconnects and syncs afresh.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message as Ws, WebSocket};
use futures_util::{SinkExt, StreamExt};
use governor::{Quota, RateLimiter};
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;

use super::hub::{Closing, Frame, Hub, Room};
use crate::store::PadRole;

/// Messages a connection may send per second, sustained.
const MESSAGES_PER_SECOND: u32 = 100;
/// Messages it may send at once.
const MESSAGE_BURST: u32 = 400;
/// How long a frame may take to go out before its reader is given up on.
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// How a connection ends.
enum End {
    /// The client left, or the socket failed.
    Gone,
    /// The server closes it, saying why.
    Close(Closing),
    /// The client fell behind: it should reconnect.
    Behind,
}

/// Serves `socket` in `room` until it ends.
pub(crate) async fn serve(
    socket: WebSocket,
    hub: Arc<Hub>,
    room: Arc<Room>,
    mut frames: broadcast::Receiver<Frame>,
    role: PadRole,
) {
    let me = hub.connection_id();
    let mut announced = HashSet::new();
    let (mut sink, mut stream) = socket.split();
    let quota = Quota::per_second(NonZeroU32::new(MESSAGES_PER_SECOND).unwrap_or(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(MESSAGE_BURST).unwrap_or(NonZeroU32::MIN));
    let limiter = RateLimiter::direct(quota);
    let mut end = End::Gone;
    let mut greeting_sent = true;
    for frame in hub.greeting(&room).await {
        if sink.send(Ws::Binary(frame.into())).await.is_err() {
            greeting_sent = false;
            break;
        }
    }
    if greeting_sent {
        loop {
            tokio::select! {
                incoming = stream.next() => {
                    let data = match incoming {
                        Some(Ok(Ws::Binary(data))) => data,
                        Some(Ok(Ws::Text(_) | Ws::Ping(_) | Ws::Pong(_))) => continue,
                        Some(Ok(Ws::Close(_)) | Err(_)) | None => break,
                    };
                    if limiter.check().is_err() {
                        end = End::Close(Closing::TooMany);
                        break;
                    }
                    match hub.receive(&room, role, me, &mut announced, &data).await {
                        Ok(replies) => {
                            if !send_all(&mut sink, replies).await {
                                break;
                            }
                        }
                        Err(why) => {
                            end = End::Close(why);
                            break;
                        }
                    }
                }
                frame = frames.recv() => match frame {
                    Ok(Frame::Message { from, bytes, echo }) => {
                        // A reader that stops reading is dropped, not waited for.
                        if from != me || echo {
                            let frame = Ws::Binary(bytes.to_vec().into());
                            let sent = tokio::time::timeout(SEND_TIMEOUT, sink.send(frame)).await;
                            if !matches!(sent, Ok(Ok(()))) {
                                break;
                            }
                        }
                    }
                    Ok(Frame::Close(why)) => {
                        end = End::Close(why);
                        break;
                    }
                    Err(RecvError::Lagged(_)) => {
                        end = End::Behind;
                        break;
                    }
                    Err(RecvError::Closed) => break,
                },
            }
        }
    }
    let close = match end {
        End::Gone => None,
        End::Close(why) => Some(why.code()),
        End::Behind => Some((1013, "fell behind; reconnect")),
    };
    if let Some((code, reason)) = close {
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = sink.send(Ws::Close(Some(frame))).await;
    }
    hub.leave(&room, role, me, &announced).await;
}

async fn send_all<S>(sink: &mut S, frames: Vec<Vec<u8>>) -> bool
where
    S: futures_util::Sink<Ws> + Unpin,
{
    for frame in frames {
        if sink.send(Ws::Binary(frame.into())).await.is_err() {
            return false;
        }
    }
    true
}

/// Closes a socket at once, saying why (a link that does not open this
/// document, a full room).
pub(crate) async fn refuse(socket: WebSocket, why: Closing) {
    let (code, reason) = why.code();
    let (mut sink, _) = socket.split();
    let frame = CloseFrame {
        code,
        reason: reason.into(),
    };
    let _ = sink.send(Ws::Close(Some(frame))).await;
}
