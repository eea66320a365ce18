//! Time in fuel: the one conversion between the seconds packages speak in and
//! the fuel the sandbox counts.
//!
//! Fuel is an operation count (about one per wasm instruction), identical on
//! every machine; this machine runs 2e9 to 1e10 of it per wall-clock second,
//! depending on the workload. The judge fixes one rate, [`FUEL_PER_SECOND`],
//! at the slow end of that range, so that "1 s" means the same budget
//! everywhere and reported times are never shorter than real ones.

/// Fuel that counts as one second of time limit.
pub(crate) const FUEL_PER_SECOND: u64 = 2_000_000_000;

/// A time limit in seconds as fuel.
pub(crate) fn seconds_to_fuel(seconds: f64) -> u64 {
    // Saturating float-to-int conversion: a huge limit is the largest budget.
    (seconds * FUEL_PER_SECOND as f64).ceil() as u64
}

/// Fuel as approximate milliseconds, for people.
pub(crate) fn fuel_to_millis(fuel: u64) -> f64 {
    fuel as f64 * 1000.0 / FUEL_PER_SECOND as f64
}

/// The slowest rate at which this machine's kind burns fuel, with a margin.
/// `cargo bench -p judge --bench fuel_rate` (2026-12-01, 2 cores): a
/// one-instruction loop 8.3e8 fuel per wall-clock second idle, 4.9e8 with
/// both cores busy; recursive calls 3.3e9 and 1.8e9; the `scatter` kernel
/// (each load's address depends on the one before, across 256 MiB: a cache
/// and TLB miss every step) 9.8e7 and 6.1e7, the slowest. This is half of
/// that.
pub const SLOWEST_FUEL_PER_SECOND: u64 = 30_000_000;

/// The wall-clock backstop for a run of `fuel`: as long as the fuel lasts at
/// [`SLOWEST_FUEL_PER_SECOND`], plus 3 s. Fuel is the limit: the backstop
/// must never end a run a slow or loaded machine is still computing (its
/// verdict would then depend on the load). It ends runs that stopped
/// computing, blocked in the host (an interactive submission waiting for a
/// reply to a question it never flushed, say), which [`idle_limit`] ends
/// sooner.
pub(crate) fn wall_backstop(fuel: u64) -> std::time::Duration {
    std::time::Duration::from_secs_f64(fuel as f64 / SLOWEST_FUEL_PER_SECOND as f64 + 3.0)
}

/// How long a run of `fuel` may wait in the host without computing (for
/// input that never comes: an interactive submission waiting for a reply
/// to a question it never flushed, say): 3 s per second of fuel, plus 3 s.
pub(crate) fn idle_limit(fuel: u64) -> std::time::Duration {
    let seconds = fuel as f64 / FUEL_PER_SECOND as f64;
    std::time::Duration::from_secs_f64(seconds * 3.0 + 3.0)
}

/// The time limit derived from the slowest accepted run: the smallest whole
/// multiple of `resolution` seconds that is at least `slowest × multiplier`.
pub(crate) fn derive_time_limit(
    slowest_accepted_fuel: u64,
    multiplier: f64,
    resolution: f64,
) -> f64 {
    let needed = slowest_accepted_fuel as f64 * multiplier / FUEL_PER_SECOND as f64;
    let steps = (needed / resolution).ceil().max(1.0);
    // As people write it: 1.4, not 1.4000000000000001 (steps × 0.01).
    (steps * resolution * 1e9).round() / 1e9
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_limits_round_up_to_the_resolution() {
        assert_eq!(derive_time_limit(600_000_000, 2.0, 1.0), 1.0);
        assert_eq!(derive_time_limit(1_200_000_000, 2.0, 1.0), 2.0);
        assert_eq!(derive_time_limit(0, 2.0, 0.5), 0.5);
        assert_eq!(derive_time_limit(1_385_000_000, 2.0, 0.01), 1.39);
        assert_eq!(derive_time_limit(2_795_000_000, 2.0, 0.01), 2.8);
        assert_eq!(seconds_to_fuel(1.5), 3_000_000_000);
        assert_eq!(fuel_to_millis(4_000_000), 2.0);
    }
}
