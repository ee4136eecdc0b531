//! Bijstand (Participatiewet benefit) with the earnings disregard.

use crate::input::legal::{Legal, LegalMonth, LksDisregard};
use crate::policy::lks::LksStatus;

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

/// The disregard rule in force for a person in a month:
///
/// `rule = Lks` when LKS is paid for the person this month and the LKS
/// disregard is in force (`disregard_lks_in_force` = 1, from 2023-01-01,
/// Breed offensief, Stb. 2022, 499), else `General` (art. 31 lid 2
/// Participatiewet). Symbols: `disregard_lks_in_force` (dated rule, 0 or 1)
/// in `calibration/legal/nl.toml`. Source: docs/sources.md#legal-2;
/// docs/ODD.md §7.5.
pub fn rule(month: &LegalMonth, lks: LksStatus) -> Disregard {
    match (lks, month.disregard_with_lks) {
        (LksStatus::WithLks, LksDisregard::Specific) => Disregard::Lks,
        _ => Disregard::General,
    }
}

/// The number of months a rule's disregard lasts (`disregard_general_months`
/// or `disregard_lks_months`).
pub fn rule_months(legal: &Legal, rule: Disregard) -> u32 {
    match rule {
        Disregard::Lks => legal.disregard_lks_months,
        Disregard::General => legal.disregard_general_months,
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::YearMonth;
    use crate::input::testing::baseline;

    #[test]
    fn the_lks_disregard_applies_only_from_2023_breed_offensief() {
        // Stb. 2022, 499 (docs/sources.md#legal-2): the 15% / 12-month disregard for persons
        // with LKS starts 2023-01-01; before, they get the general 25% / 6-month one.
        let legal = &baseline().legal;
        let before = legal.month(YearMonth::new(2022, 12));
        let after = legal.month(YearMonth::new(2023, 1));
        assert_eq!(rule(&before, LksStatus::WithLks), Disregard::General);
        assert_eq!(rule(&after, LksStatus::WithLks), Disregard::Lks);
        assert_eq!(rule(&after, LksStatus::WithoutLks), Disregard::General);
        assert_eq!(rule_months(legal, rule(&before, LksStatus::WithLks)), 6);
        assert_eq!(rule_months(legal, rule(&after, LksStatus::WithLks)), 12);
        // 2022-12, net earnings 400: the general 25% (100, under the cap) is disregarded
        let b = benefit(
            legal,
            &before,
            Household::Single,
            400.0,
            rule(&before, LksStatus::WithLks),
            0,
        );
        assert!((b - (before.norm_single_eur_per_month - 300.0)).abs() < 1e-9);
    }
}
