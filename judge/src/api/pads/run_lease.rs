//! A pad's run in progress, held in the store ([`Store::claim_pad_run`])
//! for as long as it lasts: one run at a time per pad whichever API process
//! starts it, renewed in the background, given back when it ends. Its
//! result is written only while it still holds the pad, so a process that
//! was declared dead (its lease ran out, another run started) writes
//! nothing over the next run.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::store::{Lease, Store};

/// A pad's run, held.
#[derive(Debug)]
pub(crate) struct RunLease {
    store: Store,
    pad: String,
    lease: Lease,
    lasting: Duration,
    /// The renewal found the pad taken by another run.
    lost: Arc<AtomicBool>,
    renewing: tokio::task::JoinHandle<()>,
}

impl RunLease {
    /// Takes `pad`'s run for `lasting`, renewed until released: `None`
    /// while another run holds it.
    pub(super) async fn take(
        store: &Store,
        pad: &str,
        lasting: Duration,
    ) -> anyhow::Result<Option<Self>> {
        let Some(lease) = store.claim_pad_run(pad, lasting).await? else {
            return Ok(None);
        };
        let lost = Arc::new(AtomicBool::new(false));
        let renewing = tokio::spawn(renew(
            store.clone(),
            pad.to_owned(),
            lease.clone(),
            lasting,
            lost.clone(),
        ));
        Ok(Some(Self {
            store: store.clone(),
            pad: pad.to_owned(),
            lease,
            lasting,
            lost,
            renewing,
        }))
    }

    /// Whether another run took the pad (this one's lease ran out).
    pub(super) fn lost(&self) -> bool {
        self.lost.load(Ordering::Relaxed)
    }

    /// Whether it still holds the pad, renewed once more: checked just
    /// before its result is written.
    pub(super) async fn holds(&self) -> anyhow::Result<bool> {
        self.store
            .renew_pad_run(&self.pad, &self.lease, self.lasting)
            .await
    }

    /// Gives the pad's run back (a failure only logs: the lease runs
    /// out).
    pub(super) async fn release(self) {
        self.renewing.abort();
        if let Err(error) = self.store.release_pad_run(&self.pad, &self.lease).await {
            tracing::warn!(pad = %self.pad, error = format!("{error:#}"), "cannot give a pad's run back; its lease runs out");
        }
    }
}

impl Drop for RunLease {
    fn drop(&mut self) {
        self.renewing.abort();
    }
}

/// Renews `lease` three times per `lasting` until aborted, or until
/// another run took the pad.
async fn renew(store: Store, pad: String, lease: Lease, lasting: Duration, lost: Arc<AtomicBool>) {
    loop {
        tokio::time::sleep(lasting / 3).await;
        match store.renew_pad_run(&pad, &lease, lasting).await {
            Ok(true) => {}
            Ok(false) => {
                tracing::warn!(pad = %pad, "a pad's run lost its lease to another run");
                lost.store(true, Ordering::Relaxed);
                return;
            }
            // The next renewal may get through before the lease runs out.
            Err(error) => {
                tracing::warn!(pad = %pad, error = format!("{error:#}"), "cannot renew a pad's run");
            }
        }
    }
}
