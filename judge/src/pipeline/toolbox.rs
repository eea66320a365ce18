//! What every judging front end shares (`judge test`, `judge verify`, the
//! service's workers): the languages, a compiler, a sandbox, and building a
//! source into a program.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use sandbox::{Sandbox, SandboxConfig};

use crate::languages::{Asked, Catalog, Language, Unresolved};
use crate::pipeline::compile::{Compiler, SourceFile};
use crate::pipeline::contain;
use crate::pipeline::program::{self, Built, Program};
use crate::problem::{Problem, ProgramFiles};

/// Languages, compiler and sandbox for judging.
#[derive(Debug)]
pub(crate) struct Toolbox {
    /// The languages.
    pub catalog: Catalog,
    /// Source to wasm.
    pub compiler: Compiler,
    /// Runs everything.
    pub sandbox: Sandbox,
}

impl Toolbox {
    /// A toolbox caching in `cache`, with room for `runs` sandbox runs at
    /// once, for the `judge` executable itself (its own subcommands contain
    /// the compilers).
    pub(crate) fn new(cache: Option<&Path>, runs: u32) -> anyhow::Result<Self> {
        let judge = std::env::current_exe().context("cannot locate the judge executable")?;
        Self::with_helper(cache, runs, Some(judge))
    }

    /// A toolbox whose compiles run through `helper` (the `judge`
    /// executable); without one, only interpreted languages build.
    pub(crate) fn with_helper(
        cache: Option<&Path>,
        runs: u32,
        helper: Option<PathBuf>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            catalog: Catalog::bundled(&Catalog::images_dir_from_env())?,
            compiler: Compiler {
                helper,
                cache_dir: cache.map(|dir| dir.join("wasm")),
                interpreters: Default::default(),
                limits: contain::Limits {
                    time: Duration::from_secs(60),
                    ..contain::Limits::default()
                },
                hidden: cache.map(Path::to_path_buf).into_iter().collect(),
                shared: None,
            },
            sandbox: Sandbox::new(&SandboxConfig {
                max_concurrent_runs: runs,
                cache_dir: cache.map(|dir| dir.join("modules")),
                ..SandboxConfig::default()
            })?,
        })
    }

    /// The language of `path` (from `lang`, else its extension), or why it
    /// cannot be judged here.
    pub(crate) fn language(&self, path: &Path, lang: Option<&str>) -> Result<&Language, String> {
        let asked = lang.map_or(Asked::File(path), Asked::Id);
        self.catalog.resolve(asked).map_err(|why| match why {
            Unresolved::Unknown => format!(
                "cannot tell the language of {}; pass --lang (see `judge languages`)",
                path.display()
            ),
            why => why.to_string(),
        })
    }

    /// Builds one of a package's own programs (a validator), named `what` in
    /// errors: one that does not compile, or is in a language the judge
    /// cannot run, is the package's fault, so an `Err`.
    pub(crate) fn build_package_program(
        &self,
        files: &ProgramFiles,
        what: &str,
    ) -> anyhow::Result<Program> {
        let language = self
            .language(&files.main, None)
            .map_err(|why| anyhow::anyhow!("{what}: {why}"))?;
        match self.build(language, files).context(what.to_owned())? {
            Built::Program(program) => Ok(program),
            Built::CompileError(log) => anyhow::bail!(
                "{what} does not compile: {}",
                log.lines().take(5).collect::<Vec<_>>().join(" / ")
            ),
        }
    }

    /// Builds a problem package's output validator, if it has one.
    pub(crate) fn build_validator(&self, problem: &Problem) -> anyhow::Result<Option<Program>> {
        problem
            .validator
            .as_ref()
            .map(|files| {
                let what = format!("output validator {}", files.main.display());
                self.build_package_program(files, &what)
            })
            .transpose()
    }

    /// Compiles a program (its main source, with its extra files beside it).
    pub(crate) fn build(&self, language: &Language, files: &ProgramFiles) -> anyhow::Result<Built> {
        let (source, extra) = read_program(files)?;
        self.build_source(language, &source, &extra)
    }

    /// Compiles a source given as bytes, with `extra` files beside it. Blocking.
    pub(crate) fn build_source(
        &self,
        language: &Language,
        source: &[u8],
        extra: &[SourceFile],
    ) -> anyhow::Result<Built> {
        program::build(&self.compiler, &self.sandbox, language, source, extra)
    }
}

/// A program's main source and the files beside it, read.
pub(crate) fn read_program(files: &ProgramFiles) -> anyhow::Result<(Vec<u8>, Vec<SourceFile>)> {
    let read = |path: &Path| {
        std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
    };
    let source = read(&files.main)?;
    let extra = files
        .extra
        .iter()
        .map(|path| {
            Ok(SourceFile {
                name: path
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                bytes: read(path)?,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    Ok((source, extra))
}
