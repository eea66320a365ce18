//! Compile: a submission's source becomes a wasm module, or a compile error.
//!
//! The compiler is untrusted code too (see [`contain`]). Results are cached by
//! sha256 of (language, toolchain version, compile command, source), so a
//! resubmission of identical code compiles nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::contain::{self, Ending, Jail, Limits};
use super::interpreter::Interpreters;
use super::untrusted::{self, Left};
use sandbox::{Preopen, RunSpec};

use crate::languages::{CompileSpec, InterpreterSpec, Language, Manifest};

/// What compiling produced. A compile error is a value, not an `Err`.
#[derive(Debug, Clone)]
pub enum Compiled {
    /// A wasm module, and how to start it.
    Module {
        /// The program's module; empty for an interpreted language, whose
        /// interpreter `program::load` takes from the process's
        /// [`Interpreters`].
        wasm: Vec<u8>,
        /// The toolchain's version line (also the sandbox's cache namespace).
        toolchain: String,
        /// Whether no compiler ran: a cache hit, or an interpreted language.
        cached: bool,
        /// Time spent compiling (zero when no compiler ran).
        elapsed: Duration,
        /// argv, environment and grants for the run.
        launch: Launch,
    },
    /// The source did not compile.
    Error {
        /// What to show the user: an explanation first when one applies, then
        /// the compiler's (capped) log.
        log: String,
    },
}

/// How to start a compiled module: what the sandbox's `RunSpec` needs besides
/// input and limits. For an interpreter it owns the directory holding the
/// source, which lives as long as any clone of the `Launch`.
#[derive(Debug, Clone)]
pub struct Launch {
    /// argv (the program's own arguments go after these).
    pub args: Vec<String>,
    /// Environment variables the language needs.
    pub env: Vec<(String, String)>,
    /// Read-only grants.
    pub preopens: Vec<Preopen>,
    /// An interpreted program's directory, granted as `/code`.
    code_dir: Option<PathBuf>,
    _code: Option<Arc<tempfile::TempDir>>,
}

impl Launch {
    /// The run's spec: this launch's argv followed by `program_args`, the
    /// sandbox's default environment plus the language's, and the grants.
    /// Input and limits are the caller's to set.
    pub fn run_spec(&self, program_args: &[String]) -> RunSpec {
        let defaults = RunSpec::default();
        RunSpec {
            args: self.args.iter().chain(program_args).cloned().collect(),
            env: defaults.env.iter().chain(&self.env).cloned().collect(),
            preopens: self.preopens.clone(),
            ..defaults
        }
    }

    /// A compiled program started as `name`, with nothing granted.
    pub fn program(name: impl Into<String>) -> Self {
        Self {
            args: vec![name.into()],
            env: Vec::new(),
            preopens: Vec::new(),
            code_dir: None,
            _code: None,
        }
    }

    /// An interpreted program's directory (granted as `/code`).
    pub fn code_dir(&self) -> Option<&Path> {
        self.code_dir.as_deref()
    }

    /// How `interpreter` runs the program `source` of the directory `code`:
    /// its argv and environment, `code` granted as `/code` and then the
    /// image as `/image`. The one place that says so: a snapshot of the
    /// interpreter is taken with the same grants, in the same order, since
    /// an interpreter may keep what it was granted (`pipeline::interpreter`).
    pub(crate) fn interpreted(
        language: &Language,
        interpreter: &InterpreterSpec,
        code: &Path,
        source: &str,
    ) -> Self {
        Self {
            args: interpreter
                .args
                .iter()
                .map(|arg| arg.replace("{source}", source))
                .collect(),
            env: interpreter
                .env
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            preopens: vec![
                Preopen::read_only(code, "/code"),
                Preopen::read_only(&language.image_dir, "/image"),
            ],
            code_dir: Some(code.to_owned()),
            _code: None,
        }
    }
}

/// A file compiled beside the main source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// A plain file name (letters, digits, `.`, `_`, `-`; no directories).
    pub name: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// Refuses names that could reach outside the work dir or replace the
    /// main source or the output.
    fn check(&self, source_file: &str) -> anyhow::Result<()> {
        anyhow::ensure!(
            may_sit_beside(&self.name, source_file),
            "cannot compile a file named '{}' beside the source",
            self.name
        );
        Ok(())
    }
}

/// Whether a file named `name` may sit beside a program's main source,
/// named `source_file`: a plain name that is neither the source's nor the
/// compiler's output's.
pub(crate) fn may_sit_beside(name: &str, source_file: &str) -> bool {
    crate::problem::plain_name(name) && name != source_file && name != "main.wasm"
}

