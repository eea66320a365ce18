//! Idempotency keys: the first response to a client's key is kept with a
//! hash of its request, so a retry gets the same answer and a different
//! request under the same key is refused.

use sqlx::AnyConnection;

use super::{Store, now_ms};

/// A response kept for replay.
#[derive(Debug, Clone)]
pub struct StoredResponse {
    /// HTTP status.
    pub status: u16,
    /// JSON body.
    pub body: String,
}

/// What an idempotency key says about a request.
#[derive(Debug)]
pub enum Idempotent {
    /// The key is new: go on.
    New,
    /// The same request came before: answer this.
    Replay(StoredResponse),
    /// The key was used for another request.
    Mismatch,
}

impl Store {
    /// Looks up `key` of client `key_id` for a request hashing to `request_hash`.
    pub async fn idempotent(
        &self,
        key_id: &str,
        key: &str,
        request_hash: &str,
    ) -> anyhow::Result<Idempotent> {
        let row: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT request_hash, status, response FROM idempotency_keys
             WHERE key_id = $1 AND idempotency_key = $2",
        )
        .bind(key_id)
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(match row {
            None => Idempotent::New,
            Some((hash, _, _)) if hash != request_hash => Idempotent::Mismatch,
            Some((_, status, body)) => Idempotent::Replay(StoredResponse {
                status: u16::try_from(status).unwrap_or(500),
                body,
            }),
        })
    }

    /// Keeps `response` for `key`, inside the transaction that made it;
    /// `false` when a concurrent request took the key first (roll back and
    /// look it up again).
    pub async fn remember(
        &self,
        tx: &mut AnyConnection,
        key_id: &str,
        key: &str,
        request_hash: &str,
        response: &StoredResponse,
    ) -> anyhow::Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, status, response, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(key_id)
        .bind(key)
        .bind(request_hash)
        .bind(i64::from(response.status))
        .bind(&response.body)
        .bind(now_ms())
        .execute(tx)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }
}
