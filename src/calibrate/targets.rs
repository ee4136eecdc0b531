//! Calibration targets (`calibration/targets/<region>.toml`): observed
//! figures the model can produce, each with its tolerance, definition,
//! population, the simulated metric it is compared with, and its source.
//! A targets file may `extends` another (e.g. a region's file extends the
//! national one) and add or replace targets by id.
//!
//! A tolerance is built from two documented parts, in the target's unit:
//! `sampling`, the half-width of the figure's own 95% interval (its
//! sampling error and the rounding of the published number), and
//! `definition`, the largest plausible gap between what the source measures
//! (population, period, definition, nation against region) and what the
//! model's metric measures; `tolerance = √(sampling² + definition²)`, with
//! the `reasoning` for both beside them. A target with `role = "holdout"`
//! is not used in fitting: it is checked after the fit, as a test of the
//! model against a figure it has not seen.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::figure::Status;
use crate::input::toml_layers::{Layers, read_with_extends};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    pub description: String,
    pub targets: BTreeMap<String, RawTarget>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    /// The simulated metric (an id of `summary.csv`) compared with the figure.
    pub metric: String,
    pub value: f64,
    /// The simulated median must lie within `value ± tolerance`.
    pub tolerance: RawTolerance,
    /// Whether the fit uses the target (default) or only checks it afterwards.
    #[serde(default)]
    pub role: TargetRole,
    pub unit: String,
    pub definition: String,
    pub population: String,
    pub status: Status,
    pub source: String,
}

/// The parts of a tolerance, in the target's unit.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawTolerance {
    /// Half-width of the figure's own 95% interval: sampling error and rounding.
    pub sampling: f64,
    /// Largest plausible gap between the source's definition and the model's.
    pub definition: f64,
    /// Why both are what they are.
    pub reasoning: String,
}

/// What a target is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetRole {
    /// In the fit's distance.
    #[default]
    Fit,
    /// Not in the fit: checked after it against a figure the fit has not seen.
    Holdout,
}

impl TargetRole {
    pub fn id(self) -> &'static str {
        match self {
            TargetRole::Fit => "fit",
            TargetRole::Holdout => "holdout",
        }
    }
}

/// One validated target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub metric: String,
    pub value: f64,
    /// `√(sampling² + definition²)`.
    pub tolerance: f64,
    pub role: TargetRole,
    pub unit: String,
    pub definition: String,
    pub source: String,
}

/// A validated set of targets.
#[derive(Debug, Clone)]
pub struct Targets {
    pub path: PathBuf,
    /// The targets the fit uses.
    pub items: Vec<Target>,
    /// The figures checked after the fit only.
    pub holdout: Vec<Target>,
}

impl Targets {
    /// The fit's targets, then the holdout figures.
    pub fn all(&self) -> impl Iterator<Item = &Target> {
        self.items.iter().chain(&self.holdout)
    }
}

impl Targets {
    /// Read a targets file; `metrics` are the metric ids the model produces.
    pub fn load(path: &Path, metrics: &[String]) -> Result<Targets> {
        let layers: Layers = read_with_extends(path, "the calibration targets")?;
        let raw: RawTargets = layers.deserialize()?;
        Targets::validate(path, &layers, &raw, metrics)
    }

    pub fn validate(path: &Path, layers: &Layers, raw: &RawTargets, metrics: &[String]) -> Result<Targets> {
        if raw.targets.is_empty() {
            return Err(Error::invalid(
                path,
                "targets",
                "{}",
                "no targets",
                "at least one [targets.<id>]",
            ));
        }
        let (mut items, mut holdout) = (Vec::new(), Vec::new());
        for (id, t) in &raw.targets {
            let origin = |key: &str| {
                let seg = vec!["targets".to_string(), id.clone(), key.to_string()];
                layers.origin_of(&seg).to_path_buf()
            };
            let key = |k: &str| format!("targets.{id}.{k}");
            if !metrics.iter().any(|m| m == &t.metric) {
                let near: Vec<&str> = metrics
                    .iter()
                    .map(String::as_str)
                    .filter(|m| t.metric.split('_').any(|w| w.len() > 3 && m.contains(w)))
                    .take(8)
                    .collect();
                return Err(Error::invalid(
                    &origin("metric"),
                    key("metric"),
                    format!("\"{}\"", t.metric),
                    "not a metric the model produces",
                    format!("a metric id of summary.csv, e.g. {}", near.join(", ")),
                ));
            }
            if !t.value.is_finite() {
                return Err(Error::invalid(
                    &origin("value"),
                    key("value"),
                    t.value,
                    "not a number",
                    "a finite number",
                ));
            }
            let tolerance = tolerance(&origin("tolerance"), &key, &t.tolerance)?;
            let target = Target {
                id: id.clone(),
                metric: t.metric.clone(),
                value: t.value,
                tolerance,
                role: t.role,
                unit: t.unit.clone(),
                definition: t.definition.clone(),
                source: t.source.clone(),
            };
            match t.role {
                TargetRole::Fit => items.push(target),
                TargetRole::Holdout => holdout.push(target),
            }
        }
        if items.is_empty() {
            return Err(Error::invalid(
                path,
                "targets",
                "only holdout figures",
                "nothing to fit to",
                "at least one target with role = \"fit\" (the default)",
            ));
        }
        Ok(Targets {
            path: path.to_path_buf(),
            items,
            holdout,
        })
    }
}

/// The tolerance `√(sampling² + definition²)` of a target, its parts and
/// reasoning checked; `origin` is the file that sets it, `key` makes the
/// target's dotted keys.
fn tolerance(origin: &Path, key: &dyn Fn(&str) -> String, t: &RawTolerance) -> Result<f64> {
    for (part, v) in [("sampling", t.sampling), ("definition", t.definition)] {
        if !(v.is_finite() && v >= 0.0) {
            return Err(Error::invalid(
                origin,
                key(&format!("tolerance.{part}")),
                v,
                "value out of range",
                "a number of at least 0, in the target's unit",
            ));
        }
    }
    let tolerance = t.sampling.hypot(t.definition);
    if tolerance <= 0.0 {
        return Err(Error::invalid(
            origin,
            key("tolerance"),
            "sampling = 0, definition = 0",
            "no tolerance",
            "sampling or definition above 0: no figure is exact",
        ));
    }
    if t.reasoning.trim().is_empty() {
        return Err(Error::invalid(
            origin,
            key("tolerance.reasoning"),
            "\"\"",
            "no reasoning",
            "why the sampling and definition parts are what they are",
        ));
    }
    Ok(tolerance)
}
