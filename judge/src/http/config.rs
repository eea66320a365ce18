//! What the HTTP edge and its handlers are configured with: request
//! limits, rate limits, custom-run limits. `app::config` composes these
//! with the other parts' settings into the one `judge.toml`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::store::Role;
use crate::store::webhooks::WebhookConfig;

/// The settings HTTP handlers read.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// The data dir (Judge0's statistics report the database's size).
    pub data: PathBuf,
    /// Submissions that may wait; more get 503.
    pub queue_capacity: usize,
    /// Unfinished submissions (and runs) one caller may have; more get 429.
    pub queued_per_key: usize,
    /// The role of requests without credentials (`candidate` at most).
    pub anonymous_role: Option<Role>,
    /// What a client may send.
    pub limits: RequestLimits,
    /// Limits of `POST /v1/runs`.
    pub runs: RunLimits,
    /// Webhook delivery (Judge0's `/config_info` reports it).
    pub webhooks: WebhookConfig,
    /// The Grafana dashboard the status page links.
    pub grafana_url: Option<String>,
}

/// Limits on requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestLimits {
    /// Any JSON body.
    pub body_bytes: usize,
    /// A submission's or run's source.
    pub source_bytes: usize,
    /// A run's stdin.
    pub stdin_bytes: usize,
    /// A problem package upload (zip).
    pub upload_bytes: usize,
    /// A package unpacked.
    pub unpacked_bytes: u64,
    /// Files in a package.
    pub upload_files: usize,
    /// Seconds any handler may take before `503`.
    pub request_timeout_seconds: u64,
    /// Seconds a run (compile + run) may take.
    pub run_timeout_seconds: u64,
    /// Connections served at once; more wait in the kernel's backlog.
    pub max_connections: usize,
    /// Seconds a client has to send a request's head (slow clients).
    pub header_read_timeout_seconds: u64,
    /// Seconds an upload (unpack + verify every example submission) may take.
    pub upload_timeout_seconds: u64,
}

/// Limits of a custom-input run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunLimits {
    /// CPU budget, in seconds of fuel.
    pub time_seconds: f64,
    /// Linear memory, MiB.
    pub memory_mib: u64,
    /// stdout and stderr each, bytes.
    pub output_bytes: usize,
}

/// A token bucket: `burst` tokens, refilled at `per_minute`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// Sustained requests per minute.
    pub per_minute: u32,
    /// Requests allowed at once.
    pub burst: u32,
}

/// Buckets per endpoint class for one role.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassRates {
    /// `POST /v1/submissions`.
    pub submit: Rate,
    /// `POST /v1/runs`.
    pub run: Rate,
    /// Every `GET`.
    pub read: Rate,
    /// Uploading and deleting problems.
    pub manage: Rate,
}

/// Every bucket: one shared by all requests, and per key by role (a paid
/// tier is a role with roomier buckets).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    /// All requests together.
    pub global: Rate,
    /// Per candidate key.
    pub candidate: ClassRates,
    /// Per interviewer key.
    pub interviewer: ClassRates,
    /// Per admin key.
    pub admin: ClassRates,
    /// Redis holding the buckets that every API process of a fleet shares
    /// (`redis://127.0.0.1:6379`); none: each process has its own. The
    /// process's own buckets stay in front, a cheap first gate.
    pub redis_url: Option<String>,
    /// What to do while Redis does not answer: `open` lets requests through
    /// on the process's own buckets, `closed` refuses them (503).
    pub when_redis_fails: RedisFailure,
}

/// The policy while the fleet's buckets cannot be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RedisFailure {
    /// Let requests through (each process's own buckets still apply).
    Open,
    /// Refuse requests with 503 and `Retry-After`.
    Closed,
}

impl RateLimits {
    /// The buckets of `role`.
    pub fn for_role(&self, role: Role) -> &ClassRates {
        match role {
            Role::Candidate => &self.candidate,
            Role::Interviewer => &self.interviewer,
            Role::Admin => &self.admin,
        }
    }
}

const fn rate(per_minute: u32, burst: u32) -> Rate {
    Rate { per_minute, burst }
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            body_bytes: 1 << 20,
            source_bytes: 256 << 10,
            stdin_bytes: 1 << 20,
            upload_bytes: 64 << 20,
            unpacked_bytes: 256 << 20,
            upload_files: 10_000,
            request_timeout_seconds: 30,
            run_timeout_seconds: 120,
            max_connections: 1024,
            header_read_timeout_seconds: 10,
            upload_timeout_seconds: 900,
        }
    }
}

impl Default for RunLimits {
    fn default() -> Self {
        Self {
            time_seconds: 2.0,
            memory_mib: 256,
            output_bytes: 64 << 10,
        }
    }
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            global: rate(60_000, 2_000),
            candidate: ClassRates {
                submit: rate(30, 10),
                run: rate(60, 20),
                read: rate(600, 120),
                manage: rate(10, 5),
            },
            interviewer: ClassRates {
                submit: rate(120, 30),
                run: rate(240, 60),
                read: rate(2_400, 300),
                manage: rate(30, 10),
            },
            admin: ClassRates {
                submit: rate(600, 100),
                run: rate(600, 100),
                read: rate(6_000, 1_000),
                manage: rate(120, 30),
            },
            redis_url: None,
            when_redis_fails: RedisFailure::Open,
        }
    }
}
