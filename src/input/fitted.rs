//! Fitted behavioural parameters (`calibration/fitted/<region>.toml`): a
//! weighted sample from the ABC-SMC posterior, its point estimate, and the
//! settings that produced it. Read (and checked) here, by every run whose
//! region has one; written by `detasim calibrate`
//! ([`crate::calibrate::fitted::write`]).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::input::toml_layers::{Layers, read_table};

/// The raw mirror of a fitted file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFitted {
    pub region: String,
    pub method: String,
    /// The command that produced this file.
    pub command: String,
    pub seed: u64,
    pub scenario: String,
    pub targets: String,
    pub priors: String,
    pub particles: u32,
    pub generations: u32,
    pub replications_per_particle: u32,
    /// Tolerance (distance threshold) of each generation.
    pub epsilon: Vec<f64>,
    /// Acceptance rate of each generation.
    pub acceptance: Vec<f64>,
    pub distance_median: f64,
    pub distance_best: f64,
    pub parameters: Vec<String>,
    /// Weighted posterior mean, in the parameters' units.
    pub point: Vec<f64>,
    /// Weighted posterior standard deviation.
    pub sd: Vec<f64>,
    pub particle: Vec<RawParticle>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawParticle {
    pub weight: f64,
    pub distance: f64,
    pub values: Vec<f64>,
}

/// A validated posterior sample.
#[derive(Debug, Clone)]
pub struct Posterior {
    pub path: PathBuf,
    pub parameters: Vec<String>,
    /// Normalised weights.
    pub weights: Vec<f64>,
    pub particles: Vec<Vec<f64>>,
    pub point: Vec<f64>,
    pub raw: RawFitted,
}

impl Posterior {
    /// Read and check a fitted file.
    pub fn load(path: &Path) -> Result<Posterior> {
        let table = read_table(path, "the fitted parameters", None)?;
        let layers = Layers::single(path.to_path_buf(), table);
        let raw: RawFitted = layers.deserialize()?;
        let bad =
            |key: &str, value: String, problem: &str, allowed: &str| Error::invalid(path, key, value, problem, allowed);
        let n = raw.parameters.len();
        if n == 0 {
            return Err(bad(
                "parameters",
                "[]".into(),
                "no parameters",
                "at least one parameter path",
            ));
        }
        for (key, v) in [("point", &raw.point), ("sd", &raw.sd)] {
            if v.len() != n {
                return Err(bad(
                    key,
                    format!("{} values", v.len()),
                    "wrong length",
                    &format!("{n} values"),
                ));
            }
        }
        if raw.particle.is_empty() {
            return Err(bad(
                "particle",
                "[]".into(),
                "no particles",
                "at least one [[particle]]",
            ));
        }
        let mut total = 0.0;
        for (i, p) in raw.particle.iter().enumerate() {
            if p.values.len() != n || p.values.iter().any(|x| !x.is_finite()) {
                return Err(bad(
                    &format!("particle.{i}.values"),
                    format!("{:?}", p.values),
                    "wrong length or not a number",
                    &format!("{n} finite numbers"),
                ));
            }
            if !(p.weight.is_finite() && p.weight >= 0.0) {
                return Err(bad(
                    &format!("particle.{i}.weight"),
                    p.weight.to_string(),
                    "not a weight",
                    "≥ 0",
                ));
            }
            total += p.weight;
        }
        if total <= 0.0 {
            return Err(bad(
                "particle",
                "weights".into(),
                "weights sum to zero",
                "positive weights",
            ));
        }
        Ok(Posterior {
            path: path.to_path_buf(),
            parameters: raw.parameters.clone(),
            weights: raw.particle.iter().map(|p| p.weight / total).collect(),
            particles: raw.particle.iter().map(|p| p.values.clone()).collect(),
            point: raw.point.clone(),
            raw,
        })
    }

    /// Index of the particle whose cumulative weight first exceeds `u` in [0, 1).
    pub fn pick(&self, u: f64) -> usize {
        let mut acc = 0.0;
        for (i, w) in self.weights.iter().enumerate() {
            acc += w;
            if u < acc {
                return i;
            }
        }
        self.weights.len() - 1
    }
}
