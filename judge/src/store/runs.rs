//! Queued one-shot runs (Judge0 submissions): the same lease discipline as
//! submissions, a result written once.

use std::time::Duration;

use sqlx::FromRow;

use super::{Refused, Room, Store, millis, now_ms};

/// A stored run.
#[derive(Debug, Clone, FromRow)]
pub struct StoredRun {
    /// Queue position.
    pub seq: i64,
    /// Its token.
    pub token: String,
    /// The key that sent it.
    pub owner: String,
    /// The checked request, as JSON.
    pub request: String,
    /// queued, running or done.
    pub state: String,
    /// The result, as JSON, once done.
    pub result: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub finished_at: Option<i64>,
}

const COLUMNS: &str = "seq, token, owner, request, state, result, created_at, finished_at";

impl Store {
    /// Queues runs (one transaction: a batch is all or nothing) unless the
    /// queue of runs would pass `capacity`; `false` when it would.
    pub async fn enqueue_runs(
        &self,
        owner: &str,
        runs: &[(String, String)],
        room: Room,
    ) -> anyhow::Result<Result<(), Refused>> {
        let mut tx = self.pool.begin().await?;
        let (waiting,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM runs WHERE state = 'queued'")
            .fetch_one(&mut *tx)
            .await?;
        let (mine,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM runs WHERE owner = ?1 AND state != 'done'")
                .bind(owner)
                .fetch_one(&mut *tx)
                .await?;
        let asked = i64::try_from(runs.len()).unwrap_or(i64::MAX);
        if asked > i64::try_from(room.per_key).unwrap_or(i64::MAX) - mine {
            return Ok(Err(Refused::KeyQuota));
        }
        if asked > i64::try_from(room.queue).unwrap_or(i64::MAX) - waiting {
            return Ok(Err(Refused::QueueFull));
        }
        let now = now_ms();
        for (token, request) in runs {
            sqlx::query(
                "INSERT INTO runs (token, owner, request, state, created_at) VALUES (?1, ?2, ?3, 'queued', ?4)",
            )
            .bind(token)
            .bind(owner)
            .bind(request)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The run `token`.
    pub async fn run(&self, token: &str) -> anyhow::Result<Option<StoredRun>> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM runs WHERE token = ?1"))
                .bind(token)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A page of runs, newest first (only `owner`'s when given), and the total.
    pub async fn runs_page(
        &self,
        owner: Option<&str>,
        offset: u32,
        limit: u32,
    ) -> anyhow::Result<(Vec<StoredRun>, i64)> {
        let items = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM runs WHERE (?1 IS NULL OR owner = ?1)
             ORDER BY seq DESC LIMIT ?2 OFFSET ?3"
        ))
        .bind(owner)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let (total,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM runs WHERE (?1 IS NULL OR owner = ?1)")
                .bind(owner)
                .fetch_one(&self.pool)
                .await?;
        Ok((items, total))
    }

    /// Deletes a finished run; `false` when there is none.
    pub async fn delete_run(&self, token: &str) -> anyhow::Result<bool> {
        let deleted = sqlx::query("DELETE FROM runs WHERE token = ?1 AND state = 'done'")
            .bind(token)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted == 1)
    }

    /// Takes the oldest queued run (or one whose lease ran out).
    pub async fn claim_run(
        &self,
        worker: &str,
        lease: Duration,
    ) -> anyhow::Result<Option<StoredRun>> {
        let now = now_ms();
        Ok(sqlx::query_as(&format!(
            "UPDATE runs SET state = 'running', claims = claims + 1, lease_owner = ?1, lease_until = ?2
             WHERE seq = (SELECT seq FROM runs
                          WHERE state = 'queued' OR (state = 'running' AND lease_until < ?3)
                          ORDER BY seq LIMIT 1)
             RETURNING {COLUMNS}"
        ))
        .bind(worker)
        .bind(now + millis(lease))
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Extends the lease `worker` holds on a running run; `false` when it no
    /// longer holds it.
    pub async fn renew_run(
        &self,
        token: &str,
        worker: &str,
        lease: Duration,
    ) -> anyhow::Result<bool> {
        let renewed = sqlx::query(
            "UPDATE runs SET lease_until = ?3
             WHERE token = ?1 AND lease_owner = ?2 AND state = 'running'",
        )
        .bind(token)
        .bind(worker)
        .bind(now_ms() + millis(lease))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Writes a run's result once (the lease holder only), with its webhook
    /// when it has a callback URL.
    pub async fn finish_run(
        &self,
        token: &str,
        worker: &str,
        result: &str,
        callback_url: Option<&str>,
    ) -> anyhow::Result<bool> {
        let now = now_ms();
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE runs SET state = 'done', result = ?3, finished_at = ?4, lease_owner = NULL, lease_until = NULL
             WHERE token = ?1 AND lease_owner = ?2 AND state != 'done'",
        )
        .bind(token)
        .bind(worker)
        .bind(result)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 1
            && let Some(url) = callback_url
        {
            sqlx::query(
                "INSERT INTO webhooks (submission_id, url, state, next_attempt_at, kind) VALUES (?1, ?2, 'pending', ?3, 'judge0')",
            )
            .bind(token)
            .bind(url)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(done == 1)
    }

    /// Gives back the runs a previous process of this data dir held.
    pub async fn release_run_leases(&self) -> anyhow::Result<u64> {
        Ok(sqlx::query(
            "UPDATE runs SET state = 'queued', lease_owner = NULL, lease_until = NULL WHERE state = 'running'",
        )
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// Counts of runs: all, and since `since` (Unix ms).
    pub async fn run_counts(&self, since: i64) -> anyhow::Result<(i64, i64)> {
        Ok(
            sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(created_at >= ?1), 0) FROM runs")
                .bind(since)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

impl Store {
    /// Runs by Judge0 language id, and finished runs by Judge0 status id.
    pub async fn run_breakdown(&self) -> anyhow::Result<(Vec<(i64, i64)>, Vec<(i64, i64)>)> {
        let languages = sqlx::query_as(
            "SELECT CAST(json_extract(request, '$.language_id') AS INTEGER) AS id, COUNT(*)
             FROM runs GROUP BY id ORDER BY COUNT(*) DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        let statuses = sqlx::query_as(
            "SELECT CAST(json_extract(result, '$.status_id') AS INTEGER) AS id, COUNT(*)
             FROM runs WHERE result IS NOT NULL GROUP BY id ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok((languages, statuses))
    }

    /// Runs waiting for a worker.
    pub async fn runs_queued(&self) -> anyhow::Result<i64> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM runs WHERE state = 'queued'")
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}
