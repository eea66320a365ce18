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

fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_text(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(hex::encode(buf))
}

impl Store {
    /// Creates a key with `role`.
    pub async fn create_key(&self, role: Role, name: &str) -> anyhow::Result<NewKey> {
        let id = random_text(6)?;
        let token = format!("jk_{id}_{}", random_text(24)?);
        sqlx::query(
            "INSERT INTO api_keys (id, name, role, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(&id)
        .bind(name)
        .bind(role.as_str())
        .bind(hash(&token))
        .bind(now_ms())
        .execute(&self.pool)
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

    /// The live key whose full text is `token`.
    pub async fn authenticate(&self, token: &str) -> anyhow::Result<Option<ApiKey>> {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT id, name, role FROM api_keys WHERE secret_hash = ?1 AND revoked_at IS NULL",
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

    /// How many keys exist (the first start creates an admin's).
    pub async fn key_count(&self) -> anyhow::Result<i64> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_keys")
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
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
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).await.unwrap();
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
}
