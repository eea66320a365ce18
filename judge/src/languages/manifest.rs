//! A runner image's `manifest.toml`, parsed strictly (unknown keys are errors).

use std::path::Path;

use serde::Deserialize;

/// What one runner image says about its language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The id the CLI and API use (`c`, `cpp`, ...).
    pub id: String,
    /// Display name.
    pub name: String,
    /// File extensions that mean this language.
    pub extensions: Vec<String>,
    /// The name the source is saved under for compiling.
    pub source_file: String,
    /// Judge0's ids for this language.
    #[serde(default)]
    pub judge0_ids: Vec<u32>,
    /// Names Piston clients use.
    #[serde(default)]
    pub piston_aliases: Vec<String>,
    /// A command whose first output line is the toolchain's version.
    pub version_command: Vec<String>,
    /// Paths (with `{image}`) that must exist for the image to be installed.
    pub requires: Vec<String>,
    /// What a new editor buffer starts with: read the input, print the
    /// answer (the web app's editor, a pad's buffer).
    #[serde(default)]
    pub starter: String,
    /// How a source becomes a wasm module (compiled languages), or, with an
    /// interpreter too, the program the interpreter runs (TypeScript's
    /// JavaScript).
    pub compile: Option<CompileSpec>,
    /// The wasm interpreter that runs the source (interpreted languages), or
    /// the compile step's output.
    pub interpreter: Option<InterpreterSpec>,
    /// The language's default limits.
    #[serde(default)]
    pub limits: LanguageLimits,
}

/// A language's own limits and defaults: what makes one problem's limits
/// fair across languages, and what a run without a problem gets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageLimits {
    /// How many times C++'s fuel this language needs for the same work,
    /// start-up aside: a problem's time limit in this language is its base
    /// limit (C++'s) times this, plus [`LanguageLimits::startup_fuel`],
    /// unless accepted submissions in the language set its own. Measured
    /// on the bank (`judge verify --multipliers`), not guessed.
    #[serde(default = "one")]
    pub time_multiplier: f64,
    /// Fuel the language spends before a program's own work: starting its
    /// runtime or interpreter and reading an empty input (its `starter`
    /// program's run, measured by `judge verify --multipliers`).
    #[serde(default)]
    pub startup_fuel: u64,
    /// Memory a run gets when nothing else says (`judge run`), in MiB.
    #[serde(default = "default_memory_mib")]
    pub memory_mib: u64,
    /// The program's stack in MiB, as its build sets it (C, C++, Rust, Zig:
    /// the link flags; the interpreters: their own build), when fixed.
    #[serde(default)]
    pub stack_mib: Option<u64>,
    /// Output a run may write when nothing else says, in MiB.
    #[serde(default = "default_output_mib")]
    pub output_mib: u64,
    /// The compile step's deadline in seconds (within the judge's own
    /// ceiling), for languages that compile.
    #[serde(default)]
    pub compile_seconds: Option<u64>,
}

impl LanguageLimits {
    /// What a run of `fuel` spent on the program's own work: its fuel less
    /// the language's start-up.
    pub fn work(&self, fuel: u64) -> u64 {
        fuel.saturating_sub(self.startup_fuel)
    }
}

impl Default for LanguageLimits {
    fn default() -> Self {
        Self {
            time_multiplier: one(),
            startup_fuel: 0,
            memory_mib: default_memory_mib(),
            stack_mib: None,
            output_mib: default_output_mib(),
            compile_seconds: None,
        }
    }
}

fn one() -> f64 {
    1.0
}

fn wizer_initialize() -> String {
    "wizer.initialize".to_owned()
}

fn default_memory_mib() -> u64 {
    256
}

fn default_output_mib() -> u64 {
    16
}

/// An interpreted language: its wasm interpreter and how to start it. The
/// image is granted read-only as `/image`, the source as `/code/{source}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterpreterSpec {
    /// The interpreter module, with `{image}`.
    pub module: String,
    /// argv, with `{source}` (the source's file name).
    pub args: Vec<String>,
    /// Extra environment variables.
    #[serde(default)]
    pub env: std::collections::BTreeMap<String, String>,
    /// How to pre-initialise the interpreter, when it can be: its start-up
    /// then runs once, not once per test (`pipeline::interpreter`).
    #[serde(default)]
    pub snapshot: Option<SnapshotSpec>,
}

