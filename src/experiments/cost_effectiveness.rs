//! Incremental cost-effectiveness of a scenario against the base
//! (docs/ODD.md §4; MODEL §8 *revised*): the extra municipal cost per extra
//! lasting placement and per extra banenafspraak job
//! ([`COST_EFFECTIVENESS`]).
//!
//! With replication `r` of the base and of the scenario paired (common
//! random numbers), `ΔC_r = C_r(scenario) − C_r(base)` and
//! `ΔE_r = E_r(scenario) − E_r(base)` for cost `C` and effect `E`. The ratio
//! is that of the paired means, `ICER = mean(ΔC) / mean(ΔE)` (Drummond et
//! al., *Methods for the Economic Evaluation of Health Care Programmes*,
//! 4th ed., 2015, ch. 4; docs/sources.md#methods-cost-effectiveness), not the mean of per-replication ratios, which is
//! unbounded when some `ΔE_r` is near zero.
//!
//! Where cost and effect point the same way the ratio has no meaning as a
//! price and is replaced by a mark: **dominant** (`ΔE > 0`, `ΔC ≤ 0`: better
//! and not dearer) or **dominated** (`ΔE < 0`, `ΔC ≥ 0`). In the other two
//! quadrants the ratio is reported: dearer and better (the price of one
//! extra unit of effect) or cheaper and worse (the saving per unit of effect
//! given up). Without a difference in effect (`ΔE = 0`) there is no ratio,
//! nor without any replication that has both metrics (no data).
//!
//! The 95% interval is from a paired bootstrap over replications (B =
//! [`BOOTSTRAP`] resamples of the pairs, each giving a point on the
//! cost-effectiveness plane), with the percentile interval taken over the
//! *angles* of those points around the estimate's angle: the ratio is
//! `tan θ` of the angle `θ = atan2(ΔC, ΔE)`, monotone between two crossings
//! of `ΔE = 0`, so the interval is `[tan θ_lo, tan θ_hi]` when the angles'
//! 2.5–97.5% range does not reach `ΔE = 0`, and unbounded (empty cells)
//! when it does: then the sign of the effect itself is uncertain
//! (Briggs, Claxton & Sculpher, *Decision Modelling for Health Economic
//! Evaluation*, 2006, §5.2, the "ratio on the CE plane" problem).

use rand::RngExt;

use crate::engine::RunResults;
use crate::observe::registry::{COST_EFFECTIVENESS, CostEffectivenessDef};
use crate::rng::{Purpose, stream};
use crate::summary::quantile_sorted;

/// Bootstrap resamples of the cost-effectiveness intervals.
pub const BOOTSTRAP: usize = 2000;

/// Where a scenario lies on the cost-effectiveness plane against the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quadrant {
    /// Better and not dearer: the ratio has no meaning.
    Dominant,
    /// Worse and not cheaper: the ratio has no meaning.
    Dominated,
    /// Dearer and better: the ratio is the price of an extra unit of effect.
    DearerAndBetter,
    /// Cheaper and worse: the ratio is the saving per unit of effect given up.
    CheaperAndWorse,
    /// No difference in effect: no ratio.
    NoEffect,
    /// No replication has both metrics: nothing to compare.
    NoData,
}

impl Quadrant {
    /// The mark in `compare.csv`'s `cost_effectiveness` column.
    pub fn id(self) -> &'static str {
        match self {
            Quadrant::Dominant => "dominant",
            Quadrant::Dominated => "dominated",
            Quadrant::DearerAndBetter => "dearer_and_better",
            Quadrant::CheaperAndWorse => "cheaper_and_worse",
            Quadrant::NoEffect => "no_effect",
            Quadrant::NoData => "no_data",
        }
    }

    /// The quadrant of mean differences `(ΔC, ΔE)`.
    pub fn of(cost: f64, effect: f64) -> Quadrant {
        if effect > 0.0 {
            if cost <= 0.0 {
                Quadrant::Dominant
            } else {
                Quadrant::DearerAndBetter
            }
        } else if effect < 0.0 {
            if cost >= 0.0 {
                Quadrant::Dominated
            } else {
                Quadrant::CheaperAndWorse
            }
        } else {
            Quadrant::NoEffect
        }
    }

    /// Whether the ratio is reported (it has a meaning as a price or a saving).
    pub fn has_ratio(self) -> bool {
        matches!(self, Quadrant::DearerAndBetter | Quadrant::CheaperAndWorse)
    }
}

/// One ratio of one scenario against the base.
#[derive(Debug, Clone, PartialEq)]
pub struct CostEffectiveness {
    pub scenario: String,
    pub def: CostEffectivenessDef,
    /// Mean paired differences of cost and effect, over the replications where both are finite.
    pub cost_diff: f64,
    pub effect_diff: f64,
    pub quadrant: Quadrant,
    /// `cost_diff / effect_diff` where [`Quadrant::has_ratio`], else `NaN`.
    pub ratio: f64,
    /// The bootstrap 95% interval of the ratio; `NaN` where there is no
    /// ratio, fewer than two pairs, or the interval reaches `ΔE = 0` (unbounded).
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// Pairs of replications used.
    pub pairs: usize,
}

