//! Submissions: the queue (claimed with a lease) and their results.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use super::events::{self, EventKind};
use super::{Page, Store, millis, now_ms};

/// Where a submission is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionState {
    /// Accepted, waiting for a worker.
    Queued,
    /// A worker is compiling it.
    Compiling,
    /// A worker is running its tests.
    Running,
    /// It has its final verdict.
    Done,
}

impl SubmissionState {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Compiling => "compiling",
            Self::Running => "running",
            Self::Done => "done",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "compiling" => Self::Compiling,
            "running" => Self::Running,
            "done" => Self::Done,
            _ => Self::Queued,
        }
    }
}

/// A file of a program of several files, beside its main source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceText {
    /// A plain file name (letters, digits, `.`, `_`, `-`).
    pub name: String,
    /// Its text.
    pub content: String,
}

/// The files a submission has beside its source, as the compiler takes them.
pub(crate) fn beside(files: &[SourceText]) -> Vec<crate::pipeline::compile::SourceFile> {
    files
        .iter()
        .map(|file| crate::pipeline::compile::SourceFile {
            name: file.name.clone(),
            bytes: file.content.clone().into_bytes(),
        })
        .collect()
}

/// What a client asked to judge, checked.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    /// Its id.
    pub id: String,
    /// The key that sent it.
    pub owner: String,
    /// Problem slug.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// Source text.
    pub source: String,
    /// Files beside the source (a program of several files).
    pub files: Vec<SourceText>,
    /// Where to POST the result.
    pub callback_url: Option<String>,
    /// The request's correlation id.
    pub request_id: Option<String>,
}

#[derive(Debug, FromRow)]
struct Row {
    seq: i64,
    id: String,
    owner: String,
    problem: String,
    language: String,
    source: String,
    files: Option<String>,
    state: String,
    verdict: Option<String>,
    score: Option<f64>,
    max_score: Option<f64>,
    report: Option<String>,
    callback_url: Option<String>,
    claims: i64,
    created_at: i64,
    started_at: Option<i64>,
    finished_at: Option<i64>,
}

/// How much may wait: in the whole queue, and unfinished per key.
#[derive(Debug, Clone, Copy)]
pub struct Room {
    /// Queued submissions, all keys together.
    pub queue: usize,
    /// Submissions of one key not yet done (queued or being judged).
    pub per_key: usize,
}

/// Why a submission was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The queue holds its capacity.
    QueueFull,
    /// The key has its quota of unfinished submissions.
    KeyQuota,
}

/// A stored submission.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Queue position; also the pagination cursor.
    pub seq: i64,
    /// Its id.
    pub id: String,
    /// The key that sent it.
    pub owner: String,
    /// Problem slug.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// Source text.
    pub source: String,
    /// Files beside the source (a program of several files).
    pub files: Vec<SourceText>,
    /// Where it is.
    pub state: SubmissionState,
    /// Final verdict code, once done.
    pub verdict: Option<String>,
    /// Score, on scoring problems.
    pub score: Option<f64>,
    /// Maximum score, on scoring problems.
    pub max_score: Option<f64>,
    /// The full report (JSON), once done.
    pub report: Option<String>,
    /// Webhook target.
    pub callback_url: Option<String>,
    /// How many times a worker took it (more than one after a crash).
    pub claims: i64,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub started_at: Option<i64>,
    /// Unix ms.
    pub finished_at: Option<i64>,
}

impl From<Row> for Submission {
    fn from(row: Row) -> Self {
        Self {
            seq: row.seq,
            id: row.id,
            owner: row.owner,
            problem: row.problem,
            language: row.language,
            source: row.source,
            // Written by this store from a `Vec<SourceText>`.
            files: row
                .files
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default(),
            state: SubmissionState::parse(&row.state),
            verdict: row.verdict,
            score: row.score,
            max_score: row.max_score,
            report: row.report,
            callback_url: row.callback_url,
            claims: row.claims,
            created_at: row.created_at,
            started_at: row.started_at,
            finished_at: row.finished_at,
        }
    }
}

const COLUMNS: &str = "seq, id, owner, problem, language, source, files, state, verdict, score, \
    max_score, report, callback_url, claims, created_at, started_at, finished_at";

