//! Multi-pass test cases (`type: multi-pass`): the output validator accepts
//! a pass and writes `nextpass.in` in its feedback directory to have the
//! submission run again on that input, up to the problem's
//! `validation_passes`. The feedback directory lasts the whole test case, so
//! the validator keeps its state there between passes.
//!
//! Each later pass sees the same guest paths as the first: its input and a
//! copy of the answer file sit in a directory of the test case's own,
//! granted as `/testdata` in place of the test's folder.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use anyhow::Context;

use super::untrusted::{self, Left};
use super::validate::Judgement;
use crate::problem::TestCase;

/// The file a validator writes to ask for another pass.
pub(crate) const NEXT_PASS: &str = "nextpass.in";

/// The largest next-pass input the judge reads. The feedback directory's
/// write quota (16 MiB) stops a validator well before it; a single write
/// may pass the quota by its own size, and this bounds that too.
const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The passes of one test case.
#[derive(Debug)]
pub(crate) struct Passes<'a> {
    /// The case as the current pass sees it.
    case: Cow<'a, TestCase>,
    /// The pass being run, from 1.
    pass: u32,
    /// The most passes.
    most: u32,
    /// Where later passes' inputs live (made for the second pass).
    dir: Option<tempfile::TempDir>,
}

impl<'a> Passes<'a> {
    /// The first pass of `case`, of at most `most`.
    pub(crate) fn new(case: &'a TestCase, most: u32) -> Self {
        Self {
            case: Cow::Borrowed(case),
            pass: 1,
            most,
            dir: None,
        }
    }

    /// The case of the current pass: its input is the pass's input.
    pub(crate) fn case(&self) -> &TestCase {
        &self.case
    }

    /// After a pass the validator accepted or rejected (`judgement`) with
    /// `feedback` as its feedback directory: whether another pass follows
    /// (its input taken out of the feedback directory). An `Err` is the
    /// package's fault: a next pass asked for past the limit, or with a
    /// rejection, or left as something other than a regular file.
    pub(crate) fn next(&mut self, judgement: &Judgement, feedback: &Path) -> anyhow::Result<bool> {
        let path = feedback.join(NEXT_PASS);
        let (file, length) = match untrusted::open(&path)
            .with_context(|| format!("cannot open the output validator's {NEXT_PASS}"))?
        {
            Left::Missing => return Ok(false),
            Left::File(file, length) => (file, length),
            Left::Link | Left::NotRegular => {
                anyhow::bail!(
                    "the output validator left {NEXT_PASS} as something other than a regular file"
                )
            }
        };
        anyhow::ensure!(
            judgement.accepted,
            "the output validator wrote {NEXT_PASS} and rejected the output (a next pass needs exit code 42)"
        );
        anyhow::ensure!(
            self.pass < self.most,
            "the output validator asked for pass {} and the problem allows {} (limits.validation_passes)",
            self.pass + 1,
            self.most
        );
        anyhow::ensure!(
            length <= MAX_INPUT_BYTES,
            "the output validator's {NEXT_PASS} is larger than {} MiB",
            MAX_INPUT_BYTES >> 20
        );
        let mut input = Vec::new();
        file.take(MAX_INPUT_BYTES)
            .read_to_end(&mut input)
            .with_context(|| format!("cannot read the output validator's {NEXT_PASS}"))?;
        std::fs::remove_file(&path)
            .with_context(|| format!("cannot remove the output validator's {NEXT_PASS}"))?;
        self.advance(&input)?;
        Ok(true)
    }

    /// Moves to the next pass, on `input`.
    fn advance(&mut self, input: &[u8]) -> anyhow::Result<()> {
        let dir = match &self.dir {
            Some(dir) => dir.path().to_owned(),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("judge-pass-")
                    .tempdir()
                    .context("cannot make a directory for the next pass")?;
                let answer = dir.path().join(file_name(&self.case.answer)?);
                std::fs::copy(&self.case.answer, &answer)
                    .with_context(|| format!("cannot copy {}", self.case.answer.display()))?;
                self.dir.insert(dir).path().to_owned()
            }
        };
        let input_path = dir.join(file_name(&self.case.input)?);
        std::fs::write(&input_path, input)
            .with_context(|| format!("cannot write {}", input_path.display()))?;
        let answer = dir.join(file_name(&self.case.answer)?);
        self.case = Cow::Owned(TestCase {
            input: input_path,
            answer,
            ..self.case.clone().into_owned()
        });
        self.pass += 1;
        Ok(())
    }
}

fn file_name(path: &Path) -> anyhow::Result<&std::ffi::OsStr> {
    path.file_name()
        .with_context(|| format!("{} has no file name", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(dir: &Path) -> TestCase {
        std::fs::write(dir.join("1.in"), "first\n").unwrap();
        std::fs::write(dir.join("1.ans"), "answer\n").unwrap();
        TestCase {
            name: "secret/1".to_owned(),
            input: dir.join("1.in"),
            answer: dir.join("1.ans"),
            args: Vec::new(),
            validator_args: Vec::new(),
        }
    }

    fn accepted(accepted: bool) -> Judgement {
        Judgement {
            accepted,
            ..Judgement::default()
        }
    }

    #[test]
    fn a_next_pass_runs_on_the_validators_input_beside_a_copy_of_the_answer() {
        let data = tempfile::tempdir().unwrap();
        let feedback = tempfile::tempdir().unwrap();
        let case = case(data.path());
        let mut passes = Passes::new(&case, 3);
        assert!(
            !passes.next(&accepted(true), feedback.path()).unwrap(),
            "no nextpass.in: done"
        );

        std::fs::write(feedback.path().join(NEXT_PASS), "second\n").unwrap();
        assert!(passes.next(&accepted(true), feedback.path()).unwrap());
        assert!(
            !feedback.path().join(NEXT_PASS).exists(),
            "taken out of the feedback dir"
        );
        let second = passes.case();
        assert_eq!(std::fs::read_to_string(&second.input).unwrap(), "second\n");
        assert_eq!(std::fs::read_to_string(&second.answer).unwrap(), "answer\n");
        assert_eq!(second.input.file_name().unwrap(), "1.in");
        assert_eq!(second.input.parent(), second.answer.parent());
        assert_eq!(
            std::fs::read_to_string(data.path().join("1.in")).unwrap(),
            "first\n"
        );

        std::fs::write(feedback.path().join(NEXT_PASS), "third\n").unwrap();
        assert!(passes.next(&accepted(true), feedback.path()).unwrap());
        std::fs::write(feedback.path().join(NEXT_PASS), "fourth\n").unwrap();
        let error = passes
            .next(&accepted(true), feedback.path())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("pass 4") && error.contains("allows 3"),
            "{error}"
        );
    }

    #[test]
    fn a_next_pass_with_a_rejection_or_as_a_link_is_the_packages_fault() {
        let data = tempfile::tempdir().unwrap();
        let feedback = tempfile::tempdir().unwrap();
        let case = case(data.path());
        let mut passes = Passes::new(&case, 2);
        std::fs::write(feedback.path().join(NEXT_PASS), "x\n").unwrap();
        let error = passes
            .next(&accepted(false), feedback.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains("rejected"), "{error}");
        std::fs::remove_file(feedback.path().join(NEXT_PASS)).unwrap();
        assert!(!passes.next(&accepted(false), feedback.path()).unwrap());

        std::os::unix::fs::symlink("/etc/passwd", feedback.path().join(NEXT_PASS)).unwrap();
        let error = passes
            .next(&accepted(true), feedback.path())
            .unwrap_err()
            .to_string();
        assert!(error.contains("regular file"), "{error}");
    }
}
