//! Wake-ups across processes. In one process, whoever changes the queue or
//! a submission's events bumps a watch channel that idle workers and open
//! event streams wait on; on PostgreSQL, those changes also `NOTIFY`, at
//! commit, every process that listens ([`forward`]), whose own channel is
//! bumped in turn. The periodic polls stay as a backstop for a lost
//! connection.
//!
//! Pads have a channel of their own ([`PadNotice`]): a document's log grew,
//! a pad ended, presence changed. A presence message too large for a
//! notification's payload (8000 bytes) is kept in `pad_presence` and the
//! notification carries its row. Uploads and deletions of problems have
//! one too, so that every process's bank follows.

use std::time::Duration;

use base64::Engine as _;
use sqlx::AnyConnection;
use tokio::sync::{mpsc, watch};

use super::{Engine, PadRoom, Store, now_ms};

/// New work, progress and verdicts alike.
const CHANNEL: &str = "judge_changes";
/// Pads' documents and presence.
const PADS: &str = "judge_pads";
/// Uploaded problems added or deleted (the payload: the slug).
const PROBLEMS: &str = "judge_problems";
/// Room left for a presence message in a notification's payload.
const PAYLOAD_BYTES: usize = 7000;

/// What another process says of a pad.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PadNotice {
    /// The document's update log grew.
    Updated(String, PadRoom),
    /// The pad ended.
    Ended(String),
    /// Presence changed in a document's room: an encoded y-sync awareness
    /// message, from the process `origin`.
    Presence {
        origin: u64,
        pad: String,
        room: PadRoom,
        message: Vec<u8>,
    },
    /// Notifications may have been lost (the listener reconnected): every
    /// open room should read its log again.
    Resync,
}

impl Store {
    /// Inside `tx`: tells every listening process, when `tx` commits, that
    /// something changed (SQLite: nothing, its one process wakes itself).
    pub(super) async fn notify(&self, tx: &mut AnyConnection) -> anyhow::Result<()> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_notify($1, '') IS NULL")
                .bind(CHANNEL)
                .execute(tx)
                .await?;
        }
        Ok(())
    }

    /// Inside `tx`: tells the other processes, at commit, what `notice` says.
    pub(super) async fn notify_pad(
        &self,
        tx: &mut AnyConnection,
        notice: PadNotice,
    ) -> anyhow::Result<()> {
        if self.engine != Engine::Postgres {
            return Ok(());
        }
        let payload = match notice {
            PadNotice::Updated(pad, room) => format!("u {pad} {}", room.as_str()),
            PadNotice::Ended(pad) => format!("e {pad}"),
            PadNotice::Presence {
                origin,
                pad,
                room,
                message,
            } => {
                let encoded = base64::engine::general_purpose::STANDARD.encode(&message);
                if encoded.len() <= PAYLOAD_BYTES {
                    format!("p {origin} {pad} {} {encoded}", room.as_str())
                } else {
                    // Kept a minute: long enough for every listener to read it.
                    sqlx::query("DELETE FROM pad_presence WHERE at < $1")
                        .bind(now_ms() - 60_000)
                        .execute(&mut *tx)
                        .await?;
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO pad_presence (message, at) VALUES ($1, $2) RETURNING id",
                    )
                    .bind(message)
                    .bind(now_ms())
                    .fetch_one(&mut *tx)
                    .await?;
                    format!("q {origin} {pad} {} {id}", room.as_str())
                }
            }
            PadNotice::Resync => return Ok(()),
        };
        sqlx::query("SELECT pg_notify($1, $2) IS NULL")
            .bind(PADS)
            .bind(payload)
            .execute(tx)
            .await?;
        Ok(())
    }

    /// Tells every process (PostgreSQL only) that the uploaded problem
    /// `slug` was added or deleted.
    pub(super) async fn notify_problem(&self, slug: &str) -> anyhow::Result<()> {
        if self.engine == Engine::Postgres {
            sqlx::query("SELECT pg_notify($1, $2) IS NULL")
                .bind(PROBLEMS)
                .bind(slug)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }

    /// Tells the other processes (PostgreSQL only) that presence changed in
    /// `pad`'s `room`.
    pub(crate) async fn publish_presence(
        &self,
        origin: u64,
        pad: &str,
        room: PadRoom,
        message: Vec<u8>,
    ) -> anyhow::Result<()> {
        if self.engine != Engine::Postgres {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        let notice = PadNotice::Presence {
            origin,
            pad: pad.to_owned(),
            room,
            message,
        };
        self.notify_pad(&mut tx, notice).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The pad notice a notification's payload says.
    async fn pad_notice(&self, payload: &str) -> Option<PadNotice> {
        let parts: Vec<&str> = payload.split(' ').collect();
        Some(match parts.as_slice() {
            ["u", pad, room] => PadNotice::Updated((*pad).to_owned(), PadRoom::parse(room)?),
            ["e", pad] => PadNotice::Ended((*pad).to_owned()),
            [kind @ ("p" | "q"), origin, pad, room, body] => {
                let message = if *kind == "p" {
                    base64::engine::general_purpose::STANDARD
                        .decode(body)
                        .ok()?
                } else {
                    let (message,): (Vec<u8>,) =
                        sqlx::query_as("SELECT message FROM pad_presence WHERE id = $1")
                            .bind(body.parse::<i64>().ok()?)
                            .fetch_optional(&self.pool)
                            .await
                            .ok()??;
                    message
                };
                PadNotice::Presence {
                    origin: origin.parse().ok()?,
                    pad: (*pad).to_owned(),
                    room: PadRoom::parse(room)?,
                    message,
                }
            }
            _ => return None,
        })
    }
}

/// Where [`forward`] passes what it hears.
#[derive(Debug)]
pub(crate) struct Listeners {
    /// Bumped on new work and progress.
    pub(crate) changes: watch::Sender<u64>,
    /// Pads' notices.
    pub(crate) pads: mpsc::UnboundedSender<PadNotice>,
    /// Slugs of uploaded problems added or deleted (`None`: notifications
    /// may have been lost; check them all).
    pub(crate) problems: mpsc::UnboundedSender<Option<String>>,
}

/// Until the process ends, passes on what every process (this one too)
/// notifies through the PostgreSQL at `url`; after a lost connection it
/// reconnects, and bumps and resyncs then, since what was sent meanwhile is
/// lost.
pub(crate) async fn forward(store: Store, url: String, listeners: Listeners) {
    let Listeners {
        changes,
        pads,
        problems,
    } = listeners;
    let bump = || changes.send_modify(|n| *n = n.wrapping_add(1));
    loop {
        let listening = async {
            let mut listener = sqlx::postgres::PgListener::connect(&url).await?;
            listener.listen_all([CHANNEL, PADS, PROBLEMS]).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        let mut listener = match listening.await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for changes; polling until it can");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
        };
        let resync = || {
            bump();
            let _ = pads.send(PadNotice::Resync);
            let _ = problems.send(None);
        };
        resync();
        loop {
            match listener.try_recv().await {
                Ok(Some(notification)) if notification.channel() == PADS => {
                    if let Some(notice) = store.pad_notice(notification.payload()).await {
                        let _ = pads.send(notice);
                    }
                }
                Ok(Some(notification)) if notification.channel() == PROBLEMS => {
                    let _ = problems.send(Some(notification.payload().to_owned()));
                }
                Ok(Some(_)) => bump(),
                // The connection was lost; the next `try_recv` reconnects.
                Ok(None) => resync(),
                Err(error) => {
                    tracing::warn!(%error, "lost the change notifications; reconnecting");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}
