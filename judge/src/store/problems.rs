//! Uploaded problem packages, kept whole (the zip) so that any process can
//! unpack and judge them.

use sqlx::FromRow;

use super::{Store, now_ms};

/// An uploaded package.
#[derive(Debug, Clone, FromRow)]
pub struct StoredProblem {
    /// Its slug.
    pub slug: String,
    /// The zip.
    pub package: Vec<u8>,
    /// sha256 of the zip, hex.
    pub sha256: String,
    /// The base time limit derived at upload, when `problem.yaml` gives none.
    pub time_limit: Option<f64>,
    /// The limits derived at upload per language, as JSON (`{"python": 2.5}`).
    pub language_time_limits: Option<String>,
}

impl Store {
    /// Every uploaded package.
    pub async fn problems(&self) -> anyhow::Result<Vec<StoredProblem>> {
        Ok(sqlx::query_as(
            "SELECT slug, package, sha256, time_limit, language_time_limits
                 FROM problems ORDER BY slug",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// The slugs of the uploaded packages and their zips' sha256: which
    /// version each is, without reading the packages.
    pub(crate) async fn problem_versions(&self) -> anyhow::Result<Vec<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT slug, sha256 FROM problems ORDER BY slug")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// The sha256 of the uploaded package `slug`'s zip, if there is one.
    pub(crate) async fn problem_version(&self, slug: &str) -> anyhow::Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT sha256 FROM problems WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(sha256,)| sha256))
    }

    /// The uploaded package `slug`.
    pub async fn problem(&self, slug: &str) -> anyhow::Result<Option<StoredProblem>> {
        Ok(sqlx::query_as(
            "SELECT slug, package, sha256, time_limit, language_time_limits
                 FROM problems WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Stores a package; `false` when the slug is taken.
    pub async fn add_problem(&self, problem: &StoredProblem, by: &str) -> anyhow::Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO problems
                 (slug, package, sha256, time_limit, language_time_limits, uploaded_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(&problem.slug)
        .bind(&problem.package)
        .bind(&problem.sha256)
        .bind(problem.time_limit)
        .bind(&problem.language_time_limits)
        .bind(by)
        .bind(now_ms())
        .execute(&self.pool)
        .await?
        .rows_affected();
        if inserted == 1 {
            self.notify_problem(&problem.slug).await?;
        }
        Ok(inserted == 1)
    }

    /// Deletes an uploaded package; `false` when there was none.
    pub async fn delete_problem(&self, slug: &str) -> anyhow::Result<bool> {
        let deleted = sqlx::query("DELETE FROM problems WHERE slug = $1")
            .bind(slug)
            .execute(&self.pool)
            .await?
            .rows_affected();
        if deleted == 1 {
            self.notify_problem(slug).await?;
        }
        Ok(deleted == 1)
    }
}
