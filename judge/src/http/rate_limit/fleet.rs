//! The buckets every API process of a fleet shares, in Redis: the same GCRA
//! as the process's own (governor's), run by one Lua script, so that a check
//! and its charge are atomic however many processes ask at once. Each bucket
//! is one key holding its theoretical arrival time (Unix ms, Redis's clock),
//! expiring when the bucket would be full again.
//!
//! When Redis does not answer within [`TIMEOUT`], the configured
//! [`RedisFailure`] policy decides, counted in
//! `judge_rate_limit_fallbacks_total{policy}`; a line is logged when Redis
//! stops answering and when it answers again, not per request.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use tokio::sync::Mutex;

use crate::http::config::{Rate, RedisFailure};

/// How long a check may wait for Redis, connecting included.
const TIMEOUT: Duration = Duration::from_millis(250);

/// Checks every bucket of `KEYS` (with `ARGV` = each one's emission interval
/// in ms and burst, in pairs) and charges them all only if all allow:
/// `{1, 0}`, or `{0, ms until the first refusing one allows}`.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next = {}
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < now then tat = now end
  local after = tat + interval
  local wait = after - burst * interval - now
  if wait > 0 then return {0, wait} end
  next[i] = after
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, next[i], 'PX', next[i] - now + 1000)
end
return {1, 0}
";

/// What the fleet's buckets say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Charged: go on.
    Allowed,
    /// Empty: retry after this long.
    Refused(Duration),
    /// Redis did not answer; the policy let it through.
    FailedOpen,
    /// Redis did not answer; the policy refuses it.
    FailedClosed,
}

/// A handle on the fleet's buckets.
pub(crate) struct FleetBuckets {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
    script: redis::Script,
    policy: RedisFailure,
    down: AtomicBool,
}

impl std::fmt::Debug for FleetBuckets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FleetBuckets")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl FleetBuckets {
    /// Buckets in the Redis at `url` (not contacted until the first check).
    pub(crate) fn new(url: &str, policy: RedisFailure) -> anyhow::Result<Self> {
        Ok(Self {
            client: redis::Client::open(url)
                .map_err(|e| anyhow::anyhow!("rate_limits.redis_url: {e}"))?,
            connection: Mutex::new(None),
            script: redis::Script::new(GCRA),
            policy,
            down: AtomicBool::new(false),
        })
    }

    /// Charges one request to the buckets `buckets` (a name and its rate each).
    pub(crate) async fn check(&self, buckets: &[(String, Rate)]) -> Verdict {
        match tokio::time::timeout(TIMEOUT, self.ask(buckets)).await {
            Ok(Ok(verdict)) => {
                if self.down.swap(false, Ordering::Relaxed) {
                    tracing::info!("Redis answers again: the fleet's rate limits apply");
                }
                verdict
            }
            failed => {
                // A connection that failed or timed out is made afresh next time.
                *self.connection.lock().await = None;
                if !self.down.swap(true, Ordering::Relaxed) {
                    let error = match failed {
                        Ok(Err(error)) => error.to_string(),
                        _ => format!("no answer within {TIMEOUT:?}"),
                    };
                    tracing::warn!(
                        error,
                        policy = ?self.policy,
                        "Redis does not answer: the fleet's rate limits fail {}",
                        match self.policy {
                            RedisFailure::Open => "open (each process's own buckets only)",
                            RedisFailure::Closed => "closed (requests refused)",
                        }
                    );
                }
                match self.policy {
                    RedisFailure::Open => Verdict::FailedOpen,
                    RedisFailure::Closed => Verdict::FailedClosed,
                }
            }
        }
    }

    async fn ask(&self, buckets: &[(String, Rate)]) -> redis::RedisResult<Verdict> {
        let mut connection = {
            let mut held = self.connection.lock().await;
            match &*held {
                Some(connection) => connection.clone(),
                None => {
                    let connection = self.client.get_multiplexed_async_connection().await?;
                    *held = Some(connection.clone());
                    connection
                }
            }
        };
        let mut invocation = self.script.prepare_invoke();
        for (name, rate) in buckets {
            let interval = 60_000 / u64::from(rate.per_minute.max(1));
            invocation
                .key(name)
                .arg(interval.max(1))
                .arg(rate.burst.max(1));
        }
        let (allowed, wait): (i64, i64) = invocation.invoke_async(&mut connection).await?;
        Ok(if allowed == 1 {
            Verdict::Allowed
        } else {
            Verdict::Refused(Duration::from_millis(u64::try_from(wait).unwrap_or(1)))
        })
    }
}
