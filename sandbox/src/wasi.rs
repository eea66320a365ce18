//! Builds the guest's WASI preview-1 context: stdio, argv, env, read-only
//! grants, and (by default) virtual clocks and seeded randomness.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use tokio::io::DuplexStream;
use wasmtime_wasi::cli::{AsyncStdinStream, AsyncStdoutStream};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::MemoryInputPipe;
use wasmtime_wasi::{FsPerms, HostMonotonicClock, HostWallClock, WasiCtxBuilder, WasiView};

use crate::error::{Error, Result};
use crate::outcome::OutputStream;
use crate::output::{CappedPipe, SharedOrder};
use crate::spec::{Determinism, RunSpec};

/// The guest context plus handles to read its output back afterwards.
pub(crate) struct GuestIo {
    pub(crate) wasi: WasiP1Ctx,
    pub(crate) stdout: CappedPipe,
    pub(crate) stderr: CappedPipe,
    /// The order of their writes.
    pub(crate) order: SharedOrder,
}

/// A guest's stdin and stdout connected to another guest's (interactive runs).
#[derive(Debug)]
pub(crate) struct Wiring(pub(crate) DuplexStream);

/// Files and directories a guest may hold open at once, besides its stdio and
/// grants. Each holds a host file descriptor, and the host has a finite
/// number of them for every run and connection it serves. Opening one more
/// ends the run as [`TrapKind::TooManyOpenFiles`](crate::TrapKind::TooManyOpenFiles).
pub const MAX_OPEN_HANDLES: usize = 1024;

/// Descriptors the host keeps for itself beyond its runs' (connections,
/// the database, logs), when it checks it can give every run its share.
const HOST_DESCRIPTORS: u64 = 1024;

/// Makes room for `runs` runs at once to hold [`MAX_OPEN_HANDLES`] files
/// each: raises this process's soft `RLIMIT_NOFILE` to its hard limit (the
/// soft one is often 1024, the hard one far more), and refuses a hard limit
/// too low for the pool. The cap stays the same on every machine, so that a
/// program holding many files gets the same verdict everywhere.
pub(crate) fn reserve_descriptors(runs: u32) -> Result<()> {
    use nix::sys::resource::{Resource, getrlimit, setrlimit};
    let needed = u64::from(runs) * (MAX_OPEN_HANDLES + RESERVED_HANDLES) as u64 + HOST_DESCRIPTORS;
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE)
        .map_err(|e| Error::runtime("cannot read RLIMIT_NOFILE", e.into()))?;
    if soft >= needed {
        return Ok(());
    }
    if hard < needed {
        return Err(Error::InvalidConfig(format!(
            "{runs} runs at once may hold up to {needed} open files, but this process may open \
             only {hard} (RLIMIT_NOFILE); raise the hard limit (ulimit -Hn, systemd LimitNOFILE=) \
             or run fewer at once"
        )));
    }
    setrlimit(Resource::RLIMIT_NOFILE, hard, hard)
        .map_err(|e| Error::runtime("cannot raise RLIMIT_NOFILE", e.into()))
}

/// Table entries WASI uses for itself before the guest opens anything: the
/// three stdio streams and their pollables, and slack for its bookkeeping.
const RESERVED_HANDLES: usize = 16;

/// Bytes a connection buffers before the writer waits for the reader.
pub(crate) const WIRE_BUFFER_BYTES: usize = 64 << 10;