/// A submission a worker holds the lease on.
#[derive(Debug, Clone)]
pub struct Claimed {
    /// The submission.
    pub submission: Submission,
    /// The request id it came with, for the worker's logs.
    pub request_id: Option<String>,
}

/// Which submissions a listing shows (`None`: any).
#[derive(Debug, Default, Clone, Copy)]
pub struct Filter<'a> {
    /// The key that sent them.
    pub owner: Option<&'a str>,
    /// Their problem's slug.
    pub problem: Option<&'a str>,
    /// Their final verdict's code.
    pub verdict: Option<&'a str>,
}

impl Store {
    /// Inserts a queued submission unless `capacity` submissions already
    /// wait; `None` when the queue is full. The count and the insert are
    /// one statement, so concurrent requests cannot overfill the queue.
    pub async fn enqueue(
        &self,
        tx: &mut sqlx::SqliteConnection,
        new: &NewSubmission,
        room: Room,
    ) -> anyhow::Result<Result<Submission, Refused>> {
        let now = now_ms();
        let inserted: Option<Row> = sqlx::query_as(&format!(
            "INSERT INTO submissions (id, owner, problem, language, source, state, callback_url, request_id, created_at, files)
             SELECT ?1, ?2, ?3, ?4, ?5, 'queued', ?6, ?7, ?8, ?11
             WHERE (SELECT COUNT(*) FROM submissions WHERE state = 'queued') < ?9
               AND (SELECT COUNT(*) FROM submissions WHERE owner = ?2 AND state != 'done') < ?10
             RETURNING {COLUMNS}"
        ))
        .bind(&new.id)
        .bind(&new.owner)
        .bind(&new.problem)
        .bind(&new.language)
        .bind(&new.source)
        .bind(&new.callback_url)
        .bind(&new.request_id)
        .bind(now)
        .bind(i64::try_from(room.queue).unwrap_or(i64::MAX))
        .bind(i64::try_from(room.per_key).unwrap_or(i64::MAX))
        .bind(if new.files.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&new.files)?)
        })
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = inserted else {
            let (mine,): (i64,) = sqlx::query_as(
                "SELECT COUNT(*) FROM submissions WHERE owner = ?1 AND state != 'done'",
            )
            .bind(&new.owner)
            .fetch_one(&mut *tx)
            .await?;
            return Ok(Err(
                if mine >= i64::try_from(room.per_key).unwrap_or(i64::MAX) {
                    Refused::KeyQuota
                } else {
                    Refused::QueueFull
                },
            ));
        };
        events::append(
            tx,
            &new.id,
            EventKind::State,
            &serde_json::json!({"state": "queued"}),
        )
        .await?;
        Ok(Ok(Submission::from(row)))
    }

    /// Begins a transaction (for [`Store::enqueue`] with an idempotency record).
    pub async fn begin(&self) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.write().await
    }

    /// The submission `id`.
    pub async fn submission(&self, id: &str) -> anyhow::Result<Option<Submission>> {
        let row: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM submissions WHERE id = ?1"))
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(Submission::from))
    }

    /// Newest first, below `before` (a `seq`), those `filter` lets through.
    /// Only the filters given are in the query, so that SQLite can walk the
    /// matching index (`owner`, `problem` or `verdict`, then `seq`).
    pub async fn list(
        &self,
        filter: &Filter<'_>,
        before: Option<i64>,
        limit: u32,
    ) -> anyhow::Result<Page<Submission>> {
        let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(format!(
            "SELECT {COLUMNS} FROM submissions WHERE seq < "
        ));
        query.push_bind(before.unwrap_or(i64::MAX));
        for (column, value) in [
            ("owner", filter.owner),
            ("problem", filter.problem),
            ("verdict", filter.verdict),
        ] {
            if let Some(value) = value {
                query.push(format!(" AND {column} = ")).push_bind(value);
            }
        }
        query
            .push(" ORDER BY seq DESC LIMIT ")
            .push_bind(i64::from(limit) + 1);
        let rows: Vec<Row> = query.build_query_as().fetch_all(&self.pool).await?;
        let items = rows.into_iter().map(Submission::from).collect();
        Ok(Page::of(items, limit, |s| s.seq))
    }

    /// How many submissions wait for a worker.
    pub async fn queue_depth(&self) -> anyhow::Result<i64> {
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM submissions WHERE state = 'queued'")
                .fetch_one(&self.pool)
                .await?;
        Ok(count)
    }

    /// Takes the oldest waiting submission (or one whose worker's lease ran
    /// out) for `worker`, for `lease`. One statement: two workers never take
    /// the same row.
    pub async fn claim(&self, worker: &str, lease: Duration) -> anyhow::Result<Option<Claimed>> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let row: Option<(String, Option<String>)> = sqlx::query_as(
            "UPDATE submissions
             SET state = 'compiling', claims = claims + 1, lease_owner = ?1, lease_until = ?2,
                 started_at = COALESCE(started_at, ?3)
             WHERE seq = (SELECT seq FROM submissions
                          WHERE state = 'queued'
                             OR (state IN ('compiling', 'running') AND lease_until < ?3)
                          ORDER BY seq LIMIT 1)
             RETURNING id, request_id",
        )
        .bind(worker)
        .bind(now + millis(lease))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((id, request_id)) = row else {
            return Ok(None);
        };
        events::append(
            &mut tx,
            &id,
            EventKind::State,
            &serde_json::json!({"state": "compiling"}),
        )
        .await?;
        tx.commit().await?;
        let submission = self
            .submission(&id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("claimed submission {id} vanished"))?;
        Ok(Some(Claimed {
            submission,
            request_id,
        }))
    }

    /// Gives back every lease of this database's previous process. Only for
    /// the embedded store, where one process owns the data dir (a lock file
    /// makes sure): its in-flight work can restart at once instead of waiting
    /// for the leases to run out.
    pub async fn release_all_leases(&self) -> anyhow::Result<u64> {
        let released = sqlx::query(
            "UPDATE submissions SET state = 'queued', lease_owner = NULL, lease_until = NULL
             WHERE state IN ('compiling', 'running')",
        )
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(released)
    }

    /// Extends `worker`'s lease; `false` when it no longer holds it.
    pub async fn renew(&self, id: &str, worker: &str, lease: Duration) -> anyhow::Result<bool> {
        let renewed = sqlx::query(
            "UPDATE submissions SET lease_until = ?3
             WHERE id = ?1 AND lease_owner = ?2 AND state != 'done'",
        )
        .bind(id)
        .bind(worker)
        .bind(now_ms() + millis(lease))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Moves a held submission to `state` and records the event.
    pub async fn advance(
        &self,
        id: &str,
        worker: &str,
        state: SubmissionState,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let moved = sqlx::query(
            "UPDATE submissions SET state = ?3 WHERE id = ?1 AND lease_owner = ?2 AND state != 'done'",
        )
        .bind(id)
        .bind(worker)
        .bind(state.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved == 1 {
            events::append(
                &mut tx,
                id,
                EventKind::State,
                &serde_json::json!({"state": state.as_str()}),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(moved == 1)
    }

    /// Writes the final verdict, once: only the lease holder of a submission
    /// not yet done can. With it, in the same transaction, the `done` event
    /// and the webhook to deliver. `false` when the lease was lost (another
    /// worker took over) and nothing was written.
    pub async fn finish(
        &self,
        id: &str,
        worker: &str,
        verdict: &str,
        score: Option<f64>,
        max_score: Option<f64>,
        report_json: &str,
    ) -> anyhow::Result<bool> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let callback: Option<(Option<String>,)> = sqlx::query_as(
            "UPDATE submissions
             SET state = 'done', verdict = ?3, score = ?4, max_score = ?5, report = ?6,
                 finished_at = ?7, lease_owner = NULL, lease_until = NULL
             WHERE id = ?1 AND lease_owner = ?2 AND state != 'done'
             RETURNING callback_url",
        )
        .bind(id)
        .bind(worker)
        .bind(verdict)
        .bind(score)
        .bind(max_score)
        .bind(report_json)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((callback_url,)) = callback else {
            return Ok(false);
        };
        events::append(
            &mut tx,
            id,
            EventKind::Done,
            &serde_json::json!({"state": "done", "verdict": verdict, "score": score, "max_score": max_score}),
        )
        .await?;
        if let Some(url) = callback_url {
            sqlx::query(
                "INSERT INTO webhooks (submission_id, url, state, next_attempt_at) VALUES (?1, ?2, 'pending', ?3)",
            )
            .bind(id)
            .bind(url)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}
