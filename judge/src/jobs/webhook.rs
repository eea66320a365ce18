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

use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::metrics::Metrics;
use crate::store::webhooks::{WebhookConfig, is_private};
use crate::store::{DueWebhook, Store, now_ms};

/// How often the outbox is looked at.
const POLL: Duration = Duration::from_millis(500);

/// A secret that never prints.
#[derive(Clone)]
pub(crate) struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// The signature header's value for `body` at `timestamp`.
pub(crate) fn signature(secret: &Secret, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.0.as_bytes()).expect("HMAC takes any key");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
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

/// What a webhook of each kind carries: made by the part of the service that
/// knows that kind's shape (the sender itself knows none).
pub(crate) trait Payloads: Send + Sync + 'static {
    /// The method and JSON body for `hook`, or why there is none.
    fn payload<'a>(
        &'a self,
        hook: &'a DueWebhook,
    ) -> BoxFuture<'a, Result<(reqwest::Method, Vec<u8>), String>>;
}

/// What the sender reaches.
#[derive(Clone)]
pub(crate) struct Sender {
    /// The outbox.
    pub store: Store,
    /// Delivery counts.
    pub metrics: Arc<Metrics>,
    /// Retries, timeouts, private addresses.
    pub config: WebhookConfig,
    /// The bodies.
    pub payloads: Arc<dyn Payloads>,
    /// Signs every body.
    pub secret: Secret,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// The delivery loop, until `stop`: a pool of deliveries in flight, at most
/// [`IN_FLIGHT`] in all and [`PER_HOST`] to one host, topped up as each ends
/// (a slow receiver holds its own slots, nobody else's). On `stop` it starts
/// nothing more and waits for the deliveries in flight; what is still due
/// stays in the outbox for the next start.
pub(crate) async fn run(sender: Sender, mut stop: watch::Receiver<bool>) {
    let Some(client) = client(&sender.config) else {
        return;
    };
    let mut pool = Pool::default();
    loop {
        match sender.store.due_webhooks(DUE_BATCH).await {
            Ok(due) => {
                for hook in pool.admit(due) {
                    let (sender, client) = (sender.clone(), client.clone());
                    pool.tasks.spawn(async move {
                        if take(&sender, &hook).await {
                            deliver(&sender, &client, &hook).await;
                        }
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

fn client(config: &WebhookConfig) -> Option<reqwest::Client> {
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
        builder = builder.dns_resolver(Arc::new(PublicOnly));
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

/// Takes `hook`'s attempt from the outbox for this sender, long enough for
/// it to end: `false` when another process's sender took it.
async fn take(sender: &Sender, hook: &DueWebhook) -> bool {
    let timeout = i64::try_from(sender.config.timeout_seconds).unwrap_or(i64::MAX / 4000);
    let until = now_ms().saturating_add(timeout.saturating_mul(2_000) + 30_000);
    match sender.store.take_webhook(hook, until).await {
        Ok(taken) => taken,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "cannot take a webhook");
            false
        }
    }
}

async fn deliver(sender: &Sender, client: &reqwest::Client, hook: &DueWebhook) {
    let config = &sender.config;
    let result = attempt(sender, client, hook).await;
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
    sender
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
    if let Err(error) = sender
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
    sender: &Sender,
    client: &reqwest::Client,
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
        && !sender.config.allow_private
        && is_private(ip)
    {
        return Err(fail(format!("{ip} is a private address")));
    }
    let (method, body) = sender.payloads.payload(hook).await.map_err(fail)?;
    let timestamp = now_ms() / 1000;
    let response = client
        .request(method, url)
        .header("content-type", "application/json")
        .header(
            "x-judge-signature",
            signature(&sender.secret, timestamp, &body),
        )
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
#[cfg(test)]
mod tests {
    use super::*;

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