/// Adds `part` to `hash`, its length first, so that parts cannot run into
/// each other.
fn hash_part(hash: &mut Sha256, part: &[u8]) {
    hash.update((part.len() as u64).to_le_bytes());
    hash.update(part);
}

/// Adds the files beside a source to `hash`: each one's name and bytes.
fn hash_extra(hash: &mut Sha256, extra: &[SourceFile]) {
    for file in extra {
        hash_part(hash, file.name.as_bytes());
        hash_part(hash, &file.bytes);
    }
}

/// The translation units of a program: its main source, then each extra
/// file with the main source's extension (the other `.c` files of a C
/// program, say), in name order; a Go file of tests (`_test.go`) is not one.
fn translation_units(source_file: &str, extra: &[SourceFile]) -> Vec<String> {
    let extension = Path::new(source_file).extension();
    let mut others: Vec<String> = extra
        .iter()
        .map(|file| file.name.clone())
        .filter(|name| Path::new(name).extension() == extension && !name.ends_with("_test.go"))
        .collect();
    others.sort();
    std::iter::once(source_file.to_owned())
        .chain(others)
        .collect()
}

/// Compiles sources for every language, sharing one cache.
#[derive(Debug, Clone)]
pub struct Compiler {
    /// The `judge` executable, which compiled languages need (it contains
    /// the compiler as `judge __contain` and makes native code as `judge
    /// __precompile`). `None` in a program that embeds the judge and did not
    /// name one: interpreted languages still work.
    pub helper: Option<PathBuf>,
    /// Where compiled modules are kept; `None` disables the cache.
    pub cache_dir: Option<PathBuf>,
    /// The interpreters this process has loaded (and pre-initialised).
    pub interpreters: Interpreters,
    /// Limits of one compile; its deadline is the ceiling of each
    /// language's own ([`Compiler::limits_for`]).
    pub limits: Limits,
    /// Host directories no compiler may see (the judge's data, bank and
    /// caches), kept canonical.
    pub hidden: Vec<PathBuf>,
    /// Compiled wasm shared with other processes (a fleet's workers, through
    /// the database), looked up after the local cache and filled after each
    /// compile. `None`: this process's cache only.
    pub shared: Option<Arc<dyn SharedWasm>>,
}

/// Compiled wasm kept where every process of a fleet finds it, by the same
/// content key as the local cache. Called from blocking threads only (a
/// compile is one).
pub trait SharedWasm: Send + Sync + std::fmt::Debug {
    /// The module compiled under `key`, if any process kept one.
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    /// Keeps `wasm` under `key` (best effort: a failure only costs a compile).
    fn put(&self, key: &str, wasm: &[u8]);
}

