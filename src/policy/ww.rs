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
/// 10th; maximum 24 months from 2019). The years condition (4 of 5 years) is
/// folded into the work history, an assumption documented in the ODD.
pub fn duration_months(legal: &Legal, years: f64) -> u32 {
    let y = years.max(0.0);
    let full = legal.ww_full_accrual_years;
    let m = legal.ww_months_per_year * y.min(full) + legal.ww_months_per_year_after_10 * (y - full).max(0.0);
    (m.floor() as u32).clamp(legal.ww_min_months, legal.ww_max_months)
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
