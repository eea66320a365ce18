//! The service's configuration, composed of each part's own settings
//! ([`RequestLimits`], [`RateLimits`] and [`RunLimits`] of the HTTP edge,
//! [`WebhookConfig`] of the outbox): defaults that run out of the box, then a
//! TOML file (`--config`, else `judge.toml` in the data dir when present),
//! then `JUDGE_*` environment variables (`JUDGE_LISTEN`, `JUDGE_WORKERS`,
//! nested keys with `__`: `JUDGE_LIMITS__SOURCE_BYTES`), then command-line
//! flags. Unknown keys in the file are errors, so a typo never passes silently.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

use crate::http::config::{HttpConfig, RateLimits, RequestLimits, RunLimits};
use crate::store::webhooks::WebhookConfig;
use crate::store::{Database, Role};

/// Everything `judge serve` can be told.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Where the database, the first admin key and unpacked uploads live
    /// (with `database_url`: this process's own files, its caches and the
    /// uploads it unpacked).
    pub data: PathBuf,
    /// A PostgreSQL database (`postgres://…`) that many judge processes
    /// share, instead of the embedded SQLite in the data dir
    /// (`JUDGE_DATABASE_URL`, `--database`).
    pub database_url: Option<String>,
    /// Most connections this process opens to PostgreSQL (one more listens
    /// for notifications): the fleet's largest size times this must stay
    /// within the server's `max_connections`. Past it, work waits its turn
    /// (10 s at most, then 503 for a request).
    pub database_max_connections: u32,
    /// What this process does (`--role`): `all` (one process does
    /// everything), `api` (takes requests and delivers webhooks, never
    /// judges) or `worker` (judges; serves only health and metrics).
    pub role: ProcessRole,
    /// Whether the service brings the database's schema up to date at start
    /// (off: it refuses a schema behind its own; run `judge migrate`).
    pub migrate_on_start: bool,
    /// Compiled-module cache (default: `<data>/cache`).
    pub cache_dir: Option<PathBuf>,
    /// MiB the compile caches may hold; the least recently used entries
    /// are removed past it (checked every minute).
    pub cache_max_mib: u64,
    /// The bundled problem bank [default: the repository's `problems/`,
    /// or `problems/` beside the executable].
    pub problems: Option<PathBuf>,
    /// Judging workers [default: the number of cores]; 0 makes an API-only
    /// process that queues work for others.
    pub workers: Option<usize>,
    /// Custom runs and Piston runs at once, in a pool of their own
    /// [default: half the cores, at least 1]. (Upload verification has a
    /// slot of its own.)
    pub run_slots: Option<usize>,
    /// Submissions that may wait; more get 503.
    pub queue_capacity: usize,
    /// Submissions (and Judge0 runs) one key may have waiting or being
    /// judged; more get 429, so one key cannot fill the queue for everyone.
    pub queued_per_key: usize,
    /// Seconds a worker's claim on a submission, or a pad's on its run in
    /// progress, lasts without renewal.
    pub lease_seconds: u64,
    /// Seconds a graceful shutdown waits for judging in progress.
    pub drain_seconds: u64,
    /// The role of requests without credentials: none by default (401), or
    /// `candidate` (never more).
    pub anonymous_role: Option<Role>,
    /// What a client may send.
    pub limits: RequestLimits,
    /// Limits of `POST /v1/runs`.
    pub runs: RunLimits,
    /// Webhook delivery.
    pub webhooks: WebhookConfig,
    /// Token buckets.
    pub rate_limits: RateLimits,
    /// Your Grafana's judge dashboard, linked from the status page (which
    /// otherwise offers `ops/grafana/judge-dashboard.json` to import).
    pub grafana_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data: PathBuf::from("judge-data"),
            database_url: None,
            database_max_connections: crate::store::POSTGRES_CONNECTIONS,
            role: ProcessRole::All,
            migrate_on_start: true,
            cache_dir: None,
            cache_max_mib: 4096,
            problems: None,
            workers: None,
            run_slots: None,
            queue_capacity: 1000,
            queued_per_key: 50,
            lease_seconds: 60,
            drain_seconds: 120,
            anonymous_role: None,
            limits: RequestLimits::default(),
            runs: RunLimits::default(),
            webhooks: WebhookConfig::default(),
            rate_limits: RateLimits::default(),
            grafana_url: None,
        }
    }
}

