//! Robustness of a comparison's differences to the uncertain parameters
//! (docs/sources.md#methods-robustness).
//!
//! `compare` runs a nested design: `D` joint draws of the uncertain
//! behavioural parameters ("plausible parameter worlds", common to every
//! scenario), each with `K` replications ([`Scenario::draw_of`]). For a
//! metric and a scenario against the base, with `Δ_r` the paired difference
//! of replication `r` and `m_d` the mean of `Δ_r` over the replications of
//! draw `d`:
//!
//! - `sign_robustness = #{d : sgn(m_d) = sgn(Δ̄)} / D`, with `Δ̄` the mean of
//!   all `Δ_r` (a zero is a sign of its own);
//! - `decided_by`: for each drawn parameter `θ_p`, Spearman's rank
//!   correlation `ρ_p` between `m_d` and `θ_{d,p}` over the draws; its
//!   square is the share of the variation (in ranks) of the difference across
//!   draws that the parameter explains on its own. Listed are up to three
//!   parameters whose `|ρ_p|` passes a two-sided test at 5% with a Bonferroni
//!   correction for the number of parameters (`t = ρ √((D−2)/(1−ρ²))`,
//!   Student's t with `D − 2` degrees of freedom), largest share first, so
//!   that with 40 parameters and 20 draws chance correlations are not named;
//! - the crossing of the first: the value `θ*` at which the least-squares
//!   line `m_d = a + b θ_{d,p}` is zero, when it lies within the drawn range;
//! - the verdict: `robust` when `sign_robustness ≥ 0.9`, else `depends` when
//!   a parameter is named, else `unclear`; `not_tested` when the parameters
//!   were fixed or there are fewer than [`MIN_DRAWS`] draws.
//!
//! [`Scenario::draw_of`]: crate::input::scenario::Scenario::draw_of

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::engine::RunResults;

/// The share of parameter draws with the overall sign from which a difference is `robust`.
pub const ROBUST_SHARE: f64 = 0.9;

/// The fewest parameter draws for which robustness is assessed.
pub const MIN_DRAWS: usize = 5;

/// The family-wise significance level of the `decided_by` test.
const ALPHA: f64 = 0.05;

/// What the robustness analysis concludes for one difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The sign holds in at least [`ROBUST_SHARE`] of the parameter draws.
    Robust,
    /// The sign changes across draws and a parameter explains it.
    Depends,
    /// The sign changes across draws and no parameter explains it on its own.
    Unclear,
    /// Parameters fixed, or too few draws.
    NotTested,
}

impl Verdict {
    /// The id written to compare.csv.
    pub fn id(self) -> &'static str {
        match self {
            Verdict::Robust => "robust",
            Verdict::Depends => "depends",
            Verdict::Unclear => "unclear",
            Verdict::NotTested => "not_tested",
        }
    }
}

/// A parameter that explains the difference's variation across draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Decider {
    /// Its `section.key` path.
    pub parameter: String,
    /// Spearman's `ρ` between the per-draw mean difference and the parameter.
    pub rho: f64,
    /// The value at which the fitted line crosses zero, if within the drawn range.
    pub crossing: Option<f64>,
    /// Whether the difference is positive below the crossing (the line falls).
    pub positive_below: bool,
}

impl Decider {
    /// `ρ²`: the share of the variation in ranks the parameter explains alone.
    pub fn share(&self) -> f64 {
        self.rho * self.rho
    }
}

/// The robustness of one metric's difference for one scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Robustness {
    pub scenario: String,
    pub metric: String,
    /// Parameter draws with a finite mean difference.
    pub draws: usize,
    /// Of those, how many have the overall sign.
    pub agreeing: usize,
    pub decided_by: Vec<Decider>,
    pub verdict: Verdict,
    /// Whether the mean over draws is within chance of zero: `|m̄| < t* s/√D`
    /// (Student's t at 95%, `s` the sd of the per-draw means), so that an
    /// `unclear` verdict may be noise rather than the parameters.
    pub within_chance: bool,
    /// Per parameter draw with a finite mean: `(draw, m_d)`.
    pub draw_means: Vec<(usize, f64)>,
}

impl Robustness {
    /// `agreeing / draws`, `NaN` when not tested.
    pub fn sign_robustness(&self) -> f64 {
        if self.verdict == Verdict::NotTested || self.draws == 0 {
            f64::NAN
        } else {
            self.agreeing as f64 / self.draws as f64
        }
    }

