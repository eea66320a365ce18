//! Queued one-shot runs (what Judge0's submissions become): the same lease
//! discipline as submissions, a result written once. A run's job and result
//! are kept as JSON ([`crate::pipeline::run_job`] says what they hold); the
//! store reads neither but to count.

use std::time::Duration;

use sqlx::FromRow;

use super::{Lease, Refused, Room, Store, millis, now_ms};

/// A stored run.
#[derive(Debug, Clone, FromRow)]
pub struct StoredRun {
    /// Queue position.
    pub seq: i64,
    /// Its token.
    pub token: String,
    /// The key that sent it.
    pub owner: String,
    /// What to run, as JSON.
    pub job: String,
    /// Where it is.
    #[sqlx(try_from = "String")]
    pub state: RunState,
    /// The result, as JSON, once done.
    pub result: Option<String>,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms.
    pub finished_at: Option<i64>,
}

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    /// Waiting for a worker.
    Queued,
    /// A worker holds it.
    Running,
    /// Its result is written.
    Done,
}

impl TryFrom<String> for RunState {
    type Error = String;

    /// The stored name (the schema's `CHECK` allows no other).
    fn try_from(name: String) -> Result<Self, String> {
        match name.as_str() {
            "queued" => Ok(Self::Queued),
            "running" => Ok(Self::Running),
            "done" => Ok(Self::Done),
            _ => Err(format!("unknown run state {name:?}")),
        }
    }
}

const COLUMNS: &str = "seq, token, owner, request AS job, state, result, created_at, finished_at";

impl Store {
    /// Queues runs, each a token and its job as JSON (one transaction: a
    /// batch is all or nothing) unless the
    /// queue of runs would pass `capacity`; `false` when it would.
    pub async fn enqueue_runs(
        &self,
        owner: &str,
        runs: &[(String, String)],
        room: Room,
    ) -> anyhow::Result<Result<(), Refused>> {
        let mut tx = self.write().await?;
        self.exclusive(&mut tx, super::Exclusive::Queue).await?;
        let (waiting,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM runs WHERE state = 'queued'")
            .fetch_one(&mut *tx)
            .await?;
        let (mine,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM runs WHERE owner = $1 AND state != 'done'")
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
                "INSERT INTO runs (token, owner, request, state, created_at) VALUES ($1, $2, $3, 'queued', $4)",
            )
            .bind(token)
            .bind(owner)
            .bind(request)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        self.notify(&mut tx).await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The run `token`.
    pub async fn run(&self, token: &str) -> anyhow::Result<Option<StoredRun>> {
        Ok(
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM runs WHERE token = $1"))
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
            "SELECT {COLUMNS} FROM runs WHERE ($1 IS NULL OR owner = $1)
             ORDER BY seq DESC LIMIT $2 OFFSET $3"
        ))
        .bind(owner)
        .bind(i64::from(limit))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let (total,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM runs WHERE ($1 IS NULL OR owner = $1)")
                .bind(owner)
                .fetch_one(&self.pool)
                .await?;
        Ok((items, total))
    }

    /// Deletes a finished run; `false` when there is none.
    pub async fn delete_run(&self, token: &str) -> anyhow::Result<bool> {
        let deleted = sqlx::query("DELETE FROM runs WHERE token = $1 AND state = 'done'")
            .bind(token)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted == 1)
    }

    /// Takes the oldest queued run (or one whose lease ran out) under a new
    /// [`Lease`], as [`Store::claim`] takes a submission.
    pub async fn claim_run(
        &self,
        worker: &str,
        lease: Duration,
    ) -> anyhow::Result<Option<(StoredRun, Lease)>> {
        let held = Lease::new(worker)?;
        let now = now_ms();
        let statement = format!(
            "UPDATE runs SET state = 'running', claims = claims + 1, lease_owner = $1, lease_until = $2
             WHERE seq = (SELECT seq FROM runs
                          WHERE state = 'queued' OR (state = 'running' AND lease_until < $3)
                          ORDER BY seq LIMIT 1 {})
             RETURNING {COLUMNS}",
            self.skip_locked()
        );
        let run: Option<StoredRun> = sqlx::query_as(&statement)
            .bind(held.as_str())
            .bind(now + millis(lease))
            .bind(now)
            .fetch_optional(&self.pool)
            .await?;
        Ok(run.map(|run| (run, held)))
    }

    /// Extends the lease `held` on a running run; `false` when it is no
    /// longer the current one.
    pub async fn renew_run(
        &self,
        token: &str,
        held: &Lease,
        lease: Duration,
    ) -> anyhow::Result<bool> {
        let renewed = sqlx::query(
            "UPDATE runs SET lease_until = $3
             WHERE token = $1 AND lease_owner = $2 AND state = 'running'",
        )
        .bind(token)
        .bind(held.as_str())
        .bind(now_ms() + millis(lease))
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(renewed == 1)
    }

    /// Writes a run's result once (the current lease only), with its webhook
    /// when it has a callback URL.
    pub async fn finish_run(
        &self,
        token: &str,
        held: &Lease,
        result: &str,
        callback_url: Option<&str>,
    ) -> anyhow::Result<bool> {
        let now = now_ms();
        let mut tx = self.write().await?;
        let done = sqlx::query(
            "UPDATE runs SET state = 'done', result = $3, finished_at = $4, lease_owner = NULL, lease_until = NULL
             WHERE token = $1 AND lease_owner = $2 AND state != 'done'",
        )
        .bind(token)
        .bind(held.as_str())
        .bind(result)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 1
            && let Some(url) = callback_url
        {
            sqlx::query(
                "INSERT INTO webhooks (submission_id, url, state, next_attempt_at, kind) VALUES ($1, $2, 'pending', $3, 'run')",
            )
            .bind(token)
            .bind(url)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        self.notify(&mut tx).await?;
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
            sqlx::query_as(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN created_at >= $1 THEN 1 ELSE 0 END), 0) FROM runs",
            )
                .bind(since)
                .fetch_one(&self.pool)
                .await?,
        )
    }
}

