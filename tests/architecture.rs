//! The shape of the code, checked: the engine knows nothing of its edges,
//! the two edges (`lsp`, `cli`) lean on the engine and not on each other,
//! and no module of the engine or of the language server imports one that
//! imports it back (handlers take what they need and return; the session
//! alone ties them).
//!
//! Imports are read from the source text: `super::x`, `crate::lsp::x` and
//! grouped `super::{x, y::Z}` forms, outside `#[cfg(test)]` modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The code of a file without its test module (tests may reach anywhere).
fn product_code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

/// The first path segment of each item a `use`/path names after `prefix`:
/// `super::a::B` gives `a`; `super::{a::B, c}` gives `a` and `c`.
fn names_after(code: &str, prefix: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find(prefix) {
        let at = from + found;
        from = at + prefix.len();
        let rest = &code[from..];
        // `super::super::x` names no sibling: skip both of its `super::`.
        if prefix == "super::" && (code[..at].ends_with("super::") || rest.starts_with("super::")) {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            names.push(item);
        } else {
            names.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    names
        .into_iter()
        .map(|n| {
            n.trim()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The modules right under `src/<area>` and which of them each imports.
fn module_graph(area: &str) -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(area);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let module_of = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(&root).unwrap();
        let first = rel
            .components()
            .next()?
            .as_os_str()
            .to_string_lossy()
            .to_string();
        let name = first.trim_end_matches(".rs").to_string();
        (name != "mod").then_some(name)
    };
    for path in rust_files(&root) {
        let Some(module) = module_of(&path) else {
            continue;
        };
        let code = product_code(&path);
        let depth = path.strip_prefix(&root).unwrap().components().count();
        // `super::x` names a sibling module only from `area/x.rs` or `area/x/mod.rs`.
        let top_level = depth == 1 || (depth == 2 && path.ends_with("mod.rs"));
        let mut deps: Vec<String> = names_after(&code, &format!("crate::{area}::"));
        if top_level {
            deps.extend(names_after(&code, "super::"));
        }
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(deps.into_iter().filter(|d| *d != module));
    }
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for deps in graph.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    graph
}

/// A cycle through `start`, as the modules along it, if there is one.
fn cycle_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &BTreeMap<String, BTreeSet<String>>,
        start: &str,
        at: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in &graph[at] {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, next, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    walk(graph, start, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

fn cycles(area: &str) -> Vec<String> {
    let graph = module_graph(area);
    graph
        .keys()
        .filter_map(|m| cycle_through(&graph, m))
        .map(|c| c.join(" -> "))
        .collect()
}

#[test]
fn the_language_server_modules_import_one_way() {
    let graph = module_graph("lsp");
    // The parser must see the imports it is meant to judge.
    assert!(graph["session"].contains("checker"), "{graph:?}");
    assert!(graph["server"].contains("hover"), "{graph:?}");
    let found = cycles("lsp");
    assert!(found.is_empty(), "import cycles in src/lsp: {found:#?}");
}

#[test]
fn the_engine_modules_import_one_way() {
    let graph = module_graph("engine");
    assert!(graph["check"].contains("figures"), "{graph:?}");
    assert!(graph["corpus"].contains("sources"), "{graph:?}");
    let found = cycles("engine");
    assert!(found.is_empty(), "import cycles in src/engine: {found:#?}");
}

#[test]
fn the_engine_knows_nothing_of_its_edges() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
    for path in rust_files(&root) {
        let code = product_code(&path);
        for edge in [
            "crate::lsp",
            "crate::cli",
            "crate::bench",
            "tower_lsp_server",
            "clap::",
        ] {
            assert!(
                !code.contains(edge),
                "{} uses {edge}: the engine speaks byte ranges and corpus locations only",
                path.display()
            );
        }
    }
}

#[test]
fn each_edge_leans_on_the_engine_not_on_the_other_edge() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (edge, other) in [
        ("lsp", "cli"),
        ("cli", "lsp"),
        ("lsp", "bench"),
        ("cli", "bench"),
    ] {
        for path in rust_files(&src.join(edge)) {
            let code = product_code(&path);
            assert!(
                !code.contains(&format!("crate::{other}::")),
                "{} imports crate::{other}",
                path.display()
            );
        }
    }
}

#[test]
fn the_import_reader_finds_grouped_and_nested_paths() {
    let code = "use super::{a::B, c, d::{E, F}};\nuse super::g::H;\nuse super::super::x;\nfn f() { crate::lsp::k::run(); }";
    assert_eq!(names_after(code, "super::"), ["a", "c", "d", "g"]);
    assert_eq!(names_after(code, "crate::lsp::"), ["k"]);
    let mut graph = BTreeMap::new();
    graph.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    graph.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycle_through(&graph, "a").unwrap(), ["a", "b", "a"]);
}
