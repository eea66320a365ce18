//! Submissions: the queue (claimed with a lease) and their results.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use super::events::{self, EventKind};
use super::{Lease, Page, Store, millis, now_ms};

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
    /// The lease: every write about it until its verdict names this.
    pub lease: Lease,
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
        tx: &mut sqlx::AnyConnection,
        new: &NewSubmission,
        room: Room,
    ) -> anyhow::Result<Result<Submission, Refused>> {
        self.exclusive(&mut *tx, super::Exclusive::Queue).await?;
        let now = now_ms();
        let inserted: Option<Row> = sqlx::query_as(&format!(
            "INSERT INTO submissions (id, owner, problem, language, source, state, callback_url, request_id, created_at, files)
             SELECT $1, $2, $3, $4, $5, 'queued', $6, $7, $8, $11
             WHERE (SELECT COUNT(*) FROM submissions WHERE state = 'queued') < $9
               AND (SELECT COUNT(*) FROM submissions WHERE owner = $2 AND state != 'done') < $10
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
                "SELECT COUNT(*) FROM submissions WHERE owner = $1 AND state != 'done'",
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
        self.notify(tx).await?;
        Ok(Ok(Submission::from(row)))
    }

    /// Begins a transaction (for [`Store::enqueue`] with an idempotency record).
    pub async fn begin(&self) -> anyhow::Result<sqlx::Transaction<'static, sqlx::Any>> {
        self.write().await
    }

    /// The submission `id`.
    pub async fn submission(&self, id: &str) -> anyhow::Result<Option<Submission>> {
        let row: Option<Row> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM submissions WHERE id = $1"))
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
        let mut sql = format!("SELECT {COLUMNS} FROM submissions WHERE seq < $1");
        let mut values = Vec::new();
        for (column, value) in [
            ("owner", filter.owner),
            ("problem", filter.problem),
            ("verdict", filter.verdict),
        ] {
            if let Some(value) = value {
                values.push(value);
                sql.push_str(&format!(" AND {column} = ${}", values.len() + 1));
            }
        }
        sql.push_str(&format!(" ORDER BY seq DESC LIMIT ${}", values.len() + 2));
        let mut query = sqlx::query_as(&sql).bind(before.unwrap_or(i64::MAX));
        for value in values {
            query = query.bind(value);
        }
        let rows: Vec<Row> = query
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.pool)
            .await?;
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
    /// out) for `worker`, for `lease`, under a new [`Lease`]. One statement:
    /// two workers never take the same row (on PostgreSQL, a row another
    /// transaction is claiming is skipped, not waited for).
    pub async fn claim(&self, worker: &str, lease: Duration) -> anyhow::Result<Option<Claimed>> {
        let token = Lease::new(worker)?;
        let now = now_ms();
        let mut tx = self.write().await?;
        let row: Option<(String, Option<String>)> = sqlx::query_as(&format!(
            "UPDATE submissions
             SET state = 'compiling', claims = claims + 1, lease_owner = $1, lease_until = $2,
                 started_at = COALESCE(started_at, $3)
             WHERE seq = (SELECT seq FROM submissions
                          WHERE state = 'queued'
                             OR (state IN ('compiling', 'running') AND lease_until < $3)
                          ORDER BY seq LIMIT 1 {})
             RETURNING id, request_id",
            self.skip_locked()
        ))
        .bind(token.as_str())
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
        self.notify(&mut tx).await?;
        tx.commit().await?;
        let submission = self
            .submission(&id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("claimed submission {id} vanished"))?;
        Ok(Some(Claimed {
            submission,
            request_id,
            lease: token,
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

    /// Extends the lease `held`; `false` when it is no longer the current one.
    pub async fn renew(&self, id: &str, held: &Lease, lease: Duration) -> anyhow::Result<bool> {
        let renewed = sqlx::query(
            "UPDATE submissions SET lease_until = $3
             WHERE id = $1 AND lease_owner = $2 AND state != 'done'",
        )
        .bind(id)
        .bind(held.as_str())
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
        held: &Lease,
        state: SubmissionState,
    ) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let moved = sqlx::query(
            "UPDATE submissions SET state = $3 WHERE id = $1 AND lease_owner = $2 AND state != 'done'",
        )
        .bind(id)
        .bind(held.as_str())
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
        self.notify(&mut tx).await?;
        tx.commit().await?;
        Ok(moved == 1)
    }

    /// Writes the final verdict, once: only the current lease of a
    /// submission not yet done can (the update is conditional on it, and on
    /// PostgreSQL it waits for a claim in progress and then reads the row
    /// afresh). With it, in the same transaction, the `done` event and the
    /// webhook to deliver. `false` when the lease was lost (another worker
    /// took over) and nothing was written.
    pub async fn finish(
        &self,
        id: &str,
        held: &Lease,
        verdict: &str,
        score: Option<f64>,
        max_score: Option<f64>,
        report_json: &str,
    ) -> anyhow::Result<bool> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let callback: Option<(Option<String>,)> = sqlx::query_as(
            "UPDATE submissions
             SET state = 'done', verdict = $3, score = $4, max_score = $5, report = $6,
                 finished_at = $7, lease_owner = NULL, lease_until = NULL
             WHERE id = $1 AND lease_owner = $2 AND state != 'done'
             RETURNING callback_url",
        )
        .bind(id)
        .bind(held.as_str())
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
                "INSERT INTO webhooks (submission_id, url, state, next_attempt_at) VALUES ($1, $2, 'pending', $3)",
            )
            .bind(id)
            .bind(url)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        self.notify(&mut tx).await?;
        tx.commit().await?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::store::testing::TestStore;

    fn new(id: &str, callback_url: Option<&str>) -> NewSubmission {
        NewSubmission {
            id: id.to_owned(),
            owner: "k".into(),
            problem: "p".into(),
            language: "c".into(),
            source: "int main(void) { return 0; }".into(),
            files: Vec::new(),
            callback_url: callback_url.map(str::to_owned),
            request_id: None,
        }
    }

    async fn enqueue(store: &Store, new: &NewSubmission) {
        let room = Room {
            queue: 1000,
            per_key: 1000,
        };
        let mut tx = store.begin().await.unwrap();
        assert!(store.enqueue(&mut tx, new, room).await.unwrap().is_ok());
        tx.commit().await.unwrap();
    }

    /// A worker declared dead (its lease ran out and another worker took
    /// the submission) that still finishes writes nothing: no test event,
    /// no verdict, no second `done`, no second webhook.
    #[tokio::test]
    async fn a_lease_taken_over_fences_off_its_former_holder() {
        let test = TestStore::new().await;
        let store = &test.store;
        enqueue(store, &new("s", Some("https://example.com/hook"))).await;
        let dead = store
            .claim("w1", Duration::from_millis(1))
            .await
            .unwrap()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        let alive = store
            .claim("w1", Duration::from_secs(60))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(alive.submission.id, "s");
        assert_eq!(alive.submission.claims, 2);
        assert_ne!(dead.lease, alive.lease, "the same worker name, a new token");

        let test_event = serde_json::json!({"test": 1});
        store
            .record_test("s", &dead.lease, &test_event)
            .await
            .unwrap();
        assert!(
            !store
                .renew("s", &dead.lease, Duration::from_secs(60))
                .await
                .unwrap()
        );
        assert!(
            !store
                .finish("s", &dead.lease, "WA", None, None, "{}")
                .await
                .unwrap()
        );
        assert!(
            store
                .finish("s", &alive.lease, "AC", None, None, "{}")
                .await
                .unwrap()
        );
        assert!(
            !store
                .finish("s", &alive.lease, "AC", None, None, "{}")
                .await
                .unwrap()
        );

        let events = store.events_after("s", 0).await.unwrap();
        assert!(
            events.iter().all(|e| e.kind != EventKind::Test),
            "{events:?}"
        );
        assert_eq!(store.done_events("s").await.unwrap(), 1);
        let done = store.submission("s").await.unwrap().unwrap();
        assert_eq!(done.verdict.as_deref(), Some("AC"));
        let due = store.due_webhooks(10).await.unwrap();
        assert_eq!(due.len(), 1);
        // Two senders (two processes) see it due; one takes the attempt.
        let until = now_ms() + 60_000;
        let taken = [
            store.take_webhook(&due[0], until).await.unwrap(),
            store.take_webhook(&due[0], until).await.unwrap(),
        ];
        assert_eq!(taken, [true, false]);
        assert!(store.due_webhooks(10).await.unwrap().is_empty());
    }

    /// Workers claiming at once (eight tasks on four threads, each with its
    /// own connection) take every queued submission exactly once.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn workers_claiming_at_once_take_each_submission_once() {
        let test = TestStore::new().await;
        let store = &test.store;
        for n in 0..60 {
            enqueue(store, &new(&format!("s{n}"), None)).await;
        }
        let mut tasks = Vec::new();
        for worker in 0..8 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                let mut taken = Vec::new();
                while let Some(claimed) = store
                    .claim(&format!("w{worker}"), Duration::from_secs(60))
                    .await?
                {
                    let id = claimed.submission.id.clone();
                    anyhow::ensure!(
                        store
                            .finish(&id, &claimed.lease, "AC", None, None, "{}")
                            .await?,
                        "{id}: the lease just taken was lost"
                    );
                    taken.push(id);
                }
                anyhow::Ok(taken)
            }));
        }
        let mut all = Vec::new();
        for task in tasks {
            all.extend(task.await.unwrap().unwrap());
        }
        let unique: HashSet<&String> = all.iter().collect();
        assert_eq!((all.len(), unique.len()), (60, 60));
        assert_eq!(store.queue_depth().await.unwrap(), 0);
    }
}
