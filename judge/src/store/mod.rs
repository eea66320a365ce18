//! The service's durable state: API keys, submissions and their progress
//! events, idempotency records, the webhook outbox, uploaded problem
//! packages and live pads with their documents' update logs, in an
//! embedded SQLite database (`judge.db` in the data dir), or in PostgreSQL
//! when the judge runs as many processes ([`Database`]).
//!
//! Every query lives in this module, one file per table family, written once
//! for both engines through sqlx's `Any` driver: the SQL both understand
//! (numbered `$n` parameters, `ON CONFLICT`, `RETURNING`, Unix-ms integer
//! times), and, where the two differ (claiming a job, reading JSON), the
//! statement of each side by side ([`Store::dialect`]). Each engine has its
//! own migrations (`judge/migrations/{sqlite,postgres}/`). The queue is the
//! `submissions` table itself: workers take rows with a lease
//! ([`Store::claim`]) whose token fences every later write, and the verdict
//! is written once, by the current lease holder ([`Store::finish`]), so every
//! accepted submission gets exactly one final verdict even across crashes
//! and workers declared dead that still finish.

mod artifacts;
mod events;
mod idempotency;
mod keys;
mod notify;
mod pad_runs;
mod pads;
mod problems;
mod runs;
mod scratch;
mod secrets;
mod sessions;
mod submissions;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod webhooks;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor};

pub(crate) use events::{Event, EventKind};
pub(crate) use idempotency::{Idempotent, StoredResponse};
pub(crate) use keys::KeyRecord;
pub use keys::Role;
pub(crate) use notify::{Listeners, PadNotice, forward as forward_notifications};
pub(crate) use pads::{INTERVIEWER_PREFIX, NewPad, Pad, PadRole, PadRoom};
pub(crate) use problems::StoredProblem;
pub(crate) use runs::{RunState, StoredRun};
pub use scratch::ScratchDatabase;
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
        let error = cause.downcast_ref::<sqlx::Error>()?;
        let sqlx::Error::Database(database) = error else {
            // No connection in time: the pool, or PostgreSQL, is saturated.
            return matches!(error, sqlx::Error::PoolTimedOut).then_some(Transient::Busy);
        };
        if let Some(postgres) = database.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            return match postgres.code() {
                // serialization_failure, deadlock_detected, lock_not_available,
                // too_many_connections, cannot_connect_now
                "40001" | "40P01" | "55P03" | "53300" | "57P03" => Some(Transient::Busy),
                "53100" => Some(Transient::Full), // disk_full
                _ => None,
            };
        }
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

/// Where the service keeps its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// Embedded: SQLite in `judge.db` of this data dir, owned by one process.
    DataDir(PathBuf),
    /// A PostgreSQL server (`postgres://…`), shared by many processes.
    Postgres(String),
}

impl Database {
    /// The database a `--database` URL names, or the data dir's when there is none.
    pub fn from_url(url: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        match url {
            None => Ok(Self::DataDir(data_dir.to_owned())),
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Ok(Self::Postgres(url.to_owned()))
            }
            Some(_) => anyhow::bail!(
                "a database URL starts with postgres:// (the embedded SQLite store is the data dir's, --data)"
            ),
        }
    }

    /// Whether one process owns it (it may then take back every lease at start).
    pub fn is_embedded(&self) -> bool {
        matches!(self, Self::DataDir(_))
    }
}

/// Which engine a store runs on, for the few statements the two write differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

/// What [`Store::exclusive`] makes one transaction at a time (on
/// PostgreSQL, each is an advisory lock of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exclusive<'a> {
    /// Counting a queue's room, then queueing.
    Queue,
    /// Making the first key of an empty database.
    FirstKey,
    /// Taking the next place in a pad document's update log.
    Document(&'a str, PadRoom),
}

/// Whether [`Store::connect`] brings the schema up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Migrations {
    /// Run what is missing (under PostgreSQL's advisory lock, so processes
    /// starting together run each migration once).
    Run,
    /// Leave the schema alone (deployments that migrate with `judge migrate`);
    /// a schema behind this build's is an error.
    Check,
}

/// A handle on the database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
}

/// Most connections one process opens to PostgreSQL unless configured
/// otherwise (`database_max_connections`); notifications take one more.
pub(crate) const POSTGRES_CONNECTIONS: u32 = 16;

/// The right to write a claimed job's progress and result, for as long as
/// no one has claimed the job since: a fresh random token per claim, kept in
/// the row, and every write of the holder is conditional on it (a fencing
/// token). A worker declared dead (its lease ran out, another took the job)
/// that still finishes writes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease(String);

impl Lease {
    /// A new token for `worker` (named in it, for whoever reads the row).
    fn new(worker: &str) -> anyhow::Result<Self> {
        let mut bytes = [0u8; 12];
        getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
        Ok(Self(format!("{worker}/{}", hex::encode(bytes))))
    }

    /// The token as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Store {
    /// Opens (creating if needed) the database in `data_dir` and brings its
    /// schema up to date.
    pub async fn open(data_dir: &Path) -> anyhow::Result<Self> {
        Self::connect(&Database::DataDir(data_dir.to_owned()), Migrations::Run).await
    }

