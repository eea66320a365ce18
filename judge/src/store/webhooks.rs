//! The webhook outbox: written with the verdict, delivered with retries.

use sqlx::FromRow;

use super::{Store, now_ms};

/// A webhook whose next attempt is due.
#[derive(Debug, Clone, FromRow)]
pub struct DueWebhook {
    /// The submission it reports.
    pub submission_id: String,
    /// Where to POST.
    pub url: String,
    /// Attempts made so far.
    pub attempts: i64,
    /// `submission` (POST, our shape) or `judge0` (PUT, Judge0's shape).
    pub kind: String,
}

impl Store {
    /// Webhooks due now, oldest first.
    pub async fn due_webhooks(&self, limit: u32) -> anyhow::Result<Vec<DueWebhook>> {
        Ok(sqlx::query_as(
            "SELECT submission_id, url, attempts, kind FROM webhooks
             WHERE state = 'pending' AND next_attempt_at <= ?1
             ORDER BY next_attempt_at LIMIT ?2",
        )
        .bind(now_ms())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Records an attempt. `outcome` is `Ok(status)` for a 2xx answer;
    /// otherwise the attempt failed and the next one is at `retry_at`
    /// (`None`: no more attempts).
    pub async fn record_delivery(
        &self,
        hook: &DueWebhook,
        status: Option<u16>,
        error: Option<&str>,
        retry_at: Option<i64>,
    ) -> anyhow::Result<()> {
        let attempt = hook.attempts + 1;
        let delivered = error.is_none();
        let state = match (delivered, retry_at) {
            (true, _) => "delivered",
            (false, Some(_)) => "pending",
            (false, None) => "failed",
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (submission_id, attempt, at, status, error) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&hook.submission_id)
        .bind(attempt)
        .bind(now_ms())
        .bind(status.map(i64::from))
        .bind(error)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE webhooks SET state = ?2, attempts = ?3, next_attempt_at = COALESCE(?4, next_attempt_at), last_error = ?5
             WHERE submission_id = ?1",
        )
        .bind(&hook.submission_id)
        .bind(state)
        .bind(attempt)
        .bind(retry_at)
        .bind(error)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A submission's webhook: its state and attempts made.
    pub async fn webhook_status(&self, submission: &str) -> anyhow::Result<Option<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT state, attempts FROM webhooks WHERE submission_id = ?1")
                .bind(submission)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}
