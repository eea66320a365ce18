//! The stages a submission travels through, one file each. So far: `compile`
//! (source to wasm, in `contain`ment); the sandbox runs the result.

pub mod compile;
pub mod contain;
