//! Loonkostensubsidie (LKS, art. 10d Participatiewet).

use crate::input::legal::{Legal, LegalMonth};

/// Whether the municipality offers the lump-sum 50% LKS in the first months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlatStart {
    Offered,
    NotOffered,
}

/// Whether an employment comes with LKS (the person's measured loonwaarde is
/// below 1, so [`lks_eur_per_month`] is positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LksStatus {
    WithLks,
    WithoutLks,
}

impl LksStatus {
    /// `WithLks` for a positive monthly LKS amount (EUR), else `WithoutLks`.
    pub fn of(lks_eur_per_month: f64) -> Self {
        if lks_eur_per_month > 0.0 {
            LksStatus::WithLks
        } else {
            LksStatus::WithoutLks
        }
    }
}

/// Monthly LKS for a person with measured loonwaarde `w` working `hours_month`:
///
/// `LKS = min(1 − w, lks_cap_share) × m(t) × H × (1 + lks_employer_charges)`
///
/// with `1 − w` replaced by `lks_flat_share` in the first `lks_flat_months`
/// months of the employment when the flat start is offered. Zero for `w ≥ 1`.
///
/// Symbols: `w` measured loonwaarde (share); `m(t)` hourly minimum wage (EUR/h,
/// `minimum_wage_hour`); `H` paid hours per month; `lks_cap_share` (0.70),
/// `lks_employer_charges` (0.235 from 2018), `lks_flat_share` (0.5),
/// `lks_flat_months` (6) from `calibration/legal/nl.toml`.
/// Source: docs/sources.md#legal-6; docs/ODD.md §7.
pub fn lks_eur_per_month(
    legal: &Legal,
    month: &LegalMonth,
    w: f64,
    hours_month: f64,
    months_employed: u32,
    flat: FlatStart,
) -> f64 {
    if w >= 1.0 {
        return 0.0;
    }
    let gap = if flat == FlatStart::Offered && months_employed < legal.lks_flat_months {
        legal.lks_flat_share
    } else {
        (1.0 - w).min(legal.lks_cap_share)
    };
    gap * month.minimum_wage_hour * hours_month * (1.0 + month.lks_employer_charges)
}

/// Monthly LKV (loonkostenvoordeel) for an employee of the banenafspraak group:
/// `min(lkv_banenafspraak_hour × paid hours, lkv_banenafspraak_year_max / 12)`
/// during the first `lkv_months` of the employment. Source: docs/sources.md#legal-7.
pub fn lkv_eur_per_month(legal: &Legal, month: &LegalMonth, hours_month: f64, months_employed: u32) -> f64 {
    if months_employed >= legal.lkv_months {
        return 0.0;
    }
    (month.lkv_banenafspraak_eur_per_hour * hours_month).min(month.lkv_banenafspraak_max_eur_per_month)
}
