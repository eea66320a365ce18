//! The webhook outbox: written with the verdict, delivered with retries;
//! what a callback URL may be, and how delivery retries.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use super::{Store, now_ms};

/// A webhook whose next attempt is due.
#[derive(Debug, Clone, FromRow)]
pub struct DueWebhook {
    /// The submission it reports.
    pub submission_id: String,
    /// Where to POST.
    pub url: String,
    /// Attempts made so far.
    pub attempts: i64,
    /// `submission` (a judged submission) or `run` (a queued run).
    pub kind: String,
}

/// Checks a callback URL when it is submitted: http(s), a host, no
/// credentials, no control characters (the URL parser would drop or
/// escape them, but the URL is stored as given, and PostgreSQL's text
/// cannot hold a NUL), at most 2048 bytes.
pub(crate) fn check_url(url: &str) -> Result<(), String> {
    if url.len() > 2048 {
        return Err("callback_url is longer than 2048 bytes".into());
    }
    if url.chars().any(char::is_control) {
        return Err("callback_url holds a control character".into());
    }
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("callback_url is not a URL: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err("callback_url must be http or https".into());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("callback_url has no host".into());
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("callback_url must not carry credentials".into());
    }
    Ok(())
}

/// Whether a webhook must not reach `ip`: anything but a public unicast
/// address, including the IPv6 forms that carry an IPv4 address inside.
pub(crate) fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0 // "this network", 0.0.0.0/8
                || a == 100 && (b & 0xc0) == 64 // carrier-grade NAT, 100.64.0.0/10
                || a == 198 && (b & 0xfe) == 18 // benchmarking, 198.18.0.0/15
                || a == 192 && b == 0 && v4.octets()[2] == 0 // IETF protocol assignments, 192.0.0.0/24
                || a >= 240 // reserved, 240.0.0.0/4
        }
        IpAddr::V6(v6) => {
            let segments = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (segments[0] & 0xfe00) == 0xfc00 // unique local
                || (segments[0] & 0xffc0) == 0xfe80 // link local
                || v6.to_ipv4_mapped().is_some_and(|v4| is_private(IpAddr::V4(v4)))
                // IPv4-compatible (::a.b.c.d, deprecated), 6to4 and NAT64
                // reach whatever IPv4 address they carry: refused outright.
                || segments[..6] == [0; 6]
                || segments[0] == 0x2002
                || segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0]
                // Local-use NAT64 (64:ff9b:1::/48) and Teredo (2001::/32)
                // carry IPv4 addresses too.
                || segments[..3] == [0x64, 0xff9b, 1]
                || segments[..2] == [0x2001, 0]
        }
    }
}

impl Store {
    /// Webhooks due now, oldest first.
    pub async fn due_webhooks(&self, limit: u32) -> anyhow::Result<Vec<DueWebhook>> {
        Ok(sqlx::query_as(
            "SELECT submission_id, url, attempts, kind FROM webhooks
             WHERE state = 'pending' AND next_attempt_at <= $1
             ORDER BY next_attempt_at LIMIT $2",
        )
        .bind(now_ms())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Takes `hook`'s next attempt for this process until `until` (Unix
    /// ms): it is not due to anyone else before then, so that two senders
    /// (two processes on one database) never deliver the same attempt. One
    /// conditional update: `false` when another sender took it first.
    pub async fn take_webhook(&self, hook: &DueWebhook, until: i64) -> anyhow::Result<bool> {
        let taken = sqlx::query(
            "UPDATE webhooks SET next_attempt_at = $3
             WHERE submission_id = $1 AND attempts = $2 AND state = 'pending' AND next_attempt_at <= $4",
        )
        .bind(&hook.submission_id)
        .bind(hook.attempts)
        .bind(until)
        .bind(now_ms())
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(taken == 1)
    }

    /// Records an attempt. `outcome` is `Ok(status)` for a 2xx answer;
    /// otherwise the attempt failed and the next one is at `retry_at`
    /// (`None`: no more attempts).
    pub async fn record_delivery(
        &self,
        hook: &DueWebhook,
        status: Option<u16>,
        error: Option<&str>,
        retry_at: Option<i64>,
    ) -> anyhow::Result<()> {
        let attempt = hook.attempts + 1;
        let delivered = error.is_none();
        let state = match (delivered, retry_at) {
            (true, _) => "delivered",
            (false, Some(_)) => "pending",
            (false, None) => "failed",
        };
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (submission_id, attempt, at, status, error) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&hook.submission_id)
        .bind(attempt)
        .bind(now_ms())
        .bind(status.map(i64::from))
        .bind(error)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE webhooks SET state = $2, attempts = $3, next_attempt_at = COALESCE($4, next_attempt_at), last_error = $5
             WHERE submission_id = $1",
        )
        .bind(&hook.submission_id)
        .bind(state)
        .bind(attempt)
        .bind(retry_at)
        .bind(error)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A submission's webhook: its state and attempts made.
    pub async fn webhook_status(&self, submission: &str) -> anyhow::Result<Option<(String, i64)>> {
        Ok(
            sqlx::query_as("SELECT state, attempts FROM webhooks WHERE submission_id = $1")
                .bind(submission)
                .fetch_optional(&self.pool)
                .await?,
        )
    }
}

/// Webhook delivery.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebhookConfig {
    /// Attempts before a webhook is marked failed.
    pub max_attempts: u32,
    /// First retry delay; each next one doubles (with jitter).
    pub backoff_ms: u64,
    /// Seconds one attempt may take.
    pub timeout_seconds: u64,
    /// Whether callbacks may target loopback and private addresses (off:
    /// a candidate's callback URL must not reach the judge's own network).
    pub allow_private: bool,
}

impl Default for WebhookConfig {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            backoff_ms: 1000,
            timeout_seconds: 10,
            allow_private: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_when_submitted() {
        assert!(check_url("https://hooks.example.com/judge").is_ok());
        assert!(check_url("ftp://example.com/x").is_err());
        assert!(check_url("http://user:pw@example.com/").is_err());
        assert!(check_url("not a url").is_err());
        assert!(check_url("https://example.com/a\u{0}b").is_err());
        assert!(check_url("https://example.com/a\tb").is_err());
    }

    #[test]
    fn private_addresses_are_recognised() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.169.254",
            "::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "100.64.0.1",
            "0.1.2.3",
            "198.18.0.1",
            "198.19.255.255",
            "240.0.0.1",
            "224.0.0.1",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::7f00:1",
            "64:ff9b::5db8:d822",
            "2002:7f00:1::",
            "ff02::1",
            "64:ff9b:1::a00:1",
            "192.0.0.8",
            "2001::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "198.20.0.1", "2606:4700::1111"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }
}
