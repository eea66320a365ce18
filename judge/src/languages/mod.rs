//! The languages the judge knows: one runner image each, with its manifest
//! bundled into the binary and its toolchain installed by `runner-images/`.

mod manifest;
mod resolve;

pub(crate) use resolve::{Asked, Unresolved};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

pub(crate) use manifest::{CompileSpec, InterpreterSpec, Manifest, SnapshotSpec};

/// Manifests compiled into the binary, so the judge needs no source checkout.
const BUNDLED: &[(&str, &str)] = &[
    ("c", include_str!("../../../runner-images/c/manifest.toml")),
    (
        "cpp",
        include_str!("../../../runner-images/cpp/manifest.toml"),
    ),
    (
        "go",
        include_str!("../../../runner-images/go/manifest.toml"),
    ),
    (
        "javascript",
        include_str!("../../../runner-images/javascript/manifest.toml"),
    ),
    (
        "lua",
        include_str!("../../../runner-images/lua/manifest.toml"),
    ),
    (
        "python",
        include_str!("../../../runner-images/python/manifest.toml"),
    ),
    (
        "ruby",
        include_str!("../../../runner-images/ruby/manifest.toml"),
    ),
    (
        "rust",
        include_str!("../../../runner-images/rust/manifest.toml"),
    ),
    (
        "typescript",
        include_str!("../../../runner-images/typescript/manifest.toml"),
    ),
    (
        "zig",
        include_str!("../../../runner-images/zig/manifest.toml"),
    ),
];

/// Languages users ask for that no WASI runtime reachable here can run.
pub(crate) const UNSUPPORTED: &[(&str, &str)] =
    &[("java", "Java"), ("kotlin", "Kotlin"), ("csharp", "C#")];

/// Why a language in [`UNSUPPORTED`] cannot run.
pub(crate) const UNSUPPORTED_REASON: &str =
    "no WASI build of its runtime (JVM / .NET) is available, so it cannot run in the wasm sandbox";

/// Where images are installed unless `JUDGE_IMAGES` says otherwise.
const DEFAULT_IMAGES_DIR: &str = "/opt/judge/runner-images";

/// One language: its manifest and where its image is installed.
#[derive(Debug, Clone)]
pub struct Language {
    /// The parsed manifest.
    pub manifest: Manifest,
    /// The image's install directory (`$JUDGE_IMAGES/<id>`).
    pub image_dir: PathBuf,
    /// The version line, once read: it keys the compile cache, and running
    /// the version command on every compile would cost a process each time.
    version: OnceLock<String>,
    /// The digest of the image's own small files, once read: it keys the
    /// compile cache too.
    image_digest: OnceLock<String>,
}

/// The largest image file [`Language::image_digest`] reads: headers,
/// preludes and version files; the large ones (an interpreter's wasm) are
/// named by the image's version.
const DIGESTED_BYTES: u64 = 1 << 20;

impl Language {
    /// The language id.
    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    /// The required paths that are missing; empty when the image is installed.
    pub fn missing(&self) -> Vec<PathBuf> {
        self.manifest
            .requires
            .iter()
            .map(|path| PathBuf::from(Manifest::expand_image(path, &self.image_dir)))
            .filter(|path| !path.exists())
            .collect()
    }

    /// The toolchain's version line, from its version command (run once per
    /// `Language`; a reinstalled toolchain is seen by the next process).
    pub fn version(&self) -> anyhow::Result<String> {
        if let Some(version) = self.version.get() {
            return Ok(version.clone());
        }
        let argv: Vec<String> = self
            .manifest
            .version_command
            .iter()
            .map(|arg| Manifest::expand_image(arg, &self.image_dir))
            .collect();
        let output = Command::new(&argv[0]).args(&argv[1..]).output()?;
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text.lines().next().unwrap_or("").trim().to_owned();
        anyhow::ensure!(
            output.status.success() && !line.is_empty(),
            "`{}` printed no version",
            argv.join(" ")
        );
        Ok(self.version.get_or_init(|| line).clone())
    }

    /// A digest of the image's own small files that the manifest requires
    /// (a header such as `<bits/stdc++.h>`, a prelude), read once per
    /// `Language`: an image reinstalled with a changed header compiles
    /// afresh instead of serving modules built with the old one.
    pub fn image_digest(&self) -> String {
        self.image_digest
            .get_or_init(|| {
                let mut hash = Sha256::new();
                let prefix = self.image_dir.to_string_lossy().into_owned();
                for required in &self.manifest.requires {
                    let path = Manifest::expand_image(required, &self.image_dir);
                    if !path.starts_with(&prefix) {
                        continue;
                    }
                    let Ok(meta) = std::fs::metadata(&path) else {
                        continue;
                    };
                    if !meta.is_file() || meta.len() > DIGESTED_BYTES {
                        continue;
                    }
                    if let Ok(bytes) = std::fs::read(&path) {
                        hash.update(required.as_bytes());
                        hash.update([0]);
                        hash.update(&bytes);
                        hash.update([0]);
                    }
                }
                hex::encode(hash.finalize())
            })
            .clone()
    }