impl Compiler {
    /// Adds `dirs` to what compilers never see.
    pub fn hide<'a>(&mut self, dirs: impl IntoIterator<Item = &'a PathBuf>) {
        for dir in dirs {
            self.hidden
                .push(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone()));
        }
    }

    /// The `judge` executable, or why compiled languages cannot be built.
    pub fn helper(&self) -> anyhow::Result<&Path> {
        self.helper.as_deref().context(
            "compiled languages need the judge executable as a helper; \
             set GraderConfig::judge_executable to the path of the `judge` binary",
        )
    }

    /// The limits of a compile in `language`: the compiler's, with the
    /// language's own deadline when it is shorter.
    pub fn limits_for(&self, language: &Language) -> Limits {
        let own = language
            .manifest
            .limits
            .compile_seconds
            .map(Duration::from_secs);
        Limits {
            time: own.map_or(self.limits.time, |own| own.min(self.limits.time)),
            ..self.limits.clone()
        }
    }

    /// Compiles `source` written in `language`.
    pub fn compile(&self, language: &Language, source: &[u8]) -> anyhow::Result<Compiled> {
        self.compile_with(language, source, &[])
    }

    /// Compiles `source` with `extra` files beside it (headers a validator
    /// includes, say), which the compiler (or interpreter) sees in the same
    /// directory under their own names.
    pub fn compile_with(
        &self,
        language: &Language,
        source: &[u8],
        extra: &[SourceFile],
    ) -> anyhow::Result<Compiled> {
        let manifest = &language.manifest;
        for file in extra {
            file.check(&manifest.source_file)?;
        }
        let toolchain = language
            .version()
            .with_context(|| format!("the {} toolchain does not answer", manifest.name))?;
        match (&manifest.compile, &manifest.interpreter) {
            (None, Some(interpreter)) => {
                let program = (manifest.source_file.as_str(), source);
                self.interpret(language, interpreter, toolchain, program, extra)
            }
            // A compile step whose output the interpreter runs (TypeScript
            // to JavaScript); the program's other files stay beside it.
            (Some(compile), Some(interpreter)) => {
                match self.compile_native(language, compile, toolchain.clone(), source, extra)? {
                    Compiled::Module { wasm: output, .. } => {
                        let name = compile.output.as_deref().unwrap_or(WASM_OUTPUT);
                        self.interpret(language, interpreter, toolchain, (name, &output), extra)
                    }
                    error @ Compiled::Error { .. } => Ok(error),
                }
            }
            (Some(compile), None) => {
                self.compile_native(language, compile, toolchain, source, extra)
            }
            (None, None) => anyhow::bail!(
                "the {} image has neither a compiler nor an interpreter",
                manifest.name
            ),
        }
    }

    fn compile_native(
        &self,
        language: &Language,
        compile: &CompileSpec,
        toolchain: String,
        source: &[u8],
        extra: &[SourceFile],
    ) -> anyhow::Result<Compiled> {
        let manifest = &language.manifest;
        let image = format!("{toolchain}\0{}", language.image_digest());
        let key = cache_key(manifest, compile, &image, source, extra);
        let shared = || {
            let wasm = self.shared.as_ref()?.get(&key)?;
            // Kept locally too: the next time costs no round trip.
            self.store(&key, &wasm).ok()?;
            Some(wasm)
        };
        if let Some(wasm) = self.cached(&key).or_else(shared) {
            return Ok(Compiled::Module {
                wasm,
                toolchain,
                cached: true,
                elapsed: Duration::ZERO,
                launch: Launch::program("main"),
            });
        }

        let work = tempfile::Builder::new()
            .prefix("judge-compile-")
            .tempdir()?;
        std::fs::write(work.path().join(&manifest.source_file), source)?;
        for file in extra {
            std::fs::write(work.path().join(&file.name), &file.bytes)?;
        }
        contain::hand_over(work.path())?;
        let output = compile.output.as_deref().unwrap_or(WASM_OUTPUT);
        let units = translation_units(&manifest.source_file, extra);
        let argv: Vec<String> = compile
            .command
            .iter()
            .flat_map(|arg| {
                // `{sources}` alone is one argument per unit; inside a longer
                // argument (a shell line), the units separated by spaces
                // (their names are plain, so the shell splits them so).
                if arg == "{sources}" {
                    return units.clone();
                }
                vec![
                    Manifest::expand_image(arg, &language.image_dir)
                        .replace("{sources}", &units.join(" "))
                        .replace("{source}", &manifest.source_file)
                        .replace("{output}", output),
                ]
            })
            .collect();
        let mut read_only = vec![language.image_dir.clone()];
        read_only.extend(
            compile
                .mounts
                .iter()
                .map(|path| PathBuf::from(Manifest::expand_image(path, &language.image_dir))),
        );
        let helper = self.helper()?;
        let jail = Jail {
            helper: helper.to_owned(),
            work: work.path().to_owned(),
            read_only,
            hidden: self.hidden.clone(),
            proc: compile.proc,
        };
        let limits = self.limits_for(language);
        let ran = contain::run(&jail, &argv, &limits)?;
        let log = String::from_utf8_lossy(&ran.log).into_owned();

        let wasm_path = work.path().join(output);
        if ran.ending == Ending::Exited(0) && wasm_path.symlink_metadata().is_ok() {
            let wasm = match read_module(&wasm_path)? {
                Ok(wasm) => wasm,
                Err(why) => {
                    return Ok(Compiled::Error {
                        log: format!("{why}\n{log}"),
                    });
                }
            };
            self.store(&key, &wasm)?;
            if let Some(shared) = &self.shared {
                shared.put(&key, &wasm);
            }
            return Ok(Compiled::Module {
                wasm,
                toolchain,
                cached: false,
                elapsed: ran.elapsed,
                launch: Launch::program("main"),
            });
        }
        Ok(Compiled::Error {
            log: explain(compile, ran.ending, &limits, &log),
        })
    }

    fn cache_path(&self, key: &str) -> Option<PathBuf> {
        self.cache_dir
            .as_ref()
            .map(|dir| dir.join(format!("{key}.wasm")))
    }

    fn cached(&self, key: &str) -> Option<Vec<u8>> {
        let path = self.cache_path(key)?;
        let wasm = std::fs::read(&path).ok()?;
        super::evict::touch(&path);
        Some(wasm)
    }

    fn store(&self, key: &str, wasm: &[u8]) -> anyhow::Result<()> {
        let (Some(dir), Some(path)) = (&self.cache_dir, self.cache_path(key)) else {
            return Ok(());
        };
        create_private_dir(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        std::io::Write::write_all(&mut file, wasm)?;
        file.persist(&path)
            .with_context(|| format!("failed to write {}", path.display()))?;
        Ok(())
    }
}

