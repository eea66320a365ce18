//! A small in-memory history of the golden signals, for the status page:
//! the server samples its own metrics every few seconds and keeps the last
//! hour, so an operator sees request rate, error ratio, latency and
//! saturation over time without running Prometheus. Every figure is
//! computed from the same counters `/metrics` exports, the way the
//! recording rules in `ops/prometheus` compute them from a scrape: rates
//! over a one-minute window, latency quantiles interpolated in the
//! histogram's buckets (as `histogram_quantile` does), and the routes that
//! are slow by design left out of latency.

use std::collections::VecDeque;
use std::time::Duration;

use prometheus::core::Collector;

use super::Metrics;

/// How often the history is sampled.
pub(crate) const SAMPLE_EVERY: Duration = Duration::from_secs(5);
/// How far back it goes.
const KEEP: Duration = Duration::from_secs(3600);
/// The window of each point's rates and quantiles.
pub(crate) const WINDOW: Duration = Duration::from_secs(60);

/// Routes whose answers are slow by design (an event stream lasts as long
/// as its submission; a run or an upload judges code while the client
/// waits): left out of latency, as the latency SLI leaves them out.
const SLOW_BY_DESIGN: [&str; 3] = ["/v1/submissions/{id}/events", "/v1/runs", "/v1/problems"];

/// The cumulative counters and the gauges at one moment.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Snapshot {
    /// Unix ms.
    pub at_ms: i64,
    /// HTTP answers, all statuses.
    pub requests: u64,
    /// HTTP answers with a 5xx status.
    pub errors: u64,
    /// `(upper bound, cumulative count)` of the latency histogram, summed
    /// over every route but the slow-by-design ones.
    pub latency: Vec<(f64, u64)>,
    /// Submissions waiting.
    pub queue_depth: i64,
    /// Submissions that may wait.
    pub queue_capacity: i64,
    /// Workers judging.
    pub workers_busy: i64,
    /// Workers in the pool.
    pub workers_total: i64,
}

/// One point of the status page's charts: what happened over the window
/// that ends at `at_ms`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Point {
    /// Unix ms at the end of the window.
    pub at_ms: i64,
    /// HTTP requests per second.
    pub request_rate: f64,
    /// Share of answers that were 5xx (0 when there were none at all).
    pub error_ratio: f64,
    /// Median latency, seconds (absent when no request ended in the window).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p50_seconds: Option<f64>,
    /// 95th percentile latency, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p95_seconds: Option<f64>,
    /// 99th percentile latency, seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_p99_seconds: Option<f64>,
    /// Submissions waiting.
    pub queue_depth: i64,
    /// Submissions that may wait.
    pub queue_capacity: i64,
    /// Workers judging.
    pub workers_busy: i64,
    /// Workers in the pool.
    pub workers_total: i64,
}

/// The last hour of snapshots.
#[derive(Debug, Default)]
pub(crate) struct History {
    snapshots: VecDeque<Snapshot>,
}

impl History {
    /// Keeps `snapshot`, forgetting what is older than an hour before it.
    pub(crate) fn push(&mut self, snapshot: Snapshot) {
        let horizon = snapshot.at_ms - millis(KEEP);
        while self.snapshots.front().is_some_and(|s| s.at_ms < horizon) {
            self.snapshots.pop_front();
        }
        self.snapshots.push_back(snapshot);
    }

