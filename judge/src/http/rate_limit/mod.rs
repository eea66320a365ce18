//! Token buckets (governor's GCRA): one shared by every request, and one per
//! key and endpoint class, sized by the key's role. Every limited response
//! carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`; a
//! refusal is `429` with `Retry-After`. In a fleet, the same buckets are
//! also kept in Redis ([`fleet`]), shared by every API process; the
//! process's own stay in front, so that a client over its limit costs no
//! round trip.

mod fleet;

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultDirectRateLimiter, DefaultKeyedRateLimiter, Quota};

use super::AppState;
use super::auth::Caller;
use super::config::{Rate, RateLimits};
use super::error::ApiError;
use crate::store::Role;
pub(crate) use fleet::FleetBuckets;

/// What a request costs, for bucketing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Class {
    /// Sending a submission.
    Submit,
    /// A custom-input run.
    Run,
    /// Reading anything.
    Read,
    /// Changing the problem bank.
    Manage,
}

impl Class {
    /// The metric label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Self::Submit => "submit",
            Self::Run => "run",
            Self::Read => "read",
            Self::Manage => "manage",
        }
    }
}

type Keyed = DefaultKeyedRateLimiter<String, StateInformationMiddleware>;
type Direct = DefaultDirectRateLimiter<StateInformationMiddleware>;

/// Every bucket.
#[derive(Debug)]
pub(crate) struct Limiter {
    global: Direct,
    global_rate: Rate,
    per_key: HashMap<(Role, Class), (Rate, Keyed)>,
    clock: DefaultClock,
    fleet: Option<FleetBuckets>,
}

fn quota(rate: Rate) -> Quota {
    let per_minute = NonZeroU32::new(rate.per_minute).unwrap_or(NonZeroU32::MIN);
    let burst = NonZeroU32::new(rate.burst).unwrap_or(NonZeroU32::MIN);
    Quota::per_minute(per_minute).allow_burst(burst)
}

/// The outcome of a check, as headers.
#[derive(Debug)]
struct Decision {
    limit: u32,
    remaining: u32,
    reset: Duration,
    retry_after: Option<Duration>,
}

impl Limiter {
    /// Buckets for `rates`.
    pub(crate) fn new(rates: &RateLimits) -> Self {
        let mut per_key = HashMap::new();
        for role in [Role::Candidate, Role::Interviewer, Role::Admin] {
            let classes = rates.for_role(role);
            for (class, rate) in [
                (Class::Submit, classes.submit),
                (Class::Run, classes.run),
                (Class::Read, classes.read),
                (Class::Manage, classes.manage),
            ] {
                let limiter = governor::RateLimiter::keyed(quota(rate))
                    .with_middleware::<StateInformationMiddleware>();
                per_key.insert((role, class), (rate, limiter));
            }
        }
        Self {
            global: governor::RateLimiter::direct(quota(rates.global))
                .with_middleware::<StateInformationMiddleware>(),
            global_rate: rates.global,
            per_key,
            clock: DefaultClock::default(),
            fleet: None,
        }
    }

    /// The same buckets, also kept in `fleet` for every process.
    pub(crate) fn shared_through(mut self, fleet: FleetBuckets) -> Self {
        self.fleet = Some(fleet);
        self
    }

    /// Charges a request to the fleet's buckets, when there are any.
    async fn check_fleet(&self, key: &str, role: Role, class: Class) -> fleet::Verdict {
        let Some(fleet) = &self.fleet else {
            return fleet::Verdict::Allowed;
        };
        let mut buckets = vec![("judge:rate:global".to_owned(), self.global_rate)];
        if let Some((rate, _)) = self.per_key.get(&(role, class)) {
            buckets.push((
                format!("judge:rate:{}:{}:{key}", role.as_str(), class.label()),
                *rate,
            ));
        }
        fleet.check(&buckets).await
    }

    /// Forgets idle keys' buckets (they are full again anyway).
    pub(crate) fn forget_idle(&self) {
        for (_, limiter) in self.per_key.values() {
            limiter.retain_recent();
        }
    }

