//! Starter codebases: `starter/<language>/`, the files a live pad opens
//! for a codebase round (a few modules, headers, the candidate's own
//! tests), one folder per language id.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;

use super::{plain_name, sorted_entries};

/// Most files of a program beside its main one, and in one language's
/// starter (and a pad's files of one language).
pub(crate) const MAX_FILES: usize = 64;
/// Most bytes of one language's starter.
pub(crate) const MAX_BYTES: u64 = 256 << 10;

/// Each language's starter: file name to text.
pub(crate) type Starters = BTreeMap<String, BTreeMap<String, String>>;

/// The starters under `dir/starter`, checked: plain file names (no
/// folders inside a language's), UTF-8 text, within [`MAX_FILES`] and
/// [`MAX_BYTES`] per language.
pub(crate) fn read(dir: &Path) -> anyhow::Result<Starters> {
    let root = dir.join("starter");
    let mut starters = Starters::new();
    if !root.is_dir() {
        return Ok(starters);
    }
    for folder in sorted_entries(&root)? {
        let language = folder
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        anyhow::ensure!(
            folder.is_dir(),
            "starter/{language}: a starter is a folder named for its language"
        );
        let mut files = BTreeMap::new();
        let mut bytes = 0;
        for path in sorted_entries(&folder)? {
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let shown = format!("starter/{language}/{name}");
            anyhow::ensure!(
                path.is_file() && !path.is_symlink(),
                "{shown}: a starter holds plain files only"
            );
            anyhow::ensure!(
                plain_name(&name),
                "{shown}: a starter file's name is letters, digits, '.', '_' and '-'"
            );
            bytes += path.metadata()?.len();
            anyhow::ensure!(
                bytes <= MAX_BYTES && files.len() < MAX_FILES,
                "starter/{language}: at most {MAX_FILES} files and {MAX_BYTES} bytes"
            );
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("{shown}: not UTF-8 text"))?;
            files.insert(name, text);
        }
        anyhow::ensure!(!files.is_empty(), "starter/{language}: empty");
        starters.insert(language, files);
    }
    Ok(starters)
}
