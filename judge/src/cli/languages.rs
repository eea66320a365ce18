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
    }
    Ok(())
}
