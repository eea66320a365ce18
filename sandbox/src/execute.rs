//! One run: a fresh store, the limits armed, `_start` called, the ending classified.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use wasmtime::{Engine, Store, UpdateDeadline};

use crate::classify::classify;
use crate::error::{Error, Result};
use crate::module::{CompiledModule, Entry};
use crate::outcome::{OutputStream, RunOutcome, Termination};
use crate::quota::QuotaWatch;
use crate::ruby;
use crate::spec::RunSpec;
use crate::state::RunState;
use crate::wasi;

pub(crate) async fn run(
    engine: &Engine,
    max_memory_bytes: u64,
    module: &CompiledModule,
    spec: &RunSpec,
    wiring: Option<wasi::Wiring>,
) -> Result<RunOutcome> {
    let limits = spec.limits;
    if limits.memory_bytes > max_memory_bytes {
        return Err(Error::InvalidConfig(format!(
            "memory limit {} exceeds the sandbox's maximum of {max_memory_bytes} bytes",
            limits.memory_bytes
        )));
    }
    let io = wasi::build(spec, wiring)?;
    let mut store = RunState::store(engine, io.wasi, limits.memory_bytes, limits.fuel)?;
    // Compiled code keeps its fuel count in a register and writes it back
    // at calls only; an interruption (the wall-clock deadline) would lose
    // what the running function spent. Yielding every so often writes it
    // back, so a run that ends on the wall clock reports its fuel (to
    // within this interval). Fuel itself, and so every verdict, is the
    // same with or without the yields.
    store
        .fuel_async_yield_interval(Some(FUEL_YIELD_INTERVAL))
        .map_err(|e| Error::runtime("failed to set the fuel yield interval", e))?;

    let quota = QuotaWatch::start(&spec.preopens)
        .map_err(|e| Error::runtime("failed to start the write-quota watcher", e.into()))?;
    let over_quota = quota.flag();
    let started = Instant::now();
    let deadline = started + limits.wall;
    // While the guest computes, every epoch tick checks the real deadline
    // and the write quotas, and notes that it computed.
    let computed = Arc::new(AtomicU64::new(0));
    let computing = Arc::clone(&computed);
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        computing.store(millis(started.elapsed()), Ordering::Relaxed);
        Ok(
            if Instant::now() >= deadline || over_quota.load(Ordering::SeqCst) {
                UpdateDeadline::Interrupt
            } else {
                UpdateDeadline::Continue(1)
            },
        )
    });

    // While the guest waits in the host (a sleep, say), epochs cannot
    // interrupt it; dropping the future at the deadline, or once it has
    // waited `idle` since it last computed, does.
    let ran = {
        let guest = start(&mut store, module, &spec.args);
        tokio::pin!(guest);
        loop {
            let last = started + Duration::from_millis(computed.load(Ordering::Relaxed));
            let wake = deadline.min(last + limits.idle);
            if Instant::now() >= wake {
                break None;
            }
            tokio::select! {
                ended = &mut guest => break Some(ended),
                () = tokio::time::sleep_until(wake.into()) => {}
            }
        }
    };
    let wall = started.elapsed();

    let termination = match ran {
        _ if quota.exceeded(&spec.preopens) => Termination::OutputLimit {
            stream: OutputStream::Files,
        },
        None => Termination::WallTimeout,
        Some(Ok(())) => Termination::Exited { code: 0 },
        Some(Err(error)) => classify(error)?,
    };
    let fuel_left = store.get_fuel().unwrap_or(0);
    let profile = std::mem::take(&mut store.data_mut().profiler).finish(fuel_left);
    Ok(RunOutcome {
        termination,
        fuel: limits.fuel - fuel_left,
        wall,
        peak_memory_bytes: store.data().limiter.peak() as u64,
        stdout: io.stdout.take(),
        stderr: io.stderr.take(),
        order: crate::output::lock(&io.order).take(),
        profile,
    })
}

fn millis(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX)
}

/// Fuel between two yields of a running guest to the async runtime (about
/// 10 ms of a tight loop on this machine).
const FUEL_YIELD_INTERVAL: u64 = 10_000_000;

async fn start(
    store: &mut Store<RunState>,
    module: &CompiledModule,
    args: &[String],
) -> wasmtime::Result<()> {
    let instance = module.pre.instantiate_async(&mut *store).await?;
    match module.entry {
        Entry::Command => {
            let start = instance.get_typed_func::<(), ()>(&mut *store, "_start")?;
            start.call_async(&mut *store, ()).await
        }
        Entry::RubyReactor => ruby::run(store, &instance, args, false).await,
        Entry::RubyStarted => ruby::run(store, &instance, args, true).await,
    }
}
