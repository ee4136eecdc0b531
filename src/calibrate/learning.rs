//! What the targets taught the fit: per fitted parameter, how much narrower
//! the posterior is than the prior, and the effective sample size of the
//! weighted particles (docs/sources.md#methods-calibration).
//!
//! With `w_i` the normalised weights of the particles `θ_i` and `u = θ` or
//! `ln θ` the coordinate in which the prior is uniform on `[a, b]`:
//!
//! - the prior's standard deviation `s₀ = (b − a) / √12`;
//! - the posterior's `s₁ = √(Σ w_i (u_i − ū)²)`, `ū = Σ w_i u_i`;
//! - the width ratio `s₁ / s₀`: 1 when the targets say nothing about the
//!   parameter, towards 0 when they pin it down. A ratio of at least
//!   [`NOT_INFORMED_RATIO`] is flagged "not informed by the targets": for a
//!   uniform posterior on a sub-interval it means the targets excluded less
//!   than a fifth of the prior range;
//! - the effective sample size `ESS = 1 / Σ w_i²` (Kish 1965; Liu 2001,
//!   §2.5.3 for importance weights): how many equally weighted particles the
//!   weighted sample is worth.

use std::path::Path;

use crate::calibrate::fitted::RawFitted;
use crate::calibrate::priors::{Priors, Shape};
use crate::error::{Error, Result};
use crate::output::csv_files::num;

/// The width ratio from which a parameter is "not informed by the targets".
pub const NOT_INFORMED_RATIO: f64 = 0.8;

/// What the fit learned about one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Learning {
    pub parameter: String,
    pub shape: Shape,
    pub prior_min: f64,
    pub prior_max: f64,
    /// Weighted posterior mean, in the parameter's unit.
    pub posterior_mean: f64,
    /// Weighted 5% and 95% quantiles of the posterior, in the parameter's unit.
    pub posterior_p5: f64,
    pub posterior_p95: f64,
    /// `s₁ / s₀` in the prior's uniform coordinate.
    pub width_ratio: f64,
}

impl Learning {
    /// Whether the targets narrowed the prior by more than a fifth of its spread.
    pub fn informed(&self) -> bool {
        self.width_ratio < NOT_INFORMED_RATIO
    }
}

/// `1 / Σ w_i²` of the weights after normalising them to sum to one.
pub fn effective_sample_size(weights: &[f64]) -> f64 {
    let total: f64 = weights.iter().sum();
    let squares: f64 = weights.iter().map(|w| (w / total).powi(2)).sum();
    1.0 / squares
}

/// Per fitted parameter of `fit`, what the targets taught; parameters
/// without a prior in `priors` are left out.
pub fn learning(fit: &RawFitted, priors: &Priors) -> Vec<Learning> {
    let total: f64 = fit.particle.iter().map(|p| p.weight).sum();
    fit.parameters
        .iter()
        .enumerate()
        .filter_map(|(k, path)| {
            let prior = priors.items.iter().find(|p| &p.path == path)?;
            let (a, b) = prior.internal_bounds();
            let u: Vec<(f64, f64)> = fit
                .particle
                .iter()
                .map(|p| (prior.to_internal(p.values[k]), p.weight / total))
                .collect();
            let mean: f64 = u.iter().map(|(x, w)| w * x).sum();
            let var: f64 = u.iter().map(|(x, w)| w * (x - mean).powi(2)).sum();
            let natural_mean: f64 = fit.particle.iter().map(|p| p.weight / total * p.values[k]).sum();
            let natural: Vec<(f64, f64)> = fit.particle.iter().map(|p| (p.values[k], p.weight / total)).collect();
            Some(Learning {
                parameter: path.clone(),
                shape: prior.shape,
                prior_min: prior.min,
                prior_max: prior.max,
                posterior_mean: natural_mean,
                posterior_p5: weighted_quantile(&natural, 0.05),
                posterior_p95: weighted_quantile(&natural, 0.95),
                width_ratio: var.sqrt() / ((b - a) / 12f64.sqrt()),
            })
        })
        .collect()
}

/// The smallest value whose cumulative weight reaches `q` (weights sum to one).
fn weighted_quantile(values: &[(f64, f64)], q: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cumulative = 0.0;
    for (x, w) in &v {
        cumulative += w;
        if cumulative >= q {
            return *x;
        }
    }
    v.last().map_or(f64::NAN, |x| x.0)
}

