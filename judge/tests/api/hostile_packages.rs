//! Hostile problem packages through the upload API: each is refused with a
//! clear RFC 7807 error (never a 5xx, never a host file's text), and the
//! service keeps answering.

use std::io::Write;

use serde_json::Value;

use crate::app::{App, assert_problem};
use crate::problems::{package_zip, upload};

const CONFIG: &str = "workers = 0\n[limits]\nunpacked_bytes = 10485760\nupload_files = 200\n";

/// A zip of `files` (path, bytes) and `links` (path, target).
fn zip_of(files: &[(&str, &[u8])], links: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    for (name, target) in links {
        writer.add_symlink(*name, *target, options).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The files of a valid package named `p`, with `extra` added (or replacing).
fn package_with(extra: &[(&str, &[u8])]) -> Vec<(String, Vec<u8>)> {
    let base = zip::ZipArchive::new(std::io::Cursor::new(package_zip("p", true))).unwrap();
    let mut archive = base;
    let mut files: Vec<(String, Vec<u8>)> = (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
            (file.name().to_owned(), bytes)
        })
        .collect();
    for (name, bytes) in extra {
        files.retain(|(existing, _)| existing != name);
        files.push(((*name).to_owned(), bytes.to_vec()));
    }
    files
}

fn zip_files(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    zip_of(&borrowed, &[])
}

#[tokio::test]
async fn hostile_packages_are_refused_with_a_clear_problem_and_no_host_data() {
    let app = App::spawn(CONFIG).await;
    let key = app.key("interviewer");
    let zeros = vec![0u8; 64 << 20];
    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        (
            "zip bomb: 64 MiB of zeros in a small zip",
            zip_of(
                &[
                    ("p/problem.yaml", b"name: x\n"),
                    ("p/data/secret/1.in", &zeros),
                ],
                &[],
            ),
            422,
            "invalid-package",
        ),
        (
            "a path out of the package",
            zip_of(
                &[("p/problem.yaml", b"name: x\n"), ("p/../../escaped", b"x")],
                &[],
            ),
            422,
            "invalid-package",
        ),
        (
            "an absolute path",
            zip_of(
                &[
                    ("p/problem.yaml", b"name: x\n"),
                    ("/tmp/judge-escaped", b"x"),
                ],
                &[],
            ),
            422,
            "invalid-package",
        ),
        (
            "a symlink to a host file",
            zip_of(
                &[("p/problem.yaml", b"name: x\n")],
                &[("p/data/secret/1.ans", "/etc/passwd")],
            ),
            422,
            "invalid-package",
        ),
        (
            "malformed YAML",
            zip_files(&package_with(&[("p/problem.yaml", b"name: [unclosed\n")])),
            422,
            "package-rejected",
        ),
        (
            "not a zip at all",
            b"PK\x03\x04 truncated".to_vec(),
            422,
            "invalid-package",
        ),
    ];
    for (what, zip, status, kind) in cases {
        let response = upload(&app, &key, "", zip).await;
        let got = response.status().as_u16();
        let body: Value = if got == status {
            assert_problem(response, status, kind).await
        } else {
            panic!("{what}: {got} {}", response.text().await.unwrap())
        };
        let text = body.to_string();
        assert!(!text.contains("root:x:0:0"), "{what}: {text}");
        assert!(
            !text.contains(&*app.data.to_string_lossy()),
            "{what}: a host path in the answer: {text}"
        );
        assert!(
            !std::path::Path::new("/tmp/judge-escaped").exists(),
            "{what}: wrote outside"
        );
    }
    app.get_json("/v1/problems", &key, 200).await;
}

#[tokio::test]
async fn a_validator_cannot_read_host_files_or_flood_its_feedback_dir() {
    let app = App::spawn(CONFIG).await;
    let key = app.key("interviewer");
    let admin_key = std::fs::read_to_string(app.data.join("admin-key")).unwrap();
    // From the validator's feedback dir (a fresh dir in the system's temp
    // dir) up to the root, then down to the admin key.
    let target = format!(
        "../../../../../../../..{}",
        app.data.join("admin-key").display()
    );
    let linker = format!(
        "#include <stdio.h>\n#include <unistd.h>\nint main(int argc, char **argv) {{\n  char path[512];\n  snprintf(path, sizeof path, \"%sscore.txt\", argv[3]);\n  if (symlink(\"{target}\", path) != 0) {{ perror(\"symlink\"); return 1; }}\n  snprintf(path, sizeof path, \"%sjudgemessage.txt\", argv[3]);\n  symlink(\"{target}\", path);\n  return 42;\n}}\n"
    );
    let flooder = "#include <stdio.h>\nint main(int argc, char **argv) {\n  char path[512];\n  snprintf(path, sizeof path, \"%sjudgemessage.txt\", argv[3]);\n  FILE *f = fopen(path, \"w\");\n  static char block[1 << 16];\n  for (;;) fwrite(block, 1, sizeof block, f);\n}\n";
    for (what, validator, expect) in [
        ("a link to the admin key", linker.as_str(), "symbolic link"),
        ("a feedback flood", flooder, "Files limit exceeded"),
    ] {
        let files = package_with(&[("p/output_validator/validate.c", validator.as_bytes())]);
        let response = upload(&app, &key, "", zip_files(&files)).await;
        let body = assert_problem(response, 422, "package-rejected").await;
        let text = body.to_string();
        assert!(text.contains(expect), "{what}: {text}");
        assert!(
            !text.contains(admin_key.trim()),
            "{what} leaked the admin key: {text}"
        );
    }
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("judge-feedback-")
        })
        .filter_map(|entry| entry.metadata().ok())
        .map(|meta| meta.len())
        .filter(|&len| len > 64 << 20)
        .count();
    assert_eq!(leftovers, 0, "a feedback dir was left behind, full");
}
