//! The coding-round judge: the `judge` command line and the service that
//! compiles, runs and checks submissions in the [`sandbox`].
//!
//! Start at [`cli`]: each subcommand is one file under `cli/`. A submission
//! travels [`languages`] (which toolchain) -> [`pipeline`] (compile, then the
//! sandbox runs it on each test of a [`problem`], then validation and a verdict).
//! Over HTTP ([`service`], `judge serve`): [`api`] (checks, queues it in the
//! [`store`]) -> [`worker`] (claims it, runs the pipeline, records each test
//! and the verdict) -> [`webhook`]; problems come from the [`bank`].
//!
//! To judge code from another Rust program, use the [`Grader`] facade (see
//! [`grader`] and `judge/examples/`).

pub mod api;
pub mod app;
pub mod bank;
pub mod cli;
pub mod compat;
pub mod grader;
pub mod http;
pub mod jobs;
pub mod languages;
pub mod metrics;
pub mod pipeline;
pub mod problem;
pub mod store;
pub mod views;

pub use grader::{Grader, GraderConfig, LoadedProblem, RunResult};
