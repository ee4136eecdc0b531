//! Citations resolve inside the repository: no file cites the project's
//! research notes or model specification by a path a fresh clone cannot open,
//! and every `docs/sources.md#<entry>` cited names an entry (a heading) of
//! `docs/sources.md`.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The folders and files whose citations must resolve.
const CHECKED: [&str; 5] = ["src", "docs", "calibration", "scenarios", "README.md"];

/// Citations of files outside the repository (the research notes beside the
/// project, by path or by name).
const OUTSIDE: [&str; 4] = [
    "../shared",
    "legal-parameters.md",
    "calibration-sources.md",
    "shared/domain",
];

fn text_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("readable folder")
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        for e in entries {
            text_files(&e, out);
        }
    } else if std::fs::read_to_string(path).is_ok() {
        out.push(path.to_path_buf());
    }
}

fn checked_files() -> Vec<(PathBuf, String)> {
    let root = common::project();
    let mut files = Vec::new();
    for c in CHECKED {
        text_files(&root.join(c), &mut files);
    }
    assert!(
        files.len() > 50,
        "the checked folders were found ({} files)",
        files.len()
    );
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("text file");
            (f.strip_prefix(&root).expect("inside the project").to_path_buf(), text)
        })
        .collect()
}

/// `MODEL.md §`, with or without backticks around the file name.
fn cites_spec_file(line: &str) -> bool {
    line.match_indices("MODEL.md").any(|(i, m)| {
        let rest = line[i + m.len()..].trim_start_matches('`').trim_start();
        rest.starts_with('§')
    })
}

#[test]
fn no_citation_points_outside_the_repository() {
    let mut bad = Vec::new();
    for (path, text) in checked_files() {
        for (n, line) in text.lines().enumerate() {
            if OUTSIDE.iter().any(|o| line.contains(o)) || cites_spec_file(line) {
                bad.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "citations a fresh clone cannot open:\n{}",
        bad.join("\n")
    );
}

/// GitHub's anchor of a heading: lower case, spaces to hyphens, other
/// punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn entries() -> BTreeSet<String> {
    let text = std::fs::read_to_string(common::project().join("docs/sources.md")).expect("docs/sources.md exists");
    text.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| anchor(l.trim_start_matches('#')))
        .collect()
}

/// Every `docs/sources.md#<entry>` in a text.
fn cited_entries(text: &str) -> Vec<String> {
    const KEY: &str = "docs/sources.md#";
    text.match_indices(KEY)
        .map(|(i, _)| {
            text[i + KEY.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .collect()
}

#[test]
fn every_cited_entry_exists() {
    let entries = entries();
    for e in ["spec", "legal-6", "calibration-1", "seed-001"] {
        assert!(entries.contains(e), "docs/sources.md has the entry {e}");
    }
    let mut cited = 0;
    let mut missing = Vec::new();
    for (path, text) in checked_files() {
        for e in cited_entries(&text) {
            cited += 1;
            // `docs/sources.md#<entry>` is the notation itself, not a citation
            if !e.is_empty() && !entries.contains(&e) {
                missing.push(format!("{}: docs/sources.md#{e}", path.display()));
            }
        }
    }
    assert!(
        cited > 100,
        "the code and data cite docs/sources.md ({cited} citations)"
    );
    assert!(
        missing.is_empty(),
        "cited entries missing from docs/sources.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert!(cites_spec_file("source `MODEL.md` §10 \"LKS\""));
    assert!(cites_spec_file("(MODEL.md §8)"));
    assert!(!cites_spec_file("the spec §10"));
    assert_eq!(
        cited_entries("see docs/sources.md#legal-6, docs/sources.md#seed-003-004."),
        ["legal-6", "seed-003-004"]
    );
    assert_eq!(anchor(" legal-6"), "legal-6");
}
