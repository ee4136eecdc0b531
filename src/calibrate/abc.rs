//! Approximate Bayesian computation with sequential Monte Carlo (ABC-SMC;
//! Beaumont, Cornuet, Marin & Robert 2009, "Adaptive approximate Bayesian
//! computation", Biometrika 96(4); adaptive tolerances as in Del Moral,
//! Doucet & Jasra 2012).
//!
//! Generation 0 draws `N` particles from the prior. Generation `g` sets its
//! tolerance `ε_g` to the median distance of generation `g − 1`, proposes by
//! drawing a particle by weight and perturbing it with a Gaussian kernel of
//! variance `2 × (weighted variance of g − 1)` per parameter (in the
//! coordinate in which the prior is uniform), simulates, and keeps proposals
//! with distance `≤ ε_g` until it has `N`. Weights are
//! `w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j)`, with `π` uniform within the bounds.
//!
//! The distance between simulated statistics `s` and targets `v` with
//! tolerances `τ` is `sqrt(mean_k ((s_k − v_k) / τ_k)²)`, so 1 means "off by
//! one tolerance on average". `s_k` is the mean over `R` replications with
//! fixed replication indices: common random numbers across particles.
//!
//! The parameters with a prior that are not fitted (`role = "fixed"`, and
//! not set by the scenario) are nuisance parameters: each replication of
//! each proposal draws them from their prior ([`crate::input::priors::draw`])
//! with a stream keyed by a number the proposal stream gives that proposal,
//! so the distance integrates over them and the posterior of the fitted
//! parameters is marginal over the others, as the runs that use it draw
//! them again (docs/ODD.md §10).
//!
//! Reproducible: proposals come from one random stream of the seed, batches
//! are simulated in parallel but accepted in proposal order.

use indicatif::ProgressBar;
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

use crate::calibrate::priors::{Prior, Priors, draw};
use crate::calibrate::targets::Targets;
use crate::input::scenario::{Precedence, Scenario};
use crate::model::simulate;
use crate::observe::metrics::MetricsObserver;
use crate::observe::registry::MetricSet;
use crate::rng::{Purpose, Stream, stream};

/// Settings of a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Particles per generation (`N`).
    pub particles: usize,
    /// Generations after the prior generation (at most).
    pub generations: usize,
    /// Replications per particle (`R`).
    pub replications: u64,
    pub seed: u64,
    /// A generation stops (and is discarded) after `particles / min_acceptance` proposals.
    pub min_acceptance: f64,
}

/// The accepted population of the last complete generation.
#[derive(Debug, Clone)]
pub struct Fit {
    pub parameters: Vec<String>,
    /// Particles in the parameters' own units.
    pub particles: Vec<Vec<f64>>,
    /// Normalised weights.
    pub weights: Vec<f64>,
    pub distances: Vec<f64>,
    /// Tolerance of each completed generation (generation 0: infinite, written as the largest distance).
    pub epsilon: Vec<f64>,
    /// Acceptance rate of each completed generation.
    pub acceptance: Vec<f64>,
}

impl Fit {
    /// Weighted mean and standard deviation of each parameter.
    pub fn point_and_sd(&self) -> (Vec<f64>, Vec<f64>) {
        let (mean, var) = weighted_moments(&self.particles, &self.weights);
        (mean, var.into_iter().map(f64::sqrt).collect())
    }
}

/// Weighted mean and variance of each coordinate (weights sum to one).
fn weighted_moments(points: &[Vec<f64>], weights: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let d = points.first().map_or(0, Vec::len);
    let mut mean = vec![0.0; d];
    for (p, w) in points.iter().zip(weights) {
        for k in 0..d {
            mean[k] += w * p[k];
        }
    }
    let mut var = vec![0.0; d];
    for (p, w) in points.iter().zip(weights) {
        for k in 0..d {
            var[k] += w * (p[k] - mean[k]).powi(2);
        }
    }
    (mean, var)
}

/// Evaluates parameter vectors against targets.
pub struct Evaluator<'a> {
    scenario: &'a Scenario,
    priors: &'a Priors,
    targets: &'a Targets,
    metric_index: Vec<usize>,
    replications: u64,
    /// The nuisance parameters: not fitted, not set by the scenario.
    unfitted: Vec<Prior>,
}

