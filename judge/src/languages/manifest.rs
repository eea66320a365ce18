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
    /// How a source becomes a wasm module (compiled languages).
    pub compile: Option<CompileSpec>,
    /// The wasm interpreter that runs the source (interpreted languages).
    pub interpreter: Option<InterpreterSpec>,
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
}

/// The compile step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompileSpec {
    /// argv, with `{source}` (the main source), `{sources}` (it and the extra
    /// files with its extension: the translation units), `{output}` and
    /// `{image}` placeholders.
    pub command: Vec<String>,
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
        match (&manifest.compile, &manifest.interpreter) {
            (Some(compile), None) => anyhow::ensure!(
                !compile.command.is_empty(),
                "runner image manifest {origin}: [compile] command must not be empty"
            ),
            (None, Some(interpreter)) => anyhow::ensure!(
                !interpreter.args.is_empty(),
                "runner image manifest {origin}: [interpreter] args must not be empty"
            ),
            _ => anyhow::bail!(
                "runner image manifest {origin}: needs exactly one of [compile] and [interpreter]"
            ),
        }
        anyhow::ensure!(
            !manifest.version_command.is_empty(),
            "runner image manifest {origin}: version_command must not be empty"
        );
        Ok(manifest)
    }

    /// Replaces `{image}` with the installed image's directory.
    pub fn expand_image(text: &str, image: &Path) -> String {
        text.replace("{image}", &image.to_string_lossy())
    }
}
