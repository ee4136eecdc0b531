//! The fee (inleenvergoeding) an inlener pays the werkbedrijf per hour worked.

use crate::input::scenario::{FeeBasis, FeePolicy};

/// Inputs of the fee that depend on the person, the inlener and the month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeeInputs {
    /// `w`: measured loonwaarde.
    pub loonwaarde: f64,
    /// `c_alt(t)`: the inlener's alternative labour cost (the agency rate
    /// under the rules in force, `crate::model::employer::Employer::c_alt`),
    /// multiple of `m(t)`.
    pub c_alt: f64,
    /// `m(t)`: hourly minimum wage, EUR.
    pub minimum_wage_hour: f64,
    /// The werkbedrijf's full hourly cost of the worker (wage, holiday pay,
    /// charges, coaching it pays, overhead), EUR per paid hour.
    pub cost_eur_per_hour: f64,
    /// LKS per paid hour, EUR.
    pub lks_eur_per_hour: f64,
}

/// Fee per hour in month `k` (0-based) of a placement:
///
/// - `market`: `fee.level × w × c_alt × m(t)`;
/// - `cost-price`: `(cost per hour − LKS per hour) × (1 + fee.margin)`, at least 0;
/// - `fixed`: `fee.eur_per_hour`;
///
/// times the rising schedule `min(fee.rise_cap, (1 + fee.rise_step)^floor(k / fee.rise_every_months))`.
/// Source: docs/ODD.md §7.13; docs/sources.md#seed-001 (fee bases in practice).
pub fn fee_eur_per_hour(p: &FeePolicy, x: &FeeInputs, k: u32) -> f64 {
    let base = match p.basis {
        FeeBasis::Market => p.level * x.loonwaarde * x.c_alt * x.minimum_wage_hour,
        FeeBasis::CostPrice => ((x.cost_eur_per_hour - x.lks_eur_per_hour) * (1.0 + p.margin)).max(0.0),
        FeeBasis::Fixed => p.eur_per_hour,
    };
    base * rise_factor(p, k)
}

/// `min(rise_cap, (1 + rise_step)^floor(k / rise_every_months))`.
pub fn rise_factor(p: &FeePolicy, k: u32) -> f64 {
    if p.rise_step == 0.0 {
        return 1.0;
    }
    let steps = (k / p.rise_every_months) as i32;
    (1.0 + p.rise_step).powi(steps).min(p.rise_cap)
}
