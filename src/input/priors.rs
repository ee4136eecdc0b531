//! Priors of the behavioural parameters (`calibration/priors/default.toml`):
//! for each parameter, its role (fitted by `calibrate`, or not informed by
//! the targets), its shape, range and the reasoning. `calibrate` samples the
//! fitted ones; every run draws the others from their range
//! ([`crate::input::scenario::Scenario::behaviour_for_replication`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::behaviour::BEHAVIOUR_PARAMETERS;
use crate::input::params::{Kind, ParamSpec};
use crate::input::scenario::{Precedence, Scenario, behaviour_with};
use crate::input::toml_layers::{Layers, read_table};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPriors {
    pub description: String,
    /// Keyed by the parameter's path in the behaviour file, `section.key`.
    pub parameters: BTreeMap<String, RawPrior>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrior {
    pub role: Role,
    pub shape: Shape,
    pub min: f64,
    pub max: f64,
    pub unit: String,
    pub reasoning: String,
}

/// Whether `calibrate` fits a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Fitted to the targets.
    Fitted,
    /// Not informed by the targets: kept at its value in the behaviour file.
    Fixed,
}

/// The prior's shape over `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shape {
    /// Uniform density on `[min, max]`.
    Uniform,
    /// Uniform density of `ln x` on `[ln min, ln max]` (scale parameters).
    LogUniform,
}

/// One parameter's prior.
#[derive(Debug, Clone, PartialEq)]
pub struct Prior {
    pub path: String,
    pub shape: Shape,
    pub min: f64,
    pub max: f64,
}

impl Prior {
    /// The coordinate in which the prior is uniform: `x` or `ln x`.
    pub fn to_internal(&self, x: f64) -> f64 {
        match self.shape {
            Shape::Uniform => x,
            Shape::LogUniform => x.ln(),
        }
    }

    pub fn from_internal(&self, u: f64) -> f64 {
        match self.shape {
            Shape::Uniform => u,
            Shape::LogUniform => u.exp(),
        }
    }

    /// The lowest value of the range.
    pub fn lowest(&self) -> f64 {
        self.min
    }

    /// The highest value of the range.
    pub fn highest(&self) -> f64 {
        self.max
    }

    /// `[lo, hi]` in the internal coordinate.
    pub fn internal_bounds(&self) -> (f64, f64) {
        (self.to_internal(self.min), self.to_internal(self.max))
    }
}

/// A validated set of priors.
#[derive(Debug, Clone)]
pub struct Priors {
    pub path: PathBuf,
    /// The parameters `calibrate` fits (`role = "fitted"`).
    pub items: Vec<Prior>,
    /// Parameters kept at their value in the behaviour file (`role = "fixed"`).
    pub fixed: Vec<Prior>,
}

impl Priors {
    /// Read a priors file and check every parameter against the scenario's
    /// behaviour file: the path must name a declared parameter
    /// ([`BEHAVIOUR_PARAMETERS`]), and the behaviour must
    /// validate with every parameter at its minimum and at its maximum.
    pub fn load(path: &Path, scenario: &Scenario) -> Result<Priors> {
        let table = read_table(path, "the priors", None)?;
        let layers = Layers::single(path.to_path_buf(), table);
        let raw: RawPriors = layers.deserialize()?;
        Priors::validate(path, &raw, scenario)
    }