/// What a compile step writes when its manifest names nothing else.
const WASM_OUTPUT: &str = "main.wasm";

/// The largest module a compile may produce. Real programs are far smaller
/// (Go's runtime makes a hello world 2.5 MB); the cap keeps a compile-time
/// bomb (a huge static array) from filling the cache and Cranelift's time.
pub(crate) const MAX_MODULE_BYTES: u64 = 64 << 20;

/// Reads the module the compiler wrote, as untrusted output: a regular file
/// (never through a link the tool left), at most [`MAX_MODULE_BYTES`].
/// `Ok(Err(why))` is the source's fault.
fn read_module(path: &Path) -> anyhow::Result<Result<Vec<u8>, String>> {
    use std::io::Read;
    let (file, len) = match untrusted::open(path).context("cannot open the compiled module")? {
        Left::File(file, len) => (file, len),
        Left::Link => return Ok(Err("the compiler left a link instead of a module".into())),
        Left::Missing | Left::NotRegular => {
            return Ok(Err(
                "the compiler left something other than a module file".into()
            ));
        }
    };
    if len > MAX_MODULE_BYTES {
        return Ok(Err(format!(
            "the compiled program is {} MiB; a program may be at most {} MiB (a large static array, perhaps: allocate it at run time)",
            len >> 20,
            MAX_MODULE_BYTES >> 20
        )));
    }
    let mut wasm = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(MAX_MODULE_BYTES).read_to_end(&mut wasm)?;
    Ok(Ok(wasm))
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .with_context(|| format!("failed to create {}", dir.display()))
}

/// Where an interpreted program's files are put for its runs.
enum CodeDir {
    /// A fresh directory, removed with the last run's `Launch`.
    Fresh(tempfile::TempDir),
    /// The cache's directory for these very files, kept: the same program
    /// always sees the same directory and files.
    Kept(PathBuf),
}

impl CodeDir {
    fn path(&self) -> &Path {
        match self {
            Self::Fresh(dir) => dir.path(),
            Self::Kept(dir) => dir,
        }
    }
}

impl Compiler {
    /// The directory an interpreted program's files are read from. With a
    /// cache, one per program (by its files' hash), made once and kept:
    /// WASI shows a guest each file's identity (preview 1's `ino`, a hash
    /// of the host's device and inode), and CPython's work on a number
    /// that size depends on its value, so a fresh directory per run made
    /// a program's fuel differ now and then (by 76). Kept, the same
    /// program gets the same identities, and the same fuel, on every run.
    fn code_dir(&self, name: &str, source: &[u8], extra: &[SourceFile]) -> anyhow::Result<CodeDir> {
        let Some(cache) = &self.cache_dir else {
            return Ok(CodeDir::Fresh(
                tempfile::Builder::new().prefix("judge-code-").tempdir()?,
            ));
        };
        let mut hash = Sha256::new();
        hash_part(&mut hash, name.as_bytes());
        hash_part(&mut hash, source);
        hash_extra(&mut hash, extra);
        let root = cache.join("code");
        let dir = root.join(hex::encode(hash.finalize()));
        if dir.is_dir() {
            return Ok(CodeDir::Kept(dir));
        }
        create_private_dir(&root)?;
        // Written aside and renamed into place: a run never sees it half
        // written, and of two writers one wins, whole.
        let fresh = tempfile::Builder::new().prefix(".new-").tempdir_in(&root)?;
        write_code(fresh.path(), name, source, extra)?;
        match std::fs::rename(fresh.path(), &dir) {
            Ok(()) => {
                // Renamed away: nothing is left for the guard to remove.
                let _ = fresh.keep();
            }
            Err(_) if dir.is_dir() => {}
            Err(error) => return Err(error.into()),
        }
        Ok(CodeDir::Kept(dir))
    }

