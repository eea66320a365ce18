//! Verifying a problem package (our `verifyproblem`): problem.yaml, test
//! data pairs, the validator builds, answers pass the validator, and every
//! example submission gets the verdict its folder promises. `judge verify`
//! prints what it reports; the service verifies uploads with it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use tokio::runtime::Runtime;

use super::growth::{self, Growth};
use super::judge::{Judge, Report};
use super::multipliers;
use super::program::{Built, Program};
use super::toolbox::Toolbox;
use super::validate::{self, input};
use super::verdict::Verdict;
use crate::languages::Language;
use crate::pipeline;
use crate::problem::{
    Category, Example, LanguageLimit, Problem, TimeLimitRecord, derive_time_limit, examples,
    fuel_to_millis, seconds_to_fuel,
};

/// The budget accepted submissions get when the time limit is being derived.
const DERIVING_SECONDS: f64 = 60.0;

/// An example submission, built in its language, or why it was not.
type BuiltExample<'a> = (&'a Example, Result<(&'a Language, Built), String>);

/// One example submission's result.
#[derive(Debug, Serialize)]
pub(crate) struct SubmissionResult {
    /// The package.
    pub problem: String,
    /// The submission, relative to `submissions/`.
    pub path: String,
    /// The verdict its directory promises.
    pub expected: &'static str,
    /// The verdict it got, when judged.
    pub actual: Option<String>,
    /// Whether it got what its directory promises.
    pub matches: bool,
    /// The most fuel one test took.
    pub fuel: Option<u64>,
    /// Why it was not judged (a language not installed here, say).
    pub skipped_reason: Option<String>,
    /// How its fuel grows on the scaling series (`--insights`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth: Option<Growth>,
}

/// How much [`verify`] does and says beyond checking the package.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Detail {
    /// Every test of every submission goes to the output.
    pub verbose: bool,
    /// Each accepted and time_limit_exceeded submission's growth rate is
    /// measured on the scaling series, and the first accepted one's recorded
    /// as the reference.
    pub insights: bool,
}

/// One package's result.
#[derive(Debug, Serialize)]
pub(crate) struct ProblemResult {
    /// The package.
    pub problem: String,
    /// Its base time limit (C++'s), given or derived.
    pub time_limit: Option<f64>,
    /// The limit of each language its example submissions are in.
    pub time_limits: BTreeMap<String, LanguageLimit>,
    /// The slowest accepted submission's largest fuel, per language: what
    /// the languages' multipliers are measured from.
    pub slowest_accepted: BTreeMap<String, u64>,
    /// What makes it unusable.
    pub errors: Vec<String>,
    /// What its author may want to know.
    pub notes: Vec<String>,
}

