//! Who runs a pad's code now: one run or submission at a time per pad,
//! across every process on the store, held with a lease like a claimed
//! job's (a fencing token and a deadline its holder renews). A run whose
//! process died frees its pad when the lease runs out.

use std::time::Duration;

use super::{Lease, Store, now_ms};

/// Milliseconds of `duration`, for a lease's deadline.
fn ms(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl Store {
    /// Takes `pad`'s run for `lasting`: `None` while another holder's
    /// lease lasts.
    pub(crate) async fn claim_pad_run(
        &self,
        pad: &str,
        lasting: Duration,
    ) -> anyhow::Result<Option<Lease>> {
        let lease = Lease::new("pad-run")?;
        let now = now_ms();
        // One statement: of two processes claiming at once, the second
        // sees the first's row and its deadline.
        let taken = sqlx::query(
            "INSERT INTO pad_runs (pad_id, lease, until_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (pad_id) DO UPDATE SET lease = excluded.lease, until_ms = excluded.until_ms \
             WHERE pad_runs.until_ms < $4",
        )
        .bind(pad)
        .bind(lease.as_str())
        .bind(now.saturating_add(ms(lasting)))
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok((taken == 1).then_some(lease))
    }

    /// Extends `lease` on `pad`'s run for `lasting` from now: `false` when
    /// another took the pad since (its lease ran out). A lease that ran out
    /// but that no one took still fences: no other run started.
    pub(crate) async fn renew_pad_run(
        &self,
        pad: &str,
        lease: &Lease,
        lasting: Duration,
    ) -> anyhow::Result<bool> {
        let renewed =
            sqlx::query("UPDATE pad_runs SET until_ms = $1 WHERE pad_id = $2 AND lease = $3")
                .bind(now_ms().saturating_add(ms(lasting)))
                .bind(pad)
                .bind(lease.as_str())
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(renewed == 1)
    }

    /// Gives `pad`'s run back, if `lease` still holds it.
    pub(crate) async fn release_pad_run(&self, pad: &str, lease: &Lease) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM pad_runs WHERE pad_id = $1 AND lease = $2")
            .bind(pad)
            .bind(lease.as_str())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether someone's lease on `pad`'s run lasts.
    pub(crate) async fn pad_run_held(&self, pad: &str) -> anyhow::Result<bool> {
        let held: Option<(i64,)> =
            sqlx::query_as("SELECT until_ms FROM pad_runs WHERE pad_id = $1 AND until_ms >= $2")
                .bind(pad)
                .bind(now_ms())
                .fetch_optional(&self.pool)
                .await?;
        Ok(held.is_some())
    }

    /// Gives back every pad's run: for the one process of an embedded
    /// store at start, whose previous runs ended with it.
    pub(crate) async fn release_all_pad_runs(&self) -> anyhow::Result<u64> {
        Ok(sqlx::query("DELETE FROM pad_runs")
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::store::testing::TestStore;

    #[tokio::test]
    async fn a_pad_runs_one_at_a_time_until_its_lease_runs_out_and_a_lost_lease_writes_nothing() {
        let test = TestStore::new().await;
        let store = &test.store;
        let long = Duration::from_secs(60);
        let first = store.claim_pad_run("p1", long).await.unwrap().unwrap();
        assert!(store.claim_pad_run("p1", long).await.unwrap().is_none());
        assert!(store.pad_run_held("p1").await.unwrap());
        // Another pad is free.
        assert!(store.claim_pad_run("p2", long).await.unwrap().is_some());
        assert!(store.renew_pad_run("p1", &first, long).await.unwrap());
        store.release_pad_run("p1", &first).await.unwrap();
        assert!(!store.pad_run_held("p1").await.unwrap());

        // A lease that ran out: the pad is taken again, and its old holder
        // can neither renew nor release the new holder's.
        let short = Duration::from_millis(1);
        let dead = store.claim_pad_run("p1", short).await.unwrap().unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!store.pad_run_held("p1").await.unwrap());
        let next = store.claim_pad_run("p1", long).await.unwrap().unwrap();
        assert!(!store.renew_pad_run("p1", &dead, long).await.unwrap());
        store.release_pad_run("p1", &dead).await.unwrap();
        assert!(store.pad_run_held("p1").await.unwrap());
        assert!(store.renew_pad_run("p1", &next, long).await.unwrap());

        assert_eq!(store.release_all_pad_runs().await.unwrap(), 2);
        assert!(!store.pad_run_held("p2").await.unwrap());
    }
}