impl<'a> Evaluator<'a> {
    pub fn new(scenario: &'a Scenario, priors: &'a Priors, targets: &'a Targets, replications: u64) -> Self {
        let names = MetricSet::for_scenario(scenario).names();
        let metric_index = targets
            .items
            .iter()
            .map(|t| {
                names
                    .iter()
                    .position(|n| n == &t.metric)
                    .expect("targets are validated against the metric ids")
            })
            .collect();
        let overridden = &scenario.provenance.behaviour_overridden;
        let unfitted = priors
            .fixed
            .iter()
            .filter(|p| !overridden.contains(&p.path))
            .cloned()
            .collect();
        Evaluator {
            scenario,
            priors,
            targets,
            metric_index,
            replications,
            unfitted,
        }
    }

    /// The simulated statistics (mean over replications) for parameters
    /// `theta` in their own units, the nuisance parameters of replication
    /// `r` drawn from `stream(key, r)`; `None` if the behaviour rejects them.
    pub fn statistics(&self, theta: &[f64], key: u64) -> Option<Vec<f64>> {
        let fitted = self
            .priors
            .items
            .iter()
            .map(|p| p.path.clone())
            .zip(theta.iter().copied());
        let fitted: Vec<(String, f64)> = fitted.collect();
        let mut sums = vec![0.0; self.metric_index.len()];
        for r in 0..self.replications {
            let mut named = fitted.clone();
            named.extend(draw(&self.unfitted, &mut stream(key, r, Purpose::Parameters)));
            let s = self.scenario.with_parameters(&named, Precedence::ValuesWin).ok()?;
            let mut obs = MetricsObserver::new(&s);
            simulate(&s, r, &mut obs);
            let m = obs.finish(&s);
            for (k, &i) in self.metric_index.iter().enumerate() {
                sums[k] += m.values[i];
            }
        }
        Some(sums.into_iter().map(|x| x / self.replications as f64).collect())
    }

    /// `sqrt(mean_k ((s_k − v_k) / τ_k)²)`; infinite when a statistic does not exist.
    pub fn distance(&self, stats: &[f64]) -> f64 {
        let n = self.targets.items.len() as f64;
        let sum: f64 = self
            .targets
            .items
            .iter()
            .zip(stats)
            .map(|(t, s)| ((s - t.value) / t.tolerance).powi(2))
            .sum();
        let d = (sum / n).sqrt();
        if d.is_finite() { d } else { f64::INFINITY }
    }

    fn evaluate(&self, theta: &[f64], key: u64) -> f64 {
        self.statistics(theta, key).map_or(f64::INFINITY, |s| self.distance(&s))
    }
}

fn draw_prior(rng: &mut Stream, priors: &Priors) -> Vec<f64> {
    priors
        .items
        .iter()
        .map(|p| {
            let (lo, hi) = p.internal_bounds();
            let u: f64 = rng.random();
            lo + (hi - lo) * u
        })
        .collect()
}

fn median(v: &[f64]) -> f64 {
    let mut s: Vec<f64> = v.to_vec();
    s.sort_by(f64::total_cmp);
    crate::summary::quantile_sorted(&s, 0.5)
}

/// A batch of `batch` proposals inside the prior's bounds (internal
/// coordinates): a particle of `population` drawn by its `cumulative` weight,
/// moved by a normal kernel of scale `sigma` per coordinate.
fn propose(
    rng: &mut Stream,
    population: &[Vec<f64>],
    cumulative: &[f64],
    sigma: &[f64],
    priors: &Priors,
    batch: usize,
) -> Vec<Vec<f64>> {
    let (n, d) = (population.len(), priors.items.len());
    let mut proposals = Vec::with_capacity(batch);
    while proposals.len() < batch {
        let u: f64 = rng.random();
        let i = cumulative.partition_point(|c| *c <= u * cumulative[n - 1]).min(n - 1);
        let candidate: Vec<f64> = (0..d)
            .map(|k| {
                let z: f64 = StandardNormal.sample(&mut *rng);
                population[i][k] + sigma[k] * z
            })
            .collect();
        let inside = priors.items.iter().zip(&candidate).all(|(p, x)| {
            let (lo, hi) = p.internal_bounds();
            *x >= lo && *x <= hi
        });
        if inside {
            proposals.push(candidate);
        }
    }
    proposals
}

