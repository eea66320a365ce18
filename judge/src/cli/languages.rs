//! `judge languages`: which languages this judge can run, and what is missing.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use crate::languages::{Catalog, UNSUPPORTED, UNSUPPORTED_REASON};

#[derive(Debug, Args)]
pub(crate) struct LanguagesArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Serialize)]
struct Entry {
    id: String,
    name: String,
    installed: bool,
    version: Option<String>,
    extensions: Vec<String>,
    judge0_ids: Vec<u32>,
    piston_aliases: Vec<String>,
    /// Why it cannot run: a missing image (with how to install it), or no WASI runtime.
    problem: Option<String>,
    /// Its limits and defaults (`[limits]` of its manifest).
    #[serde(skip_serializing_if = "Option::is_none")]
    limits: Option<Limits>,
}

/// A language's limits, as its manifest gives them.
#[derive(Debug, Serialize)]
struct Limits {
    /// A problem's base time limit times this, where the language has no
    /// accepted submission of its own.
    time_multiplier: f64,
    memory_mib: u64,
    stack_mib: Option<u64>,
    output_mib: u64,
    compile_seconds: Option<u64>,
}

impl Limits {
    /// "time ×40 · memory 256 MiB · stack 8 MiB · output 16 MiB".
    fn line(&self) -> String {
        let mut parts = vec![
            format!("time ×{}", self.time_multiplier),
            format!("memory {} MiB", self.memory_mib),
        ];
        parts.extend(self.stack_mib.map(|mib| format!("stack {mib} MiB")));
        parts.push(format!("output {} MiB", self.output_mib));
        parts.extend(self.compile_seconds.map(|s| format!("compile {s} s")));
        parts.join(" · ")
    }
}

pub(crate) fn execute(args: &LanguagesArgs) -> anyhow::Result<()> {
    let catalog = Catalog::bundled(&Catalog::images_dir_from_env())?;
    let mut entries: Vec<Entry> = catalog
        .all()
        .iter()
        .map(|lang| {
            let missing = lang.missing();
            let (version, problem) = if missing.is_empty() {
                match lang.version() {
                    Ok(version) => (Some(version), None),
                    Err(e) => (None, Some(format!("{e:#}; {}", lang.install_hint()))),
                }
            } else {
                let paths: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
                (
                    None,
                    Some(format!(
                        "not installed (missing {}); {}",
                        paths.join(", "),
                        lang.install_hint()
                    )),
                )
            };
            Entry {
                id: lang.id().to_owned(),
                name: lang.manifest.name.clone(),
                installed: problem.is_none(),
                version,
                extensions: lang.manifest.extensions.clone(),
                judge0_ids: lang.manifest.judge0_ids.clone(),
                piston_aliases: lang.manifest.piston_aliases.clone(),
                problem,
                limits: Some(Limits {
                    time_multiplier: lang.manifest.limits.time_multiplier,
                    memory_mib: lang.manifest.limits.memory_mib,
                    stack_mib: lang.manifest.limits.stack_mib,
                    output_mib: lang.manifest.limits.output_mib,
                    compile_seconds: lang.manifest.limits.compile_seconds,
                }),
            }
        })
        .collect();
    entries.extend(UNSUPPORTED.iter().map(|(id, name)| Entry {
        id: (*id).to_owned(),
        name: (*name).to_owned(),
        installed: false,
        version: None,
        extensions: Vec::new(),
        judge0_ids: Vec::new(),
        piston_aliases: Vec::new(),
        problem: Some(format!("unsupported: {UNSUPPORTED_REASON}")),
        limits: None,
    }));

    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &entries)?;
        writeln!(out)?;
        return Ok(());
    }
    for entry in &entries {
        let status = entry
            .version
            .as_deref()
            .or(entry.problem.as_deref())
            .unwrap_or("");
        writeln!(out, "{:<12} {:<10} {status}", entry.id, entry.name)?;
        if let Some(limits) = &entry.limits {
            writeln!(out, "{:<23} {}", "", limits.line())?;
        }
    }
    Ok(())
}
