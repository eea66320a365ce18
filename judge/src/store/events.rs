//! Each submission's progress, in order: state changes, one event per judged
//! test, and `done`. The events stream (SSE) replays them from any point, so a
//! client that reconnects with `Last-Event-ID` misses nothing, whichever
//! process judged the submission.

use sqlx::{AnyConnection, FromRow};

use super::{Lease, Store, now_ms};

/// What an event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The submission moved to a new state.
    State,
    /// One test was judged (data: the pipeline's test report).
    Test,
    /// The final verdict.
    Done,
}

impl EventKind {
    /// The stored name, also the SSE `event:` field.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::State => "state",
            Self::Test => "test",
            Self::Done => "done",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "test" => Self::Test,
            "done" => Self::Done,
            _ => Self::State,
        }
    }
}

/// One stored event.
#[derive(Debug, Clone)]
pub struct Event {
    /// Position in the submission's stream, from 1.
    pub seq: i64,
    /// What it says.
    pub kind: EventKind,
    /// Its JSON.
    pub data: serde_json::Value,
}

#[derive(Debug, FromRow)]
struct Row {
    seq: i64,
    kind: String,
    data: String,
}

/// Appends an event to `submission`'s stream, inside the caller's transaction.
pub(super) async fn append(
    conn: &mut AnyConnection,
    submission: &str,
    kind: EventKind,
    data: &serde_json::Value,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO submission_events (submission_id, seq, kind, data, created_at)
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4
         FROM submission_events WHERE submission_id = $1",
    )
    .bind(submission)
    .bind(kind.as_str())
    .bind(data.to_string())
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// Records a judged test of a submission whose lease is still `held`.
    /// The lease is checked by a write to its row, which on PostgreSQL locks
    /// the row until the commit: no claim can slip between the check and
    /// the event.
    pub async fn record_test(
        &self,
        submission: &str,
        held: &Lease,
        data: &serde_json::Value,
    ) -> anyhow::Result<()> {
        let mut tx = self.write().await?;
        let held = sqlx::query(
            "UPDATE submissions SET lease_owner = lease_owner
             WHERE id = $1 AND lease_owner = $2 AND state != 'done'",
        )
        .bind(submission)
        .bind(held.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if held == 1 {
            append(&mut tx, submission, EventKind::Test, data).await?;
        }
        self.notify(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// `submission`'s events after `after`, in order.
    pub async fn events_after(&self, submission: &str, after: i64) -> anyhow::Result<Vec<Event>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT seq, kind, data FROM submission_events
             WHERE submission_id = $1 AND seq > $2 ORDER BY seq",
        )
        .bind(submission)
        .bind(after)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| {
                Ok(Event {
                    seq: row.seq,
                    kind: EventKind::parse(&row.kind),
                    data: serde_json::from_str(&row.data)?,
                })
            })
            .collect()
    }

    /// How many `done` events `submission` has: exactly one once judged.
    pub async fn done_events(&self, submission: &str) -> anyhow::Result<i64> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM submission_events WHERE submission_id = $1 AND kind = 'done'",
        )
        .bind(submission)
        .fetch_one(&self.pool)
        .await?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::store::{NewSubmission, Room};

    /// Two workers recording their tests at the same moment: each write
    /// transaction reads (the lease) before it writes, which a deferred
    /// transaction cannot do while another connection commits ("database
    /// is locked" at once, whatever the busy timeout). Every event is kept.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn tests_recorded_at_once_by_two_workers_are_all_kept() {
        let test = crate::store::testing::TestStore::new().await;
        let store = &test.store;
        for n in 0..2 {
            let new = NewSubmission {
                id: format!("s{n}"),
                owner: "k".into(),
                problem: "p".into(),
                language: "c".into(),
                source: "int main(void) { return 0; }".into(),
                files: Vec::new(),
                callback_url: None,
                request_id: None,
            };
            let mut tx = store.begin().await.unwrap();
            let room = Room {
                queue: 10,
                per_key: 10,
            };
            assert!(store.enqueue(&mut tx, &new, room).await.unwrap().is_ok());
            tx.commit().await.unwrap();
        }
        let lease = Duration::from_secs(60);
        let mut tasks = Vec::new();
        for worker in ["w1", "w2"] {
            let claimed = store.claim(worker, lease).await.unwrap().unwrap();
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                for test in 0..100 {
                    let data = serde_json::json!({ "test": test });
                    store
                        .record_test(&claimed.submission.id, &claimed.lease, &data)
                        .await?;
                }
                anyhow::Ok(claimed.submission.id)
            }));
        }
        for task in tasks {
            let id = task.await.unwrap().unwrap();
            let tests = store.events_after(&id, 0).await.unwrap();
            let tests = tests.iter().filter(|e| e.kind == EventKind::Test).count();
            assert_eq!(tests, 100);
        }
    }
}
