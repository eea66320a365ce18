//! Prometheus metrics, all under the `judge_` prefix, served at `/metrics`:
//! the four golden signals of the HTTP API (latency, traffic, errors,
//! saturation) and of judging. Labels are bounded: a route template, never a
//! path; a language id or verdict from fixed sets; never an id, a key or an
//! uploaded problem's name. Label values known in advance start at zero, so
//! every series exists before its first event (rate() and alerts see a 0,
//! not a gap).

use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder, exponential_buckets,
};

use crate::pipeline::verdict::Verdict;

pub(crate) mod history;

/// Every verdict code, for pre-initialised labels.
const VERDICTS: [Verdict; 8] = [
    Verdict::Accepted,
    Verdict::WrongAnswer,
    Verdict::TimeLimit,
    Verdict::MemoryLimit,
    Verdict::OutputLimit,
    Verdict::RunTimeError,
    Verdict::CompileError,
    Verdict::InternalError,
];

/// Where an internal error happened.
pub(crate) const STAGES: [&str; 3] = ["api", "judging", "webhook"];
/// What became of a webhook attempt.
pub(crate) const WEBHOOK_OUTCOMES: [&str; 3] = ["delivered", "retrying", "failed"];
/// Rate-limit classes.
pub(crate) const CLASSES: [&str; 4] = ["submit", "run", "read", "manage"];

/// The service's metrics.
#[derive(Debug, Clone)]
pub(crate) struct Metrics {
    registry: Registry,
    /// `judge_http_requests_total{method,route,status}` (status: `2xx` ... `5xx`).
    pub http_requests: IntCounterVec,
    /// `judge_http_request_duration_seconds{method,route,status}`.
    pub http_duration: HistogramVec,
    /// `judge_http_requests_in_flight`.
    pub http_in_flight: IntGauge,
    /// Event streams (SSE) whose producer is alive.
    pub event_streams: IntGauge,
    /// `judge_queue_depth`: submissions waiting (read at scrape time).
    pub queue_depth: IntGauge,
    /// `judge_queue_capacity`.
    pub queue_capacity: IntGauge,
    /// `judge_workers_busy`.
    pub workers_busy: IntGauge,
    /// `judge_workers_total`.
    pub workers_total: IntGauge,
    /// `judge_submissions_total{language,verdict}`: final verdicts.
    pub submissions: IntCounterVec,
    /// `judge_queue_wait_seconds`: from accepted to taken by a worker.
    pub queue_wait: Histogram,
    /// `judge_compile_duration_seconds{language}`.
    pub compile_duration: HistogramVec,
    /// `judge_run_duration_seconds{language}`: every test of a submission.
    pub run_duration: HistogramVec,
    /// `judge_run_fuel{language}`: fuel of each test run.
    pub run_fuel: HistogramVec,
    /// `judge_tests_judged_total{verdict}`.
    pub tests_judged: IntCounterVec,
    /// `judge_module_cache_hits_total`.
    pub module_cache_hits: IntCounter,
    /// `judge_module_cache_misses_total`.
    pub module_cache_misses: IntCounter,
    /// `judge_compile_failures_total{language}`: compile errors (CE).
    pub compile_failures: IntCounterVec,
    /// `judge_internal_errors_total{stage}`.
    pub internal_errors: IntCounterVec,
    /// `judge_webhook_deliveries_total{outcome}`.
    pub webhook_deliveries: IntCounterVec,
    /// `judge_rate_limited_total{class}`.
    pub rate_limited: IntCounterVec,
    /// `judge_rate_limit_fallbacks_total{policy}`: requests decided by the
    /// configured policy because Redis, holding the fleet's buckets, did
    /// not answer.
    pub rate_limit_fallbacks: IntCounterVec,
    /// `judge_runs_total{language,status}`: custom-input runs.
    pub runs: IntCounterVec,
    /// The last hour of the golden signals, for the status page.
    history: std::sync::Arc<std::sync::Mutex<history::History>>,
}

fn opts(name: &str, help: &str) -> Opts {
    Opts::new(name, help).namespace("judge")
}

fn histogram(name: &str, help: &str, buckets: Vec<f64>) -> HistogramOpts {
    HistogramOpts::new(name, help)
        .namespace("judge")
        .buckets(buckets)
}