/// Verifies the package in `dir`: loads it, builds its validator, checks
/// its inputs and answers, derives its time limit when it gives none, and
/// judges each example submission against the verdict its directory
/// promises. Progress goes to `out` line by line (every test's too when
/// `detail.verbose`); the CLI prints it, the service drops it.
pub(crate) fn verify(
    toolbox: &Toolbox,
    dir: &Path,
    detail: Detail,
    out: &mut dyn FnMut(&str),
) -> (ProblemResult, Vec<SubmissionResult>) {
    let verbose = detail.verbose;
    let name = dir.display().to_string();
    let mut result = ProblemResult {
        problem: name.clone(),
        time_limit: None,
        time_limits: BTreeMap::new(),
        slowest_accepted: BTreeMap::new(),
        errors: Vec::new(),
        notes: Vec::new(),
    };
    let mut problem = match Problem::load(dir) {
        Ok(problem) => problem,
        Err(error) => {
            result.errors.push(format!("{error:#}"));
            out(&format!("{name}: ERROR {error:#}"));
            return (result, Vec::new());
        }
    };
    let validator = match toolbox.build_validator(&problem) {
        Ok(validator) => validator,
        Err(error) => {
            result.errors.push(format!("{error:#}"));
            out(&format!("{name}: ERROR {error:#}"));
            return (result, Vec::new());
        }
    };
    let runtime = match pipeline::runtime() {
        Ok(runtime) => runtime,
        Err(error) => {
            result
                .errors
                .push(format!("cannot start a runtime: {error}"));
            return (result, Vec::new());
        }
    };
    // An interactive validator talks to a program, and a multi-pass one
    // writes the next pass's input: answer files are their private input,
    // not outputs they could check.
    let answers = if problem.metadata.interactive || problem.metadata.multi_pass {
        Vec::new()
    } else {
        check_answers(toolbox, &problem, validator.as_ref(), &runtime)
    };
    let inputs = check_inputs(toolbox, &problem, &runtime);
    for error in answers.into_iter().chain(inputs) {
        out(&format!("{name}: ERROR {error}"));
        result.errors.push(error);
    }

    let (examples, notes) = match examples(dir) {
        Ok(found) => found,
        Err(error) => {
            result.errors.push(format!("{error:#}"));
            return (result, Vec::new());
        }
    };
    // Parts of the format this judge does not read yet: said, not ignored silently.
    let unread = [
        (
            "include",
            "not supported: files are not added to submissions",
        ),
        ("static_validator", "not supported"),
    ];
    let samples_only = problem.secret.cases().is_empty().then(|| {
        "warning: data/secret holds no test case: submissions are judged on the samples only"
            .to_owned()
    });
    let notes = unread
        .iter()
        .filter(|(path, _)| dir.join(path).exists())
        .map(|(path, why)| format!("{path}: {why}"))
        .chain(samples_only)
        .chain(notes);
    for note in notes {
        out(&format!("{name}: note: {note}"));
        result.notes.push(note);
    }
    if !examples.iter().any(|e| e.category == Category::Accepted) {
        result
            .errors
            .push("submissions/accepted holds no submission".into());
    }

    // Build every example once.
    let built: Vec<BuiltExample<'_>> = examples
        .iter()
        .map(|example| {
            let built = toolbox
                .language(&example.program.main, None)
                .and_then(|language| {
                    toolbox
                        .build(language, &example.program)
                        .map(|built| (language, built))
                        .map_err(|e| format!("internal error: {e:#}"))
                });
            (example, built)
        })
        .collect();
    // The time limits: problem.yaml's or the recorded ones, else derived now.
    if problem.time_limits.is_none() {
        let accepted = built.iter().filter_map(|(example, built)| match built {
            Ok((language, Built::Program(program))) if example.category == Category::Accepted => {
                Some((example.path.as_str(), *language, program))
            }
            _ => None,
        });
        let derived = derive_limits(toolbox, &problem, validator.as_ref(), accepted);
        result.errors.extend(derived.errors);
        out(&format!(
            "{name}: derived time limits: base (C++) {} s{} ({})",
            derived.record.time_limit,
            derived
                .record
                .languages
                .iter()
                .map(|(language, seconds)| format!(", {language} {seconds} s"))
                .collect::<String>(),
            derived.why
        ));
        if let Err(error) = problem.record_time_limits(derived.record, &derived.why) {
            result.errors.push(format!("{error:#}"));
        }
    }
    let Some(base) = problem.base_time_limit() else {
        return (result, Vec::new());
    };
    result.time_limit = Some(base);
    out(&format!(
        "{name}: {} · time limit {base} s = {} fuel (C++) · {} sample + {} secret tests",
        problem.metadata.name,
        seconds_to_fuel(base),
        problem.sample.cases().len(),
        problem.secret.cases().len()
    ));
    let mut languages: Vec<&Language> = built
        .iter()
        .filter_map(|(_, built)| built.as_ref().ok().map(|(language, _)| *language))
        .collect();
    languages.sort_by_key(|language| language.id());
    languages.dedup_by_key(|language| language.id());
    for language in languages {
        if let Some(limit) = problem.time_limit_for(language) {
            out(&format!(
                "{name}: {} limit {} s = {} fuel ({})",
                language.manifest.name, limit.seconds, limit.fuel, limit.why
            ));
            result.time_limits.insert(language.id().to_owned(), limit);
        }
    }

    let judge = Judge {
        sandbox: &toolbox.sandbox,
        problem: &problem,
        validator: validator.as_ref(),
    };
    let mut submissions = Vec::new();
    for (example, built) in &built {
        let expected = example.category.folder();
        let mut entry = SubmissionResult {
            problem: name.clone(),
            path: example.path.clone(),
            expected,
            actual: None,
            matches: false,
            fuel: None,
            skipped_reason: None,
            growth: None,
        };
        let (language, built) = match built {
            Err(reason) => {
                entry.skipped_reason = Some(reason.clone());
                out(&format!("  {:<48} skipped: {reason}", example.path));
                submissions.push(entry);
                continue;
            }
            Ok((language, built)) => (*language, built),
        };
        let fuel = fuel_limit(&problem, language);
        let report = match built {
            Built::CompileError(log) => Ok(Report::compile_error(log.clone(), fuel)),
            Built::Program(program) => run(&judge, program, example.category, fuel, &problem),
        };
        if example.category == Category::Accepted {
            let slowest = result.slowest_accepted.entry(language.id().to_owned());
            let fuel = report.as_ref().map_or(0, Report::max_fuel);
            let slowest = slowest.or_default();
            *slowest = (*slowest).max(fuel);
        }
        match report {
            Ok(report) => {
                entry.actual = Some(actual(&report));
                entry.fuel = Some(report.max_fuel());
                entry.matches = meets(&report, example.category);
                if verbose {
                    for test in &report.tests {
                        out(&format!("      {}", test.line()));
                    }
                }
                if example.category == Category::Accepted {
                    warn_if_close(&problem, &report, &example.path, out);
                }
            }
            Err(error) => entry.actual = Some(format!("IE: {error:#}")),
        }
        out(&format!(
            "  {:<48} {:<4} expected {:<20} {}  max fuel {} (~{:.1} ms)",
            example.path,
            entry.actual.as_deref().unwrap_or("?"),
            expected,
            if entry.matches { "ok" } else { "MISMATCH" },
            entry.fuel.unwrap_or(0),
            fuel_to_millis(entry.fuel.unwrap_or(0))
        ));
        submissions.push(entry);
    }
    if detail.insights {
        insights(
            toolbox,
            &mut problem,
            &built,
            &mut submissions,
            &mut result,
            out,
        );
    }
    (result, submissions)
}