    /// The language with its strict checks on (TypeScript's type checker):
    /// its compile step's `strict_command` in place of `command` (and so a
    /// separately cached compile). An error for a language without one.
    pub fn strict(&self) -> anyhow::Result<Language> {
        let mut strict = self.clone();
        let command = strict
            .manifest
            .compile
            .as_mut()
            .and_then(|compile| Some((compile.strict_command.clone()?, compile)));
        match command {
            Some((command, compile)) => compile.command = command,
            None => anyhow::bail!(
                "{} has no strict checks (--strict is for TypeScript's type checker)",
                self.manifest.name
            ),
        }
        Ok(strict)
    }

    /// How to install this image.
    pub fn install_hint(&self) -> String {
        format!("install it with: runner-images/install.sh {}", self.id())
    }
}

/// Every language the judge knows.
#[derive(Debug, Clone)]
pub struct Catalog {
    languages: Vec<Language>,
}

impl Catalog {
    /// The bundled manifests, with images looked up under `images_dir`.
    pub fn bundled(images_dir: &Path) -> anyhow::Result<Self> {
        let languages = BUNDLED
            .iter()
            .map(|(id, text)| {
                let manifest = Manifest::parse(text, &format!("runner-images/{id}/manifest.toml"))?;
                anyhow::ensure!(
                    manifest.id == *id,
                    "runner-images/{id}: manifest says id '{}'",
                    manifest.id
                );
                Ok(Language {
                    image_dir: images_dir.join(id),
                    manifest,
                    version: OnceLock::new(),
                    image_digest: OnceLock::new(),
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self { languages })
    }

    /// The images directory from `JUDGE_IMAGES`, or the default.
    pub fn images_dir_from_env() -> PathBuf {
        std::env::var_os("JUDGE_IMAGES")
            .map_or_else(|| PathBuf::from(DEFAULT_IMAGES_DIR), PathBuf::from)
    }

    /// Every known language.
    pub fn all(&self) -> &[Language] {
        &self.languages
    }

    /// The language with this id.
    pub fn get(&self, id: &str) -> Option<&Language> {
        self.languages.iter().find(|lang| lang.id() == id)
    }

    /// The language whose extensions include `extension`.
    pub fn by_extension(&self, extension: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|lang| lang.manifest.extensions.iter().any(|e| e == extension))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_manifest_parses_and_extensions_are_unambiguous() {
        let catalog = Catalog::bundled(Path::new("/nonexistent")).unwrap();
        assert_eq!(catalog.all().len(), BUNDLED.len());
        let mut extensions: Vec<&String> = catalog
            .all()
            .iter()
            .flat_map(|l| &l.manifest.extensions)
            .collect();
        let count = extensions.len();
        extensions.sort();
        extensions.dedup();
        assert_eq!(extensions.len(), count);
        assert_eq!(catalog.by_extension("cc").map(Language::id), Some("cpp"));
    }

    /// A compiled language's `stack_mib` is what its compile command links
    /// (`stack-size=`, `--stack`), so `judge languages` tells the truth.
    #[test]
    fn the_stack_a_manifest_states_is_the_one_its_build_links() {
        let catalog = Catalog::bundled(Path::new("/nonexistent")).unwrap();
        let mut checked = 0;
        for language in catalog.all() {
            let Some(compile) = &language.manifest.compile else {
                continue;
            };
            let command = compile.command.join(" ");
            let linked = ["stack-size=", "--stack "].iter().find_map(|flag| {
                let at = command.find(flag)? + flag.len();
                let digits: String = command[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse::<u64>().ok()
            });
            if let Some(bytes) = linked {
                assert_eq!(
                    language.manifest.limits.stack_mib,
                    Some(bytes >> 20),
                    "{}",
                    language.id()
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 4, "C, C++, Rust and Zig link their stack size");
    }

    #[test]
    fn a_manifest_with_an_unknown_key_is_refused() {
        let text = BUNDLED[0]
            .1
            .replace("id = \"c\"", "id = \"c\"\ncolour = \"blue\"");
        let err = Manifest::parse(&text, "test").unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn the_image_digest_follows_its_small_files() {
        let images = tempfile::tempdir().unwrap();
        let include = images.path().join("cpp/include");
        std::fs::create_dir_all(include.join("bits")).unwrap();
        std::fs::write(include.join("bits/stdc++.h"), "#include <vector>\n").unwrap();
        let digest = |dir: &Path| {
            Catalog::bundled(dir)
                .unwrap()
                .get("cpp")
                .unwrap()
                .image_digest()
        };
        let first = digest(images.path());
        assert_eq!(digest(images.path()), first);
        std::fs::write(include.join("bits/stdc++.h"), "#include <map>\n").unwrap();
        assert_ne!(digest(images.path()), first);
    }

    #[test]
    fn an_image_under_a_missing_directory_reports_what_is_missing() {
        let catalog = Catalog::bundled(Path::new("/nonexistent")).unwrap();
        let missing = catalog.get("c").unwrap().missing();
        assert!(missing.contains(&PathBuf::from("/nonexistent/c/sysroot")));
    }
}