    /// The `decided_by` cell of compare.csv: `path:share` pairs joined by `;`.
    pub fn decided_by_cell(&self) -> String {
        let parts: Vec<String> = self
            .decided_by
            .iter()
            .map(|d| format!("{}:{:.2}", d.parameter, d.share()))
            .collect();
        parts.join(";")
    }
}

/// The verdict in words, for the stdout table and the English report:
/// "robust: in 19 of 20 plausible parameter worlds", "depends on … (path):
/// higher when it is below 1.6 unit", "unclear: …", "not tested: …".
pub fn words_en(r: &Robustness) -> String {
    match r.verdict {
        Verdict::Robust => format!("robust: in {} of {} plausible parameter worlds", r.agreeing, r.draws),
        Verdict::Depends => {
            let d = &r.decided_by[0];
            let (meaning, unit) = crate::input::behaviour::parameter_label(&d.parameter).unwrap_or(("", ""));
            let name = if meaning.is_empty() {
                d.parameter.clone()
            } else {
                format!("{} ({})", meaning.to_lowercase(), d.parameter)
            };
            let share = format!("{:.0}% of the variation", 100.0 * d.share());
            match d.crossing {
                Some(x) => {
                    let (side, other) = if d.positive_below {
                        ("below", "above")
                    } else {
                        ("above", "below")
                    };
                    format!(
                        "depends on {name}, {share}: higher than the base when it is {side} {} {unit}, lower {other} (same sign in {} of {} worlds)",
                        crate::summary::short(x),
                        r.agreeing,
                        r.draws
                    )
                }
                None => format!(
                    "depends on {name}, {share} (same sign in {} of {} worlds)",
                    r.agreeing, r.draws
                ),
            }
        }
        Verdict::Unclear if r.within_chance => format!(
            "unclear: not distinguishable from chance (same sign in {} of {} plausible parameter worlds)",
            r.agreeing, r.draws
        ),
        Verdict::Unclear => format!(
            "unclear: same sign in {} of {} plausible parameter worlds, and no single parameter decides it",
            r.agreeing, r.draws
        ),
        Verdict::NotTested => "not tested: parameters fixed, or fewer than 5 parameter draws".to_string(),
    }
}

/// The parameter draws of a comparison: the drawn parameters' paths and,
/// per draw, their values (`values[d][p]`).
#[derive(Debug, Clone, Default)]
pub struct Draws {
    pub parameters: Vec<String>,
    pub values: Vec<Vec<f64>>,
    /// Replications per draw: replication `r` belongs to draw `r / per_draw`.
    pub per_draw: u64,
}

/// The robustness of every metric's difference for every scenario but the
/// base (the first), in the order of the base's metrics.
pub fn robustness(names: &[String], results: &[RunResults], draws: &Draws) -> Vec<Robustness> {
    let base = &results[0];
    let mut out = Vec::new();
    for (k, metric) in base.metric_names.iter().enumerate() {
        for (name, r) in names.iter().zip(results).skip(1) {
            let Some(j) = r.metric_names.iter().position(|m| m == metric) else {
                continue;
            };
            let diffs: Vec<(u64, f64)> = r
                .replications
                .iter()
                .zip(r.rows.iter().zip(&base.rows))
                .map(|(rep, (o, b))| (*rep, o[j] - b[k]))
                .collect();
            out.push(assess(name, metric, &diffs, draws));
        }
    }
    out
}

/// The robustness of one difference from its per-replication values.
fn assess(scenario: &str, metric: &str, diffs: &[(u64, f64)], draws: &Draws) -> Robustness {
    let n_draws = draws.values.len();
    let per_draw = draws.per_draw.max(1);
    let mut sums = vec![(0.0, 0usize); n_draws];
    for &(rep, d) in diffs {
        let i = (rep / per_draw) as usize;
        if d.is_finite() && i < n_draws {
            sums[i].0 += d;
            sums[i].1 += 1;
        }
    }
    let kept: Vec<usize> = (0..n_draws).filter(|&i| sums[i].1 > 0).collect();
    let means: Vec<f64> = kept.iter().map(|&i| sums[i].0 / sums[i].1 as f64).collect();
    let finite: Vec<f64> = diffs.iter().map(|d| d.1).filter(|d| d.is_finite()).collect();
    let overall = finite.iter().sum::<f64>() / finite.len().max(1) as f64;
    let agreeing = means.iter().filter(|m| sign(**m) == sign(overall)).count();
    let mut result = Robustness {
        scenario: scenario.to_string(),
        metric: metric.to_string(),
        draws: means.len(),
        agreeing,
        decided_by: Vec::new(),
        verdict: Verdict::NotTested,
        within_chance: within_chance(&means),
        draw_means: kept.iter().copied().zip(means.iter().copied()).collect(),
    };
    if means.len() < MIN_DRAWS || draws.parameters.is_empty() || finite.is_empty() {
        return result;
    }
    let critical = critical_rho(means.len(), draws.parameters.len());
    let mut deciders: Vec<Decider> = draws
        .parameters
        .iter()
        .enumerate()
        .filter_map(|(p, path)| {
            let theta: Vec<f64> = kept.iter().map(|&i| draws.values[i][p]).collect();
            let rho = spearman(&means, &theta);
            (rho.abs() >= critical).then(|| {
                let Line { slope: b, crossing, .. } = Line::fit(&theta, &means);
                Decider {
                    parameter: path.clone(),
                    rho,
                    crossing,
                    positive_below: b < 0.0,
                }
            })
        })
        .collect();
    deciders.sort_by(|x, y| y.share().total_cmp(&x.share()).then(x.parameter.cmp(&y.parameter)));
    deciders.truncate(3);
    result.verdict = if agreeing as f64 >= ROBUST_SHARE * means.len() as f64 {
        Verdict::Robust
    } else if !deciders.is_empty() {
        Verdict::Depends
    } else {
        Verdict::Unclear
    };
    result.decided_by = deciders;
    result
}

