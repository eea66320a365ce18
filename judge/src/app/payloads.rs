//! What webhooks carry, by kind: a judged submission as `/v1` shows it to
//! its owner (POST), a queued run as Judge0 shows it (PUT, for Judge0's
//! `callback_url`).

use std::sync::Arc;

use futures_util::future::BoxFuture;

use crate::bank::Bank;
use crate::jobs::webhook::Payloads;
use crate::store::{DueWebhook, Role, Store};
use crate::views::Viewer;

/// Makes every kind's body.
#[derive(Debug)]
pub(super) struct Bodies {
    /// Where submissions and runs are.
    pub store: Store,
    /// For samples' data in a submission's view.
    pub bank: Arc<Bank>,
}

impl Payloads for Bodies {
    fn payload<'a>(
        &'a self,
        hook: &'a DueWebhook,
    ) -> BoxFuture<'a, Result<(reqwest::Method, Vec<u8>), String>> {
        Box::pin(async move {
            match hook.kind.as_str() {
                "run" => Ok((
                    reqwest::Method::PUT,
                    crate::compat::judge0::callback_body(&self.store, &hook.submission_id).await?,
                )),
                _ => Ok((
                    reqwest::Method::POST,
                    self.submission(&hook.submission_id).await?,
                )),
            }
        })
    }
}

impl Bodies {
    async fn submission(&self, id: &str) -> Result<Vec<u8>, String> {
        let submission = self
            .store
            .submission(id)
            .await
            .map_err(|e| format!("{e:#}"))?
            .ok_or_else(|| "the submission is gone".to_owned())?;
        // The receiver sees what the submission's owner sees, but for the
        // source, which it sent (the payload stays small).
        let mut view = Viewer {
            role: Role::Candidate,
            bank: &self.bank,
        }
        .full(&submission, &[]);
        view.source = None;
        serde_json::to_vec(&view).map_err(|e| e.to_string())
    }
}
