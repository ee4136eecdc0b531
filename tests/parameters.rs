//! Parameters are declared once: the README's table of behavioural
//! parameters and the priors follow the declaration in
//! `src/input/behaviour.rs`.

use std::collections::BTreeSet;

use detasim::calibrate::priors::RawPriors;
use detasim::input::behaviour::BEHAVIOUR_PARAMETERS;
use detasim::input::params::{ParamSpec, render_table};

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
    let table = render_table(BEHAVIOUR_PARAMETERS);
    let rows: BTreeSet<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    let missing: Vec<&str> = table.lines().skip(2).filter(|r| !rows.contains(r)).collect();
    assert!(
        missing.is_empty(),
        "README.md lacks these rows of the behavioural parameters (or has them differently):\n{}\n\nthe whole table:\n{table}",
        missing.join("\n")
    );
    assert!(
        readme.contains(&table),
        "README.md must hold the table of behavioural parameters in one piece, in declaration order:\n{table}"
    );
}
