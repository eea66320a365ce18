//! The stages a submission travels through, one file each: `compile` (source
//! to wasm, in `contain`ment), `program` (wasm to a runnable module), `judge`
//! (every test case in the sandbox), `validate` (each output), `verdict`.

pub mod compile;
pub mod contain;
pub mod judge;
pub mod program;
pub mod validate;
pub mod verdict;