    /// A point for every kept snapshot after the first, and one for `now`
    /// (a snapshot taken as the page asks, so the last point is current).
    pub(crate) fn points(&self, now: &Snapshot) -> Vec<Point> {
        let all: Vec<&Snapshot> = self.snapshots.iter().chain([now]).collect();
        let mut points = Vec::with_capacity(all.len());
        for (index, end) in all.iter().enumerate().skip(1) {
            // The oldest snapshot still inside the window (the one just
            // before the window when the history is short).
            let start = all[..index]
                .iter()
                .find(|s| s.at_ms >= end.at_ms - millis(WINDOW))
                .unwrap_or(&all[index - 1]);
            points.push(point(start, end));
        }
        points
    }
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// What happened between two snapshots.
fn point(start: &Snapshot, end: &Snapshot) -> Point {
    let seconds = (end.at_ms - start.at_ms).max(1) as f64 / 1000.0;
    let requests = end.requests.saturating_sub(start.requests);
    let errors = end.errors.saturating_sub(start.errors);
    let buckets: Vec<(f64, u64)> = end
        .latency
        .iter()
        .map(|&(bound, count)| {
            let before = start
                .latency
                .iter()
                .find(|(b, _)| *b == bound)
                .map_or(0, |(_, c)| *c);
            (bound, count.saturating_sub(before))
        })
        .collect();
    Point {
        at_ms: end.at_ms,
        request_rate: requests as f64 / seconds,
        error_ratio: if requests == 0 {
            0.0
        } else {
            errors as f64 / requests as f64
        },
        latency_p50_seconds: quantile(0.50, &buckets),
        latency_p95_seconds: quantile(0.95, &buckets),
        latency_p99_seconds: quantile(0.99, &buckets),
        queue_depth: end.queue_depth,
        queue_capacity: end.queue_capacity,
        workers_busy: end.workers_busy,
        workers_total: end.workers_total,
    }
}

/// The `q` quantile of cumulative `buckets` (ascending bounds, the last
/// `+Inf`), interpolated linearly inside its bucket as Prometheus's
/// `histogram_quantile` does; a quantile in the `+Inf` bucket is the
/// highest finite bound.
fn quantile(q: f64, buckets: &[(f64, u64)]) -> Option<f64> {
    let total = buckets.last()?.1;
    if total == 0 {
        return None;
    }
    let rank = q * total as f64;
    let mut lower = (0.0, 0u64);
    for &(bound, count) in buckets {
        if count as f64 >= rank {
            if bound.is_infinite() {
                return Some(lower.0);
            }
            let inside = (count - lower.1) as f64;
            let share = if inside == 0.0 {
                0.0
            } else {
                (rank - lower.1 as f64) / inside
            };
            return Some(lower.0 + (bound - lower.0) * share);
        }
        lower = (bound, count);
    }
    Some(lower.0)
}

impl Metrics {
    /// The counters and gauges now (the queue depth as last set: the
    /// caller refreshes it from the store first).
    pub(crate) fn snapshot(&self, at_ms: i64) -> Snapshot {
        let mut requests = 0;
        let mut errors = 0;
        for family in self.http_requests.collect() {
            for metric in family.get_metric() {
                let count = metric.get_counter().get_value() as u64;
                requests += count;
                if label(metric, "status") == Some("5xx") {
                    errors += count;
                }
            }
        }
        let mut latency: Vec<(f64, u64)> = Vec::new();
        for family in self.http_duration.collect() {
            for metric in family.get_metric() {
                if label(metric, "route").is_some_and(|r| SLOW_BY_DESIGN.contains(&r)) {
                    continue;
                }
                let histogram = metric.get_histogram();
                let buckets = histogram
                    .get_bucket()
                    .iter()
                    .map(|b| (b.upper_bound(), b.cumulative_count()))
                    .chain([(f64::INFINITY, histogram.get_sample_count())]);
                if latency.is_empty() {
                    latency = buckets.collect();
                } else {
                    for (sum, (_, count)) in latency.iter_mut().zip(buckets) {
                        sum.1 += count;
                    }
                }
            }
        }
        Snapshot {
            at_ms,
            requests,
            errors,
            latency,
            queue_depth: self.queue_depth.get(),
            queue_capacity: self.queue_capacity.get(),
            workers_busy: self.workers_busy.get(),
            workers_total: self.workers_total.get(),
        }
    }

    /// Takes a snapshot into the history.
    pub(crate) fn sample(&self, at_ms: i64) {
        let snapshot = self.snapshot(at_ms);
        self.history
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(snapshot);
    }

    /// The status page's points, ending now.
    pub(crate) fn points(&self, at_ms: i64) -> Vec<Point> {
        let now = self.snapshot(at_ms);
        self.history
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .points(&now)
    }

