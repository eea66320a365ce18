//! Webhooks: when a submission with a `callback_url` is judged, its result is
//! POSTed there (a Judge0 run's is PUT, in Judge0's shape), signed, and
//! retried with exponential backoff; every attempt is recorded. The outbox
//! row is written with the verdict (one transaction), so a crash cannot lose
//! a webhook; delivery is at least once, and receivers dedupe by the
//! submission id.
//!
//! Signature: `X-Judge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
//! "<t>.<body>" under the webhook secret>`.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::watch;

use crate::api::AppState;
use crate::store::{DueWebhook, now_ms};

/// How often the outbox is looked at.
const POLL: Duration = Duration::from_millis(500);

/// A secret that never prints.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Checks a callback URL when it is submitted: http(s), a host, no
/// credentials, at most 2048 bytes.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.len() > 2048 {
        return Err("callback_url is longer than 2048 bytes".into());
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

/// The signature header's value for `body` at `timestamp`.
pub fn signature(secret: &Secret, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.0.as_bytes()).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

/// Whether a webhook must not reach `ip`: anything but a public unicast
/// address, including the IPv6 forms that carry an IPv4 address inside.
fn is_private(ip: IpAddr) -> bool {
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

/// An error with its causes (reqwest's own text leaves them out).
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// A resolver that drops private addresses, and fails when none is left.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let public: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|address| !is_private(address.ip()))
                .collect();
            if public.is_empty() {
                return Err(format!("{host} resolves only to private addresses").into());
            }
            let addresses: reqwest::dns::Addrs = Box::new(public.into_iter());
            Ok(addresses)
        })
    }
}

/// The delivery loop, until `stop`: a pool of deliveries in flight, at most
/// [`IN_FLIGHT`] in all and [`PER_HOST`] to one host, topped up as each ends
/// (a slow receiver holds its own slots, nobody else's). On `stop` it starts
/// nothing more and waits for the deliveries in flight; what is still due
/// stays in the outbox for the next start.
pub async fn run(state: AppState, secret: Secret, mut stop: watch::Receiver<bool>) {
    let Some(client) = client(&state.config.webhooks) else {
        return;
    };
    let mut pool = Pool::default();
    loop {
        match state.store.due_webhooks(DUE_BATCH).await {
            Ok(due) => {
                for hook in pool.admit(due) {
                    let (state, client, secret) = (state.clone(), client.clone(), secret.clone());
                    pool.tasks.spawn(async move {
                        deliver(&state, &client, &secret, &hook).await;
                        hook
                    });
                }
            }
            Err(error) => tracing::error!(
                error = format!("{error:#}"),
                "cannot read the webhook outbox"
            ),
        }
        tokio::select! {
            Some(done) = pool.tasks.join_next() => pool.finished(done),
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.changed() => break,
        }
    }
    while let Some(done) = pool.tasks.join_next().await {
        pool.finished(done);
    }
}

fn client(config: &crate::service::config::WebhookConfig) -> Option<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .timeout(Duration::from_secs(config.timeout_seconds))
        .redirect(reqwest::redirect::Policy::none())
        // A proxy from the environment would resolve and connect for us,
        // past the resolver that refuses private addresses.
        .no_proxy()
        .user_agent(concat!("judge-webhooks/", env!("CARGO_PKG_VERSION")));
    if !config.allow_private {
        // Names are checked by the resolver the connection itself uses, so a
        // name cannot resolve to a public address for a check and to a
        // private one for the connection (DNS rebinding).
        builder = builder.dns_resolver(std::sync::Arc::new(PublicOnly));
    }
    match builder.build() {
        Ok(client) => Some(client),
        Err(error) => {
            tracing::error!(%error, "cannot build the webhook client; webhooks are off");
            None
        }
    }
}

/// Due hooks read at once (those in flight among them are skipped).
const DUE_BATCH: u32 = 256;

/// Deliveries in flight at once.
const IN_FLIGHT: usize = 64;

/// Deliveries to one host at once.
const PER_HOST: usize = 2;

