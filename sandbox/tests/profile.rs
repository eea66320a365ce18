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
