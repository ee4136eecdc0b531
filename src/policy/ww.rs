//! WW (unemployment insurance): entitlement, duration and level.

use crate::calendar::{MONTHS_PER_YEAR, WEEKS_PER_YEAR};
use crate::input::legal::Legal;

/// Months of the recent past that the weeks condition looks at, and how many
/// of them must have been worked: 26 of 36 weeks ≈ 6 of the last 8 months
/// (`ww_required_weeks`, `ww_reference_weeks`; weeks × 12/52 months, the
/// reference rounded, the requirement rounded up). Source: docs/sources.md#legal-9.
pub fn weeks_condition_months(legal: &Legal) -> (u32, u32) {
    let reference = (legal.ww_reference_weeks * MONTHS_PER_YEAR / WEEKS_PER_YEAR).round() as u32;
    let required = (legal.ww_required_weeks * MONTHS_PER_YEAR / WEEKS_PER_YEAR).ceil() as u32;
    (reference.clamp(1, 36), required.min(reference))
}

/// Whether someone whose months worked are the set bits of `work_bits`
/// (bit 0 = the month just ended) meets the weeks condition.
pub fn entitled(legal: &Legal, work_bits: u64) -> bool {
    let (reference, required) = weeks_condition_months(legal);
    let mask = if reference >= 64 {
        u64::MAX
    } else {
        (1u64 << reference) - 1
    };
    (work_bits & mask).count_ones() >= required
}

/// WW duration in months for `years` of work history:
///
/// `months = ww_months_per_year × min(years, F) + ww_months_per_year_after_10 × max(0, years − F)`
/// with `F = ww_full_accrual_years` (10),
/// rounded down, then clamped to `[ww_min_months, ww_max_months]`.
/// Source: docs/sources.md#legal-9 (from 2016: half a month per year after the
/// 10th; maximum 24 months from 2019). Applies only when the years condition
/// is met ([`years_condition`], [`entitled_months`]).
pub fn duration_months(legal: &Legal, years: f64) -> u32 {
    let y = years.max(0.0);
    let full = legal.ww_full_accrual_years;
    let m = legal.ww_months_per_year * y.min(full) + legal.ww_months_per_year_after_10 * (y - full).max(0.0);
    (m.floor() as u32).clamp(legal.ww_min_months, legal.ww_max_months)
}

/// Months of one "year" of the years condition: the work history is read in
/// blocks of 12 months back from the month just ended (an approximation of
/// calendar years, docs/ODD.md §7.6).
pub const YEAR_BLOCK_MONTHS: u32 = 12;

/// Most "years" the 64 months of `work_bits` hold (5).
pub const MAX_REFERENCE_YEARS: u32 = u64::BITS / YEAR_BLOCK_MONTHS;

/// Whether the years condition (jareneis) is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearsCondition {
    Met,
    NotMet,
}

/// The years condition for a person whose months worked are the set bits of
/// `work_bits` (bit 0 = the month just ended) at `hours_per_week`:
///
/// `years = #{ b < ww_years_reference : months_worked(block b) × H ≥ ww_year_min_hours }`,
/// met when `years ≥ ww_years_required`
///
/// Block `b` is bits `12b … 12b + 11` ([`YEAR_BLOCK_MONTHS`]); `H` is the
/// person's monthly hours (`hours_per_week × 52 / 12`), the same in every
/// month worked (the model keeps months worked, not hours). Symbols:
/// `ww_years_required` (4), `ww_years_reference` (5, at most 5: 64 bits of
/// history), `ww_year_min_hours` (208), legal file. Source:
/// docs/sources.md#legal-9 (worked in at least 4 of the last 5 calendar years,
/// a year counting from 208 hours).
pub fn years_condition(legal: &Legal, work_bits: u64, hours_per_week: f64) -> YearsCondition {
    let month_hours = hours_per_week * WEEKS_PER_YEAR / MONTHS_PER_YEAR;
    let block_mask = (1u64 << YEAR_BLOCK_MONTHS) - 1;
    let years = (0..legal.ww_years_reference.min(MAX_REFERENCE_YEARS))
        .filter(|b| {
            let months = (work_bits >> (b * YEAR_BLOCK_MONTHS)) & block_mask;
            months.count_ones() as f64 * month_hours >= legal.ww_year_min_hours
        })
        .count() as u32;
    if years >= legal.ww_years_required {
        YearsCondition::Met
    } else {
        YearsCondition::NotMet
    }
}

/// WW duration at a job loss with the weeks condition met: [`duration_months`]
/// of `work_years` when the years condition is met, else `ww_min_months` (3,
/// the weeks condition alone). Source: docs/sources.md#legal-9.
pub fn entitled_months(legal: &Legal, work_bits: u64, hours_per_week: f64, work_years: f64) -> u32 {
    match years_condition(legal, work_bits, hours_per_week) {
        YearsCondition::Met => duration_months(legal, work_years),
        YearsCondition::NotMet => legal.ww_min_months,
    }
}

/// WW benefit in month `k` (0-based) of the spell, as a share of the last
/// monthly wage: `ww_level_first` (75%) for the first `ww_level_first_months`
/// (2), then `ww_level_after` (70%). Source: docs/sources.md#legal-9.
pub fn level(legal: &Legal, k: u32) -> f64 {
    if k < legal.ww_level_first_months {
        legal.ww_level_first
    } else {
        legal.ww_level_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;

    fn legal() -> Legal {
        baseline().legal.clone()
    }

    /// Years condition (docs/sources.md#legal-9): at least 4 of the last 5
    /// years with 208 hours; otherwise only the 3 months of the weeks condition.
    #[test]
    fn longer_ww_needs_four_of_the_last_five_years() {
        let legal = legal();
        assert_eq!((legal.ww_years_required, legal.ww_years_reference), (4, 5));
        assert_eq!(legal.ww_year_min_hours, 208.0);
        let every_month = (1u64 << 60) - 1;
        assert_eq!(years_condition(&legal, every_month, 20.0), YearsCondition::Met);
        // the oldest of five years not worked: still 4 of 5
        let four = (1u64 << 48) - 1;
        assert_eq!(years_condition(&legal, four, 20.0), YearsCondition::Met);
        let three = (1u64 << 36) - 1;
        assert_eq!(years_condition(&legal, three, 20.0), YearsCondition::NotMet);
        // 2 months a year at 20 h/week = 173 h < 208; 3 months = 260 h ≥ 208
        let months_per_year = |n: u32| (0..5).fold(0u64, |bits, b| bits | (((1u64 << n) - 1) << (12 * b)));
        assert_eq!(
            years_condition(&legal, months_per_year(2), 20.0),
            YearsCondition::NotMet
        );
        assert_eq!(years_condition(&legal, months_per_year(3), 20.0), YearsCondition::Met);
        assert_eq!(entitled_months(&legal, three, 20.0, 8.0), legal.ww_min_months);
        assert_eq!(entitled_months(&legal, every_month, 20.0, 8.0), 8);
    }
}
