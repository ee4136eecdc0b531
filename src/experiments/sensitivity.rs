//! Global sensitivity analysis of sweep results: Sobol indices from a
//! Saltelli design and Morris elementary effects from trajectories, in the
//! layouts SALib writes, so designs and results made elsewhere can be
//! analysed (and checked against known answers).

use rand::RngExt;
use statrs::distribution::{ContinuousCDF, Normal};

use crate::rng::{Purpose, stream};

/// First-order and total Sobol indices of one factor, with bootstrap intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct SobolIndex {
    pub factor: String,
    pub s1: f64,
    pub s1_low: f64,
    pub s1_high: f64,
    pub st: f64,
    pub st_low: f64,
    pub st_high: f64,
}

/// Morris statistics of one factor.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisIndex {
    pub factor: String,
    /// Mean of the absolute elementary effects (Campolongo et al. 2007).
    pub mu_star: f64,
    /// Mean of the elementary effects.
    pub mu: f64,
    /// Standard deviation of the elementary effects (n − 1).
    pub sigma: f64,
}

/// Sobol indices from outputs `y` of a Saltelli design without second-order
/// terms: for each of the `N` base samples, the rows `A`, `AB_1 … AB_D`
/// (A with column `i` from B), `B` — `N·(D + 2)` rows, as SALib writes them.
///
/// With outputs standardised and `V` the variance of `[f(A), f(B)]`:
/// - first order (Saltelli et al. 2010): `S1_i = mean(f(B)·(f(AB_i) − f(A))) / V`;
/// - total (Jansen 1999): `ST_i = mean((f(A) − f(AB_i))²) / (2V)`.
///
/// Intervals: `index ± z(0.975) × sd` over `bootstrap` resamples of the base
/// samples (as SALib reports them), drawn from `seed`.
pub fn sobol(factors: &[String], y: &[f64], bootstrap: usize, seed: u64) -> Result<Vec<SobolIndex>, String> {
    let d = factors.len();
    if d == 0 || y.is_empty() || !y.len().is_multiple_of(d + 2) {
        return Err(format!(
            "{} outputs for {d} factors: a Saltelli design has N·(D + 2) rows",
            y.len()
        ));
    }
    if y.iter().any(|v| !v.is_finite()) {
        return Err("the output column has empty or non-numeric values".into());
    }
    let n = y.len() / (d + 2);
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let sd = (y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / y.len() as f64).sqrt();
    let z: Vec<f64> = y.iter().map(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 }).collect();
    let a = |j: usize| z[j * (d + 2)];
    let b = |j: usize| z[j * (d + 2) + d + 1];
    let ab = |j: usize, i: usize| z[j * (d + 2) + 1 + i];
    let estimate = |idx: &[usize], i: usize| -> (f64, f64) {
        let m = idx.len() as f64;
        let all: Vec<f64> = idx.iter().map(|&j| a(j)).chain(idx.iter().map(|&j| b(j))).collect();
        let mu = all.iter().sum::<f64>() / all.len() as f64;
        let var = all.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / all.len() as f64;
        if var == 0.0 {
            return (0.0, 0.0);
        }
        let s1 = idx.iter().map(|&j| b(j) * (ab(j, i) - a(j))).sum::<f64>() / m / var;
        let st = idx.iter().map(|&j| (a(j) - ab(j, i)).powi(2)).sum::<f64>() / m / (2.0 * var);
        (s1, st)
    };
    let all: Vec<usize> = (0..n).collect();
    let zq = Normal::new(0.0, 1.0).expect("standard normal").inverse_cdf(0.975);
    let mut rng = stream(seed, 0, Purpose::Calibration);
    let mut boot: Vec<Vec<(f64, f64)>> = vec![Vec::with_capacity(bootstrap); d];
    for _ in 0..bootstrap {
        let idx: Vec<usize> = (0..n).map(|_| rng.random_range(0..n)).collect();
        for (i, b) in boot.iter_mut().enumerate() {
            b.push(estimate(&idx, i));
        }
    }
    let sd_of = |v: &[f64]| -> f64 {
        if v.len() < 2 {
            return 0.0;
        }
        let m = v.iter().sum::<f64>() / v.len() as f64;
        (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
    };
    Ok(factors
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (s1, st) = estimate(&all, i);
            let h1 = zq * sd_of(&boot[i].iter().map(|p| p.0).collect::<Vec<_>>());
            let ht = zq * sd_of(&boot[i].iter().map(|p| p.1).collect::<Vec<_>>());
            SobolIndex {
                factor: f.clone(),
                s1,
                s1_low: s1 - h1,
                s1_high: s1 + h1,
                st,
                st_low: st - ht,
                st_high: st + ht,
            }
        })
        .collect())
}

/// Morris statistics from trajectories of `D + 1` rows in which consecutive
/// rows differ in one factor (SALib's layout). Inputs `x` are in the factors'
/// own units with ranges `bounds`; `levels` is the grid's number of levels `p`.
///
/// Elementary effect of the factor changed between rows `j` and `j + 1`:
/// `EE = (y(x_up) − y(x_down)) / Δ`, `Δ = p / (2(p − 1))` (SALib's
/// convention: the effect of a step of `Δ` on the unit scale, the sign taken
/// from the direction of the step). `mu* = mean |EE|`, `mu = mean EE`,
/// `sigma = sd(EE)` (Morris 1991; Campolongo, Cariboni & Saltelli 2007).
pub fn morris(factors: &[String], x: &[Vec<f64>], y: &[f64], levels: u32) -> Result<Vec<MorrisIndex>, String> {
    let d = factors.len();
    if d == 0 || x.len() != y.len() || x.is_empty() || !x.len().is_multiple_of(d + 1) {
        return Err(format!(
            "{} rows for {d} factors: Morris trajectories have D + 1 rows each",
            x.len()
        ));
    }
    if levels < 2 {
        return Err("levels must be at least 2".into());
    }
    let delta = levels as f64 / (2.0 * (levels as f64 - 1.0));
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); d];
    for t in 0..x.len() / (d + 1) {
        for j in t * (d + 1)..(t + 1) * (d + 1) - 1 {
            let changed: Vec<usize> = (0..d).filter(|&i| x[j + 1][i] != x[j][i]).collect();
            if changed.len() != 1 {
                return Err(format!(
                    "rows {} and {} differ in {} factors; each step of a trajectory changes exactly one",
                    j + 1,
                    j + 2,
                    changed.len()
                ));
            }
            let i = changed[0];
            let ee = if x[j + 1][i] > x[j][i] {
                y[j + 1] - y[j]
            } else {
                y[j] - y[j + 1]
            } / delta;
            effects[i].push(ee);
        }
    }
    Ok(factors
        .iter()
        .zip(effects)
        .map(|(f, e)| {
            let n = e.len().max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
            let sigma = if e.len() > 1 {
                (e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (e.len() - 1) as f64).sqrt()
            } else {
                f64::NAN
            };
            MorrisIndex {
                factor: f.clone(),
                mu_star,
                mu,
                sigma,
            }
        })
        .collect())
}
