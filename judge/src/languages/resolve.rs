//! The one way a language is found: by id, by id or Piston alias, or by a
//! file's extension; and why one cannot be had (unknown, known but not
//! supported by any wasm runtime, or its runner image not installed).

use std::path::Path;

use super::{Catalog, Language, UNSUPPORTED, UNSUPPORTED_REASON};

/// How a language is asked for.
#[derive(Debug, Clone, Copy)]
pub enum Asked<'a> {
    /// Its id (`python`).
    Id(&'a str),
    /// Its id, or one of its Piston aliases (`py`, `python3`).
    IdOrAlias(&'a str),
    /// A source file, by its extension.
    File(&'a Path),
}

/// Why no language was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// Nothing goes by that id, alias or extension.
    Unknown,
    /// A known language no WASI runtime exists for (its display name).
    Unsupported(&'static str),
    /// Its runner image is not installed.
    NotInstalled {
        /// The language's display name.
        name: String,
        /// How to install it.
        hint: String,
    },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unknown => f.write_str("unknown language"),
            Self::Unsupported(name) => write!(f, "{name} is not supported: {UNSUPPORTED_REASON}"),
            Self::NotInstalled { name, hint } => {
                write!(f, "the {name} runner image is not installed; {hint}")
            }
        }
    }
}

/// Extensions of the languages in [`UNSUPPORTED`].
const UNSUPPORTED_EXTENSIONS: &[(&str, &str)] =
    &[("java", "java"), ("kotlin", "kt"), ("csharp", "cs")];

impl Catalog {
    /// The installed language `asked` names.
    pub fn resolve(&self, asked: Asked<'_>) -> Result<&Language, Unresolved> {
        let found = match asked {
            Asked::Id(id) => self.get(id).ok_or_else(|| unsupported(id)),
            Asked::IdOrAlias(name) => self
                .get(name)
                .or_else(|| {
                    self.all()
                        .iter()
                        .find(|l| l.manifest.piston_aliases.iter().any(|a| a == name))
                })
                .ok_or_else(|| unsupported(name)),
            Asked::File(path) => {
                let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                self.by_extension(extension).ok_or_else(|| {
                    UNSUPPORTED_EXTENSIONS
                        .iter()
                        .find(|(_, ext)| *ext == extension)
                        .map_or(Unresolved::Unknown, |(id, _)| unsupported(id))
                })
            }
        }?;
        if !found.missing().is_empty() {
            return Err(Unresolved::NotInstalled {
                name: found.manifest.name.clone(),
                hint: found.install_hint(),
            });
        }
        Ok(found)
    }
}

/// `Unsupported` for a language in [`UNSUPPORTED`], else `Unknown`.
fn unsupported(id: &str) -> Unresolved {
    UNSUPPORTED
        .iter()
        .find(|(known, _)| *known == id)
        .map_or(Unresolved::Unknown, |(_, name)| {
            Unresolved::Unsupported(name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_found_by_id_alias_or_extension_or_said_why_not() {
        // No image is installed under this directory: found ones are NotInstalled.
        let catalog = Catalog::bundled(Path::new("/nonexistent")).unwrap();
        let not_installed = |r: Result<&Language, Unresolved>| matches!(r, Err(why @ Unresolved::NotInstalled { .. }) if why.to_string().contains("not installed"));
        assert!(not_installed(catalog.resolve(Asked::Id("python"))));
        assert!(not_installed(
            catalog.resolve(Asked::File(Path::new("a/b.cc")))
        ));
        assert!(not_installed(catalog.resolve(Asked::IdOrAlias("g++"))));
        assert!(
            !not_installed(catalog.resolve(Asked::Id("g++"))),
            "aliases are Piston's"
        );
        assert_eq!(
            catalog.resolve(Asked::Id("java")).unwrap_err(),
            Unresolved::Unsupported("Java")
        );
        assert_eq!(
            catalog
                .resolve(Asked::File(Path::new("Main.kt")))
                .unwrap_err(),
            Unresolved::Unsupported("Kotlin")
        );
        assert_eq!(
            catalog.resolve(Asked::Id("cobol")).unwrap_err(),
            Unresolved::Unknown
        );
        assert_eq!(
            catalog
                .resolve(Asked::File(Path::new("notes.txt")))
                .unwrap_err(),
            Unresolved::Unknown
        );
    }
}
