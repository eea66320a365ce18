//! The coding-round judge: the `judge` command line, the service that
//! compiles, runs and checks submissions in the [`sandbox`], and a library
//! face for programs that judge code themselves.
//!
//! The public face is small: the [`Grader`] facade (load a problem package,
//! judge a source, get a [`Report`]; or run a source once) with
//! `judge/examples/`, the service as an [`Application`] built from a
//! [`config::Config`], and [`main`], the `judge` command line. Everything
//! else is the crate's own; ARCHITECTURE.md walks its modules in the order
//! a submission travels them, and the layers they import through.

mod api;
mod app;
mod bank;
mod cli;
mod compat;
mod grader;
mod http;
mod jobs;
mod languages;
mod metrics;
mod pipeline;
mod problem;
mod store;
mod views;
mod web;

pub use app::Application;
pub use cli::main;
pub use grader::{Grader, GraderConfig, LoadedProblem, RunResult};
pub use pipeline::growth::{Class, Comparison, Fit, Growth, Point, Profile};
pub use pipeline::judge::{Report, TestReport};
pub use pipeline::profile::{FunctionShare, Unit as ProfileUnit};
pub use pipeline::verdict::Verdict;
pub use problem::{LanguageLimit, LimitSource};

/// The service's settings (`judge.toml`), for [`Application::build`].
pub mod config {
    pub use crate::app::config::{Config, Overrides, ProcessRole};
    pub use crate::http::config::{
        ClassRates, Rate, RateLimits, RedisFailure, RequestLimits, RunLimits,
    };
    pub use crate::store::webhooks::WebhookConfig;
    pub use crate::store::{Database, Role};
}

/// Parts the project's own fuzz targets, tests and benchmarks drive
/// directly. Not a stable API: embedders use the face above.
#[doc(hidden)]
pub mod internals {
    pub use crate::bank::{UnpackLimits, unpack};
    pub use crate::compat::judge0::request as judge0_request;
    pub use crate::languages::Catalog;
    pub use crate::pipeline::compile::{Compiled, Compiler, Launch, SharedWasm};
    pub use crate::pipeline::contain::Limits;
    pub use crate::pipeline::interpreter::Interpreters;
    pub use crate::pipeline::native::{Native, prepare};
    pub use crate::pipeline::validate::default::{Flags, check as validate};
    pub use crate::problem::Metadata;
    pub use crate::problem::SLOWEST_FUEL_PER_SECOND;
    pub use crate::store::{Lease, Migrations, ScratchDatabase, Store, SubmissionState};

    /// A source built as a worker builds it (an interpreted one on its
    /// language's pre-initialised interpreter): its module and launch, or
    /// `None` when it does not compile. The benchmarks' way in.
    pub fn build(
        compiler: &Compiler,
        sandbox: &sandbox::Sandbox,
        language: &crate::languages::Language,
        source: &[u8],
    ) -> anyhow::Result<Option<(sandbox::CompiledModule, Launch)>> {
        use crate::pipeline::program::{self, Built};
        Ok(
            match program::build(compiler, sandbox, language, source, &[])? {
                Built::Program(built) => Some((built.module, built.launch)),
                Built::CompileError(_) => None,
            },
        )
    }
}
