//! The composition root: [`Application::build`] opens the data dir (one
//! process at a time: a lock file), the database, the problem bank and the
//! toolbox, wires the HTTP edge, the routers, the worker pool and the
//! webhook sender, and binds; [`Application::run_until`] serves until its
//! shutdown future completes, then stops taking requests and work and lets
//! the submissions in hand finish (drains), then the webhooks in flight.
//! `judge serve` is [`serve`]: the same, until SIGINT or SIGTERM.

pub(crate) mod config;
mod listen;
mod payloads;
mod router;

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use tokio::sync::watch;

use self::config::Config;
use crate::api::pads::Hub;
use crate::bank::{Bank, UnpackLimits};
use crate::http::AppState;
use crate::http::rate_limit::{FleetBuckets, Limiter};
use crate::jobs::artifacts::{self, StoredWasm};
use crate::jobs::webhook::{self, Secret};
use crate::jobs::{Jobs, worker};
use crate::metrics::Metrics;
use crate::pipeline::cpu::CpuPool;
use crate::pipeline::toolbox::Toolbox;
use crate::store::{Database, Listeners, Migrations, Role, Store};

pub(crate) use self::router::router;

/// Where the first admin key is written.
pub(crate) const ADMIN_KEY_FILE: &str = "admin-key";
/// Where the webhook signing secret is kept.
pub(crate) const WEBHOOK_SECRET_FILE: &str = "webhook-secret";

/// Package uploads verified at once (each judges every example submission).
const UPLOAD_SLOTS: usize = 1;

/// Runs the service until SIGINT or SIGTERM.
pub(crate) async fn serve(config: Config) -> anyhow::Result<()> {
    let app = Application::build(config).await?;
    // One plain line on stdout, for scripts and tests that start the judge on port 0.
    let _ = writeln!(
        std::io::stdout(),
        "judge: listening on http://{}",
        app.address()
    );
    app.run_until(shutdown_signal()).await
}

/// The service, built and bound, not yet serving.
#[derive(Debug)]
pub struct Application {
    config: Arc<Config>,
    listener: tokio::net::TcpListener,
    state: AppState,
    jobs: Jobs,
    sender: webhook::Sender,
    workers: usize,
    shares_wasm: bool,
    pads: Arc<Hub>,
    shutdown: watch::Sender<bool>,
    _lock: std::fs::File,
}

