//! Judging: a built submission runs on each test case of a problem in a fresh
//! sandbox store; each output is validated; the test verdicts and scores
//! aggregate into the submission's verdict and score.
//!
//! Order and stopping follow the Kattis format: samples, then secret groups
//! and cases in lexicographic order. A pass-fail problem stops at the first
//! failure (unless legacy `on_reject: continue`); a scoring problem judges
//! what its groups need: a `pass-fail` or `min` group stops at its first
//! failure, a `sum` group judges every case, and a group whose `require_pass`
//! dependencies failed is skipped with score 0.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use sandbox::{RunLimits, Sandbox};
use serde::{Deserialize, Serialize};

use super::growth::{self, Growth};
use super::multi_pass;
use super::profile::Profiled;
use super::program::Program;
use super::validate::{self, Judgement, custom, feedback};
use super::verdict::Verdict;
use crate::problem::{
    Aggregation, Group, LanguageLimit, Node, Problem, TestCase, fuel_to_millis, idle_limit,
    wall_backstop,
};

/// Standard error kept per test run.
const STDERR_BYTES: usize = 64 << 10;
/// Output kept from a sample test run.
pub(crate) const SAMPLE_OUTPUT_BYTES: usize = 64 << 10;

/// One test case's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestReport {
    /// The test case (`sample/1`, `secret/group1/03`).
    pub name: String,
    /// Its verdict.
    pub verdict: Verdict,
    /// Fuel used.
    pub fuel: u64,
    /// Fuel as approximate milliseconds (at the judge's fuel per second).
    pub time_ms: f64,
    /// Peak linear memory.
    pub memory_bytes: u64,
    /// Its score, in a scored group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Why it failed, for the judges (the validator's judge message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Whether the test is a sample (whose data a candidate may see).
    pub sample: bool,
    /// A sample's output (its first 64 KiB, lossy UTF-8):
    /// what a candidate compares with the expected answer. Never kept for
    /// secret tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

impl TestReport {
    /// One line for a terminal: name, verdict, fuel, time, memory, score
    /// and the validator's first line.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{:<32} {:<3} fuel {:>13} ~{:>9.1} ms {:>8.1} MiB",
            self.name,
            self.verdict.code(),
            self.fuel,
            self.time_ms,
            self.memory_bytes as f64 / f64::from(1 << 20)
        );
        if let Some(score) = self.score {
            line += &format!("  score {score}");
        }
        if let Some(message) = &self.message {
            line += &format!("  ({})", message.lines().next().unwrap_or(""));
        }
        line
    }
}

/// A submission's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The verdict: the first failing test's, else AC.
    pub verdict: Verdict,
    /// The score, on scoring problems.
    pub score: Option<f64>,
    /// The most a submission can score, when bounded.
    pub max_score: Option<f64>,
    /// The fuel each run had.
    pub fuel_limit: u64,
    /// The time limit that applied: the language's own, or the problem's
    /// base times the language's multiplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<LanguageLimit>,
    /// Each judged test, in order.
    pub tests: Vec<TestReport>,
    /// The compiler's log, for a compile error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_log: Option<String>,
    /// How its fuel grows with the size of the input: measured on the
    /// problem's scaling series once the submission is accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub growth: Option<Growth>,
}

impl Report {
    /// The report of a submission that did not compile.
    pub fn compile_error(log: String, fuel_limit: u64) -> Self {
        Self {
            verdict: Verdict::CompileError,
            score: None,
            max_score: None,
            fuel_limit,
            time_limit: None,
            tests: Vec::new(),
            compile_log: Some(log),
            growth: None,
        }
    }

    /// The most fuel any test used.
    pub fn max_fuel(&self) -> u64 {
        self.tests.iter().map(|t| t.fuel).max().unwrap_or(0)
    }
}

/// Judges submissions to one problem.
#[derive(Debug)]
pub(crate) struct Judge<'a> {
    /// Runs everything.
    pub sandbox: &'a Sandbox,
    /// The problem.
    pub problem: &'a Problem,
    /// The package's output validator, built; `None` uses the default one.
    pub validator: Option<&'a Program>,
}

