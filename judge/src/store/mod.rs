//! The service's durable state: API keys, submissions and their progress
//! events, idempotency records, the webhook outbox, uploaded problem
//! packages and live pads with their documents' update logs, in an
//! embedded SQLite database (`judge.db` in the data dir).
//!
//! Every query lives in this module, one file per table family, so a second
//! engine (PostgreSQL, for the scale-out issue) is one more implementation of
//! these methods. The queue is the `submissions` table itself: workers take
//! rows with a lease ([`Store::claim`]) and the verdict is written once, by
//! the lease holder ([`Store::finish`]), so every accepted submission gets
//! exactly one final verdict even across crashes.

mod events;
mod idempotency;
mod keys;
mod pads;
mod problems;
mod runs;
mod sessions;
mod submissions;
pub(crate) mod webhooks;

use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub(crate) use events::{Event, EventKind};
pub(crate) use idempotency::{Idempotent, StoredResponse};
pub(crate) use keys::KeyRecord;
pub use keys::Role;
pub(crate) use pads::{INTERVIEWER_PREFIX, NewPad, Pad, PadRole, PadRoom};
pub(crate) use problems::StoredProblem;
pub(crate) use runs::{RunState, StoredRun};
pub(crate) use sessions::Session;
pub use submissions::SubmissionState;
pub(crate) use submissions::{
    Claimed, Filter, NewSubmission, Refused, Room, SourceText, Submission, beside,
};
pub(crate) use webhooks::DueWebhook;

/// A store failure that passes: the client should retry, not page on-call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transient {
    /// Another process holds the database's write lock past the busy timeout.
    Busy,
    /// The disk (or the file system of the data dir) is full.
    Full,
}

/// Whether `error` came from a busy or full database.
pub(crate) fn transient(error: &anyhow::Error) -> Option<Transient> {
    error.chain().find_map(|cause| {
        let sqlx::Error::Database(database) = cause.downcast_ref::<sqlx::Error>()? else {
            return None;
        };
        // SQLite's primary result code is the extended code's low byte.
        let code: u32 = database.code()?.parse().ok()?;
        match code & 0xff {
            5 | 6 => Some(Transient::Busy), // SQLITE_BUSY, SQLITE_LOCKED
            13 => Some(Transient::Full),    // SQLITE_FULL
            _ => None,
        }
    })
}

/// The database file inside the data dir.
pub(crate) const DATABASE_FILE: &str = "judge.db";

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its
    /// schema up to date.
    pub async fn open(data_dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
        let path = data_dir.join(DATABASE_FILE);
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(&path)
            .create_if_missing(true)
            // WAL lets readers go on while a worker writes; FULL syncs each
            // commit, so a 202 means the submission survives a power cut too.
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("cannot migrate the database")?;
        Ok(Self { pool })
    }

    /// Begins a transaction that writes. `BEGIN IMMEDIATE` takes the write
    /// lock first, waiting for it under the busy timeout: a deferred
    /// transaction that reads and then writes fails at once with "database
    /// is locked" when another connection wrote in between (WAL cannot
    /// upgrade its stale read snapshot), and the busy timeout cannot help.
    pub(crate) async fn write(&self) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Whether the database answers (for readiness checks).
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// One page of a listing, newest first, by `seq`.
#[derive(Debug)]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The `seq` to continue below, when there may be more.
    pub next: Option<i64>,
}

impl<T> Page<T> {
    /// The page of `rows` (fetched with `limit + 1`: one more row than the
    /// page holds says that there is a next page), continued below the
    /// `seq` of its last item.
    fn of(mut rows: Vec<T>, limit: u32, seq: impl Fn(&T) -> i64) -> Self {
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = more.then(|| rows.last().map(seq)).flatten();
        Self { items: rows, next }
    }
}

/// Now, in Unix milliseconds: the unit of every time column.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A duration in milliseconds, for time columns.
fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
