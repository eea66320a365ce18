//! Browser sessions: made from a live key, found by the cookie's secret
//! (kept hashed), ended at sign-out, expiry or the key's revocation.

use std::time::Duration;

use super::keys::{ApiKey, Role, hash, random_text};
use super::{Store, millis, now_ms};

/// A session just made: the cookie's value and the CSRF token (both shown
/// once, to the browser that signed in).
pub(crate) struct NewSession {
    /// The cookie's value.
    pub(crate) secret: String,
    /// What every state-changing request of the session must carry.
    pub(crate) csrf_token: String,
    /// Unix ms.
    pub(crate) expires_at: i64,
}

impl std::fmt::Debug for NewSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// A live session.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// Whose it is.
    pub(crate) key: ApiKey,
    /// Its CSRF token.
    pub(crate) csrf_token: String,
    /// Unix ms.
    pub(crate) expires_at: i64,
}

impl Store {
    /// Makes a session for the live key `key_id`, lasting `ttl`; forgets
    /// expired ones on the way.
    pub(crate) async fn create_session(
        &self,
        key_id: &str,
        ttl: Duration,
    ) -> anyhow::Result<NewSession> {
        let now = now_ms();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        let secret = random_text(32)?;
        let csrf_token = random_text(16)?;
        let expires_at = now + millis(ttl);
        sqlx::query(
            "INSERT INTO sessions (secret_hash, key_id, csrf_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(hash(&secret))
        .bind(key_id)
        .bind(&csrf_token)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(NewSession {
            secret,
            csrf_token,
            expires_at,
        })
    }

    /// The live session whose cookie is `secret` (not expired, its key not
    /// revoked).
    pub(crate) async fn session(&self, secret: &str) -> anyhow::Result<Option<Session>> {
        let row: Option<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT k.id, k.name, k.role, s.csrf_token, s.expires_at
             FROM sessions s JOIN api_keys k ON k.id = s.key_id
             WHERE s.secret_hash = $1 AND s.expires_at > $2 AND k.revoked_at IS NULL",
        )
        .bind(hash(secret))
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|(id, name, role, csrf_token, expires_at)| {
            Some(Session {
                key: ApiKey {
                    id,
                    name,
                    role: Role::parse(&role)?,
                },
                csrf_token,
                expires_at,
            })
        }))
    }

    /// Ends the session whose cookie is `secret`; `false` when there is none.
    pub(crate) async fn end_session(&self, secret: &str) -> anyhow::Result<bool> {
        let ended = sqlx::query("DELETE FROM sessions WHERE secret_hash = $1")
            .bind(hash(secret))
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(ended == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_session_lives_until_its_end_its_expiry_or_its_key_revoked() {
        let test = crate::store::testing::TestStore::new().await;
        let store = &test.store;
        let key = store.create_key(Role::Candidate, "ada").await.unwrap().key;

        let made = store
            .create_session(&key.id, Duration::from_secs(60))
            .await
            .unwrap();
        let found = store.session(&made.secret).await.unwrap().unwrap();
        assert_eq!(
            (found.key.id.as_str(), found.key.role),
            (key.id.as_str(), Role::Candidate)
        );
        assert_eq!(found.csrf_token, made.csrf_token);
        assert!(store.session("not-the-secret").await.unwrap().is_none());
        assert!(store.end_session(&made.secret).await.unwrap());
        assert!(store.session(&made.secret).await.unwrap().is_none());

        let expired = store.create_session(&key.id, Duration::ZERO).await.unwrap();
        assert!(store.session(&expired.secret).await.unwrap().is_none());

        let revoked = store
            .create_session(&key.id, Duration::from_secs(60))
            .await
            .unwrap();
        assert!(store.revoke_key(&key.id).await.unwrap());
        assert!(store.session(&revoked.secret).await.unwrap().is_none());
    }
}
