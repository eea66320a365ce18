//! `judge run` under a known load: both cores kept busy, and nothing else.
//! A binary of its own, because the tests of one binary run in parallel:
//! beside another test's work, the load would be more than the two busy
//! cores the slowest fuel rate was measured with.

mod support;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn guest(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/guests")
        .join(name)
}

fn json_run(cache: &Path, args: &[&str]) -> Value {
    support::run_json(cache, args, b"")
}

/// Two processes spinning until dropped: both cores of this machine busy.
struct BusyCores(Vec<std::process::Child>);

impl BusyCores {
    fn start() -> Self {
        Self(
            (0..2)
                .map(|_| {
                    std::process::Command::new("sh")
                        .args(["-c", "while :; do :; done"])
                        .spawn()
                        .unwrap()
                })
                .collect(),
        )
    }
}

impl Drop for BusyCores {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Fuel decides, whatever the load: with both cores busy, a one-instruction
/// loop and a walk of loads that miss every cache (the slowest fuel rate
/// measured) each run out of fuel under `judge run`'s default wall clock,
/// every time, having used exactly their fuel. (The walk's 4e8 fuel takes
/// 5 to 7 s here under load: a backstop of 3 s per 2e9 fuel plus 3 s,
/// this judge's before it measured, ends it on the wall clock.)
#[test]
fn under_load_fuel_not_the_wall_clock_ends_a_computing_program() {
    let cache = tempfile::tempdir().unwrap();
    let _busy = BusyCores::start();
    for (kernel, fuel) in [("spin.wat", "1000000000"), ("scatter.wat", "400000000")] {
        let path = guest(kernel);
        for _ in 0..2 {
            let outcome = json_run(
                cache.path(),
                &["--fuel", fuel, "--memory", "512M", path.to_str().unwrap()],
            );
            assert_eq!(outcome["termination"], "out_of_fuel", "{kernel}: {outcome}");
            assert_eq!(outcome["fuel"].to_string(), fuel, "{kernel}: {outcome}");
        }
    }
}