    /// `(language, verdict, count)` of every non-zero verdict counter.
    pub(crate) fn verdicts(&self) -> Vec<(String, String, u64)> {
        let mut found = Vec::new();
        for family in self.submissions.collect() {
            for metric in family.get_metric() {
                let count = metric.get_counter().get_value() as u64;
                if let (Some(language), Some(verdict), true) = (
                    label(metric, "language"),
                    label(metric, "verdict"),
                    count > 0,
                ) {
                    found.push((language.to_owned(), verdict.to_owned(), count));
                }
            }
        }
        found.sort();
        found
    }
}

fn label<'m>(metric: &'m prometheus::proto::Metric, name: &str) -> Option<&'m str> {
    metric
        .get_label()
        .iter()
        .find(|pair| pair.name() == name)
        .map(|pair| pair.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(at_ms: i64, requests: u64, errors: u64, latency: &[(f64, u64)]) -> Snapshot {
        Snapshot {
            at_ms,
            requests,
            errors,
            latency: latency.to_vec(),
            queue_depth: 2,
            queue_capacity: 10,
            workers_busy: 1,
            workers_total: 2,
        }
    }

    #[test]
    fn quantiles_interpolate_inside_their_bucket_like_histogram_quantile() {
        // 100 answers: 50 under 0.1 s, 40 more under 0.5 s, 10 over 1 s.
        let buckets = [(0.1, 50), (0.5, 90), (1.0, 90), (f64::INFINITY, 100)];
        assert_eq!(quantile(0.5, &buckets), Some(0.1));
        // Rank 70 is halfway through the 0.1..0.5 bucket's 40.
        assert!((quantile(0.7, &buckets).unwrap() - 0.3).abs() < 1e-9);
        // In +Inf: the highest finite bound.
        assert_eq!(quantile(0.99, &buckets), Some(1.0));
        assert_eq!(quantile(0.5, &[(0.1, 0), (f64::INFINITY, 0)]), None);
    }

    #[test]
    fn points_are_rates_over_the_last_minute() {
        let mut history = History::default();
        let bounds = |a, b| vec![(0.1, a), (f64::INFINITY, b)];
        history.push(at(0, 0, 0, &bounds(0, 0)));
        history.push(at(30_000, 60, 0, &bounds(60, 60)));
        history.push(at(60_000, 120, 6, &bounds(100, 120)));
        let now = at(90_000, 300, 6, &bounds(100, 300));
        let points = history.points(&now);
        assert_eq!(points.len(), 3);
        // 0..30 s: 60 requests in 30 s.
        assert_eq!(points[0].request_rate, 2.0);
        // 0..60 s: 120 in 60 s, 6 of them 5xx.
        assert_eq!(points[1].request_rate, 2.0);
        assert!((points[1].error_ratio - 0.05).abs() < 1e-12);
        // 30..90 s (the window is a minute): 240 in 60 s, the same 6 failed.
        assert_eq!(points[2].request_rate, 4.0);
        assert!((points[2].error_ratio - 0.025).abs() < 1e-12);
        assert_eq!(points[2].latency_p50_seconds, Some(0.1));
        assert_eq!(points[2].queue_depth, 2);
    }

    #[test]
    fn the_history_keeps_an_hour() {
        let mut history = History::default();
        for minute in 0..90 {
            history.push(at(minute * 60_000, 0, 0, &[]));
        }
        assert_eq!(history.snapshots.len(), 61);
        assert_eq!(history.snapshots[0].at_ms, 29 * 60_000);
    }

    #[test]
    fn a_snapshot_reads_the_exported_counters() {
        let metrics = Metrics::new(&["c"]).unwrap();
        metrics
            .http_requests
            .with_label_values(&["GET", "/v1/problems/{slug}", "2xx"])
            .inc_by(3);
        metrics
            .http_requests
            .with_label_values(&["POST", "/v1/submissions", "5xx"])
            .inc();
        metrics
            .http_duration
            .with_label_values(&["GET", "/v1/problems/{slug}", "2xx"])
            .observe(0.002);
        metrics
            .http_duration
            .with_label_values(&["GET", "/v1/runs", "2xx"])
            .observe(3.0);
        metrics
            .submissions
            .with_label_values(&["c", "AC"])
            .inc_by(2);
        let snapshot = metrics.snapshot(1);
        assert_eq!((snapshot.requests, snapshot.errors), (4, 1));
        // The run (slow by design) is left out of latency.
        assert_eq!(snapshot.latency.last(), Some(&(f64::INFINITY, 1)));
        assert_eq!(
            metrics.verdicts(),
            vec![("c".to_owned(), "AC".to_owned(), 2)]
        );
    }
}
