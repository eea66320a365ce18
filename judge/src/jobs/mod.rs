//! Work done in the background: the judging [`worker`]s and the [`webhook`]
//! sender. They reach what [`Jobs`] (and the sender's own handles) hold,
//! never the HTTP edge; the service wires them up in [`crate::app`].

pub(crate) mod artifacts;
pub(crate) mod webhook;
pub(crate) mod worker;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::bank::{Bank, UnpackLimits};
use crate::metrics::Metrics;
use crate::pipeline::cpu::CpuPool;
use crate::pipeline::toolbox::Toolbox;
use crate::store::Store;

/// What the workers reach.
#[derive(Debug, Clone)]
pub(crate) struct Jobs {
    /// The database.
    pub store: Store,
    /// The problems.
    pub bank: Arc<Bank>,
    /// Languages, compiler, sandbox.
    pub toolbox: Arc<Toolbox>,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// CPU slots of the judging workers: each holds one while it judges.
    pub slots: CpuPool,
    /// Bumped whenever work is queued or makes progress: wakes the workers
    /// (and, through the same sender, the API's event streams).
    pub changes: watch::Sender<u64>,
    /// How long a worker's claim on a submission lasts without renewal.
    pub lease: Duration,
    /// How large an uploaded package may unpack (one another process took in).
    pub unpack_limits: UnpackLimits,
}

impl Jobs {
    /// Tells the workers and event streams that something changed.
    pub(crate) fn notify(&self) {
        self.changes.send_modify(|n| *n = n.wrapping_add(1));
    }
}
