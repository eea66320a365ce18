//! Live pads and the log of their documents' updates.

use super::keys::random_text;
use super::{Page, Store, now_ms};

/// How a candidate's link's token starts.
pub(super) const CANDIDATE_PREFIX: &str = "pc_";
/// How an interviewers' link's token starts.
pub(crate) const INTERVIEWER_PREFIX: &str = "pi_";

/// A pad's shared document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PadRoom {
    /// The code everyone in the pad edits.
    Code,
    /// The interviewers' private notes.
    Notes,
    /// What the server decides: the shared language, the run in progress,
    /// the runs' results (clients read it, never write it).
    State,
}

impl PadRoom {
    /// The name stored and used in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Notes => "notes",
            Self::State => "state",
        }
    }

    /// The room named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "code" => Some(Self::Code),
            "notes" => Some(Self::Notes),
            "state" => Some(Self::State),
            _ => None,
        }
    }
}

/// Who a link admits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PadRole {
    /// The candidate's link: the code, never the notes.
    Candidate,
    /// The interviewers' link: everything.
    Interviewer,
}

/// A pad to create.
#[derive(Debug, Clone)]
pub struct NewPad {
    /// Shown to everyone in the pad.
    pub title: String,
    /// Who the candidate is.
    pub candidate_name: String,
    /// A problem slug, for a pad about one.
    pub problem: Option<String>,
    /// The language the pad starts in.
    pub language: String,
    /// The interviewer's key id.
    pub created_by: String,
}

/// A pad.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pad {
    /// Listing order.
    pub seq: i64,
    /// Its id.
    pub id: String,
    /// Shown to everyone in the pad.
    pub title: String,
    /// Who the candidate is.
    pub candidate_name: String,
    /// A problem slug.
    pub problem: Option<String>,
    /// The language it started in.
    pub language: String,
    /// The interviewer's key id.
    pub created_by: String,
    /// The candidate's link's token.
    pub candidate_token: String,
    /// The interviewers' link's token.
    pub interviewer_token: String,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms, once ended.
    pub ended_at: Option<i64>,
}

const COLUMNS: &str = "seq, id, title, candidate_name, problem, language, created_by, \
    candidate_token, interviewer_token, created_at, ended_at";

/// One stored update of a pad's document.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PadUpdate {
    /// Its place in the room's log, from 1.
    pub seq: i64,
    /// A Yjs update, v1 encoding.
    pub data: Vec<u8>,
    /// Unix ms.
    pub at: i64,
}