    fn check(&self, key: &str, role: Role, class: Class) -> Decision {
        if let Err(not_until) = self.global.check() {
            let wait = not_until.wait_time_from(self.clock.now());
            return Decision {
                limit: not_until.quota().burst_size().get(),
                remaining: 0,
                reset: wait,
                retry_after: Some(wait),
            };
        }
        let Some((rate, limiter)) = self.per_key.get(&(role, class)) else {
            return Decision {
                limit: 0,
                remaining: 0,
                reset: Duration::ZERO,
                retry_after: None,
            };
        };
        let refill = Duration::from_secs(60) / rate.per_minute.max(1);
        match limiter.check_key(&key.to_owned()) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let missing = rate.burst.saturating_sub(remaining);
                Decision {
                    limit: rate.burst,
                    remaining,
                    reset: refill * missing,
                    retry_after: None,
                }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(self.clock.now());
                Decision {
                    limit: rate.burst,
                    remaining: 0,
                    reset: refill * rate.burst,
                    retry_after: Some(wait),
                }
            }
        }
    }
}

fn seconds_up(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

fn set_headers(headers: &mut HeaderMap, decision: &Decision) {
    headers.insert("ratelimit-limit", HeaderValue::from(decision.limit));
    headers.insert("ratelimit-remaining", HeaderValue::from(decision.remaining));
    headers.insert(
        "ratelimit-reset",
        HeaderValue::from(seconds_up(decision.reset)),
    );
}

/// Middleware: charges the request to its buckets (after authentication).
pub(crate) async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(caller) = request.extensions().get::<Caller>().cloned() else {
        return next.run(request).await;
    };
    let class = super::class_of(&request);
    let key = &caller.key_id;
    charge(&state, (key, key), caller.role, class, request, next).await
}

/// Charges a request to the buckets of `key` as a `role`'s (also for
/// routes whose credential is not an API key: a pad's link, its token the
/// key, `shown` in the logs in its place): `429` with `Retry-After` when
/// they are empty, else the response, with the `RateLimit-*` headers
/// either way.
pub(crate) async fn charge(
    state: &AppState,
    (key, shown): (&str, &str),
    role: Role,
    class: Class,
    request: Request,
    next: Next,
) -> Response {
    let mut decision = state.limiter.check(key, role, class);
    if decision.retry_after.is_none() {
        match state.limiter.check_fleet(key, role, class).await {
            fleet::Verdict::Allowed => {}
            fleet::Verdict::Refused(wait) => {
                decision.remaining = 0;
                decision.reset = decision.reset.max(wait);
                decision.retry_after = Some(wait);
            }
            fleet::Verdict::FailedOpen => {
                state
                    .metrics
                    .rate_limit_fallbacks
                    .with_label_values(&["open"])
                    .inc();
            }
            fleet::Verdict::FailedClosed => {
                state
                    .metrics
                    .rate_limit_fallbacks
                    .with_label_values(&["closed"])
                    .inc();
                return ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "rate-limit-unavailable",
                    "the rate limits cannot be checked right now; retry in 1 s",
                )
                .with_header(header::RETRY_AFTER, HeaderValue::from(1))
                .into_response();
            }
        }
    }
    if let Some(wait) = decision.retry_after {
        tracing::info!(key = shown, ?class, "rate limited");
        state
            .metrics
            .rate_limited
            .with_label_values(&[class.label()])
            .inc();
        let mut response = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            format!("too many requests; retry in {} s", seconds_up(wait).max(1)),
        )
        .with_header(
            header::RETRY_AFTER,
            HeaderValue::from(seconds_up(wait).max(1)),
        )
        .into_response();
        set_headers(response.headers_mut(), &decision);
        return response;
    }
    let mut response = next.run(request).await;
    set_headers(response.headers_mut(), &decision);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refuses_after_its_burst_and_says_when_to_retry() {
        let mut rates = RateLimits::default();
        rates.candidate.submit = Rate {
            per_minute: 1,
            burst: 2,
        };
        let limiter = Limiter::new(&rates);
        let first = limiter.check("k", Role::Candidate, Class::Submit);
        assert_eq!(
            (first.limit, first.remaining, first.retry_after),
            (2, 1, None)
        );
        assert!(
            limiter
                .check("k", Role::Candidate, Class::Submit)
                .retry_after
                .is_none()
        );
        let refused = limiter.check("k", Role::Candidate, Class::Submit);
        let wait = refused.retry_after.expect("the third request is refused");
        assert!(
            wait > Duration::from_secs(50) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        // Another key, and another class of the same key, have their own buckets.
        assert!(
            limiter
                .check("other", Role::Candidate, Class::Submit)
                .retry_after
                .is_none()
        );
        assert!(
            limiter
                .check("k", Role::Candidate, Class::Read)
                .retry_after
                .is_none()
        );
    }
}