impl Metrics {
    /// Registers every metric; `languages` are the label values to start at zero.
    pub(crate) fn new(languages: &[&str]) -> prometheus::Result<Self> {
        // Prometheus's default buckets (5 ms .. 10 s, with the 0.5 s of the
        // latency SLO) and two more for slow uploads and runs.
        let mut seconds = prometheus::DEFAULT_BUCKETS.to_vec();
        seconds.extend([30.0, 60.0]);
        let long = exponential_buckets(0.05, 2.0, 14)?; // 50 ms .. 7 min
        let fuel = exponential_buckets(1e5, 4.0, 14)?; // 100 k .. 6.7e12
        let metrics = Self {
            registry: Registry::new(),
            http_requests: IntCounterVec::new(
                opts("http_requests_total", "HTTP requests answered."),
                &["method", "route", "status"],
            )?,
            http_duration: HistogramVec::new(
                histogram(
                    "http_request_duration_seconds",
                    "Time to answer an HTTP request (to the response head).",
                    seconds,
                ),
                &["method", "route", "status"],
            )?,
            http_in_flight: IntGauge::with_opts(opts(
                "http_requests_in_flight",
                "HTTP requests being answered.",
            ))?,
            event_streams: IntGauge::with_opts(opts(
                "event_streams_open",
                "Server-Sent Event streams whose producer task is alive.",
            ))?,
            queue_depth: IntGauge::with_opts(opts(
                "queue_depth",
                "Submissions waiting for a worker.",
            ))?,
            queue_capacity: IntGauge::with_opts(opts(
                "queue_capacity",
                "Submissions that may wait before 503.",
            ))?,
            workers_busy: IntGauge::with_opts(opts(
                "workers_busy",
                "Workers judging a submission.",
            ))?,
            workers_total: IntGauge::with_opts(opts("workers_total", "Workers in the pool."))?,
            submissions: IntCounterVec::new(
                opts(
                    "submissions_total",
                    "Submissions judged, by language and final verdict.",
                ),
                &["language", "verdict"],
            )?,
            queue_wait: Histogram::with_opts(histogram(
                "queue_wait_seconds",
                "Time from a submission's acceptance to a worker taking it.",
                long.clone(),
            ))?,
            compile_duration: HistogramVec::new(
                histogram(
                    "compile_duration_seconds",
                    "Time to build a submission (compile, or load from cache).",
                    long.clone(),
                ),
                &["language"],
            )?,
            run_duration: HistogramVec::new(
                histogram(
                    "run_duration_seconds",
                    "Time to run and check every test of a submission.",
                    long,
                ),
                &["language"],
            )?,
            run_fuel: HistogramVec::new(
                histogram("run_fuel", "Fuel used by each test run.", fuel),
                &["language"],
            )?,
            tests_judged: IntCounterVec::new(
                opts("tests_judged_total", "Test runs judged, by verdict."),
                &["verdict"],
            )?,
            module_cache_hits: IntCounter::with_opts(opts(
                "module_cache_hits_total",
                "Compiled modules loaded from the cache.",
            ))?,
            module_cache_misses: IntCounter::with_opts(opts(
                "module_cache_misses_total",
                "Modules compiled by Cranelift (not in the cache).",
            ))?,
            compile_failures: IntCounterVec::new(
                opts(
                    "compile_failures_total",
                    "Submissions that did not compile.",
                ),
                &["language"],
            )?,
            internal_errors: IntCounterVec::new(
                opts(
                    "internal_errors_total",
                    "Faults of the judge (IE verdicts, 5xx answers, webhook bugs).",
                ),
                &["stage"],
            )?,
            webhook_deliveries: IntCounterVec::new(
                opts("webhook_deliveries_total", "Webhook attempts, by outcome."),
                &["outcome"],
            )?,
            rate_limited: IntCounterVec::new(
                opts(
                    "rate_limited_total",
                    "Requests refused by a rate limit, by endpoint class.",
                ),
                &["class"],
            )?,
            rate_limit_fallbacks: IntCounterVec::new(
                opts(
                    "rate_limit_fallbacks_total",
                    "Requests let through (open) or refused (closed) because Redis, holding the fleet's rate limits, did not answer.",
                ),
                &["policy"],
            )?,
            runs: IntCounterVec::new(
                opts("runs_total", "Custom-input runs, by language and status."),
                &["language", "status"],
            )?,
            history: Default::default(),
        };
        metrics.register()?;
        metrics.start_at_zero(languages);
        Ok(metrics)
    }

