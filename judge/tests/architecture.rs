//! The architecture invariant of ARCHITECTURE.md, checked on every run:
//! the modules of `judge/src` import only downwards through the layers, and
//! neither crate's module graph has a loop. A small reader of `crate::`
//! paths (comments and doc links skipped) is all it takes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `judge/src`'s layers, top first. A module may import those in layers
/// below its own, never above, never a sibling in its own layer.
const LAYERS: &[&[&str]] = &[
    &["cli", "grader"],
    &["app"],
    &["api", "compat", "web"],
    &["http", "jobs"],
    &["views"],
    &["bank"],
    &["metrics"],
    &["store"],
    &["pipeline"],
    // A problem's time limit in a language is the language's multiplier of it.
    &["problem"],
    &["languages"],
];

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The top-level modules each module of the crate in `src` names.
fn graph(src: &Path) -> Graph {
    let mut graph = Graph::new();
    let mut pending = vec![src.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap();
            let first = relative.iter().next().unwrap().to_string_lossy();
            let module = first.trim_end_matches(".rs").to_owned();
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let names = graph.entry(module.clone()).or_default();
            for used in crate_paths(&text) {
                if used != module {
                    names.insert(used);
                }
            }
        }
    }
    graph
}

/// The first segment of every `crate::` path in `text`, outside comments:
/// `crate::a::b` and `crate::{a, b::c}` name `a` (and `b`).
fn crate_paths(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            found.push(first_segment(&item));
        } else {
            found.push(first_segment(rest));
        }
    }
    found.retain(|name| name.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
    found
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Every import that goes up or sideways through `layers`.
fn layer_violations(graph: &Graph, layers: &[&[&str]]) -> Vec<String> {
    let layer = |module: &str| layers.iter().position(|l| l.contains(&module));
    let mut violations = Vec::new();
    for (module, uses) in graph {
        let Some(own) = layer(module) else {
            violations.push(format!("{module} is in no layer of ARCHITECTURE.md"));
            continue;
        };
        for used in uses {
            match layer(used) {
                Some(theirs) if theirs > own => {}
                Some(_) => violations.push(format!(
                    "{module} imports {used}, a layer above or beside it"
                )),
                None => violations.push(format!("{used} (used by {module}) is in no layer")),
            }
        }
    }
    violations
}

/// A loop in the graph, if there is one (a path that comes back to its start).
fn a_loop(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        graph: &Graph,
        module: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == module) {
            let mut cycle = path[start..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for used in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(graph, used, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|module| visit(graph, module, &mut Vec::new(), &mut done))
}

fn src(krate: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src")
}

#[test]
fn the_judge_imports_only_downwards_through_its_layers() {
    let graph = graph(&src("judge"));
    assert!(graph.contains_key("app") && graph.contains_key("pipeline"));
    let violations = layer_violations(&graph, LAYERS);
    assert!(violations.is_empty(), "{violations:#?}");
    assert_eq!(a_loop(&graph), None);
}

#[test]
fn the_sandbox_has_no_import_loop() {
    let graph = graph(&src("sandbox"));
    assert!(graph.contains_key("execute"));
    assert_eq!(a_loop(&graph), None);
}

#[test]
fn the_checks_see_a_loop_and_an_upward_import_when_there_is_one() {
    let code = "use crate::{http::{self, AppState}, api};\n// crate::app in a comment\n/// [`crate::cli`]\nlet x = crate::store::now_ms();";
    assert_eq!(crate_paths(code), ["http", "api", "store"]);
    let mut graph = Graph::new();
    graph
        .entry("store".into())
        .or_default()
        .insert("api".into());
    graph
        .entry("api".into())
        .or_default()
        .insert("store".into());
    assert_eq!(
        a_loop(&graph),
        Some(vec!["api".into(), "store".into(), "api".into()])
    );
    assert_eq!(
        layer_violations(&graph, LAYERS),
        ["store imports api, a layer above or beside it"]
    );
}
