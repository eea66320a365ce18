//! Python's profile: each source line's own fuel.
//!
//! CPython runs the program under its own tracer (`lines.py`, through
//! `sys.settrace`), in the interpreter module re-linked with the sandbox's
//! fuel clock ([`sandbox::Sandbox::fuel_clocked`]), so the tracer's
//! `time.monotonic_ns()` reads fuel: exact, and the same on every run. The
//! tracer writes its counts to a granted directory when the program ends;
//! [`Lines::read`] names them by the source's text.

use std::collections::HashMap;
use std::io::Read;

use anyhow::Context;
use sandbox::{Preopen, Sandbox};
use serde::Deserialize;

use super::FunctionShare;
use crate::pipeline::compile::SourceFile;
use crate::pipeline::program::Program;
use crate::pipeline::untrusted::{self, Left};

/// The tracer.
const TRACER: &str = include_str!("lines.py");

/// Where the tracer writes, in the guest.
const GUEST_DIR: &str = "/profile";
const REPORT: &str = "lines.json";

/// The largest report read: a line is a few dozen bytes.
const MAX_REPORT_BYTES: u64 = 16 << 20;

/// Characters of a line's text kept in its name.
const TEXT_CHARS: usize = 60;

/// What a line profile needs after the run: where the report is, and the
/// program's text to name its lines.
#[derive(Debug)]
pub(crate) struct Lines {
    dir: tempfile::TempDir,
    /// The main file's path in the guest.
    main: String,
    /// Each of the program's files, by its path in the guest, as lines.
    sources: HashMap<String, Vec<String>>,
}

/// `program` (a Python program as built for judging) made to profile its
/// lines; `source` and `extra` are its files.
pub(crate) fn profiled(
    sandbox: &Sandbox,
    program: &Program,
    source: &[u8],
    extra: &[SourceFile],
) -> anyhow::Result<(Program, Lines)> {
    let mut launch = program.launch.clone();
    let (interpreter, main) = match launch.args.as_slice() {
        [interpreter, main, ..] => (interpreter.clone(), main.clone()),
        _ => anyhow::bail!("the Python launch names no program: {:?}", launch.args),
    };
    let home = main.rsplit_once('/').map_or("", |(home, _)| home);
    let dir = tempfile::Builder::new()
        .prefix("judge-profile-")
        .tempdir()
        .context("cannot make the profile's directory")?;
    launch.args = [
        interpreter,
        "-c".to_owned(),
        TRACER.to_owned(),
        format!("{GUEST_DIR}/{REPORT}"),
    ]
    .into_iter()
    .chain(launch.args[1..].iter().cloned())
    .collect();
    launch
        .preopens
        .push(Preopen::read_write(dir.path(), GUEST_DIR));
    let text = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(str::to_owned)
            .collect()
    };
    let mut sources: HashMap<String, Vec<String>> = extra
        .iter()
        .map(|file| (format!("{home}/{}", file.name), text(&file.bytes)))
        .collect();
    sources.insert(main.clone(), text(source));
    let program = Program {
        module: sandbox
            .fuel_clocked(&program.module)
            .context("cannot link the interpreter to the fuel clock")?,
        launch,
        native_cache_hit: program.native_cache_hit,
    };
    Ok((program, Lines { dir, main, sources }))
}

/// The tracer's report.
#[derive(Debug, Deserialize)]
struct Report {
    /// file, line, fuel, hits, function.
    lines: Vec<(String, u32, u64, u64, String)>,
}

/// One line's counts.
#[derive(Debug)]
struct Line {
    file: String,
    line: u32,
    fuel: u64,
    hits: u64,
    function: String,
}

impl Lines {
    /// The top `most` lines of the last run, named, and how many lines ran;
    /// none when the run ended before the tracer could write (out of fuel).
    pub(crate) fn read(&self, most: usize) -> anyhow::Result<(Vec<FunctionShare>, usize)> {
        let mut lines = self.report()?;
        lines.sort_by(|a, b| {
            b.fuel
                .cmp(&a.fuel)
                .then_with(|| (&a.file, a.line).cmp(&(&b.file, b.line)))
        });
        let named = lines
            .iter()
            .map(|l| (self.name(l), l.fuel, l.hits))
            .collect();
        Ok(super::ranked(named, most))
    }

    /// The report the tracer left, taken (so a later run starts clean).
    fn report(&self) -> anyhow::Result<Vec<Line>> {
        let path = self.dir.path().join(REPORT);
        let (file, length) = match untrusted::open(&path)? {
            Left::File(file, length) => (file, length),
            Left::Missing => return Ok(Vec::new()),
            Left::Link | Left::NotRegular => anyhow::bail!("the profile report is not a file"),
        };
        anyhow::ensure!(
            length <= MAX_REPORT_BYTES,
            "the profile report is {length} bytes, more than {MAX_REPORT_BYTES}"
        );
        let mut json = Vec::new();
        file.take(MAX_REPORT_BYTES).read_to_end(&mut json)?;
        std::fs::remove_file(&path)?;
        let report: Report =
            serde_json::from_slice(&json).context("the profile report is not the tracer's")?;
        Ok(report
            .lines
            .into_iter()
            .filter(|(file, ..)| self.sources.contains_key(file))
            .map(|(file, line, fuel, hits, function)| Line {
                file,
                line,
                fuel,
                hits,
                function,
            })
            .collect())
    }

    /// "line 12 in solve: `total += a[i]`", the file named when it is not
    /// the main one.
    fn name(&self, line: &Line) -> String {
        let text = self
            .sources
            .get(&line.file)
            .and_then(|lines| lines.get(line.line.saturating_sub(1) as usize))
            .map_or("", |text| text.trim());
        let text: String = if text.chars().count() > TEXT_CHARS {
            text.chars().take(TEXT_CHARS - 1).chain(['…']).collect()
        } else {
            text.to_owned()
        };
        let place = if line.file == self.main {
            format!("line {}", line.line)
        } else {
            let file = line.file.rsplit('/').next().unwrap_or_default();
            format!("{file} line {}", line.line)
        };
        match line.function.as_str() {
            "<module>" => format!("{place}: {text}"),
            function => format!("{place} in {function}: {text}"),
        }
    }
}
