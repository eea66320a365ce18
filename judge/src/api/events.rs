//! `GET /v1/submissions/{id}/events`: a submission's progress as
//! Server-Sent Events (`state`, one `test` per judged test, `done`), replayed
//! from the event log, so a client reconnecting with `Last-Event-ID` resumes
//! where it was. The stream ends after `done`, or when the client leaves; a
//! client that already has every event of a finished submission gets
//! `204 No Content`, which tells a browser's `EventSource` to stop
//! reconnecting.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::Stream;

use crate::http::AppState;
use crate::http::auth::Caller;
use crate::http::error::{ApiError, ProblemDetails};
use crate::pipeline::judge::TestReport;
use crate::store::{Event, EventKind, SubmissionState};
use crate::views::Viewer;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/submissions/{id}/events", get(stream))
}

/// How often a stream looks for events even without a wake-up (another
/// process may be judging).
const POLL: Duration = Duration::from_secs(1);

/// Progress of a submission as Server-Sent Events.
#[utoipa::path(get, path = "/v1/submissions/{id}/events", operation_id = "streamSubmissionEvents", tag = "submissions",
    params(("id" = String, Path, description = "Submission id"),
           ("Last-Event-ID" = Option<i64>, Header, description = "Resume after this event")),
    responses((status = 200, description = "text/event-stream of `state`, `test` and `done` events", content_type = "text/event-stream"),
              (status = 204, description = "The submission is done and `Last-Event-ID` says the client has every event"),
              (status = 404, body = ProblemDetails)),
    security(("bearer" = [])))]
async fn stream(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let submission = state
        .store
        .submission(&id)
        .await?
        .filter(|s| caller.may_read(&s.owner))
        .ok_or_else(|| ApiError::not_found(format!("no submission {id}")))?;
    let after = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(0);
    let finished = submission.state == SubmissionState::Done;
    if finished && state.store.events_after(&id, after).await?.is_empty() {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let problem = submission.problem;
    let mut changes = state.changes.subscribe();
    let mut shutdown = state.shutdown.clone();
    let open = state.metrics.event_streams.clone();
    let events = async_stream(move |tx| async move {
        let _open = Open::count(open);
        let mut last = after;
        loop {
            let batch = match state.store.events_after(&id, last).await {
                Ok(batch) => batch,
                Err(error) => {
                    tracing::error!(error = format!("{error:#}"), "event stream");
                    return;
                }
            };
            let viewer = Viewer {
                role: caller.role,
                bank: &state.bank,
            };
            for event in batch {
                last = event.seq;
                let done = event.kind == EventKind::Done;
                if tx.send(render(&viewer, &problem, event)).await.is_err() || done {
                    return;
                }
            }
            if finished {
                // Everything of a finished submission was in that batch.
                return;
            }
            tokio::select! {
                _ = changes.changed() => {}
                _ = tokio::time::sleep(POLL) => {}
                _ = shutdown.changed() => return,
                // The client left: nothing will ever read what comes next.
                () = tx.closed() => return,
            }
        }
    });
    Ok(Sse::new(events)
        .keep_alive(KeepAlive::default())
        .into_response())
}

fn render(viewer: &Viewer<'_>, problem: &str, event: Event) -> Result<SseEvent, Infallible> {
    let data = match event.kind {
        EventKind::Test => match serde_json::from_value::<TestReport>(event.data) {
            Ok(test) => serde_json::to_value(viewer.test(problem, &test)).unwrap_or_default(),
            Err(_) => serde_json::Value::Null,
        },
        EventKind::State | EventKind::Done => event.data,
    };
    Ok(SseEvent::default()
        .id(event.seq.to_string())
        .event(event.kind.as_str())
        .data(data.to_string()))
}

/// A live producer, counted in the open-streams gauge until dropped: however
/// its task ends (returns, panics, or is aborted at shutdown).
struct Open(prometheus::IntGauge);

impl Open {
    fn count(gauge: prometheus::IntGauge) -> Self {
        gauge.inc();
        Self(gauge)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// A stream fed by a task (a small channel keeps a slow client from
/// buffering the whole log in memory).
fn async_stream<T, F, Fut>(produce: F) -> impl Stream<Item = T>
where
    T: Send + 'static,
    F: FnOnce(tokio::sync::mpsc::Sender<T>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    tokio::spawn(produce(tx));
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}
