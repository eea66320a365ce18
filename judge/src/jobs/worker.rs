//! Workers: each takes the oldest queued submission (with a lease, renewed
//! while it works), compiles it, judges it on every test off the async
//! threads, records each test as an event, and writes the verdict once.
//! A pool of them is bounded by the CPU slots; work a client waits for (custom
//! runs) has a pool of its own (`run_slots`), and upload verification a slot.
//!
//! Architecture invariant: a verdict is a value, an `Err` is the judge's
//! fault. Any `Err` while judging becomes the verdict IE (logged with the
//! submission id), never a lost submission.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{mpsc, watch};
use tracing::Instrument;

use super::Jobs;
use crate::bank::Entry;
use crate::pipeline::compile::SourceFile;
use crate::pipeline::cpu::{Slot, Wait};
use crate::pipeline::judge::{Judge, Report, TestReport};
use crate::pipeline::profile;
use crate::pipeline::program::Built;
use crate::pipeline::run_job::{self, RunJob, RunRecord};
use crate::pipeline::verdict::Verdict;
use crate::store::{Claimed, Lease, StoredRun, SubmissionState, now_ms};

/// How often an idle worker looks at the queue without a wake-up (another
/// process may have queued work).
const IDLE_POLL: Duration = Duration::from_secs(1);

/// One worker's loop, until `shutdown`; the submission in hand is finished
/// first (a graceful shutdown drains).
pub(crate) async fn run(state: Jobs, name: String, mut shutdown: watch::Receiver<bool>) {
    let mut changes = state.changes.subscribe();
    let lease = state.lease;
    loop {
        if *shutdown.borrow() {
            return;
        }
        let slot = tokio::select! {
            slot = state.slots.slot(Wait::AsLongAsItTakes) => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
            _ = shutdown.changed() => return,
        };
        match state.store.claim(&name, lease).await {
            Ok(Some(claimed)) => {
                let waited = now_ms() - claimed.submission.created_at;
                state
                    .metrics
                    .queue_wait
                    .observe(waited.max(0) as f64 / 1000.0);
                let span = tracing::info_span!(
                    "judging",
                    submission = %claimed.submission.id,
                    request_id = claimed.request_id.as_deref().unwrap_or(""),
                    worker = %name,
                );
                state.metrics.workers_busy.inc();
                process(&state, claimed, slot).instrument(span).await;
                state.metrics.workers_busy.dec();
            }
            Ok(None) => {
                // No submission: a queued run, if any.
                match state.store.claim_run(&name, lease * 3).await {
                    Ok(Some((run, held))) => {
                        let span = tracing::info_span!("run", token = %run.token, worker = %name);
                        state.metrics.workers_busy.inc();
                        process_run(&state, held, run, slot).instrument(span).await;
                        state.metrics.workers_busy.dec();
                        continue;
                    }
                    Ok(None) => {}
                    Err(error) => {
                        tracing::error!(error = format!("{error:#}"), "cannot claim a run");
                    }
                }
                drop(slot);
                tokio::select! {
                    _ = changes.changed() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                    _ = shutdown.changed() => return,
                }
            }
            Err(error) => {
                drop(slot);
                tracing::error!(error = format!("{error:#}"), "cannot claim from the queue");
                tokio::time::sleep(IDLE_POLL).await;
            }
        }
    }
}

/// What the judging thread reports as it goes.
enum Progress {
    Running,
    Test(TestReport),
}