/// Normalised importance weights of the `accepted` particles: the uniform
/// prior over the kernel mixture of the previous generation, i.e.
/// `w_i ∝ 1 / Σ_j w_j·exp(−½ Σ_k ((u_ik − p_jk) / σ_k)²)`; uniform if all vanish.
fn importance_weights(
    accepted: &[(Vec<f64>, f64)],
    population: &[Vec<f64>],
    weights: &[f64],
    sigma: &[f64],
) -> Vec<f64> {
    let (n, d) = (accepted.len(), sigma.len());
    let new_weights: Vec<f64> = accepted
        .iter()
        .map(|(u, _)| {
            let mix: f64 = population
                .iter()
                .zip(weights)
                .map(|(p, w)| {
                    let log_k: f64 = (0..d).map(|k| -0.5 * ((u[k] - p[k]) / sigma[k]).powi(2)).sum();
                    w * log_k.exp()
                })
                .sum();
            if mix > 0.0 { 1.0 / mix } else { 0.0 }
        })
        .collect();
    let total: f64 = new_weights.iter().sum();
    if total > 0.0 {
        new_weights.iter().map(|w| w / total).collect()
    } else {
        vec![1.0 / n as f64; n]
    }
}

/// Run ABC-SMC. `progress` counts simulated proposals.
pub fn fit(
    scenario: &Scenario,
    targets: &Targets,
    priors: &Priors,
    settings: &Settings,
    progress: &ProgressBar,
) -> Fit {
    let eval = Evaluator::new(scenario, priors, targets, settings.replications);
    let n = settings.particles;
    let mut rng = stream(settings.seed, 0, Purpose::Calibration);
    let to_natural = |u: &[f64]| -> Vec<f64> { priors.items.iter().zip(u).map(|(p, x)| p.from_internal(*x)).collect() };
    let batch = n.max(2 * rayon::current_num_threads());

    // generation 0: the prior
    progress.set_message("generation 0 (prior)");
    let internal: Vec<Vec<f64>> = (0..n).map(|_| draw_prior(&mut rng, priors)).collect();
    // distances of particles (internal coordinates), in parallel, in order;
    // each with the key of its nuisance draws, taken from the proposal stream
    let distances_of = |particles: &[Vec<f64>], rng: &mut Stream| -> Vec<f64> {
        let keys: Vec<u64> = particles.iter().map(|_| rng.random()).collect();
        particles
            .par_iter()
            .zip(keys)
            .map(|(u, key)| {
                let dist = eval.evaluate(&to_natural(u), key);
                progress.inc(1);
                dist
            })
            .collect()
    };
    let mut distances: Vec<f64> = distances_of(&internal, &mut rng);
    let mut population = internal;
    let mut weights = vec![1.0 / n as f64; n];
    let finite_max = distances.iter().copied().filter(|x| x.is_finite()).fold(0.0, f64::max);
    let mut epsilon = vec![finite_max];
    let mut acceptance = vec![1.0];

    let max_proposals = (n as f64 / settings.min_acceptance).ceil() as usize;
    for g in 1..=settings.generations {
        let eps = median(&distances);
        progress.set_message(format!("generation {g}, tolerance {eps:.3}"));
        // kernel scale: twice the weighted variance per coordinate
        let (_, sigma) = weighted_moments(&population, &weights);
        let sigma: Vec<f64> = sigma.iter().map(|v| (2.0 * v).sqrt().max(1e-12)).collect();
        let cumulative: Vec<f64> = weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w;
                Some(*acc)
            })
            .collect();

        let mut accepted: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n);
        let mut proposed = 0usize;
        while accepted.len() < n && proposed < max_proposals {
            let proposals = propose(&mut rng, &population, &cumulative, &sigma, priors, batch);
            let results: Vec<f64> = distances_of(&proposals, &mut rng);
            for (u, dist) in proposals.into_iter().zip(results) {
                proposed += 1;
                if dist <= eps && accepted.len() < n {
                    accepted.push((u, dist));
                }
            }
        }
        if accepted.len() < n {
            // too few acceptances: keep the last complete generation
            break;
        }
        weights = importance_weights(&accepted, &population, &weights, &sigma);
        population = accepted.iter().map(|(u, _)| u.clone()).collect();
        distances = accepted.iter().map(|(_, dist)| *dist).collect();
        epsilon.push(eps);
        acceptance.push(n as f64 / proposed as f64);
    }
    Fit {
        parameters: priors.items.iter().map(|p| p.path.clone()).collect(),
        particles: population.iter().map(|u| to_natural(u)).collect(),
        weights,
        distances,
        epsilon,
        acceptance,
    }
}
