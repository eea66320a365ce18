//! What a client sees of a submission, by role. The one rule: a secret
//! test's data (input, answer, output, the validator's message) never leaves
//! the server for anyone but an admin. Samples are shown in full.
//!
//! A secret test's exact fuel and memory would be a channel out of it: a
//! program can loop as many times as its input's bytes say and read them
//! back from its report. Candidates therefore get them coarse: fuel to two
//! significant digits, memory to the MiB. That still tells a solution's cost
//! (1.2e9 fuel, 13 MiB), and caps what one test can carry out at about
//! fifteen bits, where its input is kilobytes: extracting a test takes
//! hundreds of submissions, which the rate limits and the interviewer see.
//! Interviewers and admins get exact figures.

use serde::Serialize;

use crate::bank::Bank;
use crate::pipeline::growth::Growth;
use crate::pipeline::judge::{Report, SAMPLE_OUTPUT_BYTES, TestReport};
use crate::pipeline::verdict::Verdict;
use crate::problem::{LanguageLimit, fuel_to_millis};
use crate::store::{Role, SourceText, Submission, SubmissionState};

/// A timestamp (Unix ms) as RFC 3339.
pub(crate) fn timestamp(ms: i64) -> String {
    let time =
        std::time::UNIX_EPOCH + std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    humantime::format_rfc3339_millis(time).to_string()
}

/// One judged test.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct TestView {
    /// `sample/1`, `secret/group1/03`.
    pub name: String,
    /// AC, WA, TLE, MLE, OLE, RTE or IE.
    pub verdict: Verdict,
    /// Fuel used: the deterministic CPU measure.
    pub fuel: u64,
    /// Fuel as approximate milliseconds.
    pub time_ms: f64,
    /// Peak linear memory.
    pub memory_bytes: u64,
    /// The test's score, in a scored group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Whether it is a sample.
    pub sample: bool,
    /// The validator's message (samples; every test for admins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The test's input (samples only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// The expected answer (samples only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the submission printed (samples only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

/// Links from a submission.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct Links {
    /// The submission.
    #[serde(rename = "self")]
    pub this: String,
    /// Its progress as Server-Sent Events.
    pub events: String,
}

/// Where a webhook's delivery is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DeliveryState {
    /// Not delivered yet; another attempt will be made.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed.
    Failed,
}

impl DeliveryState {
    /// The state stored as `name`.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "pending" => Some(Self::Pending),
            "delivered" => Some(Self::Delivered),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// Webhook delivery, as far as it went.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct WebhookView {
    /// pending, delivered or failed.
    pub state: DeliveryState,
    /// Attempts made.
    pub attempts: i64,
}

/// A submission.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct SubmissionView {
    /// Its id.
    pub id: String,
    /// queued, compiling, running or done.
    pub state: SubmissionState,
    /// Problem slug.
    pub problem: String,
    /// Language id.
    pub language: String,
    /// Who sent it (for interviewers and admins).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<AuthorView>,
    /// The source code (when one submission is read, not in listings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The files beside the source, for a program of several files (when
    /// one submission is read).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<SourceText>,
    /// The verdict, once done: AC, WA, TLE, MLE, OLE, RTE, CE or IE.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    /// Score, on scoring problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Maximum score, on scoring problems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_score: Option<f64>,
    /// Fuel each test run had.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fuel_limit: Option<u64>,
    /// The time limit that applied, and why: the language's own, or the
    /// problem's base times the language's multiplier.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<LanguageLimit>,
    /// Tests judged so far, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tests: Option<Vec<TestView>>,
    /// The compiler's messages, for a compile error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_log: Option<String>,
    /// How an accepted submission's fuel grows with the size of the input,
    /// measured on the problem's scaling series and fitted (when the problem
    /// has one), beside the reference solution's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub growth: Option<Growth>,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Webhook delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook: Option<WebhookView>,
    /// Links.
    pub links: Links,
}

/// The key a submission came with.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct AuthorView {
    /// The key's public id (what `?candidate=` filters on).
    pub key_id: String,
    /// The name the key was made with (absent for anonymous callers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Builds views; reads sample data from the problem bank.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Viewer<'a> {
    /// The role of who looks (the submission's owner sees it as a candidate).
    pub role: Role,
    /// For samples' data.
    pub bank: &'a Bank,
}