    fn register(&self) -> prometheus::Result<()> {
        let r = &self.registry;
        r.register(Box::new(self.http_requests.clone()))?;
        r.register(Box::new(self.http_duration.clone()))?;
        r.register(Box::new(self.http_in_flight.clone()))?;
        r.register(Box::new(self.event_streams.clone()))?;
        r.register(Box::new(self.queue_depth.clone()))?;
        r.register(Box::new(self.queue_capacity.clone()))?;
        r.register(Box::new(self.workers_busy.clone()))?;
        r.register(Box::new(self.workers_total.clone()))?;
        r.register(Box::new(self.submissions.clone()))?;
        r.register(Box::new(self.queue_wait.clone()))?;
        r.register(Box::new(self.compile_duration.clone()))?;
        r.register(Box::new(self.run_duration.clone()))?;
        r.register(Box::new(self.run_fuel.clone()))?;
        r.register(Box::new(self.tests_judged.clone()))?;
        r.register(Box::new(self.module_cache_hits.clone()))?;
        r.register(Box::new(self.module_cache_misses.clone()))?;
        r.register(Box::new(self.compile_failures.clone()))?;
        r.register(Box::new(self.internal_errors.clone()))?;
        r.register(Box::new(self.webhook_deliveries.clone()))?;
        r.register(Box::new(self.rate_limited.clone()))?;
        r.register(Box::new(self.rate_limit_fallbacks.clone()))?;
        r.register(Box::new(self.runs.clone()))?;
        // The process's CPU, memory, open files and threads, by their standard names.
        r.register(Box::new(
            prometheus::process_collector::ProcessCollector::for_self(),
        ))?;
        Ok(())
    }

    fn start_at_zero(&self, languages: &[&str]) {
        for language in languages {
            for verdict in VERDICTS {
                self.submissions
                    .with_label_values(&[*language, verdict.code()]);
            }
            self.compile_duration.with_label_values(&[*language]);
            self.run_duration.with_label_values(&[*language]);
            self.run_fuel.with_label_values(&[*language]);
            self.compile_failures.with_label_values(&[*language]);
        }
        for verdict in VERDICTS {
            self.tests_judged.with_label_values(&[verdict.code()]);
        }
        for stage in STAGES {
            self.internal_errors.with_label_values(&[stage]);
        }
        for outcome in WEBHOOK_OUTCOMES {
            self.webhook_deliveries.with_label_values(&[outcome]);
        }
        for class in CLASSES {
            self.rate_limited.with_label_values(&[class]);
        }
        for policy in ["open", "closed"] {
            self.rate_limit_fallbacks.with_label_values(&[policy]);
        }
    }

    /// The text exposition of every metric.
    pub(crate) fn render(&self) -> String {
        let mut buffer = Vec::new();
        let encoder = TextEncoder::new();
        if let Err(error) = encoder.encode(&self.registry.gather(), &mut buffer) {
            tracing::error!(%error, "cannot encode metrics");
        }
        String::from_utf8(buffer).unwrap_or_default()
    }
}

/// An HTTP status as its class label.
pub(crate) fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

/// A method as a bounded label.
pub(crate) fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_series_exist_before_their_first_event() {
        let metrics = Metrics::new(&["c", "python"]).unwrap();
        let text = metrics.render();
        assert!(
            text.contains("judge_submissions_total{language=\"python\",verdict=\"IE\"} 0"),
            "{text}"
        );
        assert!(text.contains("judge_internal_errors_total{stage=\"judging\"} 0"));
        assert!(text.contains("judge_webhook_deliveries_total{outcome=\"failed\"} 0"));
        assert!(text.contains("judge_run_fuel_bucket{language=\"c\",le=\"100000\"} 0"));
    }

    #[test]
    fn labels_are_bounded() {
        assert_eq!(status_class(404), "4xx");
        assert_eq!(status_class(503), "5xx");
        assert_eq!(
            method_label(&axum::http::Method::from_bytes(b"BREW").unwrap()),
            "other"
        );
    }
}
