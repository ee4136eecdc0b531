//! `validate`: a scenario's simulated medians against the calibration targets.

use std::path::{Path, PathBuf};

use crate::calibrate::report::{self, TargetCheck};
use crate::calibrate::targets::{TargetRole, Targets};
use crate::error::Result;
use crate::experiments::run::{Execution, Sampling, load_scenario, simulate, write_resolved};
use crate::input::scenario::Scenario;
use crate::output::folder::{Staged, destination};
use crate::output::manifest;

/// The targets file of a scenario: `given`, or `calibration/targets/REGION.toml`.
pub fn targets_for(scenario: &Scenario, given: Option<&Path>) -> Result<Targets> {
    let path = given.map(PathBuf::from).unwrap_or_else(|| {
        scenario
            .data_dir
            .join("calibration")
            .join("targets")
            .join(format!("{}.toml", scenario.region.id))
    });
    let names = crate::observe::registry::MetricSet::for_scenario(scenario).names();
    Targets::load(&path, &names)
}

/// What `validate` needs.
#[derive(Debug, Clone)]
pub struct ValidateOptions {
    pub scenario: PathBuf,
    /// Targets file (default: `calibration/targets/REGION.toml`).
    pub targets: Option<PathBuf>,
    /// Folder to create (default: a new folder under the project's `outputs/`).
    pub out: Option<PathBuf>,
    pub sampling: Sampling,
    pub execution: Execution,
}

/// The checks, written to `validation.csv` in `folder`.
#[derive(Debug)]
pub struct Validation {
    pub folder: PathBuf,
    pub checks: Vec<TargetCheck>,
}

impl Validation {
    /// Fit targets whose simulated median lies outside their tolerance
    /// (holdout figures are reported, not counted: they test the model, not the fit).
    pub fn missed(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| !c.within && c.role == TargetRole::Fit)
            .count()
    }

    /// The fit targets checked.
    pub fn fit_targets(&self) -> usize {
        self.checks.iter().filter(|c| c.role == TargetRole::Fit).count()
    }
}

/// Load → simulate → compare with the targets → write validation.csv, the
/// resolved scenario and the manifest.
pub fn validate(opts: &ValidateOptions) -> Result<Validation> {
    let scenario = load_scenario(&opts.scenario, opts.execution.data_dir(), &opts.sampling)?;
    let targets = targets_for(&scenario, opts.targets.as_deref())?;
    let dest = destination(
        opts.out.as_deref(),
        &scenario.data_dir.join("outputs"),
        &format!("{}-validate", scenario.name),
    )?;
    let results = simulate(&scenario, &opts.execution)?;
    let checks = report::check(&targets, &results);
    let staged = Staged::new(dest.clone())?;
    report::write_csv(&staged.file("validation.csv"), &checks)?;
    let m = manifest::build(
        &scenario,
        &results,
        &dest,
        &["validation.csv", "scenario.toml", "manifest.json"],
        &format!("validate --targets {}", targets.path.display()),
    );
    write_resolved(&staged, &scenario)?;
    m.write(&staged.file("manifest.json"))?;
    Ok(Validation {
        folder: staged.commit()?,
        checks,
    })
}