/// The deliveries in flight.
#[derive(Default)]
struct Pool {
    tasks: tokio::task::JoinSet<DueWebhook>,
    /// Submission ids in flight (still due in the outbox until recorded).
    ids: std::collections::HashSet<String>,
    /// Deliveries in flight per host.
    hosts: std::collections::HashMap<String, usize>,
}

impl Pool {
    /// Of `due` (oldest first), those to start now: not in flight already,
    /// within [`IN_FLIGHT`] and each host's [`PER_HOST`]; counts them in.
    fn admit(&mut self, due: Vec<DueWebhook>) -> Vec<DueWebhook> {
        let mut started = Vec::new();
        for hook in due {
            if self.ids.len() >= IN_FLIGHT {
                break;
            }
            let host = host_of(&hook.url);
            let count = self.hosts.entry(host).or_default();
            if self.ids.contains(&hook.submission_id) || *count >= PER_HOST {
                continue;
            }
            *count += 1;
            self.ids.insert(hook.submission_id.clone());
            started.push(hook);
        }
        started
    }

    fn finished(&mut self, done: Result<DueWebhook, tokio::task::JoinError>) {
        let Ok(hook) = done else {
            // A delivery that panicked: its slots are lost until restart
            // rather than double-counted; the outbox still holds it.
            tracing::error!("a webhook delivery panicked");
            return;
        };
        self.ids.remove(&hook.submission_id);
        if let Some(count) = self.hosts.get_mut(&host_of(&hook.url)) {
            *count = count.saturating_sub(1);
        }
    }
}

fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default()
}

async fn deliver(state: &AppState, client: &reqwest::Client, secret: &Secret, hook: &DueWebhook) {
    let config = &state.config.webhooks;
    let result = attempt(state, client, secret, hook).await;
    let (status, error) = match &result {
        Ok(status) => (Some(*status), None),
        Err((status, error)) => (*status, Some(error.as_str())),
    };
    let attempts = hook.attempts + 1;
    let retry_at = (error.is_some() && attempts < i64::from(config.max_attempts)).then(|| {
        let exponent = u32::try_from(hook.attempts).unwrap_or(30).min(20);
        let delay = config.backoff_ms.saturating_mul(1 << exponent);
        // Up to a quarter more, at random, so that failed receivers are not
        // hit by every retry at once.
        let mut jitter = [0u8; 2];
        let _ = getrandom::fill(&mut jitter);
        let jitter = delay / 4 * u64::from(u16::from_le_bytes(jitter)) / u64::from(u16::MAX);
        now_ms() + i64::try_from(delay + jitter).unwrap_or(i64::MAX / 2)
    });
    let outcome = match (error, retry_at) {
        (None, _) => "delivered",
        (Some(_), Some(_)) => "retrying",
        (Some(_), None) => "failed",
    };
    state
        .metrics
        .webhook_deliveries
        .with_label_values(&[outcome])
        .inc();
    match error {
        None => tracing::info!(submission = %hook.submission_id, attempts, "webhook delivered"),
        Some(error) => {
            tracing::warn!(submission = %hook.submission_id, attempts, error, retry = retry_at.is_some(), "webhook failed");
        }
    }
    if let Err(error) = state
        .store
        .record_delivery(hook, status, error, retry_at)
        .await
    {
        tracing::error!(
            error = format!("{error:#}"),
            "cannot record a webhook attempt"
        );
    }
}