impl Judge<'_> {
    /// Judges `program` with `fuel` per test run, calling `on_test` after
    /// each test. Blocking: it drives its own single-threaded runtime, so call
    /// it from a worker thread.
    pub(crate) fn judge(
        &self,
        program: &Program,
        fuel: u64,
        on_test: &mut dyn FnMut(&TestReport),
    ) -> anyhow::Result<Report> {
        let runtime = super::runtime()?;
        let mut run = Run {
            judge: self,
            runtime: &runtime,
            program,
            fuel,
            on_test,
            tests: Vec::new(),
            passed: HashMap::new(),
            stopped: false,
        };
        let scoring = self.problem.metadata.scoring;
        run.group(&self.problem.sample, None, false)?;
        if scoring {
            run.stopped = false; // samples are not scored and do not stop scoring
        }
        let secret_max = secret_max(&self.problem.secret);
        let (score, _) = run.group(&self.problem.secret, secret_max, scoring)?;
        let verdict = run
            .tests
            .iter()
            .map(|t| t.verdict)
            .find(|v| *v != Verdict::Accepted)
            .unwrap_or(Verdict::Accepted);
        Ok(Report {
            verdict,
            score: scoring.then_some(score),
            max_score: if scoring { secret_max } else { None },
            fuel_limit: fuel,
            time_limit: None,
            tests: run.tests,
            compile_log: None,
            growth: None,
        })
    }

    /// Measures how an accepted submission's fuel grows on the problem's
    /// scaling series, into `report` (nothing when it was not accepted or
    /// the problem has no series), with a profile when `profiled` is the
    /// program built to be profiled. Blocking, like [`Judge::judge`].
    pub(crate) fn insights(
        &self,
        program: &Program,
        profiled: Option<&Profiled>,
        report: &mut Report,
    ) -> anyhow::Result<()> {
        if self.problem.scaling.is_none() || report.verdict != Verdict::Accepted {
            return Ok(());
        }
        report.growth = Some(growth::measure(
            self.sandbox,
            self.problem,
            program,
            report.fuel_limit,
            profiled,
        )?);
        Ok(())
    }
}

/// The secret group's maximum: its `score`, 100 by default in the modern
/// format; unbounded (`None`) in the legacy one, where scores are sums of
/// `accept_score`s.
fn secret_max(secret: &Group) -> Option<f64> {
    if secret.scoring.unbounded {
        None
    } else {
        Some(secret.scoring.max_score.unwrap_or(100.0))
    }
}

struct Run<'a, 'j> {
    judge: &'a Judge<'j>,
    runtime: &'a tokio::runtime::Runtime,
    program: &'a Program,
    fuel: u64,
    on_test: &'a mut dyn FnMut(&TestReport),
    tests: Vec<TestReport>,
    /// Whether each judged test case and group was fully accepted.
    passed: HashMap<String, bool>,
    /// A pass-fail problem stops at its first failure.
    stopped: bool,
}

impl Run<'_, '_> {
    /// Judges a group; returns its score (when `scored`) and whether every
    /// case in it was accepted.
    fn group(
        &mut self,
        group: &Group,
        max: Option<f64>,
        scored: bool,
    ) -> anyhow::Result<(f64, bool)> {
        let blocked = group
            .scoring
            .require_pass
            .iter()
            .any(|required| self.passed.get(required) != Some(&true));
        if blocked || self.stopped {
            self.passed.insert(group.name.clone(), false);
            return Ok((0.0, false));
        }
        let aggregation = if scored {
            group.scoring.aggregation
        } else {
            Aggregation::PassFail
        };
        let child_max = child_maxima(group, max, aggregation);
        let mut scores = Vec::new();
        let mut all_accepted = true;
        for (child, child_max) in group.children.iter().zip(child_max) {
            if self.stopped {
                break;
            }
            let (score, accepted) = match child {
                Node::Case(case) => {
                    let in_scored_group = scored && aggregation != Aggregation::PassFail;
                    let accept_score = group.scoring.accept_score;
                    self.case(case, in_scored_group.then_some((child_max, accept_score)))?
                }
                Node::Group(sub) => self.group(sub, child_max, scored)?,
            };
            scores.push(score);
            all_accepted &= accepted;
            // Legacy `on_reject: continue` judges the whole group whatever fails.
            if !accepted && !group.continue_on_reject {
                if !self.judge.problem.metadata.scoring {
                    self.stopped = true;
                }
                if aggregation != Aggregation::Sum {
                    break;
                }
            }
        }
        self.passed.insert(group.name.clone(), all_accepted);
        let score = match aggregation {
            Aggregation::PassFail if all_accepted => max.unwrap_or(0.0),
            Aggregation::PassFail => 0.0,
            Aggregation::Sum => scores.iter().sum(),
            // A failed case scores 0, so a failure makes the minimum 0.
            Aggregation::Min if scores.is_empty() => 0.0,
            Aggregation::Min => scores.iter().copied().fold(f64::INFINITY, f64::min),
        };
        Ok((score, all_accepted))
    }

