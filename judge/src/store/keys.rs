//! API keys: `jk_<id>_<secret>`, stored as the SHA-256 of the whole key. Keys
//! are long random strings, so a fast hash is the right one (as for GitHub
//! tokens): a slow password hash would only slow every request.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Store, now_ms};

/// What a key may do; each role can do what the ones before it can.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Submits and runs code; sees only its own submissions.
    Candidate,
    /// Also sees every submission and uploads problems.
    Interviewer,
    /// Everything, including hidden test data and deleting problems.
    Admin,
}

impl Role {
    /// The name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Candidate => "candidate",
            Self::Interviewer => "interviewer",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored or typed role name.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "candidate" => Some(Self::Candidate),
            "interviewer" => Some(Self::Interviewer),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// A key as the service knows it (never the secret).
#[derive(Debug, Clone)]
pub struct ApiKey {
    /// Public id: safe to log.
    pub id: String,
    /// Who it was made for.
    pub name: String,
    /// What it may do.
    pub role: Role,
}

/// A key as listed: never its secret.
#[derive(Debug, Clone)]
pub struct KeyRecord {
    /// Public id.
    pub id: String,
    /// Who it was made for.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// Unix ms.
    pub created_at: i64,
    /// Unix ms, once revoked.
    pub revoked_at: Option<i64>,
}

type KeyRow = (String, String, String, i64, Option<i64>);

impl KeyRecord {
    fn from_row((id, name, role, created_at, revoked_at): KeyRow) -> Option<Self> {
        Some(Self {
            id,
            name,
            role: Role::parse(&role)?,
            created_at,
            revoked_at,
        })
    }
}

/// A key just created: the only time its full text exists.
pub struct NewKey {
    /// The stored part.
    pub key: ApiKey,
    /// `jk_<id>_<secret>`: give it to its holder, it is not kept.
    pub token: String,
}

impl std::fmt::Debug for NewKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewKey")
            .field("key", &self.key)
            .field("token", &"<redacted>")
            .finish()
    }
}

pub(super) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(super) fn random_text(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(hex::encode(buf))
}

/// Inserts a new key with `role`, inside `tx`.
async fn insert_key(
    tx: &mut sqlx::AnyConnection,
    role: Role,
    name: &str,
) -> anyhow::Result<NewKey> {
    let id = random_text(6)?;
    let token = format!("jk_{id}_{}", random_text(24)?);
    sqlx::query(
        "INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(name)
    .bind(role.as_str())
    .bind(hash(&token))
    .bind(now_ms())
    .execute(tx)
    .await?;
    Ok(NewKey {
        key: ApiKey {
            id,
            name: name.to_owned(),
            role,
        },
        token,
    })
}

impl Store {
    /// Creates a key with `role`.
    pub async fn create_key(&self, role: Role, name: &str) -> anyhow::Result<NewKey> {
        let mut tx = self.write().await?;
        let key = insert_key(&mut tx, role, name).await?;
        tx.commit().await?;
        Ok(key)
    }

    /// Creates the first key, with `role`, unless the database has one:
    /// of processes starting together on an empty database, one makes it.
    pub(crate) async fn create_first_key(
        &self,
        role: Role,
        name: &str,
    ) -> anyhow::Result<Option<NewKey>> {
        let mut tx = self.write().await?;
        self.exclusive(&mut tx, super::Exclusive::FirstKey).await?;
        let (keys,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_keys")
            .fetch_one(&mut *tx)
            .await?;
        if keys > 0 {
            return Ok(None);
        }
        let key = insert_key(&mut tx, role, name).await?;
        tx.commit().await?;
        Ok(Some(key))
    }

    /// The live key whose full text is `token`.
    pub async fn authenticate(&self, token: &str) -> anyhow::Result<Option<ApiKey>> {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT id, name, role FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash(token))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(id, name, role)| {
            Some(ApiKey {
                id,
                name,
                role: Role::parse(&role)?,
            })
        }))
    }

    /// Every key whose role is at most `up_to`, newest first.
    pub async fn keys(&self, up_to: Role) -> anyhow::Result<Vec<KeyRecord>> {
        let rows: Vec<KeyRow> = sqlx::query_as(
            "SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at DESC, id",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(KeyRecord::from_row)
            .filter(|key| key.role <= up_to)
            .collect())
    }

    /// The names of the keys among `ids` (revoked or not), by id.
    pub async fn key_names(
        &self,
        ids: &[&str],
    ) -> anyhow::Result<std::collections::HashMap<String, String>> {
        let ids = serde_json::to_string(ids)?;
        let rows: Vec<(String, String)> = sqlx::query_as(self.dialect(
            "SELECT id, name FROM api_keys WHERE id IN (SELECT value FROM json_each($1))",
            "SELECT id, name FROM api_keys
             WHERE id IN (SELECT jsonb_array_elements_text(CAST($1 AS jsonb)))",
        ))
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// The key `id`, revoked or not.
    pub async fn key(&self, id: &str) -> anyhow::Result<Option<KeyRecord>> {
        let row: Option<KeyRow> = sqlx::query_as(
            "SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(KeyRecord::from_row))
    }

    /// Revokes the key `id`: it authenticates no more, at once. `false` when
    /// there is no such live key.
    pub async fn revoke_key(&self, id: &str) -> anyhow::Result<bool> {
        let revoked =
            sqlx::query("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now_ms())
                .execute(&self.pool)
                .await?
                .rows_affected();
        Ok(revoked == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_what_they_may_do() {
        assert!(Role::Candidate < Role::Interviewer && Role::Interviewer < Role::Admin);
        for role in [Role::Candidate, Role::Interviewer, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[tokio::test]
    async fn a_key_authenticates_only_with_its_whole_text() {
        let test = crate::store::testing::TestStore::new().await;
        let store = &test.store;
        let new = store.create_key(Role::Interviewer, "ana").await.unwrap();
        let found = store.authenticate(&new.token).await.unwrap().unwrap();
        assert_eq!(
            (found.id.as_str(), found.role),
            (new.key.id.as_str(), Role::Interviewer)
        );
        assert!(
            store
                .authenticate(&new.token[..new.token.len() - 1])
                .await
                .unwrap()
                .is_none()
        );
        assert!(!format!("{new:?}").contains(&new.token));
    }

    #[tokio::test]
    async fn a_revoked_key_authenticates_no_more_and_is_listed_as_revoked() {
        let test = crate::store::testing::TestStore::new().await;
        let store = &test.store;
        let ana = store.create_key(Role::Candidate, "ana").await.unwrap();
        let bo = store.create_key(Role::Interviewer, "bo").await.unwrap();
        assert!(store.revoke_key(&ana.key.id).await.unwrap());
        assert!(!store.revoke_key(&ana.key.id).await.unwrap(), "once");
        assert!(store.authenticate(&ana.token).await.unwrap().is_none());
        assert!(store.authenticate(&bo.token).await.unwrap().is_some());
        let candidates = store.keys(Role::Candidate).await.unwrap();
        assert_eq!(candidates.len(), 1);
        assert!(candidates[0].revoked_at.is_some());
        assert_eq!(store.keys(Role::Admin).await.unwrap().len(), 2);
    }
}