    /// An interpreted language's program (`(name, bytes)`: the source, or
    /// what its compile step made of it) goes into its code directory
    /// ([`Compiler::code_dir`]), granted as `/code`, next to the image as
    /// `/image`.
    fn interpret(
        &self,
        language: &Language,
        interpreter: &InterpreterSpec,
        toolchain: String,
        (name, program): (&str, &[u8]),
        extra: &[SourceFile],
    ) -> anyhow::Result<Compiled> {
        let code = self.code_dir(name, program, extra)?;
        if let CodeDir::Fresh(dir) = &code {
            write_code(dir.path(), name, program, extra)?;
        }
        let mut launch = Launch::interpreted(language, interpreter, code.path(), name);
        launch._code = match code {
            CodeDir::Fresh(dir) => Some(Arc::new(dir)),
            CodeDir::Kept(_) => None,
        };
        Ok(Compiled::Module {
            wasm: Vec::new(),
            toolchain,
            cached: true,
            elapsed: Duration::ZERO,
            launch,
        })
    }
}

/// Writes a program's files into `dir`, with the sandbox's fixed times.
fn write_code(
    dir: &Path,
    source_file: &str,
    source: &[u8],
    extra: &[SourceFile],
) -> anyhow::Result<()> {
    let source_path = dir.join(source_file);
    std::fs::write(&source_path, source)?;
    fix_times(&source_path)?;
    for file in extra {
        let path = dir.join(&file.name);
        std::fs::write(&path, &file.bytes)?;
        fix_times(&path)?;
    }
    fix_times(dir)
}

/// The modification time guests see on judge-written files: the sandbox's
/// virtual epoch (2024-01-01T00:00:00Z).
const FIXED_MTIME_SECS: u64 = 1_704_067_200;
/// Their access time: 2100-01-01, later than any read, so the kernel's
/// relatime rule never rewrites it when the guest reads the file.
const FIXED_ATIME_SECS: u64 = 4_102_444_800;

/// Interpreters `stat` their source and directory (CPython's import cache
/// does); real timestamps made their fuel vary from run to run.
fn fix_times(path: &Path) -> anyhow::Result<()> {
    let at = |secs| std::time::UNIX_EPOCH + Duration::from_secs(secs);
    let times = std::fs::FileTimes::new()
        .set_modified(at(FIXED_MTIME_SECS))
        .set_accessed(at(FIXED_ATIME_SECS));
    std::fs::File::open(path)
        .and_then(|file| file.set_times(times))
        .with_context(|| format!("failed to set the times of {}", path.display()))
}

fn cache_key(
    manifest: &Manifest,
    compile: &CompileSpec,
    toolchain: &str,
    source: &[u8],
    extra: &[SourceFile],
) -> String {
    let mut hash = Sha256::new();
    // What the compiler could see is part of the key: a module compiled when
    // more of the host was visible (it could have embedded a host file) is
    // never served from the cache under a narrower jail.
    for part in [
        manifest.id.as_bytes(),
        toolchain.as_bytes(),
        compile.command.join("\0").as_bytes(),
        compile.mounts.join("\0").as_bytes(),
    ] {
        hash_part(&mut hash, part);
    }
    hash.update(source);
    // Nothing is added for a lone source, so its key is what it always was.
    hash_extra(&mut hash, extra);
    hex::encode(hash.finalize())
}

/// The message for a failed compile: why it stopped, a plain explanation when
/// the manifest has one for this log, then the log itself.
fn explain(compile: &CompileSpec, ending: Ending, limits: &Limits, log: &str) -> String {
    let mut message = String::new();
    match ending {
        Ending::TimedOut => {
            message += &format!(
                "compile time limit exceeded ({} s)\n",
                limits.time.as_secs_f64()
            );
        }
        Ending::LogLimit => {
            message += &format!(
                "compiler output exceeded {} KiB; the log below is cut there\n",
                limits.log >> 10
            );
        }
        Ending::Signaled(signal) => {
            message +=
                &format!("the compiler was killed by signal {signal} (a compile resource limit)\n");
        }
        Ending::Exited(_) => {}
    }
    for explanation in &compile.explain {
        if log.contains(&explanation.pattern) {
            message += &explanation.message;
            message.push('\n');
        }
    }
    message + log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_files_must_be_plain_names_that_replace_nothing() {
        let file = |name: &str| SourceFile {
            name: name.to_owned(),
            bytes: Vec::new(),
        };
        assert!(file("validate.h").check("main.cpp").is_ok());
        for bad in [
            "../x.h",
            "a/b.h",
            ".hidden",
            "",
            "main.cpp",
            "main.wasm",
            "x y",
        ] {
            assert!(file(bad).check("main.cpp").is_err(), "{bad:?}");
        }
    }
}
