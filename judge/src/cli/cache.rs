//! The cache flags shared by `run`, `test` and `verify`.

use std::path::PathBuf;

/// Where compiled wasm (`wasm/`) and native modules (`modules/`) are kept.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CacheArgs {
    /// Cache directory: compiled wasm in `wasm/`, native modules in `modules/`
    /// [default: $XDG_CACHE_HOME/judge, else ~/.cache/judge].
    #[arg(long, value_name = "DIR", env = "JUDGE_CACHE_DIR")]
    cache_dir: Option<PathBuf>,
    /// Compile in memory without reading or writing the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

impl CacheArgs {
    /// The cache directory, or `None` when caching is off.
    pub(crate) fn dir(&self) -> Option<PathBuf> {
        if self.no_cache {
            return None;
        }
        self.cache_dir.clone().or_else(|| {
            let base = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| {
                    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache"))
                })?;
            Some(base.join("judge"))
        })
    }
}
