//! CPU slots, and the one way blocking work (compiling, sandbox runs) is
//! done from async code: take a slot of a pool, waiting as the caller's
//! policy says, then run the work on a blocking thread with the slot held
//! until it ends. The judging workers, custom runs, Piston runs and upload
//! verification each have a pool; only how long they wait differs.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A pool of CPU slots; cheap to clone.
#[derive(Debug, Clone)]
pub(crate) struct CpuPool(Arc<Semaphore>);

/// How long to wait for a slot.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Wait {
    /// At most this long, then [`NoSlot::Busy`] (a client is waiting).
    AtMost(Duration),
    /// Until one is free (a worker with nothing else to do).
    AsLongAsItTakes,
}

/// Why no slot was had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoSlot {
    /// Every slot stayed busy for the whole wait.
    Busy,
    /// The pool is closed: the service is shutting down.
    ShuttingDown,
}

/// A held slot; freed when dropped.
#[derive(Debug)]
pub(crate) struct Slot(#[allow(dead_code, reason = "held for its drop")] OwnedSemaphorePermit);

impl CpuPool {
    /// A pool of `slots` slots (at least one).
    pub(crate) fn new(slots: usize) -> Self {
        Self(Arc::new(Semaphore::new(slots.max(1))))
    }

    /// A slot, waiting as `wait` says.
    pub(crate) async fn slot(&self, wait: Wait) -> Result<Slot, NoSlot> {
        let acquire = Arc::clone(&self.0).acquire_owned();
        let permit = match wait {
            Wait::AsLongAsItTakes => acquire.await,
            Wait::AtMost(limit) => tokio::time::timeout(limit, acquire)
                .await
                .map_err(|_elapsed| NoSlot::Busy)?,
        };
        permit.map(Slot).map_err(|_closed| NoSlot::ShuttingDown)
    }

    /// Takes a slot as `wait` says, then runs `work` with it ([`Slot::run`]).
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        wait: Wait,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<anyhow::Result<T>, NoSlot> {
        Ok(self.slot(wait).await?.run(work).await)
    }
}

impl Slot {
    /// Runs `work` on a blocking thread, holding this slot until it ends;
    /// `Err` when `work` panicked.
    pub(crate) async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        tokio::task::spawn_blocking(move || {
            let _held = self;
            work()
        })
        .await
        .map_err(|join| anyhow::anyhow!("the blocking task failed: {join}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slot_is_held_while_its_work_runs_and_a_waiter_gives_up_in_time() {
        let pool = CpuPool::new(1);
        let (started_tx, started) = std::sync::mpsc::channel();
        let (release, released) = std::sync::mpsc::channel::<()>();
        let working = pool.clone();
        let first = tokio::spawn(async move {
            working
                .run(Wait::AsLongAsItTakes, move || {
                    started_tx.send(()).unwrap();
                    released.recv().unwrap();
                    7
                })
                .await
        });
        tokio::task::spawn_blocking(move || started.recv().unwrap())
            .await
            .unwrap();
        let busy = pool
            .slot(Wait::AtMost(Duration::from_millis(50)))
            .await
            .unwrap_err();
        assert_eq!(busy, NoSlot::Busy);
        release.send(()).unwrap();
        assert_eq!(first.await.unwrap().unwrap().unwrap(), 7);
        // Freed when the work ended; a panic is an error, and frees it too.
        let panicked = pool
            .run(Wait::AtMost(Duration::from_secs(5)), || -> () {
                panic!("boom")
            })
            .await
            .unwrap();
        assert!(panicked.is_err());
        assert!(
            pool.slot(Wait::AtMost(Duration::from_secs(5)))
                .await
                .is_ok()
        );
    }
}
