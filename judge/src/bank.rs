//! The problems the service judges: the bundled bank (a directory of
//! packages, read at start) and uploaded packages (kept in the database,
//! unpacked under `<data>/problems/`). Each problem's output validator is
//! built the first time it is needed and kept.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use anyhow::Context;

use crate::pipeline::program::Program;
use crate::pipeline::toolbox::Toolbox;
use crate::problem::{Problem, TIME_LIMIT_RECORD, TimeLimitRecord};
use crate::store::StoredProblem;

mod unpack;

pub(crate) use unpack::valid_slug;
pub use unpack::{UnpackLimits, unpack};

/// Where a problem came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Shipped with the judge.
    Bundled,
    /// Uploaded through the API.
    Uploaded,
}

/// One problem, ready to judge.
#[derive(Debug)]
pub(crate) struct Entry {
    /// The package.
    pub problem: Problem,
    /// Where it came from.
    pub origin: Origin,
    validator: OnceLock<Result<Option<Program>, String>>,
}

impl Entry {
    fn new(problem: Problem, origin: Origin) -> Self {
        Self {
            problem,
            origin,
            validator: OnceLock::new(),
        }
    }

    /// The output validator (`None`: the default one), built once. Blocking.
    pub(crate) fn validator(&self, toolbox: &Toolbox) -> anyhow::Result<Option<&Program>> {
        let built = self.validator.get_or_init(|| {
            self.problem
                .validator
                .as_ref()
                .map(|files| toolbox.build_package_program(files, "output validator"))
                .transpose()
                .map_err(|error| format!("{error:#}"))
        });
        match built {
            Ok(program) => Ok(program.as_ref()),
            Err(error) => Err(anyhow::anyhow!("{error}")),
        }
    }
}

/// Every problem, by slug.
#[derive(Debug)]
pub(crate) struct Bank {
    problems: RwLock<BTreeMap<String, Arc<Entry>>>,
    uploads: PathBuf,
    /// Held while an uploaded package is unpacked: two workers taking in
    /// one new upload at once must not unpack it over each other.
    unpacking: std::sync::Mutex<()>,
}