/// The table printed after a fit.
pub fn render(rows: &[Learning], ess: f64, particles: usize) -> String {
    let mut lines = vec![format!(
        "{:<32} {:>21} {:>10} {:>21} {:>6}  {}",
        "parameter", "prior", "posterior", "posterior 90%", "width", "informed by the targets"
    )];
    for r in rows {
        lines.push(format!(
            "{:<32} {:>21} {:>10} {:>21} {:>6.2}  {}",
            r.parameter,
            format!(
                "{} – {}",
                crate::summary::short(r.prior_min),
                crate::summary::short(r.prior_max)
            ),
            crate::summary::short(r.posterior_mean),
            format!(
                "{} – {}",
                crate::summary::short(r.posterior_p5),
                crate::summary::short(r.posterior_p95)
            ),
            r.width_ratio,
            if r.informed() { "yes" } else { "NOT INFORMED" }
        ));
    }
    let informed = rows.iter().filter(|r| r.informed()).count();
    lines.push(format!(
        "{informed} of {} fitted parameters informed by the targets (posterior sd below {NOT_INFORMED_RATIO} of the prior's); effective sample size {ess:.0} of {particles} particles",
        rows.len()
    ));
    lines.join("\n")
}

/// `<region>.posterior.csv`: one row per fitted parameter.
pub fn write_csv(path: &Path, rows: &[Learning], ess: f64) -> Result<()> {
    let e = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    // a partial file first, moved into place when complete
    let partial = path.with_extension("csv.partial");
    let mut w = csv::Writer::from_path(&partial).map_err(e)?;
    w.write_record([
        "parameter",
        "prior_shape",
        "prior_min",
        "prior_max",
        "posterior_mean",
        "posterior_p5",
        "posterior_p95",
        "width_ratio",
        "informed",
        "effective_sample_size",
    ])
    .map_err(e)?;
    for r in rows {
        w.write_record([
            r.parameter.clone(),
            match r.shape {
                Shape::Uniform => "uniform",
                Shape::LogUniform => "log-uniform",
            }
            .to_string(),
            num(r.prior_min),
            num(r.prior_max),
            num(r.posterior_mean),
            num(r.posterior_p5),
            num(r.posterior_p95),
            num(r.width_ratio),
            if r.informed() { "yes" } else { "no" }.to_string(),
            num(ess),
        ])
        .map_err(e)?;
    }
    w.flush()
        .map_err(|err| Error::write(&partial, "the posterior summary", err))?;
    drop(w);
    std::fs::rename(&partial, path).map_err(|err| Error::write(path, "the posterior summary", err))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::fitted::RawParticle;
    use crate::calibrate::priors::Prior;

    fn fit(values: &[f64], weights: &[f64]) -> RawFitted {
        RawFitted {
            region: "r".into(),
            method: "abc-smc".into(),
            command: String::new(),
            seed: 1,
            scenario: String::new(),
            targets: String::new(),
            priors: String::new(),
            particles: values.len() as u32,
            generations: 1,
            replications_per_particle: 1,
            epsilon: vec![1.0],
            acceptance: vec![1.0],
            distance_median: 0.0,
            distance_best: 0.0,
            parameters: vec!["a.b".into()],
            point: vec![0.0],
            sd: vec![0.0],
            particle: values
                .iter()
                .zip(weights)
                .map(|(v, w)| RawParticle {
                    weight: *w,
                    distance: 0.0,
                    values: vec![*v],
                })
                .collect(),
        }
    }

    fn priors() -> Priors {
        Priors {
            path: "p".into(),
            items: vec![Prior {
                path: "a.b".into(),
                shape: Shape::Uniform,
                min: 0.0,
                max: 1.0,
            }],
            fixed: Vec::new(),
        }
    }

    #[test]
    fn a_posterior_as_wide_as_its_prior_is_not_informed_and_a_narrow_one_is() {
        // an even grid over [0, 1]: as wide as the prior
        let wide: Vec<f64> = (0..1000).map(|i| (i as f64 + 0.5) / 1000.0).collect();
        let l = learning(&fit(&wide, &vec![1.0; 1000]), &priors());
        assert!((l[0].width_ratio - 1.0).abs() < 0.01, "{}", l[0].width_ratio);
        assert!(!l[0].informed());
        // the same grid squeezed into [0.4, 0.6]: a fifth of the spread
        let narrow: Vec<f64> = wide.iter().map(|x| 0.4 + 0.2 * x).collect();
        let l = learning(&fit(&narrow, &vec![1.0; 1000]), &priors());
        assert!((l[0].width_ratio - 0.2).abs() < 0.01, "{}", l[0].width_ratio);
        assert!(l[0].informed());
        assert!((l[0].posterior_mean - 0.5).abs() < 1e-9);
        assert!((l[0].posterior_p5 - 0.41).abs() < 0.002 && (l[0].posterior_p95 - 0.59).abs() < 0.002);
    }

    #[test]
    fn the_effective_sample_size_counts_equal_weights_fully_and_one_dominant_weight_once() {
        assert!((effective_sample_size(&[2.0; 50]) - 50.0).abs() < 1e-9);
        assert!((effective_sample_size(&[1.0, 0.0, 0.0, 0.0]) - 1.0).abs() < 1e-9);
        // two particles of weight 3 and 1: (3 + 1)² / (9 + 1) = 1.6
        assert!((effective_sample_size(&[3.0, 1.0]) - 1.6).abs() < 1e-9);
    }
}