/// The cost-effectiveness of every scenario but the base (the first), for
/// every ratio of [`COST_EFFECTIVENESS`] whose metrics both runs report.
/// `seed` seeds the bootstrap (the comparison's seed), so the intervals are
/// reproducible.
pub fn cost_effectiveness(names: &[String], results: &[RunResults], seed: u64) -> Vec<CostEffectiveness> {
    let mut out = Vec::new();
    let Some(base) = results.first() else {
        return out;
    };
    for def in COST_EFFECTIVENESS {
        let (cost_id, effect_id) = (def.cost.def().id, def.effect.def().id);
        for (k, (name, r)) in names.iter().zip(results).enumerate().skip(1) {
            let (Some(pairs_c), Some(pairs_e)) = (
                paired(base, r, cost_id).map(|v| v.collect::<Vec<_>>()),
                paired(base, r, effect_id).map(|v| v.collect::<Vec<_>>()),
            ) else {
                continue;
            };
            let pairs: Vec<(f64, f64)> = pairs_c
                .into_iter()
                .zip(pairs_e)
                .filter(|(c, e)| c.is_finite() && e.is_finite())
                .collect();
            let mut rng = stream(seed, k as u64, Purpose::Bootstrap);
            out.push(estimate(name, def, &pairs, &mut rng));
        }
    }
    out
}

/// The paired differences `other[r] − base[r]` of one metric, if both runs report it.
fn paired<'a>(base: &'a RunResults, other: &'a RunResults, metric: &str) -> Option<impl Iterator<Item = f64> + 'a> {
    let jb = base.metric_names.iter().position(|m| m == metric)?;
    let jo = other.metric_names.iter().position(|m| m == metric)?;
    Some(other.rows.iter().zip(&base.rows).map(move |(o, b)| o[jo] - b[jb]))
}

/// The means of both elements of the pairs picked by `idx` (`NaN` for none).
fn mean_of(pairs: &[(f64, f64)], idx: impl Iterator<Item = usize>) -> (f64, f64) {
    let (mut c, mut e, mut n) = (0.0, 0.0, 0usize);
    for i in idx {
        c += pairs[i].0;
        e += pairs[i].1;
        n += 1;
    }
    if n == 0 {
        (f64::NAN, f64::NAN)
    } else {
        (c / n as f64, e / n as f64)
    }
}

/// The ratio, its quadrant and its bootstrap interval from paired
/// differences `(ΔC_r, ΔE_r)` (module docs).
fn estimate(
    scenario: &str,
    def: CostEffectivenessDef,
    pairs: &[(f64, f64)],
    rng: &mut crate::rng::Stream,
) -> CostEffectiveness {
    let n = pairs.len();
    let (cost_diff, effect_diff) = mean_of(pairs, 0..n);
    let quadrant = if n == 0 {
        Quadrant::NoData
    } else {
        Quadrant::of(cost_diff, effect_diff)
    };
    let ratio = if n > 0 && quadrant.has_ratio() {
        cost_diff / effect_diff
    } else {
        f64::NAN
    };
    let (mut low, mut high) = (f64::NAN, f64::NAN);
    if ratio.is_finite() && n > 1 {
        let angle = cost_diff.atan2(effect_diff);
        let mut deviations: Vec<f64> = (0..BOOTSTRAP)
            .map(|_| {
                let (c, e) = mean_of(pairs, (0..n).map(|_| rng.random_range(0..n)));
                wrap(c.atan2(e) - angle)
            })
            .collect();
        deviations.sort_by(f64::total_cmp);
        let lo = angle + quantile_sorted(&deviations, 0.025);
        let hi = angle + quantile_sorted(&deviations, 0.975);
        // the interval must lie on the estimate's own branch of tan: the
        // angles between the two crossings of ΔE = 0 around the estimate
        if branch(lo) == branch(angle) && branch(angle) == branch(hi) {
            (low, high) = (lo.tan(), hi.tan());
        }
    }
    CostEffectiveness {
        scenario: scenario.to_string(),
        def,
        cost_diff,
        effect_diff,
        quadrant,
        ratio,
        ci95_low: low,
        ci95_high: high,
        pairs: n,
    }
}

/// An angle difference wrapped into (−π, π].
fn wrap(a: f64) -> f64 {
    use std::f64::consts::{PI, TAU};
    let w = (a + PI).rem_euclid(TAU) - PI;
    if w == -PI { PI } else { w }
}