impl Bank {
    /// Reads the bundled packages in `bundled` (those without a time limit
    /// are skipped with a warning) and unpacks `uploaded` ones under
    /// `data/problems`.
    pub(crate) fn load(
        bundled: Option<&Path>,
        uploaded: &[StoredProblem],
        data: &Path,
        limits: &UnpackLimits,
    ) -> anyhow::Result<Self> {
        let mut problems = BTreeMap::new();
        if let Some(dir) = bundled {
            let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
                .with_context(|| format!("cannot read the problem bank {}", dir.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.join("problem.yaml").is_file())
                .collect();
            dirs.sort();
            for dir in dirs {
                match Problem::load(&dir) {
                    Ok(problem) if problem.time_limits.is_some() => {
                        let entry = Entry::new(problem, Origin::Bundled);
                        problems.insert(entry.problem.slug.clone(), Arc::new(entry));
                    }
                    Ok(_) => tracing::warn!(
                        package = %dir.display(),
                        "skipped: no time limit (run `judge verify` on it to derive one)"
                    ),
                    Err(error) => {
                        tracing::warn!(package = %dir.display(), error = format!("{error:#}"), "skipped");
                    }
                }
            }
        }
        let uploads = data.join("problems");
        let bank = Self {
            problems: RwLock::new(problems),
            uploads,
            unpacking: std::sync::Mutex::new(()),
        };
        for stored in uploaded {
            bank.add_stored(stored, limits)?;
        }
        Ok(bank)
    }

    /// Unpacks an uploaded package (unless this process already has it
    /// unpacked) and puts it in the bank, in place of any older version.
    pub(crate) fn add_stored(
        &self,
        stored: &StoredProblem,
        limits: &UnpackLimits,
    ) -> anyhow::Result<()> {
        let _unpacking = self
            .unpacking
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = self.unpacked_dir(stored);
        if !dir.join("problem.yaml").is_file() {
            let parent = dir.parent().unwrap_or(&self.uploads);
            let _ = std::fs::remove_dir_all(parent);
            unpack(&stored.package, parent, Some(&stored.slug), limits)
                .with_context(|| format!("cannot unpack the uploaded problem {}", stored.slug))?;
        }
        if let Some(limit) = stored.time_limit {
            record_time_limits(&dir, limit, stored.language_time_limits.as_deref())?;
        }
        let problem = Problem::load(&dir)?;
        self.insert(problem, Origin::Uploaded);
        Ok(())
    }

    /// Brings the uploaded problem `slug` in line with the store: unpacked
    /// (again, when it changed), or gone when it was deleted. A bundled
    /// problem is left alone.
    pub(crate) async fn follow_store(
        self: &Arc<Self>,
        store: &crate::store::Store,
        slug: &str,
        limits: UnpackLimits,
    ) -> anyhow::Result<()> {
        let known = self.get(slug);
        if known
            .as_ref()
            .is_some_and(|entry| entry.origin == Origin::Bundled)
        {
            return Ok(());
        }
        // The version first: the package itself is read only when this
        // process does not have it yet.
        let Some(sha256) = store.problem_version(slug).await? else {
            self.remove(slug);
            return Ok(());
        };
        if known.is_some_and(|entry| entry.problem.dir == self.unpacked_dir_of(slug, &sha256)) {
            return Ok(());
        }
        let Some(stored) = store.problem(slug).await? else {
            self.remove(slug);
            return Ok(());
        };
        let bank = self.clone();
        tokio::task::spawn_blocking(move || bank.add_stored(&stored, &limits)).await?
    }

    /// Until the process ends: the uploads and deletions another process
    /// made (`slugs`; `None`, every upload), followed ([`Bank::follow_store`]).
    pub(crate) async fn follow(
        self: Arc<Self>,
        store: crate::store::Store,
        limits: UnpackLimits,
        mut slugs: tokio::sync::mpsc::UnboundedReceiver<Option<String>>,
    ) {
        while let Some(slug) = slugs.recv().await {
            let slugs = match slug {
                Some(slug) => vec![slug],
                None => match store.problem_versions().await {
                    Ok(versions) => versions.into_iter().map(|(slug, _)| slug).collect(),
                    Err(error) => {
                        tracing::warn!(
                            error = format!("{error:#}"),
                            "cannot read the uploaded problems"
                        );
                        continue;
                    }
                },
            };
            for slug in slugs {
                if let Err(error) = self.follow_store(&store, &slug, limits).await {
                    tracing::warn!(
                        slug,
                        error = format!("{error:#}"),
                        "cannot follow an uploaded problem"
                    );
                }
            }
        }
    }

    /// Puts a verified upload, unpacked in `staged`, in its place and in
    /// the bank (under the unpacking lock: this process may be unpacking
    /// the same package from the store, told of it by its own upload).
    pub(crate) fn install(&self, staged: &Path, stored: &StoredProblem) -> anyhow::Result<()> {
        let _unpacking = self
            .unpacking
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let dir = self.unpacked_dir(stored);
        let parent = dir.parent().unwrap_or(&self.uploads).to_owned();
        let _ = std::fs::remove_dir_all(&parent);
        std::fs::create_dir_all(&parent)?;
        std::fs::rename(staged, &dir)?;
        self.insert(Problem::load(&dir)?, Origin::Uploaded);
        Ok(())
    }

    /// Where an uploaded package lives: one folder per content hash, so a
    /// re-upload under the same slug never mixes with the old files.
    pub(crate) fn unpacked_dir(&self, stored: &StoredProblem) -> PathBuf {
        self.unpacked_dir_of(&stored.slug, &stored.sha256)
    }

    /// [`Bank::unpacked_dir`] of the package `slug` whose zip's sha256 is
    /// `sha256`.
    fn unpacked_dir_of(&self, slug: &str, sha256: &str) -> PathBuf {
        self.uploads
            .join(format!("{slug}-{}", &sha256[..12]))
            .join(slug)
    }

    /// Where uploads are unpacked and checked.
    pub(crate) fn uploads_dir(&self) -> &Path {
        &self.uploads
    }

    /// The problem `slug`.
    pub(crate) fn get(&self, slug: &str) -> Option<Arc<Entry>> {
        self.read().get(slug).cloned()
    }

    /// Every problem, by slug.
    pub(crate) fn all(&self) -> Vec<Arc<Entry>> {
        self.read().values().cloned().collect()
    }

    /// Adds a problem.
    pub(crate) fn insert(&self, problem: Problem, origin: Origin) {
        let entry = Arc::new(Entry::new(problem, origin));
        self.write().insert(entry.problem.slug.clone(), entry);
    }

    /// Removes a problem.
    pub(crate) fn remove(&self, slug: &str) -> Option<Arc<Entry>> {
        self.write().remove(slug)
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, BTreeMap<String, Arc<Entry>>> {
        self.problems
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, BTreeMap<String, Arc<Entry>>> {
        self.problems
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Writes the record of derived time limits into an unpacked package: the
/// base, and the languages' own (JSON, as stored).
pub(crate) fn record_time_limits(
    dir: &Path,
    base: f64,
    languages: Option<&str>,
) -> anyhow::Result<()> {
    let languages = match languages {
        Some(json) => serde_json::from_str(json).context("the stored time limits are not JSON")?,
        None => Default::default(),
    };
    let record = TimeLimitRecord {
        time_limit: base,
        languages,
    };
    std::fs::write(
        dir.join(TIME_LIMIT_RECORD),
        record.text("derived when the package was uploaded"),
    )
    .with_context(|| format!("cannot write {}", dir.join(TIME_LIMIT_RECORD).display()))
}