impl Viewer<'_> {
    /// The summary of a submission (a listing's item).
    pub(crate) fn summary(&self, submission: &Submission) -> SubmissionView {
        SubmissionView {
            id: submission.id.clone(),
            state: submission.state,
            problem: submission.problem.clone(),
            language: submission.language.clone(),
            author: None,
            source: None,
            files: Vec::new(),
            verdict: submission.verdict.as_deref().and_then(Verdict::from_code),
            score: submission.score,
            max_score: submission.max_score,
            fuel_limit: None,
            time_limit: None,
            tests: None,
            compile_log: None,
            growth: None,
            created_at: timestamp(submission.created_at),
            finished_at: submission.finished_at.map(timestamp),
            webhook: None,
            links: Links {
                this: format!("/v1/submissions/{}", submission.id),
                events: format!("/v1/submissions/{}/events", submission.id),
            },
        }
    }

    /// Who sent `submission`, for interviewers and admins (`names`: key
    /// names by id); `None` for candidates, who see only their own.
    pub(crate) fn author(
        &self,
        submission: &Submission,
        names: &std::collections::HashMap<String, String>,
    ) -> Option<AuthorView> {
        (self.role >= Role::Interviewer).then(|| AuthorView {
            key_id: submission.owner.clone(),
            name: names.get(&submission.owner).cloned(),
        })
    }

    /// The whole submission, its source included: the report once done,
    /// else the tests judged so far.
    pub(crate) fn full(&self, submission: &Submission, progress: &[TestReport]) -> SubmissionView {
        let mut view = self.summary(submission);
        view.source = Some(submission.source.clone());
        view.files = submission.files.clone();
        let report: Option<Report> = submission
            .report
            .as_deref()
            .and_then(|json| serde_json::from_str(json).ok());
        match report {
            Some(report) => {
                view.fuel_limit = Some(report.fuel_limit);
                view.time_limit = report.time_limit.clone();
                view.compile_log = report.compile_log.clone();
                view.growth = report.growth.clone();
                view.tests = Some(self.tests(&submission.problem, &report.tests));
            }
            None => view.tests = Some(self.tests(&submission.problem, progress)),
        }
        view
    }

    /// Views of tests.
    pub(crate) fn tests(&self, problem: &str, tests: &[TestReport]) -> Vec<TestView> {
        tests.iter().map(|test| self.test(problem, test)).collect()
    }

    /// The view of one test: samples whole, secret tests as numbers only
    /// (admins also get the validator's message).
    pub(crate) fn test(&self, problem: &str, test: &TestReport) -> TestView {
        let mut view = TestView {
            name: test.name.clone(),
            verdict: test.verdict,
            fuel: test.fuel,
            time_ms: test.time_ms,
            memory_bytes: test.memory_bytes,
            score: test.score,
            sample: test.sample,
            message: None,
            input: None,
            expected: None,
            output: None,
        };
        if !test.sample && self.role < Role::Interviewer {
            view.fuel = coarse_fuel(test.fuel);
            view.time_ms = fuel_to_millis(view.fuel);
            view.memory_bytes = coarse_memory(test.memory_bytes);
        }
        if test.sample {
            view.message = test.message.clone();
            view.output = test.output.clone();
            if let Some(case) = self.sample_case(problem, &test.name) {
                view.input = read_capped(&case.input);
                view.expected = read_capped(&case.answer);
            }
        } else if self.role == Role::Admin {
            view.message = test.message.clone();
        }
        view
    }

    fn sample_case(&self, problem: &str, name: &str) -> Option<crate::problem::TestCase> {
        let entry = self.bank.get(problem)?;
        entry
            .problem
            .sample
            .cases()
            .into_iter()
            .find(|case| case.name == name)
            .cloned()
    }
}

/// `fuel` to two significant digits.
fn coarse_fuel(fuel: u64) -> u64 {
    if fuel < 100 {
        return fuel;
    }
    let unit = 10u64.pow(fuel.ilog10() - 1);
    fuel.saturating_add(unit / 2) / unit * unit
}

/// `bytes` to the nearest MiB.
fn coarse_memory(bytes: u64) -> u64 {
    bytes.saturating_add(1 << 19) >> 20 << 20
}

/// A sample file's first [`SAMPLE_OUTPUT_BYTES`], as text.
pub(crate) fn read_capped(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    let file = std::fs::File::open(path).ok()?;
    let mut bytes = Vec::new();
    file.take(SAMPLE_OUTPUT_BYTES as u64)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_figures_are_coarse_to_two_digits_of_fuel_and_a_mib_of_memory() {
        assert_eq!(coarse_fuel(42), 42);
        assert_eq!(coarse_fuel(111_113_670), 110_000_000);
        assert_eq!(coarse_fuel(112_376_136), 110_000_000);
        assert_eq!(coarse_fuel(115_000_000), 120_000_000);
        assert_eq!(coarse_fuel(999), 1000);
        assert_eq!(
            coarse_fuel(u64::MAX),
            u64::MAX / 10u64.pow(18) * 10u64.pow(18)
        );
        assert_eq!(coarse_memory(10_485_760), 10 << 20);
        assert_eq!(coarse_memory((10 << 20) + 600_000), 11 << 20);
        assert_eq!(coarse_memory(1), 0);
    }
}
