//! Secrets every process on one database must share (the webhook signing
//! secret of a fleet), made once by whichever process asks first.

use super::Store;

impl Store {
    /// The secret `name`, stored as `made` when there is none yet; every
    /// caller gets the one that was stored first.
    pub(crate) async fn shared_secret(&self, name: &str, made: String) -> anyhow::Result<String> {
        sqlx::query("INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(name)
            .bind(made)
            .execute(&self.pool)
            .await?;
        let (value,): (String,) = sqlx::query_as("SELECT value FROM secrets WHERE name = $1")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(value)
    }
}
