//! Hours, wages and employer charges (docs/ODD.md §7.1,
//! "Employer charges").

use crate::calendar::{MONTHS_PER_YEAR, WEEKS_PER_YEAR};
use crate::input::legal::{Legal, LegalMonth, NetIncome, RegimeRules, Sector};

/// Monthly hours from weekly hours: `H = hours_per_week × 52 / 12`.
pub fn monthly_hours(hours_per_week: f64) -> f64 {
    hours_per_week * WEEKS_PER_YEAR / MONTHS_PER_YEAR
}

/// The kind of employment contract, which sets the WW premium under the WAB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractKind {
    /// Fixed-term (or on-call): high WW premium under the WAB.
    Temporary,
    /// Written open-ended contract: low WW premium under the WAB.
    Permanent,
}

/// Employer charges as a share of the gross wage including holiday pay:
///
/// `charges = employer_charges_base + ww_premium(contract, sector)`
///
/// `employer_charges_base` (legal file, share; social premiums other than the
/// WW premium, incl. average pension); `ww_premium` from [`ww_premium`].
/// Source: docs/sources.md#legal-3, docs/sources.md#legal-10.
pub fn charges_share(legal: &Legal, month: &LegalMonth, contract: ContractKind, sector: Sector) -> f64 {
    legal.employer_charges_base + ww_premium(month, contract, sector)
}

/// The employer's WW premium for a contract in a sector, share of gross wage:
///
/// - `wab` (`ww_premium = "split"`): `awf_low` for a written permanent
///   contract, `awf_high` for any other; no sector premium (abolished 2020);
/// - `pre-wab` (`ww_premium = "uniform"`): `awf_uniform` for every contract
///   plus the sector premium of the employer's sector, `sector_premium_average`
///   (a regular employer), `sector_premium_agency` (sector 52, an agency-type
///   detacheerder) or `sector_premium_reintegration` (sector 67, a public
///   werkbedrijf).
///
/// Source: art. 27–28 Wfsv (pre-WAB AWf and sectorfondsen), docs/sources.md#legal-3;
/// docs/ODD.md §7.1.
pub fn ww_premium(month: &LegalMonth, contract: ContractKind, sector: Sector) -> f64 {
    let awf = match contract {
        ContractKind::Temporary => month.ww_premium_temporary,
        ContractKind::Permanent => month.ww_premium_permanent,
    };
    awf + month.sector_premium[sector as usize]
}

/// The share of the wage an agency reserves for the transition payment of a
/// flexible worker, per month of work:
///
/// `transition_accrual = transition_wage_months_per_year / 12` when the
/// payment is due from day one (`transition_min_service_months = 0`, WAB:
/// 1/3 of a month's wage per year, so 1/36 of the wage per month), else 0.
///
/// Symbols: `[regimes.<regime>] transition_min_service_months`,
/// `transition_wage_months_per_year` (legal file). Before the WAB the payment
/// was due only after 24 months of service (docs/sources.md#legal-4); an
/// agency assignment seldom lasts that long, so the agency rate carries no
/// accrual: an assumption (docs/ODD.md §7.11).
pub fn agency_transition_accrual(rules: &RegimeRules) -> f64 {
    if rules.transition_min_service_months == 0 {
        rules.transition_wage_months_per_year / MONTHS_PER_YEAR
    } else {
        0.0
    }
}

/// The agency's wage-cost factor of a month, a multiple of the gross wage:
///
/// `agency_cost_factor = (1 + holiday_pay_share) × (1 + charges_flexible) × (1 + transition_accrual)`
///
/// with `charges_flexible = employer_charges_base + ww_premium(temporary,
/// sector 52)` — under the WAB `awf_high`, before it `awf_uniform +
/// sector_premium_agency` — and [`agency_transition_accrual`]. The inlener's
/// alternative labour cost is `c_alt = agency_margin_e × agency_cost_factor`
/// (multiple of `m(t)`, the agency worker paid at about the minimum wage),
/// so the rules in force reach the agency rate. Computed once per month
/// (`MonthCtx::agency_cost_factor`). Source: docs/ODD.md §7.11;
/// docs/sources.md#legal-3, docs/sources.md#legal-10 (the agency rate,
/// omrekenfactor).
pub fn agency_cost_factor(legal: &Legal, month: &LegalMonth) -> f64 {
    let charges = charges_share(legal, month, ContractKind::Temporary, Sector::Agency);
    (1.0 + legal.holiday_pay_share) * (1.0 + charges) * (1.0 + agency_transition_accrual(&legal.rules))
}

/// The monthly money of one paid month of employment.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pay {
    /// Gross wage, EUR per month.
    pub gross: f64,
    /// Holiday pay earned (8%), EUR per month.
    pub holiday: f64,
    /// Employer charges other than the WW premium, EUR per month.
    pub charges_other: f64,
    /// WW premium, EUR per month.
    pub ww_premium: f64,
}