pub(crate) fn build(spec: &RunSpec, wiring: Option<Wiring>) -> Result<GuestIo> {
    let order = SharedOrder::default();
    let stdout = CappedPipe::new(
        OutputStream::Stdout,
        spec.limits.stdout_bytes,
        order.clone(),
    );
    let stderr = CappedPipe::new(
        OutputStream::Stderr,
        spec.limits.stderr_bytes,
        order.clone(),
    );

    let mut builder = WasiCtxBuilder::new();
    builder
        .args(&spec.args)
        .envs(&spec.env)
        .stderr(stderr.clone());
    match wiring {
        None => {
            builder
                .stdin(MemoryInputPipe::new(spec.stdin.clone()))
                .stdout(stdout.clone());
        }
        Some(Wiring(stream)) => {
            // When the run ends its store drops both halves, which closes the
            // connection: the peer reads end-of-file and its writes fail.
            let (reader, writer) = tokio::io::split(stream);
            builder
                .stdin(AsyncStdinStream::new(reader))
                .stdout(AsyncStdoutStream::new(WIRE_BUFFER_BYTES, writer));
        }
    }
    builder
        // Never block the calling thread: with blocking allowed, wasi turns a
        // guest's relative sleep into `std::thread::sleep` for as long as the
        // guest asks, which no deadline can cut short. Through tokio, the
        // run's wall-clock timer can.
        .allow_blocking_current_thread(false)
        .allow_tcp(false)
        .allow_udp(false)
        .allow_ip_name_lookup(false);

    for preopen in &spec.preopens {
        builder
            .preopened_dir(
                &preopen.host,
                &preopen.guest,
                if preopen.writable {
                    FsPerms::ReadWrite
                } else {
                    FsPerms::ReadOnly
                },
            )
            .map_err(|e| Error::Preopen {
                path: preopen.host.clone(),
                source: e.into_boxed_dyn_error(),
            })?;
    }

    if let Determinism::Seeded(seed) = spec.determinism {
        let clock = VirtualClock::default();
        builder
            .wall_clock(clock.clone())
            .monotonic_clock(clock)
            .secure_random(StdRng::seed_from_u64(seed))
            .insecure_random(StdRng::seed_from_u64(seed.wrapping_add(1)))
            .insecure_random_seed(u128::from(seed));
    }

    let mut wasi = builder.build_p1();
    wasi.ctx()
        .table
        .set_max_capacity(MAX_OPEN_HANDLES + RESERVED_HANDLES + spec.preopens.len());
    Ok(GuestIo {
        wasi,
        stdout,
        stderr,
        order,
    })
}

/// A clock that reads 2024-01-01T00:00:00Z at the start of every run and moves
/// forward one microsecond per reading, so that programs which time themselves
/// still see time pass, and see it pass identically on every run.
#[derive(Debug, Default, Clone)]
struct VirtualClock {
    readings: std::sync::Arc<AtomicU64>,
}

/// 2024-01-01T00:00:00Z, in seconds since the Unix epoch.
const VIRTUAL_EPOCH_SECS: u64 = 1_704_067_200;
/// The same, in nanoseconds.
pub(crate) const EPOCH_NANOS: u64 = VIRTUAL_EPOCH_SECS * 1_000_000_000;
const NANOS_PER_READING: u64 = 1_000;

impl VirtualClock {
    fn tick(&self) -> u64 {
        let n = self.readings.fetch_add(1, Ordering::Relaxed) + 1;
        n * NANOS_PER_READING
    }
}

impl HostWallClock for VirtualClock {
    fn resolution(&self) -> Duration {
        Duration::from_nanos(NANOS_PER_READING)
    }

    fn now(&self) -> Duration {
        Duration::from_secs(VIRTUAL_EPOCH_SECS) + Duration::from_nanos(self.tick())
    }
}

impl HostMonotonicClock for VirtualClock {
    fn resolution(&self) -> u64 {
        NANOS_PER_READING
    }

    fn now(&self) -> u64 {
        self.tick()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_clock_advances_one_microsecond_per_reading_from_a_fixed_epoch() {
        let clock = VirtualClock::default();
        assert_eq!(HostMonotonicClock::now(&clock), 1_000);
        assert_eq!(HostMonotonicClock::now(&clock), 2_000);
        let wall = HostWallClock::now(&clock);
        assert_eq!(
            wall,
            Duration::from_secs(VIRTUAL_EPOCH_SECS) + Duration::from_micros(3)
        );
    }
}
