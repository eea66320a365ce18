//! Input validators: `validator < test.in`, exit 42 when the input is valid.
//! A package's own programs, so they run in the sandbox too.

use sandbox::{Sandbox, Termination};

use super::custom;
use crate::pipeline::program::Program;

/// Runs `validator` on `input`. `Ok(Err(why))` is a rejected input.
pub(crate) async fn check(
    sandbox: &Sandbox,
    validator: &Program,
    input: &[u8],
) -> anyhow::Result<Result<(), String>> {
    let mut spec = validator.launch.run_spec(&[]);
    spec.stdin = input.to_vec();
    spec.limits = custom::limits();
    let outcome = sandbox.run(&validator.module, &spec).await?;
    Ok(match outcome.termination {
        Termination::Exited { code: 42 } => Ok(()),
        other => {
            let said = String::from_utf8_lossy(&outcome.stderr);
            let said = said.lines().next().unwrap_or("").trim();
            Err(format!(
                "{other}{}",
                if said.is_empty() {
                    String::new()
                } else {
                    format!(": {said}")
                }
            ))
        }
    })
}
