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

/// Tracks and caps one store's memory. One memory and one table per module, as
/// every toolchain the judge uses emits.
#[derive(Debug)]
pub(crate) struct MemoryLimiter {
    limit: usize,
    peak: usize,
}

impl MemoryLimiter {
    pub(crate) fn new(limit: usize) -> Self {
        Self { limit, peak: 0 }
    }

    /// The largest linear memory granted so far, in bytes.
    pub(crate) fn peak(&self) -> usize {
        self.peak
    }
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.limit {
            return Err(MemoryLimitExceeded {
                limit: self.limit,
                desired,
            }
            .into());
        }
        self.peak = self.peak.max(desired);
        Ok(true)
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
    fn growth_past_the_limit_is_an_error_that_names_the_limit() {
        let mut limiter = MemoryLimiter::new(1 << 20);
        let err = limiter
            .memory_growing(0, (1 << 20) + 65536, None)
            .unwrap_err();
        assert!(err.is::<MemoryLimitExceeded>());
        assert_eq!(limiter.peak(), 0);
    }
}
