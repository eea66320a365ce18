//! Unpacking an uploaded package (a zip) safely: no path may leave the
//! destination, no links, and the counts and sizes are checked against what
//! is really written, not what the archive claims.

use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::Context;

/// How large a package may be.
#[derive(Debug, Clone, Copy)]
pub struct UnpackLimits {
    /// Entries (files and folders).
    pub files: usize,
    /// Bytes, unpacked, in all.
    pub bytes: u64,
}

/// Checks a slug: lowercase letters, digits and dashes, 1 to 64 of them.
pub(crate) fn valid_slug(slug: &str) -> bool {
    (1..=64).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
}

/// Unpacks `zip` into `dest/<slug>/`. The package is either at the zip's
/// root or in its one top folder, whose name is the slug unless `slug` is
/// given. Returns the slug and the package directory.
pub fn unpack(
    zip: &[u8],
    dest: &Path,
    slug: Option<&str>,
    limits: &UnpackLimits,
) -> anyhow::Result<(String, PathBuf)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip))
        .context("the upload is not a zip archive")?;
    anyhow::ensure!(
        archive.len() <= limits.files,
        "the package has {} entries; at most {} are allowed",
        archive.len(),
        limits.files
    );
    let mut names = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index)?;
        let name = entry
            .enclosed_name()
            .filter(|path| path.components().all(|c| matches!(c, Component::Normal(_))))
            .with_context(|| format!("unsafe path in the package: {:?}", entry.name()))?;
        anyhow::ensure!(
            !entry.is_symlink(),
            "links are not allowed: {}",
            name.display()
        );
        names.push((name, entry.is_dir()));
    }
    let at_root = names
        .iter()
        .any(|(name, _)| name == Path::new("problem.yaml"));
    let prefix: Option<PathBuf> = if at_root {
        None
    } else {
        let first = names
            .first()
            .and_then(|(name, _)| name.components().next())
            .map(|c| PathBuf::from(c.as_os_str()));
        let single = first.filter(|top| names.iter().all(|(name, _)| name.starts_with(top)));
        let top = single
            .filter(|top| {
                names
                    .iter()
                    .any(|(name, _)| *name == top.join("problem.yaml"))
            })
            .context("no problem.yaml at the root of the zip or in its one top folder")?;
        Some(top)
    };
    let slug = match (slug, &prefix) {
        (Some(slug), _) => slug.to_owned(),
        (None, Some(top)) => top.to_string_lossy().into_owned(),
        (None, None) => anyhow::bail!("the package is at the zip's root: name it with ?slug="),
    };
    anyhow::ensure!(
        valid_slug(&slug),
        "invalid slug {slug:?}: use 1 to 64 lowercase letters, digits and dashes"
    );
    let root = dest.join(&slug);
    std::fs::create_dir_all(&root).with_context(|| format!("cannot create {}", root.display()))?;
    let mut budget = limits.bytes;
    for (index, (name, is_dir)) in names.iter().enumerate() {
        let relative = match &prefix {
            Some(top) => name.strip_prefix(top).unwrap_or(name),
            None => name,
        };
        if relative.as_os_str().is_empty() {
            continue;
        }
        let target = root.join(relative);
        if *is_dir {
            std::fs::create_dir_all(&target)?;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut entry = archive.by_index(index)?;
        let mut file = std::fs::File::create(&target)
            .with_context(|| format!("cannot write {}", target.display()))?;
        // Read one byte past the budget: reaching it means the package is too big.
        let written = std::io::copy(&mut (&mut entry).take(budget + 1), &mut file)?;
        anyhow::ensure!(
            written <= budget,
            "the package unpacks to more than {} bytes",
            limits.bytes
        );
        budget -= written;
        file.flush()?;
    }
    Ok((slug, root))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zip::write::SimpleFileOptions;

    fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in files {
            writer
                .start_file(*name, SimpleFileOptions::default())
                .unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const LIMITS: UnpackLimits = UnpackLimits {
        files: 10,
        bytes: 1000,
    };

    #[test]
    fn a_package_in_one_top_folder_is_named_by_it() {
        let dir = tempfile::tempdir().unwrap();
        let zip = zip_of(&[
            ("sum/problem.yaml", b"name: Sum\n"),
            ("sum/data/secret/1.in", b"1 2\n"),
        ]);
        let (slug, root) = unpack(&zip, dir.path(), None, &LIMITS).unwrap();
        assert_eq!(slug, "sum");
        assert_eq!(
            std::fs::read(root.join("data/secret/1.in")).unwrap(),
            b"1 2\n"
        );
    }

    #[test]
    fn paths_leaving_the_package_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let zip = zip_of(&[("problem.yaml", b"x"), ("../evil", b"x")]);
        let error = unpack(&zip, dir.path(), Some("p"), &LIMITS).unwrap_err();
        assert!(format!("{error:#}").contains("unsafe path"), "{error:#}");
        assert!(!dir.path().join("evil").exists());
    }

    #[test]
    fn a_package_larger_than_the_limit_is_refused_whatever_it_claims() {
        let dir = tempfile::tempdir().unwrap();
        let big = vec![b'a'; 5000];
        let zip = zip_of(&[("problem.yaml", b"x"), ("data", &big)]);
        let error = unpack(&zip, dir.path(), Some("p"), &LIMITS).unwrap_err();
        assert!(
            format!("{error:#}").contains("more than 1000 bytes"),
            "{error:#}"
        );
    }

    #[test]
    fn slugs_are_checked() {
        assert!(valid_slug("lru-cache") && valid_slug("a1"));
        assert!(!valid_slug("") && !valid_slug("Up") && !valid_slug("-x") && !valid_slug("a/b"));
        let dir = tempfile::tempdir().unwrap();
        let zip = zip_of(&[("problem.yaml", b"x")]);
        assert!(unpack(&zip, dir.path(), None, &LIMITS).is_err());
        assert!(unpack(&zip, dir.path(), Some("../x"), &LIMITS).is_err());
    }
}