/// Command-line settings that override everything else.
#[derive(Debug, Default)]
pub struct Overrides {
    /// `--config FILE`.
    pub file: Option<PathBuf>,
    /// `--listen ADDR`.
    pub listen: Option<SocketAddr>,
    /// `--data DIR`.
    pub data: Option<PathBuf>,
    /// `--database URL`.
    pub database: Option<String>,
    /// `--role api|worker|all`.
    pub role: Option<ProcessRole>,
}

/// What one process of the service does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ProcessRole {
    /// Everything: the API, the webhook sender and the workers (the
    /// embedded judge).
    All,
    /// The API and the webhook sender: requests are queued for workers
    /// elsewhere.
    Api,
    /// Workers only: health and metrics are all it serves, and it needs no
    /// network but its database.
    Worker,
}

impl ProcessRole {
    /// Whether it answers the API (and delivers webhooks).
    pub fn serves_api(self) -> bool {
        self != Self::Worker
    }

    /// Whether it judges.
    pub fn judges(self) -> bool {
        self != Self::Api
    }
}

impl Config {
    /// What the HTTP edge and its handlers are told.
    pub fn http(&self) -> HttpConfig {
        HttpConfig {
            data: self.data.clone(),
            queue_capacity: self.queue_capacity,
            queued_per_key: self.queued_per_key,
            anonymous_role: self.anonymous_role,
            limits: self.limits.clone(),
            runs: self.runs.clone(),
            webhooks: self.webhooks.clone(),
            grafana_url: self.grafana_url.clone(),
        }
    }

    /// Defaults, then the file, then `JUDGE_*`, then `overrides`.
    pub fn load(overrides: &Overrides) -> anyhow::Result<Self> {
        let mut figment = Figment::from(Serialized::defaults(Config::default()));
        let file = overrides.file.clone().or_else(|| {
            let data = overrides
                .data
                .clone()
                .or_else(|| std::env::var_os("JUDGE_DATA").map(PathBuf::from))
                .unwrap_or_else(|| Config::default().data);
            Some(data.join("judge.toml")).filter(|path| path.is_file())
        });
        if let Some(file) = &file {
            anyhow::ensure!(file.is_file(), "no config file at {}", file.display());
            figment = figment.merge(Toml::file(file));
        }
        // JUDGE_IMAGES belongs to the language catalog, not to this file.
        figment = figment.merge(Env::prefixed("JUDGE_").split("__").ignore(&["images"]));
        if let Some(listen) = overrides.listen {
            figment = figment.merge(Serialized::default("listen", listen));
        }
        if let Some(data) = &overrides.data {
            figment = figment.merge(Serialized::default("data", data));
        }
        if let Some(database) = &overrides.database {
            figment = figment.merge(Serialized::default("database_url", database));
        }
        if let Some(role) = overrides.role {
            figment = figment.merge(Serialized::default("role", role));
        }
        let config: Config = figment.extract().context("invalid configuration")?;
        anyhow::ensure!(
            config.queue_capacity > 0 && config.queued_per_key > 0,
            "queue_capacity and queued_per_key must be at least 1"
        );
        for (role, rates) in [
            ("candidate", &config.rate_limits.candidate),
            ("interviewer", &config.rate_limits.interviewer),
            ("admin", &config.rate_limits.admin),
        ] {
            for rate in [rates.submit, rates.run, rates.read, rates.manage] {
                anyhow::ensure!(
                    rate.per_minute > 0 && rate.burst > 0,
                    "rate_limits.{role}: per_minute and burst must be at least 1"
                );
            }
        }
        anyhow::ensure!(
            config.database_max_connections >= 2,
            "database_max_connections must be at least 2"
        );
        // A lease is renewed every third of it: none would renew at once,
        // forever.
        anyhow::ensure!(config.lease_seconds > 0, "lease_seconds must be at least 1");
        anyhow::ensure!(
            config.runs.time_seconds > 0.0 && config.runs.time_seconds <= 60.0,
            "runs.time_seconds must be in (0, 60]"
        );
        anyhow::ensure!(
            config.limits.max_connections > 0 && config.limits.header_read_timeout_seconds > 0,
            "limits.max_connections and limits.header_read_timeout_seconds must be at least 1"
        );
        anyhow::ensure!(
            config
                .anonymous_role
                .is_none_or(|role| role == Role::Candidate),
            "anonymous_role can only be \"candidate\": anyone who reaches the port could \
             otherwise make keys, upload packages and read every submission"
        );
        config.database()?;
        anyhow::ensure!(
            config.database_url.is_some() || config.role == ProcessRole::All,
            "--role api and --role worker share a database with other processes: give --database postgres://…"
        );
        Ok(config)
    }

