//! Profiles: an instrumented module reports each function's own fuel,
//! exactly and identically on every run, under the names of its name section.

mod support;

use sandbox::{RunSpec, Termination, instrument};
use support::{PRELUDE, block_on, sandbox};

/// `_start` calls `$light` once and `$heavy` three times; `$heavy` calls
/// `$light` too and loops 1000 times itself. `$light` returns early
/// through `return` half the time.
fn guest() -> String {
    format!(
        r#"(module {PRELUDE}
          (memory (export "memory") 1)
          (func $light (param $n i32) (result i32)
            (if (i32.eqz (i32.and (local.get $n) (i32.const 1))) (then (return (i32.const 0))))
            (i32.add (local.get $n) (i32.const 1)))
          (func $heavy (param $n i32) (result i32)
            (local $i i32)
            (loop $again
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $again (i32.lt_u (local.get $i) (i32.const 1000))))
            (call $light (local.get $n)))
          (func (export "_start")
            (drop (call $light (i32.const 1)))
            (drop (call $heavy (i32.const 2)))
            (drop (call $heavy (i32.const 3)))
            (drop (call $heavy (i32.const 4)))))"#
    )
}

#[test]
fn each_function_gets_its_own_fuel_exactly_under_its_name() {
    let sandbox = sandbox();
    let wasm = wat::parse_str(guest()).unwrap();
    let instrumented = instrument(&wasm).unwrap();
    let module = sandbox.compile(&instrumented.wasm, "wat").unwrap();
    let run = || block_on(sandbox.run(&module, &RunSpec::default())).unwrap();
    let outcome = run();
    assert_eq!(outcome.termination, Termination::Exited { code: 0 });
    let named: Vec<(&str, u64)> = outcome
        .profile
        .iter()
        .map(|f| (instrumented.names[&f.index].as_str(), f.calls))
        .collect();
    assert_eq!(named[0], ("heavy", 3), "{named:?}");
    assert!(named.contains(&("light", 4)), "{named:?}");
    let start = outcome.profile.iter().find(|f| f.calls == 1).unwrap();
    assert!(
        instrumented.names[&start.index].contains("function["),
        "{:?}",
        instrumented.names
    );
    // The loop's 3000 rounds are most of the run, and all in $heavy.
    let heavy = outcome.profile[0].fuel;
    assert!(heavy * 10 > outcome.fuel * 8, "{heavy} of {}", outcome.fuel);
    let counted: u64 = outcome.profile.iter().map(|f| f.fuel).sum();
    assert!(counted <= outcome.fuel && counted * 10 > outcome.fuel * 9);
    assert_eq!(run().profile, outcome.profile, "the same on every run");

    // Uninstrumented, the same module reports no profile.
    let plain = sandbox.compile(&wasm, "wat").unwrap();
    let outcome = block_on(sandbox.run(&plain, &RunSpec::default())).unwrap();
    assert!(outcome.profile.is_empty());
}

/// Reads the monotonic clock at 0, loops `rounds` times (from argv's
/// length: one round per argument beyond argv[0], times 1000), reads it at 8,
/// reads the real-time clock at 16, and writes the 24 bytes to stdout.
fn clocked() -> String {
    format!(
        r#"(module {PRELUDE}
          (import "wasi_snapshot_preview1" "clock_time_get"
            (func $clock (param i32 i64 i32) (result i32)))
          (import "wasi_snapshot_preview1" "args_sizes_get"
            (func $args_sizes (param i32 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "_start")
            (local $i i32) (local $rounds i32)
            (drop (call $args_sizes (i32.const 64) (i32.const 68)))
            (local.set $rounds (i32.mul (i32.sub (i32.load (i32.const 64)) (i32.const 1)) (i32.const 1000)))
            (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 0)))
            (block $done
              (loop $again
                (br_if $done (i32.ge_u (local.get $i) (local.get $rounds)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $again)))
            (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 8)))
            (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 16)))
            ;; iovec at 32: 24 bytes from 0
            (i32.store (i32.const 32) (i32.const 0))
            (i32.store (i32.const 36) (i32.const 24))
            (drop (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 40)))))"#
    )
}

fn readings(stdout: &[u8]) -> [u64; 3] {
    std::array::from_fn(|i| u64::from_le_bytes(stdout[i * 8..i * 8 + 8].try_into().unwrap()))
}

#[test]
fn a_fuel_clocked_module_reads_the_fuel_it_has_spent() {
    let sandbox = sandbox();
    let plain = sandbox.compile(clocked().as_bytes(), "wat").unwrap();
    let clocked = sandbox.fuel_clocked(&plain).unwrap();
    let run = |module, args: usize| {
        let spec = RunSpec {
            args: vec!["main".to_owned(); args + 1],
            ..RunSpec::default()
        };
        block_on(sandbox.run(module, &spec)).unwrap()
    };
    let spent = |args| {
        let outcome = run(&clocked, args);
        assert_eq!(outcome.termination, Termination::Exited { code: 0 });
        let [start, end, real] = readings(&outcome.stdout);
        assert!(
            start > 0 && start < end && end <= outcome.fuel,
            "{start} {end}"
        );
        // 2024-01-01T00:00:00Z plus the fuel spent.
        assert!((real - 1_704_067_200_000_000_000).abs_diff(end) < 100);
        end - start
    };
    // The loop's cost, exactly: the same on every run, and linear in its
    // rounds.
    let (one, two, three) = (spent(1), spent(2), spent(3));
    assert_eq!(spent(2), two);
    assert_eq!(three - two, two - one);
    assert!(two - one >= 1000, "{one} {two}");

    // The module as compiled keeps its virtual clocks: one microsecond per
    // reading.
    let [start, end, _] = readings(&run(&plain, 3).stdout);
    assert_eq!((start, end), (1_000, 2_000));
}