/// `draws.csv`: one row per parameter draw, its number and the value of
/// each drawn parameter (columns named by their `section.key` paths).
pub fn write_draws_csv(path: &std::path::Path, draws: &Draws) -> crate::error::Result<()> {
    use crate::output::csv_files::num;
    let e = |source| crate::error::Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(e)?;
    let mut header = vec!["draw".to_string()];
    header.extend(draws.parameters.iter().cloned());
    w.write_record(&header).map_err(e)?;
    for (d, values) in draws.values.iter().enumerate() {
        let mut rec = vec![d.to_string()];
        rec.extend(values.iter().map(|v| num(*v)));
        w.write_record(&rec).map_err(e)?;
    }
    w.flush()
        .map_err(|err| crate::error::Error::write(path, "draws.csv", err))
}

/// `draw_differences.csv`: per scenario (not the base), metric and
/// parameter draw, the mean paired difference `m_d` over the draw's
/// replications: the points behind `sign_robustness` and `decided_by`.
pub fn write_draw_differences_csv(path: &std::path::Path, robust: &[Robustness]) -> crate::error::Result<()> {
    use crate::output::csv_files::num;
    let e = |source| crate::error::Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(e)?;
    w.write_record(["scenario", "metric", "draw", "diff_mean"]).map_err(e)?;
    for r in robust {
        for (d, m) in &r.draw_means {
            w.write_record([r.scenario.as_str(), r.metric.as_str(), &d.to_string(), &num(*m)])
                .map_err(e)?;
        }
    }
    w.flush()
        .map_err(|err| crate::error::Error::write(path, "draw_differences.csv", err))
}

/// `|m̄| < t* s / √n` for the values `m` (false for fewer than two).
pub fn within_chance(m: &[f64]) -> bool {
    let n = m.len();
    if n < 2 {
        return false;
    }
    let mean = m.iter().sum::<f64>() / n as f64;
    let sd = (m.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).expect("positive degrees of freedom");
    mean.abs() < t.inverse_cdf(0.975) * sd / (n as f64).sqrt()
}

/// −1, 0 or 1.
fn sign(x: f64) -> i8 {
    if x > 0.0 {
        1
    } else if x < 0.0 {
        -1
    } else {
        0
    }
}

/// The smallest `|ρ|` that passes a two-sided test at [`ALPHA`] /
/// `parameters` with `n` pairs: `ρ* = t* / √(t*² + n − 2)`, `t*` the
/// `1 − α/(2P)` quantile of Student's t with `n − 2` degrees of freedom.
fn critical_rho(n: usize, parameters: usize) -> f64 {
    let df = (n as f64 - 2.0).max(1.0);
    let t = StudentsT::new(0.0, 1.0, df).expect("positive degrees of freedom");
    let q = t.inverse_cdf(1.0 - ALPHA / (2.0 * parameters.max(1) as f64));
    q / (q * q + df).sqrt()
}

/// Ranks 1..n, ties at their mean rank.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|a, b| x[*a].total_cmp(&x[*b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let mean_rank = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            r[order[k]] = mean_rank;
        }
        i = j + 1;
    }
    r
}

/// Spearman's rank correlation: Pearson's correlation of the ranks; 0 when
/// either has no variation.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx > 0.0 && syy > 0.0 {
        sxy / (sxx * syy).sqrt()
    } else {
        0.0
    }
}

