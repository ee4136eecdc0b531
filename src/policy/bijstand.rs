//! Bijstand (Participatiewet benefit) with the earnings disregard.

use crate::input::legal::{Legal, LegalMonth};

/// Household type: sets the bijstandsnorm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Household {
    Single = 0,
    /// Same norm as a single person (docs/sources.md#legal-2).
    SingleParent = 1,
    Couple = 2,
}

/// The norm for a household in a month (EUR per month, net incl. holiday allowance).
pub fn norm(month: &LegalMonth, household: Household) -> f64 {
    match household {
        Household::Single | Household::SingleParent => month.norm_single_eur_per_month,
        Household::Couple => month.norm_couple_eur_per_month,
    }
}

/// Which earnings disregard applies to a person working part-time on top-up bijstand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disregard {
    /// General rule: `disregard_general_share` (25%) of earnings, capped, for
    /// `disregard_general_months` (6).
    General,
    /// Persons with LKS: `disregard_lks_share` (15%), capped, for `disregard_lks_months` (12).
    Lks,
}

/// Monthly bijstand for a household with net work income `y` (EUR per month):
///
/// `benefit = max(0, norm(household, t) − (y − disregard))`,
/// `disregard = min(share × y, cap(t))` while the person has used fewer than
/// the rule's months, else 0.
///
/// Symbols: `norm` from `bijstand_norm_single` / `bijstand_norm_couple`; share,
/// cap and months from the `disregard_*` keys of `calibration/legal/nl.toml`.
/// Source: docs/sources.md#legal-2 (art. 31 lid 2 Participatiewet); docs/ODD.md §7.
pub fn benefit(
    legal: &Legal,
    month: &LegalMonth,
    household: Household,
    net_work_income: f64,
    rule: Disregard,
    months_disregard_used: u32,
) -> f64 {
    let (share, cap, months) = match rule {
        Disregard::General => (
            legal.disregard_general_share,
            month.disregard_general_cap_eur_per_month,
            legal.disregard_general_months,
        ),
        Disregard::Lks => (
            legal.disregard_lks_share,
            month.disregard_lks_cap_eur_per_month,
            legal.disregard_lks_months,
        ),
    };
    let disregard = if months_disregard_used < months {
        (share * net_work_income).min(cap)
    } else {
        0.0
    };
    (norm(month, household) - (net_work_income - disregard)).max(0.0)
}