    /// Judges one case; `scoring` is (its maximum, legacy accept score) in a scored group.
    fn case(
        &mut self,
        case: &TestCase,
        scoring: Option<(Option<f64>, f64)>,
    ) -> anyhow::Result<(f64, bool)> {
        let problem = self.judge.problem;
        let mut spec = self.program.launch.run_spec(&case.args);
        spec.limits = limits(problem, self.fuel);
        let ending = self.passes(case, &spec)?;
        let (outcome, validated) = (ending.outcome, ending.validated);
        let (verdict, judgement) = match (Verdict::of_run(&outcome.termination), validated) {
            // Interactive rules, decided without timing: a submission out of
            // time is TLE (a validator waiting for it reads end-of-file and may
            // reject, but it only saw a silent peer); otherwise a rejection by
            // the validator wins over a crash (a submission writing to a
            // validator that has rejected and left dies of a broken pipe).
            (Some(Verdict::TimeLimit), _) => (Verdict::TimeLimit, None),
            (_, Some(Ok(judgement))) if !judgement.accepted => {
                (Verdict::WrongAnswer, Some(judgement))
            }
            (Some(verdict), _) => (verdict, None),
            (None, Some(Ok(judgement))) => (Verdict::Accepted, Some(judgement)),
            (None, Some(Err(error))) => (
                Verdict::InternalError,
                Some(Judgement {
                    judge_message: format!("{error:#}"),
                    ..Judgement::default()
                }),
            ),
            (None, None) => unreachable!("a clean exit is always validated"),
        };
        let accepted = verdict == Verdict::Accepted;
        let score = match (scoring, &judgement) {
            (None, _) => None,
            (Some(_), _) if !accepted => Some(0.0),
            (Some((max, accept_score)), Some(judgement)) => {
                Some(case_score(max, accept_score, judgement))
            }
            (Some((max, accept_score)), None) => Some(max.unwrap_or(accept_score)),
        };
        let mut message = match outcome.termination {
            sandbox::Termination::WallTimeout => Some(
                "wall-clock limit: the program waited without computing (for input that never came?)"
                    .to_owned(),
            ),
            _ => judgement.map(|j| j.judge_message).filter(|m| !m.is_empty()),
        };
        if ending.passes > 1 {
            let pass = format!("pass {} of at most {}", ending.passes, problem.passes());
            message = Some(match message {
                Some(message) => format!("{pass}: {message}"),
                None => pass,
            });
        }
        let sample = case.name.starts_with("sample/");
        let report = TestReport {
            name: case.name.clone(),
            verdict,
            fuel: ending.fuel,
            time_ms: fuel_to_millis(ending.fuel),
            memory_bytes: ending.memory_bytes,
            score,
            message,
            sample,
            output: ending.output,
        };
        (self.on_test)(&report);
        self.tests.push(report);
        self.passed.insert(case.name.clone(), accepted);
        if verdict == Verdict::InternalError {
            self.stopped = true;
        }
        Ok((score.unwrap_or(0.0), accepted))
    }

    /// Runs `case`'s passes: one, or on a multi-pass problem as many as the
    /// validator asks for (each on the `nextpass.in` the one before left in
    /// the feedback directory, which lasts the whole test case) up to the
    /// problem's `validation_passes`. Ends at the first pass that fails or
    /// asks for no other.
    fn passes(&self, case: &TestCase, spec: &sandbox::RunSpec) -> anyhow::Result<Ending> {
        let problem = self.judge.problem;
        let feedback = feedback::dir()?;
        let mut passes = multi_pass::Passes::new(case, problem.passes());
        let (mut count, mut fuel, mut memory_bytes, mut output) = (0, 0, 0, None);
        loop {
            let (outcome, validated) = self.pass(passes.case(), spec, feedback.path())?;
            count += 1;
            fuel = fuel.max(outcome.fuel);
            memory_bytes = memory_bytes.max(outcome.peak_memory_bytes);
            if output.is_none() && case.name.starts_with("sample/") {
                let kept = outcome.stdout.len().min(SAMPLE_OUTPUT_BYTES);
                output = Some(String::from_utf8_lossy(&outcome.stdout[..kept]).into_owned());
            }
            let validated = match validated {
                Some(Ok(judgement))
                    if problem.metadata.multi_pass
                        && Verdict::of_run(&outcome.termination).is_none() =>
                {
                    match passes.next(&judgement, feedback.path()) {
                        Ok(true) => continue,
                        Ok(false) => Some(Ok(judgement)),
                        Err(error) => Some(Err(error)),
                    }
                }
                other => other,
            };
            return Ok(Ending {
                outcome,
                validated,
                passes: count,
                fuel,
                memory_bytes,
                output,
            });
        }
    }