impl Application {
    /// Opens everything `config` names and binds its address (port 0: any free port).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let config = Arc::new(config);
        create_private_dir(&config.data)?;
        let lock = lock(&config.data)?;
        let database = config.database()?;
        let migrations = if config.migrate_on_start {
            Migrations::Run
        } else {
            Migrations::Check
        };
        let store =
            Store::connect_with(&database, migrations, config.database_max_connections).await?;
        if config.role.serves_api() {
            first_admin_key(&store, &config.data).await?;
        }
        let secret = if database.is_embedded() {
            webhook_secret(&config.data)?
        } else {
            shared_webhook_secret(&store, &config.data).await?
        };
        if database.is_embedded() {
            // This process owns the data dir: work its previous run had in
            // hand (a crash, kill -9) goes back to the queue now, not after
            // the leases, and its pads' runs end. A shared database's leases
            // run out instead: their holders may be alive.
            let released = store.release_all_leases().await? + store.release_run_leases().await?;
            store.release_all_pad_runs().await?;
            if released > 0 {
                tracing::warn!(
                    released,
                    "requeued submissions a previous run did not finish"
                );
            }
        }
        let workers = config.workers();
        let mut toolbox = toolbox(&config, workers).await?;
        let shares_wasm = !database.is_embedded() && config.role.judges();
        if shares_wasm {
            // A fleet's workers share what they compile, through the store.
            toolbox.compiler.shared = Some(Arc::new(StoredWasm::new(store.clone())));
        }
        let toolbox = Arc::new(toolbox);
        let unpack_limits = UnpackLimits {
            files: config.limits.upload_files,
            bytes: config.limits.unpacked_bytes,
        };
        let bank = Arc::new(Bank::load(
            config.problems_dir().as_deref(),
            &store.problems().await?,
            &config.data,
            &unpack_limits,
        )?);
        tracing::info!(problems = bank.all().len(), workers, role = ?config.role, "problem bank loaded");
        let (shutdown, stopping) = watch::channel(false);
        let languages: Vec<&str> = toolbox.catalog.all().iter().map(|l| l.id()).collect();
        let metrics = Arc::new(Metrics::new(&languages)?);
        metrics
            .workers_total
            .set(i64::try_from(workers).unwrap_or(i64::MAX));
        metrics
            .queue_capacity
            .set(i64::try_from(config.queue_capacity).unwrap_or(i64::MAX));
        let changes = watch::channel(0).0;
        let pads = Arc::new(Hub::new(
            store.clone(),
            Duration::from_secs(config.lease_seconds),
        ));
        if config.role.serves_api() {
            tokio::spawn(pads.clone().end_abandoned_runs());
        }
        if let Database::Postgres(url) = &database {
            // Other processes' queueing and progress wake this one's workers
            // and event streams; their pads' changes reach this one's rooms.
            // So do their uploads and deletions to this one's bank.
            let (notices, notified) = tokio::sync::mpsc::unbounded_channel();
            let (problems, uploads) = tokio::sync::mpsc::unbounded_channel();
            let listeners = Listeners {
                changes: changes.clone(),
                pads: notices,
                problems,
            };
            tokio::spawn(crate::store::forward_notifications(
                store.clone(),
                url.clone(),
                listeners,
            ));
            tokio::spawn(pads.clone().follow(notified));
            tokio::spawn(bank.clone().follow(store.clone(), unpack_limits, uploads));
        }
        let slots = CpuPool::new(workers);
        let state = AppState {
            metrics: metrics.clone(),
            limiter: Arc::new(limiter(&config)?),
            config: Arc::new(config.http()),
            store: store.clone(),
            bank: bank.clone(),
            toolbox: toolbox.clone(),
            run_slots: CpuPool::new(config.run_slots()),
            upload_slots: CpuPool::new(UPLOAD_SLOTS),
            changes: changes.clone(),
            shutdown: stopping,
        };
        let jobs = Jobs {
            store: store.clone(),
            bank: bank.clone(),
            toolbox,
            metrics: metrics.clone(),
            slots,
            changes,
            lease: Duration::from_secs(config.lease_seconds),
            unpack_limits,
        };
        let sender = webhook::Sender {
            store: store.clone(),
            metrics,
            config: config.webhooks.clone(),
            payloads: Arc::new(payloads::Bodies { store, bank }),
            secret,
        };
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        tracing::info!(address = %listener.local_addr()?, "listening");
        Ok(Self {
            config,
            listener,
            state,
            jobs,
            sender,
            workers,
            shares_wasm,
            pads,
            shutdown,
            _lock: lock,
        })
    }

    /// The address it is bound to.
    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| self.config.listen)
    }

    /// The port it is bound to.
    pub fn port(&self) -> u16 {
        self.address().port()
    }

    /// Serves until `shutdown` completes, then drains: no new requests or
    /// work, the submissions in hand finish (within `drain_seconds`), then
    /// the webhooks in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self {
            config,
            listener,
            state,
            jobs,
            sender,
            workers,
            shares_wasm,
            pads,
            shutdown: stopping,
            _lock: _held_until_stopped,
        } = self;
        let config_sends_webhooks = config.role.serves_api();
        let mut pool = tokio::task::JoinSet::new();
        for name in worker::names(workers) {
            pool.spawn(worker::run(jobs.clone(), name, stopping.subscribe()));
        }
        // Webhooks stop after judging has drained, so that verdicts reached
        // while draining are sent too.
        let (stop_webhooks, webhooks_stop) = watch::channel(false);
        let webhooks = tokio::spawn(async move {
            // Webhooks leave from the processes that serve the API: a worker,
            // which runs untrusted code, needs no way out but to its
            // database, and the workers, scaled in and out with the queue
            // (and killed when a node is lost), cut no delivery short.
            if config_sends_webhooks {
                webhook::run(sender, webhooks_stop).await;
            }
        });
        let mut background = vec![
            tokio::spawn(keep_caches_in_budget(
                config.cache_dir(),
                config.cache_max_mib << 20,
            )),
            tokio::spawn(forget_idle_buckets(state.limiter.clone())),
            tokio::spawn(sample_metrics(state.clone())),
        ];
        if shares_wasm {
            background.push(tokio::spawn(artifacts::keep_in_budget(
                state.store.clone(),
                config.cache_max_mib << 20,
            )));
        }
        let limits = listen::ConnectionLimits {
            max_connections: config.limits.max_connections,
            header_read_timeout: Duration::from_secs(config.limits.header_read_timeout_seconds),
        };
        let app = if config.role.serves_api() {
            router(state, pads)
        } else {
            router::health_only(state)
        };
        listen::serve(listener, app, limits, async move {
            shutdown.await;
            tracing::info!("shutting down: no new requests or work; draining");
            let _ = stopping.send(true);
        })
        .await;
        let drain = Duration::from_secs(config.drain_seconds);
        let deadline = tokio::time::Instant::now() + drain;
        if tokio::time::timeout_at(deadline, async {
            while pool.join_next().await.is_some() {}
        })
        .await
        .is_err()
        {
            tracing::warn!(
                "drain timed out; unfinished submissions go back to the queue at next start"
            );
        }
        let _ = stop_webhooks.send(true);
        // Deliveries in flight end (each within its timeout) if the drain
        // allows; what is left stays in the outbox for the next start.
        if tokio::time::timeout_at(deadline, webhooks).await.is_err() {
            tracing::warn!("drain timed out; undelivered webhooks are sent at next start");
        }
        for task in background {
            task.abort();
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// The toolbox: room for two sandbox runs per slot (judging, run and
/// upload slots: an interactive test runs two at once), and compilers that
/// never see the judge's own files, wherever they are installed.
async fn toolbox(config: &Arc<Config>, workers: usize) -> anyhow::Result<Toolbox> {
    let cache = config.cache_dir();
    let slots = workers + config.run_slots() + UPLOAD_SLOTS;
    let runs = u32::try_from(slots * 2 + 2).unwrap_or(u32::MAX);
    let mut toolbox =
        tokio::task::spawn_blocking(move || Toolbox::new(Some(&cache), runs)).await??;
    toolbox
        .compiler
        .hide(std::iter::once(&config.data).chain(config.problems_dir().as_ref()));
    Ok(toolbox)
}

/// The rate limits: the process's own buckets, and the fleet's in Redis
/// when `rate_limits.redis_url` names one.
fn limiter(config: &Config) -> anyhow::Result<Limiter> {
    let limiter = Limiter::new(&config.rate_limits);
    Ok(match &config.rate_limits.redis_url {
        Some(url) => {
            limiter.shared_through(FleetBuckets::new(url, config.rate_limits.when_redis_fails)?)
        }
        None => limiter,
    })
}

/// Every minute, forgets idle keys' token buckets.
async fn forget_idle_buckets(limiter: Arc<Limiter>) {
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        limiter.forget_idle();
    }
}

