//! The judge as a library: a small facade for a Rust program that wants to
//! judge code without running the service (a learning platform, a CI bot, a
//! take-home grader). Load a problem package, judge a source against its
//! tests, get a [`Report`]; or run a source once on some input.
//!
//! ```no_run
//! use judge::{Grader, GraderConfig};
//!
//! # fn main() -> anyhow::Result<()> {
//! let grader = Grader::new(&GraderConfig::default())?;
//! let problem = grader.load_problem("problems/token-bucket")?;
//! let source = std::fs::read_to_string("problems/token-bucket/submissions/accepted/limiter.py")?;
//! let report = grader.judge(&problem, "python", &source)?;
//! println!("{} on {} tests", report.verdict, report.tests.len());
//!
//! let ran = grader.run("python", "print(input()[::-1])", "judge")?;
//! println!("{}", String::from_utf8_lossy(&ran.stdout));
//! # Ok(())
//! # }
//! ```
//!
//! The languages are the runner images installed on the machine
//! (`runner-images/install.sh`); compiles are contained and cached, runs are
//! sandboxed and deterministic, exactly as in `judge serve`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use sandbox::RunOutcome;

use crate::languages::{Asked, Language, Unresolved};
use crate::pipeline::judge::{Judge, Report};
use crate::pipeline::profile;
use crate::pipeline::program::{Built, Program};
use crate::pipeline::run_once::{OneShot, Ran, run_once};
use crate::pipeline::toolbox::Toolbox;
use crate::problem::{LanguageLimit, Problem, idle_limit, seconds_to_fuel, wall_backstop};

/// How a [`Grader`] is set up.
#[derive(Debug, Clone)]
pub struct GraderConfig {
    /// Where compiled modules are cached (`None`: a private temporary
    /// directory, removed with the grader).
    pub cache_dir: Option<PathBuf>,
    /// Sandbox runs that may be in flight at once (an interactive test
    /// takes two).
    pub parallel_runs: u32,
    /// The `judge` binary (`cargo install judge`, or the one built beside
    /// your program), which compiled languages (C, C++, Rust, Go, Zig) run
    /// their compiler through, contained. `None`: only the interpreted
    /// languages (Python, JavaScript, Lua, Ruby) can be judged, and the
    /// others are an `Err` that says so.
    pub judge_executable: Option<PathBuf>,
}

impl Default for GraderConfig {
    fn default() -> Self {
        Self {
            cache_dir: None,
            parallel_runs: 4,
            judge_executable: None,
        }
    }
}

/// Judges and runs sources. Build one per process and share it.
#[derive(Debug)]
pub struct Grader {
    toolbox: Toolbox,
    _cache: Option<tempfile::TempDir>,
}

/// A problem package loaded and ready to judge against: its tests, its
/// output validator built, its time limit known.
#[derive(Debug)]
pub struct LoadedProblem {
    problem: Problem,
    validator: Option<Program>,
}

impl LoadedProblem {
    /// The package's own name for the problem.
    pub fn name(&self) -> &str {
        &self.problem.metadata.name
    }

    /// The base time limit (C++'s), in seconds of fuel; each language's is
    /// [`LoadedProblem::time_limit`].
    pub fn time_limit_seconds(&self) -> f64 {
        self.problem.base_time_limit().unwrap_or_default()
    }

    /// The time limit of a submission in `language`, and why, from the
    /// grader's languages; `None` for a language it does not know.
    pub fn time_limit(&self, grader: &Grader, language: &str) -> Option<LanguageLimit> {
        let language = grader.toolbox.catalog.get(language)?;
        self.problem.time_limit_for(language)
    }
}

/// One run's result.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// `None` when it ran; the compiler's log when it did not compile.
    pub compile_error: Option<String>,
    /// How the run ended (`None` after a compile error).
    pub outcome: Option<RunOutcome>,
    /// Its standard output (empty after a compile error).
    pub stdout: Vec<u8>,
}