    /// Connects to `database`, migrating as `migrations` says.
    pub async fn connect(database: &Database, migrations: Migrations) -> anyhow::Result<Self> {
        Self::connect_with(database, migrations, POSTGRES_CONNECTIONS).await
    }

    /// Connects to `database` (with at most `max_connections` connections
    /// to PostgreSQL), migrating as `migrations` says.
    pub async fn connect_with(
        database: &Database,
        migrations: Migrations,
        max_connections: u32,
    ) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let store = match database {
            Database::DataDir(data_dir) => Self::open_sqlite(data_dir).await?,
            Database::Postgres(url) => Self {
                pool: AnyPoolOptions::new()
                    .max_connections(max_connections)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await
                    .context("cannot connect to PostgreSQL")?,
                engine: Engine::Postgres,
            },
        };
        let migrator = store.migrator();
        match migrations {
            Migrations::Run => migrator
                .run(&store.pool)
                .await
                .context("cannot migrate the database")?,
            Migrations::Check => store.check_schema(&migrator).await?,
        }
        Ok(store)
    }

    async fn open_sqlite(data_dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
        let path = std::path::absolute(data_dir.join(DATABASE_FILE))?;
        let encoded = percent_encoding::utf8_percent_encode(
            path.to_str()
                .ok_or_else(|| anyhow::anyhow!("the data dir {} is not UTF-8", path.display()))?,
            PATH,
        );
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    // WAL lets readers go on while a worker writes; FULL syncs
                    // each commit, so a 202 means the submission survives a
                    // power cut too.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                         PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect(&format!("sqlite://{encoded}?mode=rwc"))
            .await
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        Ok(Self {
            pool,
            engine: Engine::Sqlite,
        })
    }

    fn migrator(&self) -> sqlx::migrate::Migrator {
        match self.engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Engine::Postgres => sqlx::migrate!("./migrations/postgres"),
        }
    }

    /// Fails unless every migration of this build has run.
    async fn check_schema(&self, migrator: &sqlx::migrate::Migrator) -> anyhow::Result<()> {
        let applied: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations")
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default();
        let applied: std::collections::HashSet<i64> = applied.into_iter().map(|(v,)| v).collect();
        let missing: Vec<i64> = migrator
            .iter()
            .map(|m| m.version)
            .filter(|v| !applied.contains(v))
            .collect();
        anyhow::ensure!(
            missing.is_empty(),
            "the database schema is behind this build (migrations {missing:?} have not run): run `judge migrate` first"
        );
        Ok(())
    }

    /// The statement of this store's engine, where SQLite's and
    /// PostgreSQL's differ.
    pub(crate) fn dialect(&self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self.engine {
            Engine::Sqlite => sqlite,
            Engine::Postgres => postgres,
        }
    }

    /// What ends a claim's choice of row: on PostgreSQL, a row another
    /// transaction is claiming is skipped, not waited for (SQLite's write
    /// lock makes claims one at a time anyway).
    pub(crate) fn skip_locked(&self) -> &'static str {
        self.dialect("", "FOR UPDATE SKIP LOCKED")
    }

    /// Whether other processes may use the store too (PostgreSQL), so that
    /// what this one holds in memory can fall behind it.
    pub(crate) fn shared(&self) -> bool {
        self.engine == Engine::Postgres
    }

    /// Begins a transaction that writes. On SQLite, `BEGIN IMMEDIATE` takes
    /// the write lock first, waiting for it under the busy timeout: a
    /// deferred transaction that reads and then writes fails at once with
    /// "database is locked" when another connection wrote in between (WAL
    /// cannot upgrade its stale read snapshot), and the busy timeout cannot
    /// help. PostgreSQL's rows lock as they are written.
    pub(crate) async fn write(&self) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.engine {
            Engine::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Engine::Postgres => self.pool.begin().await?,
        })
    }

    /// Inside `tx`, waits until no other transaction does `what`: a read
    /// followed by an insert (a queue's room, the first key, a log's next
    /// place) that on PostgreSQL two transactions could otherwise both do
    /// at once (SQLite's write lock already makes them one at a time).
    pub(crate) async fn exclusive(
        &self,
        tx: &mut sqlx::AnyConnection,
        what: Exclusive<'_>,
    ) -> anyhow::Result<()> {
        if self.engine != Engine::Postgres {
            return Ok(());
        }
        const BY_NUMBER: &str = "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock($1)) AS locked";
        let lock = match what {
            Exclusive::Queue => sqlx::query(BY_NUMBER).bind(7_262_102_i64),
            Exclusive::FirstKey => sqlx::query(BY_NUMBER).bind(7_262_103_i64),
            Exclusive::Document(pad, room) => sqlx::query(
                "SELECT COUNT(*) FROM (SELECT pg_advisory_xact_lock(hashtext($1 || '/' || $2))) AS locked",
            )
            .bind(pad)
            .bind(room.as_str()),
        };
        lock.execute(&mut *tx).await?;
        Ok(())
    }

    /// Whether the database answers (for readiness checks).
    pub async fn ping(&self) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}

/// What a path keeps unescaped in an `sqlite://` URL.
const PATH: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'.')
    .remove(b'-')
    .remove(b'_');

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
