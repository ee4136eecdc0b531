//! Dependencies between the crate's modules point one way, down the layers
//! of the developers' guide:
//!
//! ```text
//! cli → serve → report → calibrate → experiments → output → engine → observe
//!     → model → policy → input → calendar, error, rng, summary, odd, progress
//! ```
//!
//! Within the layer of experiments, calibrate, report and serve the order is
//! serve > report > calibrate > experiments (the live page uses the report's
//! charts, the report shows sensitivity tables, calibrate's `validate` and
//! `calibrate` commands run scenarios through `experiments::run`); the
//! leaves share a rank and so may not use each other.
//! A module may use only modules of a lower rank. This test reads every
//! `crate::<module>` reference in `src/**/*.rs` (also inside
//! `use crate::{a, b::c}` groups; comments are skipped) and names each one
//! that breaks the rule.

use std::path::{Path, PathBuf};

/// Ranks from the bottom: a module may use only modules of a lower rank.
const LAYERS: &[(&str, u32)] = &[
    ("calendar", 0),
    ("error", 0),
    ("rng", 0),
    ("summary", 0),
    ("odd", 0),
    ("progress", 0),
    ("input", 1),
    ("policy", 2),
    ("model", 3),
    ("observe", 4),
    ("engine", 5),
    ("output", 6),
    ("experiments", 7),
    // calibrate's commands (calibrate, validate) run scenarios through experiments::run
    ("calibrate", 8),
    ("report", 9),
    ("serve", 10),
    ("cli", 11),
];

/// Files that are no module of the layers: the crate root declares them all,
/// the binary uses the library from outside.
const ROOTS: &[&str] = &["lib.rs", "main.rs"];

fn rank(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

/// The top-level modules a piece of source refers to as `crate::<module>`,
/// with the 1-based line of each reference. Comment lines are skipped, so
/// documentation may link anywhere.
fn references(source: &str) -> Vec<(usize, String)> {
    // blank out comment lines, keeping line numbers
    let code: String = source
        .lines()
        .map(|l| if l.trim_start().starts_with("//") { "" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    let bytes = code.as_bytes();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("crate::") {
        let at = from + found;
        from = at + "crate::".len();
        let preceded =
            at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] == b'$');
        if preceded {
            continue; // `mycrate::`, `$crate::`
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d::{e, f}}`: the first name of each item at depth 0
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphabetic() || c == '_') => {
                        let name: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        out.push((line_of(from + 1 + i), name));
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() {
                out.push((line_of(at), name));
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_depends_on_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 20, "found the sources: {files:?}");
    let mut broken = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src/");
        let first = relative
            .components()
            .next()
            .expect("a path")
            .as_os_str()
            .to_string_lossy();
        if ROOTS.contains(&first.as_ref()) {
            continue;
        }
        let module = first.trim_end_matches(".rs").to_string();
        let shown = format!("src/{}", relative.display());
        let Some(own) = rank(&module) else {
            broken.push(format!(
                "{shown}: module `{module}` has no layer; add it to LAYERS in tests/architecture.rs"
            ));
            continue;
        };
        let source = std::fs::read_to_string(file).expect("a readable source file");
        for (line, used) in references(&source) {
            if used == module {
                continue;
            }
            match rank(&used) {
                None => broken.push(format!("{shown}:{line}: `crate::{used}` is no module with a layer")),
                Some(r) if r >= own => broken.push(format!(
                    "{shown}:{line}: `crate::{used}`: {module} (rank {own}) may not depend on {used} (rank {r}); \
                     dependencies point down only (cli → serve → report → calibrate → experiments → output → \
                     engine → observe → model → policy → input → calendar, error, rng, summary, odd, progress)"
                )),
                Some(_) => {}
            }
        }
    }
    assert!(broken.is_empty(), "imports against the layers:\n{}", broken.join("\n"));
}

#[test]
fn references_are_found_in_paths_groups_and_nested_groups_but_not_comments() {
    let source = "use crate::model::World;\n\
                  /// see [`crate::serve`]\n\
                  use crate::{input::scenario::Scenario, observe,\n    policy::{lks, wage}};\n\
                  fn f() -> crate::error::Result<()> { let x = $crate::cli::run; mycrate::engine::go(); Ok(()) }\n";
    let found = references(source);
    let names: Vec<(usize, &str)> = found.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        names,
        vec![(1, "model"), (3, "input"), (3, "observe"), (4, "policy"), (5, "error")]
    );
}

#[test]
fn every_layer_names_a_module_of_src() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (module, _) in LAYERS {
        assert!(
            src.join(format!("{module}.rs")).is_file() || src.join(module).join("mod.rs").is_file(),
            "LAYERS names `{module}`, which is no module of src/"
        );
    }
}