impl Store {
    /// Counts of runs by a field of their job (a JSON path such as
    /// `$.language`), most first; a missing field counts as `""`.
    ///
    /// PostgreSQL's jsonb refuses the escape of a NUL character (`\u0000`),
    /// which a job's source or input may hold: it is read as a space's
    /// (`\u0020`, as long, so the JSON stays valid whatever precedes it).
    pub async fn runs_by_job_field(&self, path: &str) -> anyhow::Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(self.dialect(
            "SELECT COALESCE(CAST(json_extract(request, $1) AS TEXT), '') AS field, COUNT(*)
             FROM runs GROUP BY field ORDER BY COUNT(*) DESC",
            "SELECT COALESCE(jsonb_path_query_first(CAST(replace(request, '\\u0000', '\\u0020') AS jsonb),
                                                    CAST($1 AS jsonpath)) #>> '{}', '') AS field,
                    COUNT(*)
             FROM runs GROUP BY field ORDER BY COUNT(*) DESC",
        ))
        .bind(path)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Counts of finished runs by their result's status (a NUL's escape
    /// read as in [`Store::runs_by_job_field`]).
    pub async fn runs_by_status(&self) -> anyhow::Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(self.dialect(
            "SELECT COALESCE(json_extract(result, '$.status'), '') AS status, COUNT(*)
             FROM runs WHERE result IS NOT NULL GROUP BY status ORDER BY status",
            "SELECT COALESCE(CAST(replace(result, '\\u0000', '\\u0020') AS jsonb) ->> 'status', '') AS status, COUNT(*)
             FROM runs WHERE result IS NOT NULL GROUP BY status ORDER BY status",
        ))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Runs waiting for a worker.
    pub async fn runs_queued(&self) -> anyhow::Result<i64> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM runs WHERE state = 'queued'")
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::run_job::{RunJob, RunRecord, RunStatus};

    /// A database an earlier release wrote: its runs hold Judge0's request
    /// and status ids. Opening it now brings them into the judge's terms.
    #[tokio::test]
    async fn runs_an_earlier_release_stored_in_judge0_terms_are_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join(crate::store::DATABASE_FILE))
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let mut earlier = sqlx::migrate!("./migrations/sqlite");
        earlier.migrations = std::borrow::Cow::Owned(earlier.migrations[..2].to_vec());
        earlier.run(&pool).await.unwrap();
        let request = r#"{"language_id":71,"language":"python","source_code":"print(1)","stdin":null,
            "expected_output":"1","cpu_time_limit":2.0,"cpu_extra_time":1.0,"wall_time_limit":5.0,
            "memory_limit":128000,"stack_limit":64000,"max_processes_and_or_threads":60,
            "enable_per_process_and_thread_time_limit":false,"enable_per_process_and_thread_memory_limit":false,
            "max_file_size":1024,"redirect_stderr_to_stdout":true,"enable_network":false,"number_of_runs":1,
            "command_line_arguments":null,"compiler_options":null,"callback_url":"https://example.com/h","base64":true}"#;
        let result = r#"{"status_id":5,"stdout":"MQo=","stderr":null,"compile_output":null,
            "message":"Time limit exceeded","time":2.0,"wall_time":2.5,"memory":1024,"exit_code":null,"exit_signal":null}"#;
        sqlx::query(
            "INSERT INTO runs (token, owner, request, state, result, created_at) VALUES ('t', 'k', $1, 'done', $2, 0)",
        )
        .bind(request)
        .bind(result)
        .execute(&pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO webhooks (submission_id, url, state, next_attempt_at, kind) VALUES ('t', 'https://example.com/h', 'pending', 0, 'judge0')")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;

        let store = Store::open(dir.path()).await.unwrap();
        let run = store.run("t").await.unwrap().unwrap();
        assert_eq!(run.state, RunState::Done);
        let job: RunJob = serde_json::from_str(&run.job).unwrap();
        assert_eq!(
            (
                job.language.as_str(),
                job.source.as_str(),
                job.stdin.as_str()
            ),
            ("python", "print(1)", "")
        );
        assert_eq!(
            (job.memory_bytes, job.output_bytes),
            (128_000 * 1024, 1024 * 1024)
        );
        assert!(job.merge_stderr);
        assert_eq!(job.client["language_id"], 71);
        let record: RunRecord = serde_json::from_str(run.result.as_deref().unwrap()).unwrap();
        assert_eq!(record.status, RunStatus::TimeLimit);
        assert_eq!(record.memory_bytes, Some(1024 * 1024));
        assert_eq!(record.stdout.as_deref(), Some("MQo="));
        let due = store.due_webhooks(10).await.unwrap();
        assert_eq!(due[0].kind, "run");
        assert_eq!(
            store
                .runs_by_job_field("$.client.language_id")
                .await
                .unwrap(),
            [("71".to_owned(), 1)]
        );
        assert_eq!(
            store.runs_by_status().await.unwrap(),
            [("time_limit".to_owned(), 1)]
        );
    }
    #[tokio::test]
    async fn a_job_holding_a_nul_character_is_counted_like_any_other() {
        let test = crate::store::testing::TestStore::new().await;
        let store = &test.store;
        // A Judge0 client's source with a NUL in it, as the job keeps it;
        // and an escaped backslash before "u0000", which is no NUL.
        let jobs = [
            r#"{"client":{"language_id":71},"source":"a\u0000b"}"#,
            r#"{"client":{"language_id":71},"source":"a\\u0000"}"#,
        ];
        let runs: Vec<(String, String)> = jobs
            .iter()
            .enumerate()
            .map(|(n, job)| (format!("t{n}"), (*job).to_owned()))
            .collect();
        let room = Room {
            queue: 10,
            per_key: 10,
        };
        store.enqueue_runs("k", &runs, room).await.unwrap().unwrap();
        assert_eq!(
            store
                .runs_by_job_field("$.client.language_id")
                .await
                .unwrap(),
            [("71".to_owned(), 2)]
        );
        assert_eq!(store.runs_by_status().await.unwrap(), []);
    }
}
