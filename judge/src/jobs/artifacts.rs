//! The store as the compiler's [`SharedWasm`]: a fleet's workers find what
//! any of them compiled (a resubmission judged on another worker does not
//! compile again), and the shared copies are kept within a budget.

use std::time::Duration;

use crate::pipeline::compile::SharedWasm;
use crate::store::Store;

/// How long a module nobody used stays shared.
const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Compiled wasm in the store, reached from the compiler's blocking threads.
#[derive(Debug)]
pub(crate) struct StoredWasm {
    store: Store,
    runtime: tokio::runtime::Handle,
}

impl StoredWasm {
    /// Through `store`, on the runtime the caller runs on.
    pub(crate) fn new(store: Store) -> Self {
        Self {
            store,
            runtime: tokio::runtime::Handle::current(),
        }
    }
}

impl SharedWasm for StoredWasm {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        match self.runtime.block_on(self.store.artifact(key)) {
            Ok(wasm) => wasm,
            Err(error) => {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "cannot read a shared module; compiling"
                );
                None
            }
        }
    }

    fn put(&self, key: &str, wasm: &[u8]) {
        if let Err(error) = self.runtime.block_on(self.store.put_artifact(key, wasm)) {
            tracing::warn!(
                error = format!("{error:#}"),
                "cannot share a compiled module"
            );
        }
    }
}

/// Every ten minutes, removes the shared modules unused for a week, then
/// the least recently used past `budget` bytes.
pub(crate) async fn keep_in_budget(store: Store, budget: u64) {
    let age = i64::try_from(MAX_AGE.as_millis()).unwrap_or(i64::MAX);
    let budget = i64::try_from(budget).unwrap_or(i64::MAX);
    loop {
        match store.evict_artifacts(age, budget).await {
            Ok(0) => {}
            Ok(evicted) => tracing::info!(evicted, "evicted shared compiled modules"),
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "cannot evict shared modules");
            }
        }
        tokio::time::sleep(Duration::from_secs(600)).await;
    }
}