impl Store {
    /// Creates a pad with two fresh links (128-bit tokens and more).
    pub async fn create_pad(&self, new: &NewPad) -> anyhow::Result<Pad> {
        let pad: Pad = sqlx::query_as(&format!(
            "INSERT INTO pads (id, title, candidate_name, problem, language, created_by,
                               candidate_token, interviewer_token, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLUMNS}"
        ))
        .bind(uuid::Uuid::now_v7().to_string())
        .bind(&new.title)
        .bind(&new.candidate_name)
        .bind(&new.problem)
        .bind(&new.language)
        .bind(&new.created_by)
        .bind(format!("{CANDIDATE_PREFIX}{}", random_text(24)?))
        .bind(format!("{INTERVIEWER_PREFIX}{}", random_text(24)?))
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        Ok(pad)
    }

    /// The pad a link's `token` opens, and who it admits.
    pub async fn pad_by_token(&self, token: &str) -> anyhow::Result<Option<(Pad, PadRole)>> {
        let pad: Option<Pad> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM pads WHERE candidate_token = $1 OR interviewer_token = $1"
        ))
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        Ok(pad.map(|pad| {
            let role = if pad.interviewer_token == token {
                PadRole::Interviewer
            } else {
                PadRole::Candidate
            };
            (pad, role)
        }))
    }

    /// Pads newest first below `before` (a `seq`): the active ones, or the
    /// ended ones.
    pub async fn pads(
        &self,
        ended: bool,
        before: Option<i64>,
        limit: u32,
    ) -> anyhow::Result<Page<Pad>> {
        let pads = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM pads
             WHERE (ended_at IS NOT NULL) = $1 AND seq < $2
             ORDER BY seq DESC LIMIT $3"
        ))
        .bind(ended)
        .bind(before.unwrap_or(i64::MAX))
        .bind(i64::from(limit) + 1)
        .fetch_all(&self.pool)
        .await?;
        Ok(Page::of(pads, limit, |pad: &Pad| pad.seq))
    }

    /// Whether the pad `id` has ended (read afresh: a room loading as the
    /// pad ends must know).
    pub async fn pad_ended(&self, id: &str) -> anyhow::Result<bool> {
        let ended: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT ended_at FROM pads WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(ended.is_some_and(|(at,)| at.is_some()))
    }

    /// Ends the pad `id`; `false` when it had ended already.
    pub async fn end_pad(&self, id: &str) -> anyhow::Result<bool> {
        let mut tx = self.write().await?;
        let ended = sqlx::query("UPDATE pads SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL")
            .bind(id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if ended == 1 {
            self.notify_pad(&mut tx, super::PadNotice::Ended(id.to_owned()))
                .await?;
        }
        tx.commit().await?;
        Ok(ended == 1)
    }

    /// Appends an update to a pad's document, durably, and answers its
    /// place in the log. The place is taken under a lock (SQLite's write
    /// lock; on PostgreSQL, the document's advisory lock, since several API
    /// processes may append to one document), and the other processes are
    /// told at commit (`store/notify.rs`).
    pub async fn append_pad_update(
        &self,
        pad: &str,
        room: PadRoom,
        data: &[u8],
    ) -> anyhow::Result<i64> {
        let mut tx = self.write().await?;
        self.exclusive(&mut tx, super::Exclusive::Document(pad, room))
            .await?;
        let (seq,): (i64,) = sqlx::query_as(
            "INSERT INTO pad_updates (pad_id, room, seq, data, at)
             SELECT $1, $2, COALESCE(MAX(seq), 0) + 1, $3, $4
             FROM pad_updates WHERE pad_id = $1 AND room = $2
             RETURNING seq",
        )
        .bind(pad)
        .bind(room.as_str())
        .bind(data)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        self.notify_pad(&mut tx, super::PadNotice::Updated(pad.to_owned(), room))
            .await?;
        tx.commit().await?;
        Ok(seq)
    }

    /// The updates of a pad's document after `after` (a `seq`), in order.
    pub async fn pad_updates(
        &self,
        pad: &str,
        room: PadRoom,
        after: i64,
    ) -> anyhow::Result<Vec<PadUpdate>> {
        Ok(sqlx::query_as(
            "SELECT seq, data, at FROM pad_updates
             WHERE pad_id = $1 AND room = $2 AND seq > $3 ORDER BY seq",
        )
        .bind(pad)
        .bind(room.as_str())
        .bind(after)
        .fetch_all(&self.pool)
        .await?)
    }

    /// When the update at `seq` of a pad's document was stored (Unix ms).
    pub async fn pad_update_time(
        &self,
        pad: &str,
        room: PadRoom,
        seq: i64,
    ) -> anyhow::Result<Option<i64>> {
        let at: Option<(i64,)> = sqlx::query_as(
            "SELECT at FROM pad_updates WHERE pad_id = $1 AND room = $2 AND seq = $3",
        )
        .bind(pad)
        .bind(room.as_str())
        .bind(seq)
        .fetch_optional(&self.pool)
        .await?;
        Ok(at.map(|(at,)| at))
    }

    /// The compacted state of a pad's document, if it has one: the update
    /// log's `seq` it holds up to, and the state (one Yjs update).
    pub async fn pad_snapshot(
        &self,
        pad: &str,
        room: PadRoom,
    ) -> anyhow::Result<Option<(i64, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT upto_seq, data FROM pad_snapshots WHERE pad_id = $1 AND room = $2",
        )
        .bind(pad)
        .bind(room.as_str())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Keeps `data`, the state of a pad's document up to `upto` (a `seq`),
    /// in place of the previous snapshot.
    pub async fn save_pad_snapshot(
        &self,
        pad: &str,
        room: PadRoom,
        upto: i64,
        data: &[u8],
    ) -> anyhow::Result<()> {
        sqlx::query(
            "INSERT INTO pad_snapshots (pad_id, room, upto_seq, data, at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (pad_id, room) DO UPDATE SET upto_seq = $3, data = $4, at = $5
             WHERE pad_snapshots.upto_seq < excluded.upto_seq",
        )
        .bind(pad)
        .bind(room.as_str())
        .bind(upto)
        .bind(data)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many pads `key` created are still active (its limit).
    pub async fn active_pads_by(&self, key: &str) -> anyhow::Result<i64> {
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM pads WHERE created_by = $1 AND ended_at IS NULL")
                .bind(key)
                .fetch_one(&self.pool)
                .await?;
        Ok(count)
    }

    /// The bytes of a pad's document's log (its size limit).
    pub async fn pad_bytes(&self, pad: &str, room: PadRoom) -> anyhow::Result<i64> {
        let (bytes,): (i64,) = sqlx::query_as(
            "SELECT COALESCE(SUM(LENGTH(data)), 0) FROM pad_updates WHERE pad_id = $1 AND room = $2",
        )
        .bind(pad)
        .bind(room.as_str())
        .fetch_one(&self.pool)
        .await?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::TestStore;

    /// A document's log, appended in order, and its snapshot, which only a
    /// later one replaces (both engines: PostgreSQL's upsert names its
    /// columns apart from the excluded row's).
    #[tokio::test]
    async fn a_pad_log_grows_in_order_and_only_a_later_snapshot_replaces_one() {
        let test = TestStore::new().await;
        let store = &test.store;
        let new = NewPad {
            title: "Round 1".into(),
            candidate_name: "Ana".into(),
            problem: None,
            language: "python".into(),
            created_by: "k".into(),
        };
        let pad = store.create_pad(&new).await.unwrap();
        for expected in 1..=3 {
            let seq = store
                .append_pad_update(&pad.id, PadRoom::Code, &[expected as u8])
                .await
                .unwrap();
            assert_eq!(seq, expected);
        }
        let updates = store.pad_updates(&pad.id, PadRoom::Code, 1).await.unwrap();
        assert_eq!(updates.iter().map(|u| u.seq).collect::<Vec<_>>(), [2, 3]);
        store
            .save_pad_snapshot(&pad.id, PadRoom::Code, 2, b"two")
            .await
            .unwrap();
        store
            .save_pad_snapshot(&pad.id, PadRoom::Code, 3, b"three")
            .await
            .unwrap();
        store
            .save_pad_snapshot(&pad.id, PadRoom::Code, 1, b"one")
            .await
            .unwrap();
        assert_eq!(
            store.pad_snapshot(&pad.id, PadRoom::Code).await.unwrap(),
            Some((3, b"three".to_vec()))
        );
    }
}