impl Pay {
    /// `gross = m(t) × wage_factor × H`, holiday `= gross × holiday_pay_share`,
    /// charges on `gross + holiday`, the WW premium that of the employer's
    /// `sector` ([`ww_premium`]).
    pub fn new(
        legal: &Legal,
        month: &LegalMonth,
        wage_factor: f64,
        hours_month: f64,
        contract: ContractKind,
        sector: Sector,
    ) -> Self {
        let gross = month.minimum_wage_hour * wage_factor * hours_month;
        let holiday = gross * legal.holiday_pay_share;
        let base = gross + holiday;
        Pay {
            gross,
            holiday,
            charges_other: base * legal.employer_charges_base,
            ww_premium: base * ww_premium(month, contract, sector),
        }
    }

    /// Everything the employer pays for the month.
    pub fn employer_cost(&self) -> f64 {
        self.gross + self.holiday + self.charges_other + self.ww_premium
    }

    /// The employee's net income: [`net_eur_per_month`] of `gross + holiday`
    /// as work income (with arbeidskorting).
    pub fn net(&self, month: &LegalMonth) -> f64 {
        net_eur_per_month(&month.net, IncomeKind::Work, self.gross + self.holiday)
    }
}

/// Which net column of the `[net_income]` table applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomeKind {
    /// Wages: the arbeidskorting applies.
    Work,
    /// WW and the Toeslagenwet top-up (and a transition payment): no
    /// arbeidskorting, they are not income from present work.
    Benefit,
}

/// The segment `i` of the gross points holding `gross` (the last one beyond
/// the table): `gross[i] ≤ gross < gross[i + 1]`.
fn segment(t: &NetIncome, gross: f64) -> usize {
    let mut i = 0;
    while i + 2 < t.points && gross >= t.gross[i + 1] {
        i += 1;
    }
    i
}

fn column(t: &NetIncome, kind: IncomeKind) -> &[f64] {
    match kind {
        IncomeKind::Work => &t.work[..t.points],
        IncomeKind::Benefit => &t.benefit[..t.points],
    }
}

/// Net monthly income from gross monthly income `y` (EUR, incl. holiday pay):
///
/// `net(y) = n_i + (n_{i+1} − n_i) × (y − g_i) / (g_{i+1} − g_i)` on the
/// segment `g_i ≤ y < g_{i+1}` of the gross points (the last segment's line
/// beyond the table), `0` for `y ≤ 0`.
///
/// Symbols: `g` = `net_income.gross`, `n` = the month's `work` or `benefit`
/// amounts (`net_income.values`, legal file): wage tax and national-insurance
/// premiums less the algemene heffingskorting and, for work, the
/// arbeidskorting, at each year's rates (docs/sources.md#legal-net-income,
/// docs/ODD.md §7.1). No allocation: a scan of at most 16 points.
pub fn net_eur_per_month(t: &NetIncome, kind: IncomeKind, y: f64) -> f64 {
    if y <= 0.0 {
        return 0.0;
    }
    let n = column(t, kind);
    let i = segment(t, y);
    n[i] + (n[i + 1] - n[i]) * (y - t.gross[i]) / (t.gross[i + 1] - t.gross[i])
}

/// The share of an extra euro of gross income kept net at income `y`: the
/// slope of [`net_eur_per_month`]'s segment at `y`, within `[0, 1]`. Used for
/// a one-off payment taxed at the marginal rate (the transition payment,
/// docs/ODD.md §7.7).
pub fn marginal_net_share(t: &NetIncome, kind: IncomeKind, y: f64) -> f64 {
    let n = column(t, kind);
    let i = segment(t, y.max(0.0));
    ((n[i + 1] - n[i]) / (t.gross[i + 1] - t.gross[i])).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::legal::NET_POINTS_MAX;

    fn table() -> NetIncome {
        let mut t = NetIncome {
            points: 3,
            gross: [0.0; NET_POINTS_MAX],
            work: [0.0; NET_POINTS_MAX],
            benefit: [0.0; NET_POINTS_MAX],
        };
        t.gross[..3].copy_from_slice(&[0.0, 1000.0, 2000.0]);
        t.work[..3].copy_from_slice(&[0.0, 1000.0, 1800.0]);
        t.benefit[..3].copy_from_slice(&[0.0, 900.0, 1600.0]);
        t
    }

    /// docs/sources.md#legal-net-income: linear between the gross points,
    /// the last slope beyond, WW without arbeidskorting below the wage column.
    #[test]
    fn net_income_interpolates_between_gross_points() {
        let t = table();
        assert_eq!(net_eur_per_month(&t, IncomeKind::Work, 0.0), 0.0);
        assert_eq!(net_eur_per_month(&t, IncomeKind::Work, 500.0), 500.0);
        assert_eq!(net_eur_per_month(&t, IncomeKind::Work, 1500.0), 1400.0);
        assert_eq!(net_eur_per_month(&t, IncomeKind::Benefit, 1500.0), 1250.0);
        assert_eq!(
            net_eur_per_month(&t, IncomeKind::Work, 3000.0),
            2600.0,
            "last slope 0.8 beyond"
        );
        assert_eq!(marginal_net_share(&t, IncomeKind::Benefit, 1500.0), 0.7);
        assert_eq!(marginal_net_share(&t, IncomeKind::Work, 100.0), 1.0);
    }
}