impl Grader {
    /// Finds the installed runner images and starts the sandbox.
    pub fn new(config: &GraderConfig) -> anyhow::Result<Self> {
        let temporary = match &config.cache_dir {
            Some(_) => None,
            None => Some(tempfile::tempdir().context("cannot make a cache directory")?),
        };
        let cache = config
            .cache_dir
            .as_deref()
            .or_else(|| temporary.as_ref().map(tempfile::TempDir::path));
        Ok(Self {
            toolbox: Toolbox::with_helper(
                cache,
                config.parallel_runs.max(2),
                config.judge_executable.clone(),
            )?,
            _cache: temporary,
        })
    }

    /// Loads a Kattis problem package (legacy or 2023-07) and builds its
    /// output validator. Its time limit must be known: given in
    /// `problem.yaml`, or recorded by `judge verify`.
    pub fn load_problem(&self, dir: impl AsRef<Path>) -> anyhow::Result<LoadedProblem> {
        let dir = dir.as_ref();
        let problem = Problem::load(dir)?;
        anyhow::ensure!(
            problem.time_limits.is_some(),
            "{} has no time limit yet: run `judge verify {}` once",
            dir.display(),
            dir.display()
        );
        let validator = self.toolbox.build_validator(&problem)?;
        Ok(LoadedProblem { problem, validator })
    }

    /// Judges `source`, written in `language` (an id: `c`, `cpp`, `python`,
    /// ...), on every test of `problem`. A wrong or slow source is a verdict
    /// in the report; an `Err` is a fault of the judge or the package. An
    /// accepted source's growth rate is measured too when the problem has a
    /// scaling series ([`Report::growth`]).
    pub fn judge(
        &self,
        problem: &LoadedProblem,
        language: &str,
        source: &str,
    ) -> anyhow::Result<Report> {
        let language = self.language(language)?;
        let limit = problem
            .problem
            .time_limit_for(language)
            .context("the problem has no time limit")?;
        let fuel = limit.fuel;
        match self
            .toolbox
            .build_source(language, source.as_bytes(), &[])?
        {
            Built::CompileError(log) => Ok(Report {
                time_limit: Some(limit),
                ..Report::compile_error(log, fuel)
            }),
            Built::Program(program) => {
                let judge = Judge {
                    sandbox: &self.toolbox.sandbox,
                    problem: &problem.problem,
                    validator: problem.validator.as_ref(),
                };
                let mut report = judge.judge(&program, fuel, &mut |_| {})?;
                report.time_limit = Some(limit);
                let profiled = profile::for_insights(
                    &self.toolbox,
                    &problem.problem,
                    &report,
                    language,
                    source.as_bytes(),
                    &[],
                );
                judge.insights(&program, profiled.as_ref(), &mut report)?;
                Ok(report)
            }
        }
    }

    /// Runs `source` once on `stdin`, with two seconds of fuel and 256 MiB.
    pub fn run(&self, language: &str, source: &str, stdin: &str) -> anyhow::Result<RunResult> {
        let language = self.language(language)?;
        let fuel = seconds_to_fuel(2.0);
        let shot = OneShot {
            language,
            source: source.as_bytes(),
            extra: &[],
            stdin: stdin.as_bytes(),
            args: &[],
            fuel,
            memory_bytes: 256 << 20,
            output_bytes: 1 << 20,
            wall: wall_backstop(fuel),
            idle: idle_limit(fuel),
        };
        Ok(match run_once(&self.toolbox, &shot)? {
            Ran::CompileError(log) => RunResult {
                compile_error: Some(log),
                outcome: None,
                stdout: Vec::new(),
            },
            Ran::Ran(outcome) => RunResult {
                compile_error: None,
                stdout: outcome.stdout.clone(),
                outcome: Some(outcome),
            },
        })
    }

    /// The ids of the languages installed here.
    pub fn languages(&self) -> Vec<&str> {
        self.toolbox
            .catalog
            .all()
            .iter()
            .filter(|language| language.missing().is_empty())
            .map(Language::id)
            .collect()
    }

    fn language(&self, id: &str) -> anyhow::Result<&Language> {
        self.toolbox
            .catalog
            .resolve(Asked::Id(id))
            .map_err(|why| match why {
                Unresolved::Unknown => anyhow::anyhow!(
                    "no language {id}; these are installed: {:?}",
                    self.languages()
                ),
                why => anyhow::anyhow!("{why}"),
            })
    }
}