async fn attempt(
    state: &AppState,
    client: &reqwest::Client,
    secret: &Secret,
    hook: &DueWebhook,
) -> Result<u16, (Option<u16>, String)> {
    let fail = |error: String| (None, error);
    let url = reqwest::Url::parse(&hook.url).map_err(|e| fail(e.to_string()))?;
    // An address written in the URL is never resolved: check it here.
    let literal = url
        .host_str()
        .map(|host| host.trim_start_matches('[').trim_end_matches(']'))
        .and_then(|host| host.parse::<IpAddr>().ok());
    if let Some(ip) = literal
        && !state.config.webhooks.allow_private
        && is_private(ip)
    {
        return Err(fail(format!("{ip} is a private address")));
    }
    let (method, body) = if hook.kind == "run" {
        (
            reqwest::Method::PUT,
            judge0_body(state, &hook.submission_id)
                .await
                .map_err(fail)?,
        )
    } else {
        (
            reqwest::Method::POST,
            submission_body(state, &hook.submission_id)
                .await
                .map_err(fail)?,
        )
    };
    let timestamp = now_ms() / 1000;
    let response = client
        .request(method, url)
        .header("content-type", "application/json")
        .header("x-judge-signature", signature(secret, timestamp, &body))
        .header("x-judge-submission", &hook.submission_id)
        .body(body)
        .send()
        .await
        // The URL stays out of the message (it is logged and stored): its
        // path or query may carry the receiver's own secret.
        .map_err(|e| fail(chain(&e.without_url())))?;
    let status = response.status();
    if status.is_success() {
        Ok(status.as_u16())
    } else {
        Err((
            Some(status.as_u16()),
            format!("the receiver answered {status}"),
        ))
    }
}

/// A submission as its owner could read it, whoever that is: never a secret
/// test's data.
async fn submission_body(state: &AppState, id: &str) -> Result<Vec<u8>, String> {
    let submission = state
        .store
        .submission(id)
        .await
        .map_err(|e| format!("{e:#}"))?
        .ok_or_else(|| "the submission is gone".to_owned())?;
    // The receiver sees what the submission's owner sees.
    let view = crate::views::Viewer {
        role: crate::store::Role::Candidate,
        bank: &state.bank,
    }
    .full(&submission, &[]);
    serde_json::to_vec(&view).map_err(|e| e.to_string())
}

/// A Judge0 run as Judge0 PUTs it: the default fields, base64 if the run
/// was created with `base64_encoded=true`.
async fn judge0_body(state: &AppState, token: &str) -> Result<Vec<u8>, String> {
    use crate::compat::judge0::{render, request::Request};
    use crate::pipeline::run_job::RunJob;
    let run = state
        .store
        .run(token)
        .await
        .map_err(|e| format!("{e:#}"))?
        .ok_or_else(|| "the run is gone".to_owned())?;
    let base64 = serde_json::from_str::<RunJob>(&run.job)
        .ok()
        .and_then(|job| Request::of(&job))
        .is_some_and(|r| r.base64);
    let shown = render::render(&run, &render::DEFAULT_FIELDS, base64, "");
    serde_json::to_vec(&shown).map_err(|e| e.to_string())
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

    #[test]
    fn the_pool_takes_each_host_up_to_its_limit_and_tops_up_as_deliveries_end() {
        let hook = |n: usize, url: &str| DueWebhook {
            submission_id: n.to_string(),
            url: url.to_owned(),
            attempts: 0,
            kind: "submission".into(),
        };
        let due = || {
            vec![
                hook(1, "https://slow.example/a"),
                hook(2, "https://slow.example/b"),
                hook(3, "https://slow.example/c"),
                hook(4, "https://fast.example/a"),
                hook(5, "https://slow.example/d"),
                hook(6, "https://fast.example/b"),
            ]
        };
        let ids = |hooks: Vec<DueWebhook>| -> Vec<String> {
            hooks.into_iter().map(|h| h.submission_id).collect()
        };
        let mut pool = Pool::default();
        assert_eq!(ids(pool.admit(due())), ["1", "2", "4", "6"]);
        assert!(
            pool.admit(due()).is_empty(),
            "all in flight or the host is full"
        );
        // One slow delivery ends: the next slow hook starts, nothing twice.
        pool.finished(Ok(hook(1, "https://slow.example/a")));
        let mut still_due = due();
        still_due.remove(0);
        assert_eq!(ids(pool.admit(still_due)), ["3"]);
    }

    #[test]
    fn the_signature_is_an_hmac_of_timestamp_and_body() {
        let secret = Secret("s3cret".into());
        let one = signature(&secret, 1700000000, b"{}");
        assert!(one.starts_with("t=1700000000,v1="));
        assert_eq!(one, signature(&secret, 1700000000, b"{}"));
        assert_ne!(one, signature(&secret, 1700000000, b"{ }"));
        assert_ne!(one, signature(&Secret("other".into()), 1700000000, b"{}"));
    }
}