/// `--insights`: the growth rate of every accepted and time_limit_exceeded
/// submission on the scaling series. The first accepted one that fits is
/// the reference: recorded in the package, and compared with the others.
fn insights(
    toolbox: &Toolbox,
    problem: &mut Problem,
    built: &[BuiltExample<'_>],
    submissions: &mut [SubmissionResult],
    result: &mut ProblemResult,
    out: &mut dyn FnMut(&str),
) {
    if problem.scaling.is_none() {
        result
            .notes
            .push("no scaling series (data/scaling/): no growth rates measured".to_owned());
        return;
    }
    if problem.time_limits.is_none() {
        return;
    }
    let measured = [Category::Accepted, Category::TimeLimitExceeded];
    let mut reference = None;
    for ((example, built), entry) in built.iter().zip(submissions.iter_mut()) {
        let Ok((language, Built::Program(program))) = built else {
            continue;
        };
        if !measured.contains(&example.category) {
            continue;
        }
        let fuel = fuel_limit(problem, language);
        match growth::measure(&toolbox.sandbox, problem, program, fuel, None) {
            Ok(measured) => {
                if reference.is_none()
                    && example.category == Category::Accepted
                    && measured.fit.is_some()
                {
                    reference = Some(growth::reference(&example.path, &measured));
                }
                entry.growth = Some(measured);
            }
            Err(error) => result.errors.push(format!(
                "{}: cannot measure its growth: {error:#}",
                example.path
            )),
        }
    }
    let Some(reference) = reference else {
        result
            .errors
            .push("no accepted submission's growth could be fitted on data/scaling".to_owned());
        return;
    };
    if let Err(error) = reference.write(&problem.dir) {
        result.errors.push(format!("{error:#}"));
    }
    for entry in submissions.iter_mut() {
        let Some(growth) = &mut entry.growth else {
            continue;
        };
        growth.compare_with(&reference);
        out(&format!("  {}", entry.path));
        for line in growth.lines() {
            out(&format!("      {line}"));
        }
    }
    problem.reference_growth = Some(reference);
}

/// The fuel a submission in `language` gets (the problem has its limits).
fn fuel_limit(problem: &Problem, language: &Language) -> u64 {
    problem
        .time_limit_for(language)
        .map_or(0, |limit| limit.fuel)
}

/// Judges one example: time_limit_exceeded ones with the safety margin, so
/// that they must be slow by more than a hair.
fn run(
    judge: &Judge<'_>,
    program: &Program,
    category: Category,
    fuel: u64,
    problem: &Problem,
) -> anyhow::Result<Report> {
    let fuel = if category == Category::TimeLimitExceeded {
        let margin = problem.metadata.limits.time_limit_to_tle;
        (fuel as f64 * margin).ceil() as u64
    } else {
        fuel
    };
    judge.judge(program, fuel, &mut |_| {})
}

fn actual(report: &Report) -> String {
    match report.score {
        Some(score) => format!("{} (score {score})", report.verdict),
        None => report.verdict.code().to_owned(),
    }
}

/// Whether a report keeps the promise of its folder (the format's default
/// `permitted` / `required` sets over the judged tests' verdicts).
fn meets(report: &Report, category: Category) -> bool {
    if matches!(
        report.verdict,
        Verdict::CompileError | Verdict::InternalError
    ) {
        return false;
    }
    let verdicts: Vec<&str> = report.tests.iter().map(|t| t.verdict.kattis()).collect();
    let all_in = |permitted: &[&str]| verdicts.iter().all(|v| permitted.contains(v));
    let any_in = |required: &[&str]| verdicts.iter().any(|v| required.contains(v));
    match category {
        Category::Accepted => {
            all_in(&["AC"])
                && report
                    .max_score
                    .zip(report.score)
                    .is_none_or(|(max, score)| score >= max - 1e-9)
        }
        Category::PartiallyAccepted => match (report.score, report.max_score) {
            (Some(score), Some(max)) => score > 0.0 && score < max,
            (Some(score), None) => score > 0.0 && !all_in(&["AC"]),
            _ => false,
        },
        Category::WrongAnswer => all_in(&["AC", "WA"]) && any_in(&["WA"]),
        Category::TimeLimitExceeded => all_in(&["AC", "TLE"]) && any_in(&["TLE"]),
        Category::RunTimeError => all_in(&["AC", "RTE"]) && any_in(&["RTE"]),
        Category::Rejected => any_in(&["RTE", "TLE", "WA"]),
        Category::BruteForce => all_in(&["AC", "RTE", "TLE"]) && any_in(&["RTE", "TLE"]),
    }
}

/// Time limits derived from the accepted submissions' slowest runs.
pub(crate) struct Derived {
    /// The limits, as recorded.
    pub record: TimeLimitRecord,
    /// How: each language's slowest run and the multiplier.
    pub why: String,
    /// Accepted submissions that could not be judged.
    pub errors: Vec<String>,
}

/// Derives `problem`'s time limits from its `accepted` programs (path,
/// language, program), each judged within [`DERIVING_SECONDS`]: each
/// language's slowest run's fuel, times `ac_to_time_limit`, rounded up to
/// the time resolution, is that language's limit; the base (C++'s, and
/// what a language with no accepted submission multiplies) is the same of
/// the slowest run as C++ would need it: its fuel less its language's
/// start-up, divided by its language's multiplier, plus C++'s start-up.
pub(crate) fn derive_limits<'a>(
    toolbox: &Toolbox,
    problem: &Problem,
    validator: Option<&Program>,
    accepted: impl Iterator<Item = (&'a str, &'a Language, &'a Program)>,
) -> Derived {
    let judge = Judge {
        sandbox: &toolbox.sandbox,
        problem,
        validator,
    };
    let budget = seconds_to_fuel(DERIVING_SECONDS);
    let mut slowest: BTreeMap<&str, (u64, &Language)> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, language, program) in accepted {
        match judge.judge(program, budget, &mut |_| {}) {
            Ok(report) => {
                let entry = slowest.entry(language.id()).or_insert((0, language));
                entry.0 = entry.0.max(report.max_fuel());
            }
            Err(error) => errors.push(format!("{path}: {error:#}")),
        }
    }
    let limits = &problem.metadata.limits;
    let derive =
        |fuel: u64| derive_time_limit(fuel, limits.ac_to_time_limit, limits.time_resolution);
    let cpp_startup = toolbox
        .catalog
        .get(multipliers::REFERENCE)
        .map_or(0, |cpp| cpp.manifest.limits.startup_fuel);
    let as_cpp = slowest
        .values()
        .map(|&(fuel, language)| {
            let own = &language.manifest.limits;
            let work = own.work(fuel) as f64 / own.time_multiplier;
            work.ceil() as u64 + cpp_startup
        })
        .max()
        .unwrap_or(0);
    Derived {
        record: TimeLimitRecord {
            time_limit: derive(as_cpp),
            languages: slowest
                .iter()
                .map(|(language, &(fuel, _))| ((*language).to_owned(), derive(fuel)))
                .collect(),
        },
        why: format!(
            "the slowest accepted run{} × {}",
            slowest
                .iter()
                .map(|(language, (fuel, _))| format!(", {language} {fuel} fuel"))
                .collect::<String>(),
            limits.ac_to_time_limit
        ),
        errors,
    }
}