/// An interpreter's pre-initialisation (Wizer): the export that starts it
/// without a program, and what it loads then.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotSpec {
    /// The export to call once, with no arguments, before snapshotting
    /// (Wizer's `wizer.initialize` unless named). Ignored for ruby.wasm's
    /// reactor, which the sandbox's adapter starts.
    #[serde(default = "wizer_initialize")]
    pub init: String,
    /// Modules the interpreter loads before the snapshot (given to it as
    /// `JUDGE_PRELOAD`, comma-separated): what most programs import.
    #[serde(default)]
    pub preload: Vec<String>,
}

/// The compile step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileSpec {
    /// argv, with `{source}` (the main source), `{sources}` (it and the extra
    /// files with its extension: the translation units), `{output}` and
    /// `{image}` placeholders.
    pub command: Vec<String>,
    /// The command with strict checks (TypeScript's type checker), for a
    /// run that asks for them.
    #[serde(default)]
    pub strict_command: Option<Vec<String>>,
    /// The file the command writes, in its work dir: `main.wasm` unless the
    /// language also has an interpreter, which then runs this file.
    #[serde(default)]
    pub output: Option<String>,
    /// Host paths the compiler needs (with `{image}`), mounted read-only at
    /// the same place; the image's own dir and the host's shared libraries
    /// always are. Nothing else of the host is visible to a compile, so a
    /// source cannot `#include` or `include_str!` what is not listed. A
    /// symlink is recreated as a symlink: list its target too.
    #[serde(default)]
    pub mounts: Vec<String>,
    /// Compiler messages to replace with a plainer explanation.
    #[serde(default)]
    pub explain: Vec<Explanation>,
    /// Mount a `/proc` of the jail's own pid namespace (Zig finds its own
    /// executable, and so its standard library, through `/proc/self/exe`).
    /// It shows only the jail's processes, whose environments are cleared.
    #[serde(default)]
    pub proc: bool,
}

/// A file name without directories.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains('/') && name != "." && name != ".."
}

/// When the compile log contains `pattern`, the user is told `message` first.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Explanation {
    /// A substring of the compiler's log.
    pub pattern: String,
    /// What to say instead.
    pub message: String,
}

impl Manifest {
    /// Parses a manifest; `origin` names it in errors.
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<Self> {
        let manifest: Manifest = toml::from_str(text)
            .map_err(|e| anyhow::anyhow!("runner image manifest {origin}: {e}"))?;
        if let Some(compile) = &manifest.compile {
            anyhow::ensure!(
                !compile.command.is_empty()
                    && compile
                        .strict_command
                        .as_ref()
                        .is_none_or(|c| !c.is_empty()),
                "runner image manifest {origin}: [compile] command must not be empty"
            );
            anyhow::ensure!(
                compile.output.as_deref().is_none_or(plain_name),
                "runner image manifest {origin}: [compile] output must be a plain file name"
            );
            anyhow::ensure!(
                manifest.interpreter.is_none() || compile.output.is_some(),
                "runner image manifest {origin}: a [compile] step whose output an [interpreter] runs names its output"
            );
        }
        match &manifest.interpreter {
            Some(interpreter) => anyhow::ensure!(
                !interpreter.args.is_empty(),
                "runner image manifest {origin}: [interpreter] args must not be empty"
            ),
            None => anyhow::ensure!(
                manifest.compile.is_some(),
                "runner image manifest {origin}: needs a [compile] step, an [interpreter], or both"
            ),
        }
        let limits = &manifest.limits;
        anyhow::ensure!(
            limits.time_multiplier.is_finite() && limits.time_multiplier >= 1.0,
            "runner image manifest {origin}: [limits] time_multiplier must be at least 1 (C++ is 1)"
        );
        anyhow::ensure!(
            limits.memory_mib > 0 && limits.output_mib > 0 && limits.compile_seconds != Some(0),
            "runner image manifest {origin}: [limits] must be positive"
        );
        anyhow::ensure!(
            !manifest.version_command.is_empty(),
            "runner image manifest {origin}: version_command must not be empty"
        );
        Ok(manifest)
    }

    /// Whether the language compiles to a wasm module of its own (not to a
    /// program its interpreter runs).
    pub fn compiles_to_wasm(&self) -> bool {
        self.compile.is_some() && self.interpreter.is_none()
    }

    /// Replaces `{image}` with the installed image's directory.
    pub fn expand_image(text: &str, image: &Path) -> String {
        text.replace("{image}", &image.to_string_lossy())
    }
}