async fn process(state: &Jobs, claimed: Claimed, slot: Slot) {
    let held = claimed.lease;
    let submission = claimed.submission;
    let id = submission.id.clone();
    tracing::info!(
        problem = %submission.problem,
        language = %submission.language,
        claims = submission.claims,
        "judging"
    );
    let heartbeat = tokio::spawn(renew_lease(state.clone(), id.clone(), held.clone()));
    let (progress_tx, mut progress_rx) = mpsc::unbounded_channel();
    let recorder = {
        let state = state.clone();
        let (id, held) = (id.clone(), held.clone());
        tokio::spawn(async move {
            while let Some(progress) = progress_rx.recv().await {
                let recorded = match progress {
                    Progress::Running => state
                        .store
                        .advance(&id, &held, SubmissionState::Running)
                        .await
                        .map(drop),
                    Progress::Test(test) => {
                        let data = serde_json::to_value(&test).unwrap_or_default();
                        state.store.record_test(&id, &held, &data).await
                    }
                };
                if let Err(error) = recorded {
                    tracing::error!(error = format!("{error:#}"), "cannot record progress");
                }
                state.notify();
            }
        })
    };
    let entry = current_entry(state, &submission.problem).await;
    let judging = {
        let state = state.clone();
        let (language, source) = (submission.language.clone(), submission.source.clone());
        let extra = crate::store::beside(&submission.files);
        slot.run(move || {
            judge(
                &state,
                entry.as_deref(),
                &language,
                source.as_bytes(),
                &extra,
                &progress_tx,
            )
        })
    };
    let report = match judging.await.and_then(|judged| judged) {
        Ok(report) => report,
        Err(error) => internal_error(&error),
    };
    let language = language_label(state, &submission.language);
    state
        .metrics
        .submissions
        .with_label_values(&[language, report.verdict.code()])
        .inc();
    if report.verdict == Verdict::InternalError {
        state
            .metrics
            .internal_errors
            .with_label_values(&["judging"])
            .inc();
    }
    let _ = recorder.await;
    heartbeat.abort();
    let json = serde_json::to_string(&report).unwrap_or_default();
    let verdict = report.verdict.code();
    match state
        .store
        .finish(&id, &held, verdict, report.score, report.max_score, &json)
        .await
    {
        Ok(true) => tracing::info!(
            verdict,
            score = report.score,
            fuel = report.max_fuel(),
            "judged"
        ),
        Ok(false) => tracing::warn!("lost the lease before finishing; another worker has it"),
        Err(error) => tracing::error!(error = format!("{error:#}"), "cannot record the verdict"),
    }
    state.notify();
}

fn internal_error(error: &anyhow::Error) -> Report {
    tracing::error!(error = format!("{error:#}"), "internal error while judging");
    Report {
        verdict: Verdict::InternalError,
        score: None,
        max_score: None,
        fuel_limit: 0,
        time_limit: None,
        tests: Vec::new(),
        compile_log: None,
        growth: None,
    }
}

/// Compiles and judges. Blocking.
fn judge(
    state: &Jobs,
    entry: Option<&Entry>,
    language: &str,
    source: &[u8],
    extra: &[SourceFile],
    progress: &mpsc::UnboundedSender<Progress>,
) -> anyhow::Result<Report> {
    let entry = entry.ok_or_else(|| anyhow::anyhow!("the problem is no longer in the bank"))?;
    let problem = &entry.problem;
    let toolbox = &state.toolbox;
    let metrics = &state.metrics;
    let language = toolbox
        .catalog
        .get(language)
        .ok_or_else(|| anyhow::anyhow!("unknown language {language}"))?;
    let limit = problem
        .time_limit_for(language)
        .ok_or_else(|| anyhow::anyhow!("problem {} has no time limit", problem.slug))?;
    let fuel = limit.fuel;
    let label = [language.id()];
    let started = Instant::now();
    let built = toolbox.build_source(language, source, extra)?;
    metrics
        .compile_duration
        .with_label_values(&label)
        .observe(started.elapsed().as_secs_f64());
    let program = match built {
        Built::CompileError(log) => {
            metrics.compile_failures.with_label_values(&label).inc();
            return Ok(Report {
                time_limit: Some(limit),
                ..Report::compile_error(log, fuel)
            });
        }
        Built::Program(program) => program,
    };
    if program.native_cache_hit {
        metrics.module_cache_hits.inc();
    } else {
        metrics.module_cache_misses.inc();
    }
    let validator = entry.validator(toolbox)?;
    let _ = progress.send(Progress::Running);
    let judge = Judge {
        sandbox: &toolbox.sandbox,
        problem,
        validator,
    };
    let started = Instant::now();
    let fuel_used = metrics.run_fuel.with_label_values(&label);
    let mut report = judge.judge(&program, fuel, &mut |test| {
        fuel_used.observe(test.fuel as f64);
        metrics
            .tests_judged
            .with_label_values(&[test.verdict.code()])
            .inc();
        let _ = progress.send(Progress::Test(test.clone()));
    })?;
    metrics
        .run_duration
        .with_label_values(&label)
        .observe(started.elapsed().as_secs_f64());
    report.time_limit = Some(limit);
    // The growth rate is an insight, not the verdict: a failure to measure
    // it leaves the report without one.
    let profiled = profile::for_insights(toolbox, problem, &report, language, source, extra);
    if let Err(error) = judge.insights(&program, profiled.as_ref(), &mut report) {
        tracing::warn!(
            error = format!("{error:#}"),
            problem = problem.slug,
            "cannot measure the growth rate"
        );
    }
    Ok(report)
}