/// The format wants the time limit at least `ac_to_time_limit` times the
/// slowest accepted run; say so when a package's explicit limit is tighter.
fn warn_if_close(problem: &Problem, report: &Report, path: &str, out: &mut dyn FnMut(&str)) {
    let needed = report.max_fuel() as f64 * problem.metadata.limits.ac_to_time_limit;
    if needed > report.fuel_limit as f64 {
        out(&format!(
            "  warning: {path} uses {} fuel; with ac_to_time_limit {} the limit should be at least {needed:.0} fuel",
            report.max_fuel(),
            problem.metadata.limits.ac_to_time_limit
        ));
    }
}

/// Every input must pass every input validator (exit 42).
fn check_inputs(toolbox: &Toolbox, problem: &Problem, runtime: &Runtime) -> Vec<String> {
    let mut errors = Vec::new();
    for files in &problem.input_validators {
        let source = &files.main;
        let shown = source
            .strip_prefix(&problem.dir)
            .unwrap_or(source)
            .display()
            .to_string();
        let what = format!("input validator {shown}");
        let program = match toolbox.build_package_program(files, &what) {
            Ok(program) => program,
            Err(error) => {
                errors.push(format!("{error:#}"));
                continue;
            }
        };
        for case in problem
            .sample
            .cases()
            .into_iter()
            .chain(problem.secret.cases())
        {
            let checked = std::fs::read(&case.input)
                .map_err(anyhow::Error::from)
                .and_then(|input| {
                    runtime.block_on(input::check(&toolbox.sandbox, &program, &input))
                });
            match checked {
                Ok(Ok(())) => {}
                Ok(Err(why)) => errors.push(format!(
                    "{}.in: input validator {shown} rejects it ({why})",
                    case.name
                )),
                Err(error) => errors.push(format!(
                    "{}.in: input validator {shown}: {error:#}",
                    case.name
                )),
            }
        }
    }
    errors
}

