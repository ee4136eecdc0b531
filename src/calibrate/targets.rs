//! Calibration targets (`calibration/targets/<region>.toml`): observed
//! figures the model can produce, each with its tolerance, definition,
//! population, the simulated metric it is compared with, and its source.
//! A targets file may `extends` another (e.g. a region's file extends the
//! national one) and add or replace targets by id.

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
    pub tolerance: f64,
    pub unit: String,
    pub definition: String,
    pub population: String,
    pub status: Status,
    pub source: String,
}

/// One validated target.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub metric: String,
    pub value: f64,
    pub tolerance: f64,
    pub unit: String,
    pub definition: String,
    pub source: String,
}

/// A validated set of targets.
#[derive(Debug, Clone)]
pub struct Targets {
    pub path: PathBuf,
    pub items: Vec<Target>,
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
        let mut items = Vec::new();
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
            if !(t.tolerance.is_finite() && t.tolerance > 0.0) {
                return Err(Error::invalid(
                    &origin("tolerance"),
                    key("tolerance"),
                    t.tolerance,
                    "value out of range",
                    "a number above 0",
                ));
            }
            items.push(Target {
                id: id.clone(),
                metric: t.metric.clone(),
                value: t.value,
                tolerance: t.tolerance,
                unit: t.unit.clone(),
                definition: t.definition.clone(),
                source: t.source.clone(),
            });
        }
        Ok(Targets {
            path: path.to_path_buf(),
            items,
        })
    }
}