/// Runs a queued run and writes its result once, renewing its lease (three
/// times a submission's) while it runs: a compile and a run on a loaded
/// machine can outlast any fixed lease.
async fn process_run(state: &Jobs, held: Lease, run: StoredRun, slot: Slot) {
    let heartbeat = tokio::spawn(renew_run_lease(
        state.clone(),
        run.token.clone(),
        held.clone(),
    ));
    run_and_record(state, &held, run, slot).await;
    heartbeat.abort();
}

async fn run_and_record(state: &Jobs, held: &Lease, run: StoredRun, slot: Slot) {
    let job: RunJob = match serde_json::from_str(&run.job) {
        Ok(job) => job,
        Err(error) => {
            tracing::error!(%error, "unreadable stored run");
            return;
        }
    };
    let toolbox = state.toolbox.clone();
    let queued = job.clone();
    let record = match slot
        .run(move || run_job::execute(&toolbox, &queued))
        .await
        .and_then(|ran| ran)
    {
        Ok(record) => record,
        Err(error) => {
            tracing::error!(error = format!("{error:#}"), "internal error while running");
            state
                .metrics
                .internal_errors
                .with_label_values(&["judging"])
                .inc();
            RunRecord::internal_error()
        }
    };
    state
        .metrics
        .runs
        .with_label_values(&[language_label(state, &job.language), record.status.as_str()])
        .inc();
    let result = serde_json::to_string(&record).unwrap_or_default();
    match state
        .store
        .finish_run(&run.token, held, &result, job.callback_url.as_deref())
        .await
    {
        Ok(true) => tracing::info!(status = record.status.as_str(), "ran"),
        Ok(false) => tracing::warn!("lost the run's lease before finishing"),
        Err(error) => tracing::error!(error = format!("{error:#}"), "cannot record the run"),
    }
    state.notify();
}

/// The problem `slug` as the store has it now: bundled, or uploaded (maybe
/// through another process since this one started: unpacked here on first
/// use, and again after it was deleted and uploaded anew), should its
/// notification not have arrived yet. An embedded store has no other
/// process: the bank is the store's.
async fn current_entry(state: &Jobs, slug: &str) -> Option<Arc<Entry>> {
    if state.store.shared()
        && let Err(error) = state
            .bank
            .follow_store(&state.store, slug, state.unpack_limits)
            .await
    {
        tracing::warn!(
            error = format!("{error:#}"),
            "cannot read the uploaded problem; judging the copy at hand"
        );
    }
    state.bank.get(slug)
}

/// A language as a bounded metric label: a catalog id, else `other`.
fn language_label<'a>(state: &'a Jobs, language: &str) -> &'a str {
    state
        .toolbox
        .catalog
        .get(language)
        .map_or("other", |l| l.id())
}

/// Renews the lease while judging goes on.
async fn renew_lease(state: Jobs, id: String, held: Lease) {
    let lease = state.lease;
    loop {
        tokio::time::sleep(lease / 3).await;
        match state.store.renew(&id, &held, lease).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => tracing::warn!(error = format!("{error:#}"), "cannot renew the lease"),
        }
    }
}

/// Renews a run's lease while it runs.
async fn renew_run_lease(state: Jobs, token: String, held: Lease) {
    let lease = state.lease * 3;
    loop {
        tokio::time::sleep(lease / 3).await;
        match state.store.renew_run(&token, &held, lease).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(error) => {
                tracing::warn!(error = format!("{error:#}"), "cannot renew the run's lease");
            }
        }
    }
}

/// The pool's size and the names of its workers (unique per process, so a
/// lease names the process that holds it).
pub(crate) fn names(count: usize) -> Vec<String> {
    let process = uuid::Uuid::now_v7().simple().to_string();
    let process = &process[20..]; // the random part
    (0..count).map(|i| format!("{process}-{i}")).collect()
}
