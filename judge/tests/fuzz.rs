//! Fuzz targets for the parsers that read what users send: the problem
//! package's `problem.yaml`, the zip unpacker, the default output validator
//! and the Judge0 request parser. Under `cargo test` each runs a bounded
//! number of random inputs (bolero's random engine); for a longer run by
//! hand, raise `BOLERO_RANDOM_ITERATIONS` (or use `cargo bolero test`).
//!
//! What each checks besides "never panics" is said at the target.

use std::io::Write;
use std::path::Path;

use bolero::check;
use judge::internals::Catalog;
use judge::internals::Metadata;
use judge::internals::judge0_request as request;
use judge::internals::{Flags, validate};
use judge::internals::{UnpackLimits, unpack};

#[test]
fn problem_yaml_never_panics() {
    check!().for_each(|bytes: &[u8]| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let _ = Metadata::parse(text);
        }
    });
}

#[test]
fn problem_yaml_with_likely_keys_never_panics() {
    const KEYS: [&str; 8] = [
        "problem_format_version: 2023-07-draft\n",
        "name: x\n",
        "type: scoring\n",
        "type: [pass-fail, interactive]\n",
        "validation: custom multi-pass\n",
        "limits:\n  time_limit: ",
        "  time_multipliers:\n    ac_to_time_limit: ",
        "limits:\n  memory: ",
    ];
    check!().with_type::<Vec<(u8, String)>>().for_each(|parts| {
        let text: String = parts
            .iter()
            .map(|(key, value)| format!("{}{value}\n", KEYS[usize::from(*key) % KEYS.len()]))
            .collect();
        let _ = Metadata::parse(&text);
    });
}

const LIMITS: UnpackLimits = UnpackLimits {
    files: 64,
    bytes: 1 << 20,
};

/// Every file under `root`, as paths.
fn files_under(root: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let meta = entry.path().symlink_metadata().unwrap();
            assert!(!meta.file_type().is_symlink(), "a link was unpacked");
            if meta.is_dir() {
                pending.push(entry.path());
            }
            found.push(entry.path());
        }
    }
    found
}

#[test]
fn unpacking_any_bytes_never_panics() {
    check!().for_each(|bytes: &[u8]| {
        let dir = tempfile::tempdir().unwrap();
        let _ = unpack(bytes, dir.path(), None, &LIMITS);
    });
}

#[test]
fn unpacking_zips_with_any_names_stays_inside_and_within_limits() {
    check!()
        .with_type::<Vec<(String, Vec<u8>, bool)>>()
        .for_each(|entries| {
            let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default();
            for (name, bytes, link) in entries {
                let written = if *link {
                    writer.add_symlink(name.as_str(), "../../etc/passwd", options)
                } else {
                    writer
                        .start_file(name.as_str(), options)
                        .map(|()| writer.write_all(bytes).unwrap())
                };
                if written.is_err() {
                    return;
                }
            }
            let zip = writer.finish().unwrap().into_inner();
            let parent = tempfile::tempdir().unwrap();
            let dest = parent.path().join("staging");
            std::fs::create_dir(&dest).unwrap();
            if unpack(&zip, &dest, None, &LIMITS).is_ok() {
                let files = files_under(&dest);
                assert!(files.len() <= LIMITS.files);
                let bytes: u64 = files
                    .iter()
                    .filter_map(|f| std::fs::metadata(f).ok())
                    .filter(std::fs::Metadata::is_file)
                    .map(|m| m.len())
                    .sum();
                assert!(bytes <= LIMITS.bytes);
            }
            let outside: Vec<_> = std::fs::read_dir(parent.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name())
                .filter(|name| name != "staging")
                .collect();
            assert!(
                outside.is_empty(),
                "written beside the staging dir: {outside:?}"
            );
        });
}

