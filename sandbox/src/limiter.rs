//! The per-run memory budget, enforced through wasmtime's `ResourceLimiter`.

use wasmtime::ResourceLimiter;

/// Raised (as a trap) when the guest asks for more linear memory than its limit.
/// See [`Termination::MemoryLimit`](crate::Termination::MemoryLimit) for why
/// growth past the limit ends the run rather than failing softly.
#[derive(Debug, thiserror::Error)]
#[error("linear memory limit of {limit} bytes exceeded (asked for {desired})")]
pub(crate) struct MemoryLimitExceeded {
    limit: usize,
    desired: usize,
}

/// Table slots a guest may have. Tables hold function pointers; real
/// programs (CPython, Ruby) need tens of thousands, never millions.
const MAX_TABLE_ELEMENTS: usize = 1 << 20;

/// Tracks and caps one store's memory. One linear memory and one table per
/// module, as every toolchain the judge uses emits; a guest that uses
/// exceptions (Lua) also has a GC heap, a memory of its own whose growth
/// comes through the same hook. The limit is on their sum: wasmtime reports
/// each growth as (current, desired) of one memory, so the sum grows by the
/// difference whichever memory it is.
#[derive(Debug)]
pub(crate) struct MemoryLimiter {
    limit: usize,
    total: usize,
    peak: usize,
    /// The last growth granted, taken back if the memory then fails to grow.
    last_growth: usize,
}

impl MemoryLimiter {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            total: 0,
            peak: 0,
            last_growth: 0,
        }
    }

    /// The most memory (linear memory and GC heap together) granted at
    /// once so far, in bytes.
    pub(crate) fn peak(&self) -> usize {
        self.peak
    }
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let growth = desired.saturating_sub(current);
        let total = self.total.saturating_add(growth);
        if total > self.limit {
            return Err(MemoryLimitExceeded {
                limit: self.limit,
                desired: total,
            }
            .into());
        }
        self.total = total;
        self.last_growth = growth;
        self.peak = self.peak.max(total);
        Ok(true)
    }

    fn memory_grow_failed(&mut self, _error: wasmtime::Error) -> wasmtime::Result<()> {
        self.total -= self.last_growth;
        self.last_growth = 0;
        Ok(())
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > MAX_TABLE_ELEMENTS {
            return Err(MemoryLimitExceeded {
                limit: MAX_TABLE_ELEMENTS,
                desired,
            }
            .into());
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        1
    }

    fn memories(&self) -> usize {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_up_to_the_limit_is_granted_and_recorded_as_peak() {
        let mut limiter = MemoryLimiter::new(1 << 20);
        assert!(limiter.memory_growing(0, 65536, None).unwrap());
        assert!(limiter.memory_growing(65536, 1 << 20, None).unwrap());
        assert_eq!(limiter.peak(), 1 << 20);
    }

    #[test]
    fn a_gc_heap_and_the_linear_memory_share_one_limit() {
        let mut limiter = MemoryLimiter::new(4 << 20);
        // The linear memory to 3 MiB, then a GC heap to 1 MiB: 4 MiB in all.
        assert!(limiter.memory_growing(0, 3 << 20, None).unwrap());
        assert!(limiter.memory_growing(0, 1 << 20, None).unwrap());
        assert_eq!(limiter.peak(), 4 << 20);
        // Either growing by one more page goes past the limit.
        let err = limiter
            .memory_growing(1 << 20, (1 << 20) + 65536, None)
            .unwrap_err();
        assert!(err.is::<MemoryLimitExceeded>());
    }

    #[test]
    fn a_growth_that_then_fails_is_taken_back() {
        let mut limiter = MemoryLimiter::new(4 << 20);
        assert!(limiter.memory_growing(0, 2 << 20, None).unwrap());
        assert!(limiter.memory_growing(2 << 20, 4 << 20, None).unwrap());
        limiter
            .memory_grow_failed(wasmtime::Error::msg("no room in the pool"))
            .unwrap();
        assert!(limiter.memory_growing(2 << 20, 4 << 20, None).unwrap());
    }

    #[test]
    fn growth_past_the_limit_is_an_error_that_names_the_limit() {
        let mut limiter = MemoryLimiter::new(1 << 20);
        let err = limiter
            .memory_growing(0, (1 << 20) + 65536, None)
            .unwrap_err();
        assert!(err.is::<MemoryLimitExceeded>());
        assert_eq!(limiter.peak(), 0);
    }
}