/// Which branch of `tan` an angle is on: angles between two consecutive
/// crossings of `ΔE = 0` (`θ = π/2 + kπ`) share a branch.
fn branch(a: f64) -> i64 {
    use std::f64::consts::{FRAC_PI_2, PI};
    ((a - FRAC_PI_2) / PI).floor() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> CostEffectivenessDef {
        COST_EFFECTIVENESS[0]
    }

    fn rng() -> crate::rng::Stream {
        stream(1, 1, Purpose::Bootstrap)
    }

    #[test]
    fn quadrants_follow_the_signs_of_the_mean_differences() {
        assert_eq!(Quadrant::of(-1.0, 1.0), Quadrant::Dominant);
        assert_eq!(Quadrant::of(0.0, 1.0), Quadrant::Dominant);
        assert_eq!(Quadrant::of(1.0, -1.0), Quadrant::Dominated);
        assert_eq!(Quadrant::of(0.0, -1.0), Quadrant::Dominated);
        assert_eq!(Quadrant::of(1.0, 1.0), Quadrant::DearerAndBetter);
        assert_eq!(Quadrant::of(-1.0, -1.0), Quadrant::CheaperAndWorse);
        assert_eq!(Quadrant::of(1.0, 0.0), Quadrant::NoEffect);
    }

    /// A scenario dearer by €100,000 ± 10,000 for 10 ± 1 extra placements:
    /// €10,000 per extra placement, the interval around it and inside the
    /// quadrant.
    #[test]
    fn the_ratio_is_that_of_the_paired_means_with_a_bootstrap_interval() {
        let pairs: Vec<(f64, f64)> = (0..40)
            .map(|r| {
                let x = f64::from(r % 5) - 2.0;
                (
                    100_000.0 + 5_000.0 * x,
                    10.0 + 0.5 * x * if r % 2 == 0 { 1.0 } else { -1.0 },
                )
            })
            .collect();
        let c = estimate("s", def(), &pairs, &mut rng());
        assert_eq!(c.quadrant, Quadrant::DearerAndBetter);
        assert!((c.ratio - 10_000.0).abs() < 1e-6, "{}", c.ratio);
        assert!(c.ci95_low < c.ratio && c.ratio < c.ci95_high, "{c:?}");
        assert!(c.ci95_low > 8_000.0 && c.ci95_high < 12_500.0, "{c:?}");
        assert_eq!(c.pairs, 40);
    }

    /// The mean of the ratios would be dominated by the replication whose
    /// effect is near zero; the ratio of the means is not.
    #[test]
    fn a_near_zero_effect_in_one_replication_does_not_dominate() {
        let pairs = [(1000.0, 1.0), (1000.0, 1.0), (1000.0, 1e-9)];
        let c = estimate("s", def(), &pairs, &mut rng());
        assert!((c.ratio - 1500.0).abs() < 1e-6, "{}", c.ratio);
    }

    #[test]
    fn no_pairs_is_no_data_and_one_pair_has_no_interval() {
        let c = estimate("s", def(), &[], &mut rng());
        assert_eq!(c.quadrant, Quadrant::NoData);
        assert!(c.ratio.is_nan());
        let c = estimate("s", def(), &[(100.0, 2.0)], &mut rng());
        assert_eq!((c.quadrant, c.ratio, c.pairs), (Quadrant::DearerAndBetter, 50.0, 1));
        assert!(c.ci95_low.is_nan() && c.ci95_high.is_nan());
    }

    #[test]
    fn dominant_and_dominated_have_no_ratio() {
        let c = estimate("s", def(), &[(-10.0, 2.0), (-20.0, 4.0)], &mut rng());
        assert_eq!(c.quadrant, Quadrant::Dominant);
        assert!(c.ratio.is_nan() && c.ci95_low.is_nan() && c.ci95_high.is_nan());
        let c = estimate("s", def(), &[(10.0, -2.0), (20.0, -4.0)], &mut rng());
        assert_eq!(c.quadrant, Quadrant::Dominated);
        assert!(c.ratio.is_nan());
    }

    /// When the effect's sign is uncertain the interval reaches ΔE = 0 and is unbounded.
    #[test]
    fn an_uncertain_effect_gives_no_interval() {
        let pairs: Vec<(f64, f64)> = (0..30).map(|r| (1000.0, if r % 2 == 0 { 5.0 } else { -4.0 })).collect();
        let c = estimate("s", def(), &pairs, &mut rng());
        assert_eq!(c.quadrant, Quadrant::DearerAndBetter);
        assert!(c.ratio.is_finite());
        assert!(c.ci95_low.is_nan() && c.ci95_high.is_nan(), "{c:?}");
    }

    /// Cheaper and worse: the ratio is the (positive) saving per unit given up.
    #[test]
    fn cheaper_and_worse_reports_the_saving_per_unit_given_up() {
        let c = estimate("s", def(), &[(-3000.0, -2.0), (-1000.0, -2.0)], &mut rng());
        assert_eq!(c.quadrant, Quadrant::CheaperAndWorse);
        assert_eq!(c.ratio, 1000.0);
    }

    #[test]
    fn angles_wrap_and_branches_split_at_a_zero_effect() {
        use std::f64::consts::PI;
        assert!((wrap(1.5 * PI) + 0.5 * PI).abs() < 1e-12);
        assert_eq!(wrap(-PI), PI);
        assert_eq!(branch(0.1), branch(-0.1));
        assert_ne!(branch(PI / 2.0 - 0.01), branch(PI / 2.0 + 0.01));
    }
}