    /// One run of the submission on `case` and its validation (`None` when
    /// the run failed before its output could be validated).
    fn pass(
        &self,
        case: &TestCase,
        spec: &sandbox::RunSpec,
        feedback: &Path,
    ) -> anyhow::Result<(sandbox::RunOutcome, Option<anyhow::Result<Judgement>>)> {
        if self.judge.problem.metadata.interactive {
            return self.interact(case, spec, feedback);
        }
        let mut spec = spec.clone();
        spec.stdin = std::fs::read(&case.input)?;
        let outcome = self
            .runtime
            .block_on(self.judge.sandbox.run(&self.program.module, &spec))?;
        let validated = match Verdict::of_run(&outcome.termination) {
            Some(_) => None,
            None => Some(self.validate(case, &outcome.stdout, feedback)),
        };
        Ok((outcome, validated))
    }

    /// An interactive test: the validator and the submission run at once,
    /// cross-wired. The wall-clock limit covers both, so a submission that
    /// stops reading or never flushes ends as TLE.
    fn interact(
        &self,
        case: &TestCase,
        spec: &sandbox::RunSpec,
        feedback: &Path,
    ) -> anyhow::Result<(sandbox::RunOutcome, Option<anyhow::Result<Judgement>>)> {
        let validator = self
            .judge
            .validator
            .ok_or_else(|| anyhow::anyhow!("an interactive problem needs its output validator"))?;
        let case = TestCase {
            validator_args: self.judge.problem.validator_args(case),
            ..case.clone()
        };
        let mut validator_spec = custom::spec(validator, &case, feedback)?;
        // The submission's deadline comes first: when both wait for each
        // other, it is the submission that runs out of time.
        validator_spec.limits.wall = spec.limits.wall + Duration::from_secs(1);
        let (validated, outcome) = self.runtime.block_on(self.judge.sandbox.run_connected(
            (&validator.module, &validator_spec),
            (&self.program.module, spec),
        ))?;
        let judgement = custom::judgement(&validated, feedback);
        Ok((outcome, Some(judgement)))
    }

    fn validate(
        &self,
        case: &TestCase,
        output: &[u8],
        feedback: &Path,
    ) -> anyhow::Result<Judgement> {
        self.runtime.block_on(validate::output(
            self.judge.sandbox,
            self.judge.problem,
            self.judge.validator,
            case,
            output,
            feedback,
        ))
    }
}

/// How a test case's passes ended: the last pass's run and validation, the
/// most fuel and memory any pass used (each pass has the whole limit), and a
/// sample's output (of its first pass).
struct Ending {
    outcome: sandbox::RunOutcome,
    validated: Option<anyhow::Result<Judgement>>,
    passes: u32,
    fuel: u64,
    memory_bytes: u64,
    output: Option<String>,
}

/// The limits of a run of a submission to `problem` with `fuel`: the
/// problem's memory and output, the wall-clock backstop and idle limit the
/// fuel gets.
pub(crate) fn limits(problem: &Problem, fuel: u64) -> RunLimits {
    RunLimits {
        fuel,
        memory_bytes: problem.memory_bytes(),
        wall: wall_backstop(fuel),
        idle: idle_limit(fuel),
        stdout_bytes: usize::try_from(problem.output_bytes()).unwrap_or(usize::MAX),
        stderr_bytes: STDERR_BYTES,
    }
}

/// An accepted case's score: `score.txt`, or `score_multiplier.txt` times its
/// maximum, or its maximum (legacy: its accept score).
fn case_score(max: Option<f64>, accept_score: f64, judgement: &Judgement) -> f64 {
    if let Some(score) = judgement.score {
        return score;
    }
    match (max, judgement.score_multiplier) {
        (Some(max), Some(multiplier)) => max * multiplier.clamp(0.0, 1.0),
        (Some(max), None) => max,
        (None, _) => accept_score,
    }
}

/// Each child's maximum score: explicit for subgroups that give one, the
/// rest share what is left (`sum`), or the group's maximum (`min`).
fn child_maxima(group: &Group, max: Option<f64>, aggregation: Aggregation) -> Vec<Option<f64>> {
    let explicit: Vec<Option<f64>> = group
        .children
        .iter()
        .map(|child| match child {
            Node::Group(sub) => sub.scoring.max_score,
            Node::Case(_) => None,
        })
        .collect();
    let Some(max) = max else {
        return explicit;
    };
    match aggregation {
        Aggregation::Min => explicit.iter().map(|e| Some(e.unwrap_or(max))).collect(),
        Aggregation::PassFail | Aggregation::Sum => {
            let given: f64 = explicit.iter().flatten().sum();
            let unspecified = explicit.iter().filter(|e| e.is_none()).count();
            let share = if unspecified == 0 {
                0.0
            } else {
                ((max - given) / unspecified as f64).max(0.0)
            };
            explicit.iter().map(|e| Some(e.unwrap_or(share))).collect()
        }
    }
}
