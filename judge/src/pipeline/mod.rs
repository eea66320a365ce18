//! The stages a submission travels through, one file each: `compile` (source
//! to wasm, in `contain`ment), `program` (wasm to a runnable module), `judge`
//! (every test case in the sandbox; `multi_pass` when the validator asks for
//! passes), `validate` (each output), `verdict`.

pub(crate) mod compile;
pub(crate) mod contain;
pub(crate) mod cpu;
pub(crate) mod evict;
pub(crate) mod growth;
pub(crate) mod interpreter;
pub(crate) mod judge;
pub(crate) mod multi_pass;
pub(crate) mod multipliers;
pub(crate) mod native;
pub(crate) mod profile;
pub(crate) mod program;
pub(crate) mod run_job;
pub(crate) mod run_once;
pub(crate) mod toolbox;
pub(crate) mod untrusted;
pub(crate) mod validate;
pub(crate) mod verdict;
pub(crate) mod verify;

/// What drives sandbox runs: a single-threaded runtime with the time driver
/// (the wall-clock deadline needs it), one per judging thread.
pub(crate) fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
}
