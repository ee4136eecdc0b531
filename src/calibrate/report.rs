//! The fit report: each target against the simulated distribution of its
//! metric (median and 90% interval over replications), and whether the
//! median lies within the target's tolerance.

use std::path::Path;

use crate::calibrate::targets::{TargetRole, Targets};
use crate::engine::RunResults;
use crate::error::{Error, Result};
use crate::output::csv_files::num;
use crate::summary::summarize;

/// One target checked against a run.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetCheck {
    pub id: String,
    pub metric: String,
    pub target: f64,
    pub tolerance: f64,
    pub unit: String,
    pub median: f64,
    pub p5: f64,
    pub p95: f64,
    /// `|median − target| ≤ tolerance`.
    pub within: bool,
    pub source: String,
    /// A fit target, or a holdout figure the fit has not seen.
    pub role: TargetRole,
}

/// Check every target, then every holdout figure, against the replications of a run.
pub fn check(targets: &Targets, results: &RunResults) -> Vec<TargetCheck> {
    targets
        .all()
        .map(|t| {
            let k = results
                .metric_names
                .iter()
                .position(|n| n == &t.metric)
                .expect("targets are validated against the metric ids");
            let values: Vec<f64> = results.rows.iter().map(|r| r[k]).collect();
            let s = summarize(&values);
            TargetCheck {
                id: t.id.clone(),
                metric: t.metric.clone(),
                target: t.value,
                tolerance: t.tolerance,
                unit: t.unit.clone(),
                median: s.p50,
                p5: s.p5,
                p95: s.p95,
                within: s.p50.is_finite() && (s.p50 - t.value).abs() <= t.tolerance,
                source: t.source.clone(),
                role: t.role,
            }
        })
        .collect()
}

/// The table printed on stdout: the fit's targets, then the holdout figures.
pub fn render(checks: &[TargetCheck]) -> String {
    let mut lines = vec![format!(
        "{:<26} {:>9} {:>9} {:>9} {:>21}  {}",
        "target", "observed", "± tol", "median", "90% interval", "within"
    )];
    let row = |c: &TargetCheck| {
        format!(
            "{:<26} {:>9} {:>9} {:>9} {:>21}  {}",
            c.id,
            crate::summary::short(c.target),
            crate::summary::short(c.tolerance),
            crate::summary::short(c.median),
            format!("{} – {}", crate::summary::short(c.p5), crate::summary::short(c.p95)),
            if c.within { "yes" } else { "NO" }
        )
    };
    let (fit, holdout): (Vec<&TargetCheck>, Vec<&TargetCheck>) = checks.iter().partition(|c| c.role == TargetRole::Fit);
    lines.extend(fit.iter().map(|c| row(c)));
    let missed = fit.iter().filter(|c| !c.within).count();
    lines.push(format!(
        "{} of {} targets within tolerance",
        fit.len() - missed,
        fit.len()
    ));
    if !holdout.is_empty() {
        lines.push("not used in fitting (holdout):".into());
        lines.extend(holdout.iter().map(|c| row(c)));
        let within = holdout.iter().filter(|c| c.within).count();
        lines.push(format!(
            "{within} of {} holdout figures within tolerance",
            holdout.len()
        ));
    }
    lines.join("\n")
}

/// The same table as CSV.
pub fn write_csv(path: &Path, checks: &[TargetCheck]) -> Result<()> {
    let e = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    // a partial file first, moved into place when complete
    let partial = path.with_extension("csv.partial");
    let mut w = csv::Writer::from_path(&partial).map_err(e)?;
    w.write_record([
        "target",
        "metric",
        "observed",
        "tolerance",
        "unit",
        "median",
        "p5",
        "p95",
        "within",
        "source",
        "role",
    ])
    .map_err(e)?;
    for c in checks {
        w.write_record([
            c.id.clone(),
            c.metric.clone(),
            num(c.target),
            num(c.tolerance),
            c.unit.clone(),
            num(c.median),
            num(c.p5),
            num(c.p95),
            if c.within { "yes" } else { "no" }.to_string(),
            c.source.clone(),
            c.role.id().to_string(),
        ])
        .map_err(e)?;
    }
    w.flush().map_err(|err| Error::write(&partial, "the fit report", err))?;
    drop(w);
    std::fs::rename(&partial, path).map_err(|err| Error::write(path, "the fit report", err))
}
