//! Compiled wasm shared by a fleet's workers: a resubmission judged on
//! another worker does not compile again. Content-addressed (the compile
//! cache's key: language, toolchain, image, command, sources), bounded in
//! size and age ([`Store::evict_artifacts`]); each worker keeps its own
//! local copy and Cranelift's native code besides.

use super::{Store, now_ms};

impl Store {
    /// The module kept under `key`, marked as used now.
    pub(crate) async fn artifact(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> =
            sqlx::query_as("UPDATE artifacts SET used_at = $2 WHERE key = $1 RETURNING wasm")
                .bind(key)
                .bind(now_ms())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(wasm,)| wasm))
    }

    /// Keeps `wasm` under `key` (the first copy wins: the same key is the
    /// same compile).
    pub(crate) async fn put_artifact(&self, key: &str, wasm: &[u8]) -> anyhow::Result<()> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO artifacts (key, wasm, bytes, created_at, used_at) VALUES ($1, $2, $3, $4, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(key)
        .bind(wasm)
        .bind(i64::try_from(wasm.len()).unwrap_or(i64::MAX))
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes the modules unused for `max_age_ms`, then the least recently
    /// used past `budget` bytes in all; how many went.
    pub(crate) async fn evict_artifacts(
        &self,
        max_age_ms: i64,
        budget: i64,
    ) -> anyhow::Result<u64> {
        let old = sqlx::query("DELETE FROM artifacts WHERE used_at < $1")
            .bind(now_ms() - max_age_ms)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let over = sqlx::query(
            "DELETE FROM artifacts WHERE key IN (
                 SELECT key FROM (
                     SELECT key, SUM(bytes) OVER (ORDER BY used_at DESC, key) AS total FROM artifacts
                 ) AS ranked WHERE total > $1)",
        )
        .bind(budget)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(old + over)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::store::testing::TestStore;

    #[tokio::test]
    async fn a_shared_module_is_found_by_its_key_and_evicted_by_use_and_age() {
        let test = TestStore::new().await;
        let store = &test.store;
        store.put_artifact("a", &[1; 100]).await.unwrap();
        store.put_artifact("a", &[2; 100]).await.unwrap();
        assert_eq!(
            store.artifact("a").await.unwrap(),
            Some(vec![1; 100]),
            "the first copy wins"
        );
        assert_eq!(store.artifact("missing").await.unwrap(), None);
        tokio::time::sleep(Duration::from_millis(5)).await;
        store.put_artifact("b", &[3; 100]).await.unwrap();
        // Past a budget of 150 bytes, the least recently used goes.
        assert_eq!(store.evict_artifacts(i64::MAX / 2, 150).await.unwrap(), 1);
        assert_eq!(store.artifact("a").await.unwrap(), None);
        assert!(store.artifact("b").await.unwrap().is_some());
        // And what nobody used for the age given.
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert_eq!(store.evict_artifacts(1, i64::MAX).await.unwrap(), 1);
        assert_eq!(store.artifact("b").await.unwrap(), None);
    }
}