/// Every answer file must pass the output validator as if it were the
/// output (all of them with the default validator; the samples with a
/// custom one, which costs a sandbox run each).
fn check_answers(
    toolbox: &Toolbox,
    problem: &Problem,
    validator: Option<&Program>,
    runtime: &Runtime,
) -> Vec<String> {
    let mut errors = Vec::new();
    let cases = match validator {
        Some(_) => problem.sample.cases(),
        None => problem
            .sample
            .cases()
            .into_iter()
            .chain(problem.secret.cases())
            .collect(),
    };
    for case in cases {
        let answer = match std::fs::read(&case.answer) {
            Ok(answer) => answer,
            Err(error) => {
                errors.push(format!("{}: {error}", case.answer.display()));
                continue;
            }
        };
        let verdict = validate::feedback::dir()
            .and_then(|feedback| {
                runtime.block_on(validate::output(
                    &toolbox.sandbox,
                    problem,
                    validator,
                    case,
                    &answer,
                    feedback.path(),
                ))
            })
            .map(|judgement| judgement.accepted)
            .map_err(|e| format!("{e:#}"));
        match verdict {
            Ok(true) => {}
            Ok(false) => errors.push(format!(
                "{}: the output validator rejects the answer file itself",
                case.name
            )),
            Err(error) => errors.push(format!("{}: {error}", case.name)),
        }
    }
    errors
}