/// Every few seconds, samples the golden signals into the status page's
/// history (the queue depth read from the store, as a scrape reads it).
async fn sample_metrics(state: AppState) {
    let mut every = tokio::time::interval(crate::metrics::history::SAMPLE_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        state.refresh_queue_depth().await;
        state.metrics.sample(crate::store::now_ms());
    }
}

async fn shutdown_signal() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
}

/// Every minute, removes the least recently used compiled modules past the budget.
async fn keep_caches_in_budget(cache: PathBuf, budget: u64) {
    let dirs = vec![
        cache.join("wasm"),
        cache.join("wasm").join("snapshots"),
        cache.join("modules"),
    ];
    loop {
        let sweep = dirs.clone();
        if let Ok(evicted) =
            tokio::task::spawn_blocking(move || crate::pipeline::evict::evict(&sweep, budget)).await
            && evicted.files > 0
        {
            tracing::info!(
                files = evicted.files,
                bytes = evicted.bytes,
                "evicted least recently used compiled modules"
            );
        }
        tokio::time::sleep(Duration::from_secs(60)).await;
    }
}

/// Makes the data dir, readable by the judge's user only (it holds keys,
/// sources and every hidden test uploaded). A dir someone else owns (a
/// Kubernetes volume mounted root-owned and shared through `fsGroup`) keeps
/// its mode: the judge could not change it, and its owner chose it; a
/// warning says when others can read it.
fn create_private_dir(data: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data)
        .with_context(|| format!("cannot create the data dir {}", data.display()))?;
    let meta = std::fs::metadata(data)
        .with_context(|| format!("cannot read the data dir {}", data.display()))?;
    if meta.uid() == nix::unistd::geteuid().as_raw() {
        return std::fs::set_permissions(data, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make the data dir {} private", data.display()));
    }
    if meta.mode() & 0o007 != 0 {
        tracing::warn!(
            data = %data.display(),
            mode = format!("{:o}", meta.mode() & 0o7777),
            "the data dir belongs to another user and others may read it; its owner should make it 0770 or tighter"
        );
    }
    Ok(())
}