/// The least-squares line `m = a + b θ` of the per-draw mean differences
/// on a parameter, and the value `θ* = −a/b` at which it is zero when that
/// lies strictly within the drawn range of `θ`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub intercept: f64,
    pub slope: f64,
    pub crossing: Option<f64>,
}

impl Line {
    /// Fit to the pairs `(theta[d], means[d])`.
    pub fn fit(theta: &[f64], means: &[f64]) -> Line {
        let (a, b) = least_squares(theta, means);
        let (lo, hi) = theta
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| (l.min(*x), h.max(*x)));
        let crossing = (b != 0.0).then(|| -a / b).filter(|x| *x > lo && *x < hi);
        Line {
            intercept: a,
            slope: b,
            crossing,
        }
    }
}

/// Intercept and slope of the least-squares line `y = a + b x`.
fn least_squares(x: &[f64], y: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let sxx: f64 = x.iter().map(|a| (a - mx).powi(2)).sum();
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - b * mx, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `D` draws of `P` parameters, uniform on [0, 1] from a fixed stream.
    fn draws(d: usize, p: usize, per_draw: u64) -> Draws {
        let mut rng = crate::rng::stream(5, 0, crate::rng::Purpose::Parameters);
        Draws {
            parameters: (0..p).map(|i| format!("section.p{i}")).collect(),
            values: (0..d)
                .map(|_| (0..p).map(|_| rand::RngExt::random::<f64>(&mut rng)).collect())
                .collect(),
            per_draw,
        }
    }

    #[test]
    fn a_parameter_whose_value_flips_the_sign_decides_the_difference() {
        // the difference is 2 × (0.6 − θ₇) plus noise: positive below 0.6
        let dr = draws(20, 40, 3);
        let mut noise = crate::rng::stream(6, 0, crate::rng::Purpose::Bootstrap);
        let diffs: Vec<(u64, f64)> = (0..60u64)
            .map(|r| {
                let theta = dr.values[(r / 3) as usize][7];
                let e: f64 = rand::RngExt::random(&mut noise);
                (r, 2.0 * (0.6 - theta) + 0.05 * (e - 0.5))
            })
            .collect();
        let r = assess("s", "m", &diffs, &dr);
        assert_eq!(r.verdict, Verdict::Depends);
        assert_eq!(
            r.decided_by.len(),
            1,
            "chance correlations are not named: {:?}",
            r.decided_by
        );
        let d = &r.decided_by[0];
        assert_eq!(d.parameter, "section.p7");
        assert!(d.share() > 0.9, "{}", d.share());
        assert!(d.positive_below);
        let crossing = d.crossing.expect("the crossing lies in the drawn range");
        assert!((crossing - 0.6).abs() < 0.05, "{crossing}");
    }

    #[test]
    fn a_difference_of_one_sign_in_every_draw_is_robust() {
        let dr = draws(20, 10, 2);
        let diffs: Vec<(u64, f64)> = (0..40u64).map(|r| (r, 1.0 + dr.values[(r / 2) as usize][0])).collect();
        let r = assess("s", "m", &diffs, &dr);
        assert_eq!((r.verdict, r.sign_robustness()), (Verdict::Robust, 1.0));
    }

    #[test]
    fn noise_without_a_parameter_behind_it_is_unclear_and_few_draws_are_not_tested() {
        let dr = draws(20, 10, 1);
        let diffs: Vec<(u64, f64)> = (0..20u64).map(|r| (r, if r % 2 == 0 { 1.0 } else { -1.1 })).collect();
        let r = assess("s", "m", &diffs, &dr);
        assert_eq!(r.verdict, Verdict::Unclear);
        assert_eq!(r.sign_robustness(), 0.5);
        assert!(r.within_chance);
        assert!(words_en(&r).contains("not distinguishable from chance"));
        let few = draws(4, 10, 1);
        let r = assess("s", "m", &diffs[..4], &few);
        assert_eq!(r.verdict, Verdict::NotTested);
        assert!(r.sign_robustness().is_nan());
    }

    #[test]
    fn ranks_share_ties_and_spearman_is_one_for_a_monotone_relation() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        let x = [0.1, 0.5, 0.2, 0.9];
        let y: Vec<f64> = x.iter().map(|v: &f64| v.powi(3)).collect();
        assert_eq!(spearman(&x, &y), 1.0);
        // with 20 pairs and one parameter, |ρ| ≥ 0.444 passes at 5% (tables: 0.447)
        assert!((critical_rho(20, 1) - 0.444).abs() < 0.01, "{}", critical_rho(20, 1));
    }
}
