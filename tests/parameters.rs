//! Parameters are declared once: the README's tables, the priors and the
//! what-if page follow the declarations in `src/input/behaviour.rs`,
//! `src/input/legal.rs` and `src/input/scenario.rs`; the model reads the
//! validated values, never the provenance of a scenario.

use std::collections::BTreeSet;

use detasim::calibrate::priors::RawPriors;
use detasim::input::behaviour::BEHAVIOUR_PARAMETERS;
use detasim::input::legal::{LEGAL_PARAMETERS, REGIME_RULES};
use detasim::input::params::{Kind, ParamSpec, bound_value, leaves, render_lever_rows, render_table};
use detasim::input::scenario::{ECONOMY_LEVERS, MUNICIPALITY_LEVERS, WERKBEDRIJF_LEVERS};
use detasim::serve::levers::{Control, LEVERS};

mod common;
use common::project;

fn declared_paths(specs: &[ParamSpec]) -> BTreeSet<String> {
    specs.iter().flat_map(ParamSpec::paths).collect()
}

#[test]
fn every_behavioural_parameter_has_a_prior_and_every_prior_names_one() {
    let path = project().join("calibration/priors/default.toml");
    let text = std::fs::read_to_string(&path).expect("the priors file exists");
    let raw: RawPriors = toml::from_str(&text).expect("the priors file parses");
    let priors: BTreeSet<String> = raw.parameters.keys().cloned().collect();
    let declared = declared_paths(BEHAVIOUR_PARAMETERS);
    let missing: Vec<&String> = declared.difference(&priors).collect();
    let unknown: Vec<&String> = priors.difference(&declared).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "declared parameters without a prior in {}: {missing:?}; priors naming no declared parameter: {unknown:?}",
        path.display()
    );
}

#[test]
fn the_readme_table_of_behavioural_parameters_is_the_declaration() {
    let readme = std::fs::read_to_string(project().join("README.md")).expect("README.md exists");
    assert_readme_holds(
        &readme,
        &render_table(BEHAVIOUR_PARAMETERS),
        "the behavioural parameters",
    );
}

/// `rows` (rendered from a declaration) appear in the README in one piece.
fn assert_readme_holds(readme: &str, rows: &str, what: &str) {
    let missing: Vec<&str> = rows.lines().filter(|r| !readme.lines().any(|l| l == *r)).collect();
    assert!(
        missing.is_empty(),
        "README.md lacks these rows of {what} (or has them differently):\n{}\n\nall rows:\n{rows}",
        missing.join("\n")
    );
    assert!(
        readme.contains(rows),
        "README.md must hold the rows of {what} in one piece, in declaration order:\n{rows}"
    );
}

#[test]
fn the_readme_lists_the_declared_levers_with_their_ranges() {
    let readme = std::fs::read_to_string(project().join("README.md")).expect("README.md exists");
    assert_readme_holds(
        &readme,
        &render_lever_rows(MUNICIPALITY_LEVERS, "municipality."),
        "the municipality's levers",
    );
    assert_readme_holds(
        &readme,
        &render_lever_rows(WERKBEDRIJF_LEVERS, "werkbedrijf."),
        "the werkbedrijf's levers",
    );
    assert_readme_holds(
        &readme,
        &render_lever_rows(ECONOMY_LEVERS, "economy."),
        "the economy's levers",
    );
}

#[test]
fn the_what_if_page_offers_declared_levers_within_their_ranges() {
    // the page sets the first shock of a list (`economy.shocks.0.…`)
    let declared: Vec<(String, &ParamSpec)> = [MUNICIPALITY_LEVERS, WERKBEDRIJF_LEVERS, ECONOMY_LEVERS]
        .into_iter()
        .flat_map(leaves)
        .flat_map(|s| s.paths().map(move |p| (p.replace("<i>", "0"), s)))
        .collect();
    let mut checked = 0;
    for lever in LEVERS {
        let Some((_, spec)) = declared.iter().find(|(p, _)| p == lever.key) else {
            continue;
        };
        checked += 1;
        match (lever.control, spec.kind) {
            (Control::Number { min, max, integer, .. }, Kind::Real | Kind::Whole) => {
                assert_eq!(integer, spec.kind == Kind::Whole, "{}: whole number or not", lever.key);
                slider_within(lever.key, spec, min, max);
            }
            (Control::MonthsOrNone { min, max }, Kind::Limit) => slider_within(lever.key, spec, min, max),
            (Control::Choice { options }, Kind::Choice(allowed)) => {
                for (value, _, _) in options {
                    assert!(
                        allowed.contains(&format!("`\"{value}\"`")),
                        "{}: the page offers {value:?}, the scenario allows {allowed}",
                        lever.key
                    );
                }
            }
            (control, kind) => panic!("{}: the page's {control:?} does not fit a {kind:?}", lever.key),
        }
    }
    assert!(checked >= 14, "only {checked} page levers are declared levers");
}

#[test]
fn the_readme_table_of_legal_parameters_is_the_declaration() {
    let readme = std::fs::read_to_string(project().join("README.md")).expect("README.md exists");
    let table = render_table(LEGAL_PARAMETERS);
    assert_readme_holds(&readme, &table, "the legal parameters");
}

#[test]
fn the_readme_table_of_regime_rules_is_the_declaration() {
    let readme = std::fs::read_to_string(project().join("README.md")).expect("README.md exists");
    assert_readme_holds(&readme, &render_table(REGIME_RULES), "the rules of each regime");
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_model_reads_validated_values_only() {
    let mut files = Vec::new();
    for dir in ["src/model", "src/policy"] {
        rust_files(&project().join(dir), &mut files);
    }
    assert!(!files.is_empty());
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        for word in ["provenance", "toml::", "Layers", "RawBehaviour", "RawLegal"] {
            assert!(
                !text.contains(word),
                "{} mentions `{word}`: the model reads the validated scenario, not where it came from",
                path.display()
            );
        }
    }
}

/// The live page's slider `min..max` for `key` lies within its declaration's range.
fn slider_within(key: &str, spec: &ParamSpec, min: f64, max: f64) {
    let lo = bound_value(spec.lo).unwrap_or(f64::NEG_INFINITY);
    let hi = bound_value(spec.hi).unwrap_or(f64::INFINITY);
    assert!(
        lo <= min && max <= hi,
        "{key}: the slider {min}..{max} leaves the allowed {}",
        spec.range_text()
    );
}

/// The `[net_income]` table of `calibration/legal/nl.toml` is derived: it must be
/// what `scripts/net_income.py` computes from the tax rates and credits in
/// `calibration/legal/net-income-inputs.toml` (docs/sources.md#legal-net-income),
/// to the cent, so an edit to either file without the other is caught.
#[test]
fn the_net_income_table_is_what_its_inputs_give() {
    let out = std::process::Command::new("python3")
        .args(["scripts/net_income.py", "--check"])
        .output()
        .expect("python3 runs (the CI machine has it; tests/serve/run.sh needs it too)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
