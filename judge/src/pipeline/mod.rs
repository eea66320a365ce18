//! The stages a submission travels through, one file each: `compile` (source
//! to wasm, in `contain`ment), `program` (wasm to a runnable module), `judge`
//! (every test case in the sandbox), `validate` (each output), `verdict`.

pub mod compile;
pub mod contain;
pub mod cpu;
pub mod evict;
pub mod judge;
pub mod native;
pub mod program;
pub mod run_job;
pub mod run_once;
pub mod toolbox;
pub mod untrusted;
pub mod validate;
pub mod verdict;
pub mod verify;

/// What drives sandbox runs: a single-threaded runtime with the time driver
/// (the wall-clock deadline needs it), one per judging thread.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
}
