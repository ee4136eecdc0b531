//! Loonkostensubsidie (LKS, art. 10d Participatiewet).

use crate::input::legal::{Legal, LegalMonth, LoonwaardeBasis};

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

/// Monthly LKS for a person with measured loonwaarde `w` working `hours_month`
/// in a job paying `job_wage_factor × m(t)`, the ministry-agreed calculation
/// (art. 10d Participatiewet):
///
/// `M = m(t) × H × (1 + holiday)` (the minimum wage incl. holiday allowance),
/// `base = M − w × f × M`, `LKS = clamp(base, 0, lks_cap_share × M) × (1 + lks_employer_charges(t))`
///
/// with `f = job_wage_factor` while the loonwaarde is a share of the job's
/// wage (`lks_loonwaarde_job_wage` = 1, 2015–2016) and `f = 1` while it is a
/// share of the minimum wage (= 0, from 2017); `base` replaced by
/// `lks_flat_share × M` in the first `lks_flat_months` months of the
/// employment when the flat start is offered. Zero for `w ≥ 1`. A wage above
/// the minimum is the employer's own cost.
///
/// Symbols: `w` measured loonwaarde (share); `m(t)` hourly minimum wage (EUR/h,
/// `minimum_wage_hour`); `H` paid hours per month; `holiday` (`holiday_pay_share`,
/// 0.08); `f` the job's wage as a multiple of `m(t)` (`cao_factor` of the
/// werkbedrijf or `contracts.direct_cao_factor` of a direct employer);
/// `lks_cap_share` (0.70 of the minimum wage incl. holiday allowance),
/// `lks_employer_charges` (0.23 to 2017, 0.235 from 2018), `lks_flat_share`
/// (0.5), `lks_flat_months` (6), `lks_loonwaarde_job_wage` from
/// `calibration/legal/nl.toml`. Source: docs/sources.md#legal-6 (svland,
/// rendement); docs/ODD.md §7.2.
pub fn lks_eur_per_month(
    legal: &Legal,
    month: &LegalMonth,
    w: f64,
    job_wage_factor: f64,
    hours_month: f64,
    months_employed: u32,
    flat: FlatStart,
) -> f64 {
    if w >= 1.0 {
        return 0.0;
    }
    let minimum = month.minimum_wage_hour * hours_month * (1.0 + legal.holiday_pay_share);
    let base = if flat == FlatStart::Offered && months_employed < legal.lks_flat_months {
        legal.lks_flat_share * minimum
    } else {
        let f = match month.lks_loonwaarde_basis {
            LoonwaardeBasis::JobWage => job_wage_factor,
            LoonwaardeBasis::MinimumWage => 1.0,
        };
        (minimum - w * f * minimum).clamp(0.0, legal.lks_cap_share * minimum)
    };
    base * (1.0 + month.lks_employer_charges)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::YearMonth;
    use crate::input::testing::baseline;

    /// Round to whole cents, as the sources' worked examples do.
    fn cents(x: f64) -> f64 {
        (x * 100.0).round() / 100.0
    }

    /// The full-time month of the legal file: `m(t) × H` is the monthly minimum wage before 2024.
    fn fulltime_hours(legal: &Legal) -> f64 {
        legal.fulltime_hours_per_week * 52.0 / 12.0
    }

    #[test]
    fn the_flat_start_is_half_the_minimum_wage_incl_holiday_allowance_rendement_2016() {
        // rendement.nl, 27 July 2016 (docs/sources.md#legal-6): WML 1,537.20 a month,
        // 1,660.18 incl. holiday allowance, flat LKS 830.09, allowance 23% = 190.92.
        let legal = &baseline().legal;
        let m = legal.month(YearMonth::new(2016, 7));
        assert_eq!(m.minimum_wage_month, 1537.20);
        let h = fulltime_hours(legal);
        let lks = lks_eur_per_month(legal, &m, 0.8, 1.0, h, 0, FlatStart::Offered);
        let base = lks / (1.0 + m.lks_employer_charges);
        assert_eq!(
            cents(m.minimum_wage_hour * h * (1.0 + legal.holiday_pay_share)),
            1660.18
        );
        assert_eq!(cents(base), 830.09);
        assert_eq!(cents(lks - base), 190.92);
        assert_eq!(cents(lks), 1021.01);
        // month 6 of the employment: the measured loonwaarde, 20% of 1,660.18 short
        let measured = lks_eur_per_month(legal, &m, 0.8, 1.0, h, 6, FlatStart::Offered);
        assert_eq!(cents(measured / 1.23), 332.04);
    }

    #[test]
    fn a_measured_loonwaarde_of_50_percent_gets_half_the_minimum_wage_incl_holiday_allowance() {
        // rendement.nl/loonkostensubsidie: loonwaarde 50% -> 50% of 1.08 × WML plus 23% of that;
        // built on the July 2016 WML of 1,537.20 (the sources give the steps, not the amounts).
        let legal = &baseline().legal;
        let m = legal.month(YearMonth::new(2016, 7));
        let h = fulltime_hours(legal);
        let lks = lks_eur_per_month(legal, &m, 0.5, 1.0, h, 12, FlatStart::NotOffered);
        assert_eq!(cents(lks), 1021.01, "830.09 + 190.92");
    }

    #[test]
    fn before_2017_the_loonwaarde_is_a_share_of_the_jobs_wage() {
        // svland step 2 (docs/sources.md#legal-6): loonwaarde = % of the functieloon incl. VT.
        // 2016-07, full time, w = 0.5, a cao wage 10% above WML: 1,660.18 − 0.5 × 1.1 × 1,660.18 = 747.08.
        let legal = &baseline().legal;
        let m = legal.month(YearMonth::new(2016, 7));
        assert_eq!(m.lks_loonwaarde_basis, LoonwaardeBasis::JobWage);
        let h = fulltime_hours(legal);
        let lks = lks_eur_per_month(legal, &m, 0.5, 1.1, h, 12, FlatStart::NotOffered);
        assert_eq!(cents(lks / 1.23), 747.08);
        assert_eq!(cents(lks), 918.91);
        // from 2017 the loonwaarde is a share of the minimum wage: the cao wage does not count
        let m26 = legal.month(YearMonth::new(2026, 1));
        assert_eq!(m26.lks_loonwaarde_basis, LoonwaardeBasis::MinimumWage);
        assert_eq!(
            lks_eur_per_month(legal, &m26, 0.5, 1.1, 100.0, 12, FlatStart::NotOffered),
            lks_eur_per_month(legal, &m26, 0.5, 1.0, 100.0, 12, FlatStart::NotOffered)
        );
        // a job wage so high that w × f ≥ 1 leaves no LKS (never below zero)
        assert_eq!(
            lks_eur_per_month(legal, &m, 0.5, 2.5, h, 12, FlatStart::NotOffered),
            0.0
        );
    }

    #[test]
    fn the_cap_is_70_percent_of_the_minimum_wage_incl_holiday_allowance() {
        // 2026-01: m = 14.71 EUR/h, 100 paid hours: M = 14.71 × 100 × 1.08 = 1,588.68;
        // w = 0.1: gap 0.9 × M capped at 0.7 × M = 1,112.08, × 1.235 = 1,373.41.
        let legal = &baseline().legal;
        let m = legal.month(YearMonth::new(2026, 1));
        assert_eq!((m.minimum_wage_hour, m.lks_employer_charges), (14.71, 0.235));
        let lks = lks_eur_per_month(legal, &m, 0.1, 1.0, 100.0, 12, FlatStart::NotOffered);
        assert_eq!(cents(lks / 1.235), 1112.08);
        assert_eq!(cents(lks), 1373.41);
        // below the cap: w = 0.55 -> 0.45 × 1,588.68 = 714.91, × 1.235 = 882.91
        let lks = lks_eur_per_month(legal, &m, 0.55, 1.0, 100.0, 12, FlatStart::NotOffered);
        assert_eq!(cents(lks), 882.91);
        assert_eq!(
            lks_eur_per_month(legal, &m, 1.0, 1.0, 100.0, 0, FlatStart::Offered),
            0.0
        );
    }
}