    /// The database: the data dir's SQLite, or `database_url`'s.
    pub fn database(&self) -> anyhow::Result<Database> {
        Database::from_url(self.database_url.as_deref(), &self.data)
    }

    /// Judging workers (none in an API process).
    pub fn workers(&self) -> usize {
        if !self.role.judges() {
            return 0;
        }
        self.workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// Slots for work a client waits for.
    pub fn run_slots(&self) -> usize {
        self.run_slots
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, usize::from) / 2)
            .max(1)
    }

    /// The compiled-module cache.
    pub fn cache_dir(&self) -> PathBuf {
        self.cache_dir
            .clone()
            .unwrap_or_else(|| self.data.join("cache"))
    }

    /// The bundled problem bank, when there is one.
    pub fn problems_dir(&self) -> Option<PathBuf> {
        if let Some(dir) = &self.problems {
            return Some(dir.clone());
        }
        let beside_exe = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("problems")));
        let in_repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../problems");
        beside_exe
            .into_iter()
            .chain([in_repository])
            .find(|dir| dir.is_dir())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_listen_on_loopback() {
        let config = Config::default();
        assert!(config.listen.ip().is_loopback());
        assert!(config.rate_limits.candidate.submit.burst > 0);
    }

    #[test]
    fn a_typo_in_the_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("judge.toml");
        std::fs::write(&file, "queue_capacty = 5\n").unwrap();
        let error = Config::load(&Overrides {
            file: Some(file),
            ..Overrides::default()
        })
        .unwrap_err();
        assert!(format!("{error:#}").contains("queue_capacty"), "{error:#}");
    }

    #[test]
    fn anonymous_callers_can_be_candidates_and_nothing_more() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("judge.toml");
        let load = |role: &str| {
            std::fs::write(&file, format!("anonymous_role = \"{role}\"\n")).unwrap();
            Config::load(&Overrides {
                file: Some(file.clone()),
                ..Overrides::default()
            })
        };
        assert_eq!(
            load("candidate").unwrap().anonymous_role,
            Some(Role::Candidate)
        );
        for role in ["interviewer", "admin"] {
            let error = load(role).unwrap_err();
            assert!(format!("{error:#}").contains("anonymous_role"), "{error:#}");
        }
    }

    #[test]
    fn the_file_then_flags_override_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("judge.toml");
        std::fs::write(
            &file,
            "queue_capacity = 5\nlisten = \"127.0.0.1:9\"\n[rate_limits.candidate.submit]\nper_minute = 1\nburst = 2\n",
        )
        .unwrap();
        let config = Config::load(&Overrides {
            file: Some(file),
            listen: Some("127.0.0.1:7".parse().unwrap()),
            ..Overrides::default()
        })
        .unwrap();
        assert_eq!(config.queue_capacity, 5);
        assert_eq!(config.listen.port(), 7);
        assert_eq!(config.rate_limits.candidate.submit.burst, 2);
        assert_eq!(config.rate_limits.candidate.run.burst, 20);
    }
}