/// Holds `<data>/judge.lock` for the life of the process: two services on
/// one data dir would each think they own every lease.
fn lock(data: &Path) -> anyhow::Result<std::fs::File> {
    let path = data.join("judge.lock");
    let file = std::fs::File::create(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.try_lock().map_err(|_| {
        anyhow::anyhow!(
            "another judge is serving from {} (it holds {})",
            data.display(),
            path.display()
        )
    })?;
    Ok(file)
}

/// On the first start (no key yet), creates an admin key and writes it to
/// `<data>/admin-key` (mode 0600). The key itself is never logged. Of API
/// processes starting together on an empty shared database, one makes it.
async fn first_admin_key(store: &Store, data: &Path) -> anyhow::Result<()> {
    let Some(key) = store.create_first_key(Role::Admin, "first admin").await? else {
        return Ok(());
    };
    let path = data.join(ADMIN_KEY_FILE);
    write_private(&path, &format!("{}\n", key.token))?;
    tracing::warn!(path = %path.display(), "created the first admin key; read it from this file, then delete the file");
    Ok(())
}

/// The webhook signing secret, made on first use (`<data>/webhook-secret`).
fn webhook_secret(data: &Path) -> anyhow::Result<Secret> {
    let path = data.join(WEBHOOK_SECRET_FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        return Ok(Secret(text.trim().to_owned()));
    }
    let secret = fresh_secret()?;
    write_private(&path, &format!("{secret}\n"))?;
    tracing::info!(path = %path.display(), "created the webhook signing secret");
    Ok(Secret(secret))
}

/// A fleet's webhook signing secret, made once in the shared store by the
/// first process, and written to this process's `<data>/webhook-secret` as
/// the embedded judge writes its own, for whoever verifies signatures.
async fn shared_webhook_secret(store: &Store, data: &Path) -> anyhow::Result<Secret> {
    let secret = store.shared_secret("webhook", fresh_secret()?).await?;
    let path = data.join(WEBHOOK_SECRET_FILE);
    if std::fs::read_to_string(&path)
        .ok()
        .as_deref()
        .map(str::trim)
        != Some(secret.as_str())
    {
        let _ = std::fs::remove_file(&path);
        write_private(&path, &format!("{secret}\n"))?;
    }
    Ok(Secret(secret))
}

/// 32 random bytes, in hex.
fn fresh_secret() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(hex::encode(bytes))
}

fn write_private(path: &PathBuf, text: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// Starts JSON logs on stderr (`RUST_LOG` filters; default `info`).
pub(crate) fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_current_span(true)
        .with_span_list(false)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    #[test]
    fn the_data_dir_is_made_private_when_ours_and_left_alone_when_not() {
        let root = tempfile::tempdir().unwrap();
        let ours = root.path().join("ours");
        std::fs::create_dir(&ours).unwrap();
        std::fs::set_permissions(&ours, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&ours).unwrap();
        assert_eq!(std::fs::metadata(&ours).unwrap().mode() & 0o777, 0o700);

        // A volume another user owns, shared with us through its group.
        if !nix::unistd::geteuid().is_root() {
            return; // only root can hand a dir to someone else
        }
        let volume = root.path().join("volume");
        std::fs::create_dir(&volume).unwrap();
        std::fs::set_permissions(&volume, std::fs::Permissions::from_mode(0o2770)).unwrap();
        nix::unistd::chown(&volume, Some(nix::unistd::Uid::from_raw(12345)), None).unwrap();
        create_private_dir(&volume).unwrap();
        assert_eq!(std::fs::metadata(&volume).unwrap().mode() & 0o7777, 0o2770);
    }
}