    pub fn validate(path: &Path, raw: &RawPriors, scenario: &Scenario) -> Result<Priors> {
        let behaviour = &scenario.provenance.behaviour_raw;
        let mut items = Vec::new();
        let mut fixed = Vec::new();
        for (name, p) in &raw.parameters {
            let key = |k: &str| format!("parameters.\"{name}\".{k}");
            if !BEHAVIOUR_PARAMETERS
                .iter()
                .flat_map(ParamSpec::paths)
                .any(|p| p == *name)
            {
                return Err(Error::invalid(
                    path,
                    format!("parameters.\"{name}\""),
                    name,
                    "no such behavioural parameter",
                    "a `section.key` of calibration/behaviour/default.toml, e.g. \"dropout.drop_base\"",
                ));
            }
            if !(p.min.is_finite() && p.max.is_finite() && p.min < p.max) {
                return Err(Error::invalid(
                    path,
                    key("max"),
                    p.max,
                    "the range is empty",
                    format!("a number above min = {}", p.min),
                ));
            }
            if p.shape == Shape::LogUniform && p.min <= 0.0 {
                return Err(Error::invalid(
                    path,
                    key("min"),
                    p.min,
                    "a log-uniform prior needs a positive range",
                    "a number above 0",
                ));
            }
            let prior = Prior {
                path: name.clone(),
                shape: p.shape,
                min: p.min,
                max: p.max,
            };
            match p.role {
                Role::Fitted => items.push(prior),
                Role::Fixed => {
                    let current = behaviour.figure(name).map_or(f64::NAN, |f| f.value);
                    if !(current >= p.min && current <= p.max) {
                        return Err(Error::invalid(
                            path,
                            format!("parameters.\"{name}\""),
                            current,
                            "a fixed parameter's value in the behaviour file lies outside its prior",
                            format!("a range from {} to {} that holds the value", p.min, p.max),
                        ));
                    }
                    fixed.push(prior);
                }
            }
        }
        if items.is_empty() {
            return Err(Error::invalid(
                path,
                "parameters",
                "{}",
                "no parameters",
                "at least one parameter with role = \"fitted\"",
            ));
        }
        for (end, pick) in [("min", true), ("max", false)] {
            let values: Vec<(String, f64)> = items
                .iter()
                .map(|p| (p.path.clone(), if pick { p.min } else { p.max }))
                .collect();
            if let Err(e) = behaviour_with(&scenario.provenance.behaviour_layers, &values, Precedence::ValuesWin) {
                return Err(Error::invalid(
                    path,
                    "parameters",
                    format!("every parameter at its {end}"),
                    format!("the behaviour file rejects these values: {e}"),
                    "prior ranges within what calibration/behaviour/default.toml allows",
                ));
            }
        }
        Ok(Priors {
            path: path.to_path_buf(),
            items,
            fixed,
        })
    }
}

/// One draw of `priors`, as `(section.key, value)` in their order: each
/// uniformly in its prior's coordinate (`x`, or `ln x` for a log-uniform
/// prior) from `rng`, rounded for a whole-number parameter. The parameters
/// a fit leaves out are drawn this way in every run
/// ([`crate::input::scenario::Scenario::parameter_draw`]) and in every
/// simulation of a fit, which so integrates over them
/// ([`crate::calibrate::abc`]).
pub fn draw(priors: &[Prior], rng: &mut crate::rng::Stream) -> Vec<(String, f64)> {
    priors
        .iter()
        .map(|prior| {
            let u: f64 = rand::RngExt::random(rng);
            let (lo, hi) = prior.internal_bounds();
            let mut x = prior.from_internal(lo + u * (hi - lo));
            if parameter_kind(&prior.path) == Some(Kind::Whole) {
                x = x.round().clamp(prior.min.ceil(), prior.max.floor());
            }
            (prior.path.clone(), x)
        })
        .collect()
}

/// The kind (real, whole, …) of the behavioural parameter at `path`.
fn parameter_kind(path: &str) -> Option<Kind> {
    BEHAVIOUR_PARAMETERS
        .iter()
        .find(|spec| spec.paths().any(|p| p == path))
        .map(|spec| spec.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draw_lies_in_the_range_and_a_whole_number_parameter_is_whole() {
        let priors = [
            Prior {
                path: "loonwaarde_growth.remeasure_months".into(),
                shape: Shape::Uniform,
                min: 3.0,
                max: 24.0,
            },
            Prior {
                path: "dropout.drop_base".into(),
                shape: Shape::LogUniform,
                min: 0.002,
                max: 0.08,
            },
        ];
        let mut rng = crate::rng::stream(1, 0, crate::rng::Purpose::Parameters);
        let mut below_geometric_mid = 0;
        for _ in 0..2000 {
            let d = draw(&priors, &mut rng);
            assert_eq!(d[0].1.fract(), 0.0);
            assert!((3.0..=24.0).contains(&d[0].1));
            assert!((0.002..=0.08).contains(&d[1].1));
            below_geometric_mid += usize::from(d[1].1 < (0.002f64 * 0.08).sqrt());
        }
        // log-uniform: half the draws below the geometric midpoint (0.0126), not the arithmetic one
        assert!((900..1100).contains(&below_geometric_mid), "{below_geometric_mid}");
    }
}