#[test]
fn the_default_validator_accepts_an_answer_as_itself_and_never_panics() {
    check!()
        .with_type::<(Vec<u8>, Vec<u8>, bool, bool, Option<u8>)>()
        .for_each(
            |(output, answer, case_sensitive, space_change_sensitive, tolerance)| {
                let flags = Flags {
                    case_sensitive: *case_sensitive,
                    space_change_sensitive: *space_change_sensitive,
                    absolute_tolerance: tolerance.map(|t| f64::from(t) / 100.0),
                    relative_tolerance: tolerance.map(|t| f64::from(t) / 1000.0),
                };
                let _ = validate(output, answer, &flags);
                assert_eq!(validate(answer, answer, &flags), Ok(()), "{answer:?}");
                if !space_change_sensitive {
                    let mut spaced = b"  \n".to_vec();
                    spaced.extend(answer.iter().flat_map(|&b| {
                        if b.is_ascii_whitespace() {
                            vec![b' ', b'\n']
                        } else {
                            vec![b]
                        }
                    }));
                    spaced.extend_from_slice(b"\n\n");
                    assert_eq!(validate(&spaced, answer, &flags), Ok(()), "{answer:?}");
                }
            },
        );
}

/// A Judge0 field's value, as clients send them (and as they should not).
#[derive(Debug, bolero::TypeGenerator)]
enum FieldValue {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    Text(String),
    Numeric(u8),
    Array(Vec<u8>),
}

const FIELDS: [&str; 16] = [
    "source_code",
    "language_id",
    "stdin",
    "expected_output",
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_file_size",
    "number_of_runs",
    "command_line_arguments",
    "redirect_stderr_to_stdout",
    "callback_url",
    "enable_network",
    "compiler_options",
];

/// The limits, and numbers as text the way Ruby clients send them.
const LIMIT_FIELDS: [&str; 7] = [
    "cpu_time_limit",
    "cpu_extra_time",
    "wall_time_limit",
    "memory_limit",
    "stack_limit",
    "max_file_size",
    "number_of_runs",
];
const NUMBER_TEXTS: [&str; 10] = [
    "NaN",
    "inf",
    "-infinity",
    "-1",
    "1e999",
    "0.5",
    "71",
    "",
    "3",
    "1e-9",
];

fn catalog() -> Catalog {
    Catalog::bundled(&Catalog::images_dir_from_env()).unwrap()
}

fn json_of(value: &FieldValue) -> serde_json::Value {
    match value {
        FieldValue::Null => serde_json::Value::Null,
        FieldValue::Bool(b) => (*b).into(),
        FieldValue::Integer(n) => (*n).into(),
        FieldValue::Float(x) => serde_json::Number::from_f64(*x)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        FieldValue::Text(text) => text.clone().into(),
        FieldValue::Numeric(n) => NUMBER_TEXTS[usize::from(*n) % NUMBER_TEXTS.len()].into(),
        FieldValue::Array(items) => items.clone().into(),
    }
}

#[test]
fn judge0_bodies_of_any_shape_parse_or_name_their_bad_fields() {
    let catalog = catalog();
    check!()
        .with_type::<(Vec<(u8, FieldValue)>, bool)>()
        .for_each(|(fields, base64)| {
            let body: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|(field, value)| {
                    (
                        FIELDS[usize::from(*field) % FIELDS.len()].to_owned(),
                        json_of(value),
                    )
                })
                .collect();
            if let Err(errors) = request::parse(&body, *base64, &catalog, 1 << 16) {
                assert!(!errors.is_empty(), "an error names its fields");
            }
        });
}

#[test]
fn a_judge0_run_accepted_with_any_limit_has_limits_a_worker_can_use() {
    use request::defaults::{MAX_CPU_EXTRA_TIME, MAX_CPU_TIME_LIMIT, MAX_WALL_TIME_LIMIT};
    let catalog = catalog();
    check!()
        .with_type::<(u8, FieldValue)>()
        .for_each(|(field, value)| {
            let mut body = serde_json::Map::new();
            body.insert("source_code".into(), "print(1)".into());
            body.insert("language_id".into(), 71.into());
            let field = LIMIT_FIELDS[usize::from(*field) % LIMIT_FIELDS.len()];
            body.insert(field.to_owned(), json_of(value));
            match request::parse(&body, false, &catalog, 1 << 16) {
                Ok(parsed) => {
                    for (limit, max) in [
                        (parsed.cpu_time_limit, MAX_CPU_TIME_LIMIT),
                        (parsed.cpu_extra_time, MAX_CPU_EXTRA_TIME),
                        (parsed.wall_time_limit, MAX_WALL_TIME_LIMIT),
                    ] {
                        assert!(
                            limit.is_finite() && (0.0..=max).contains(&limit),
                            "{body:?}"
                        );
                    }
                }
                Err(errors) => assert!(errors.contains_key(field), "{errors:?} for {body:?}"),
            }
        });
}
