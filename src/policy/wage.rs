//! Hours, wages and employer charges (docs/ODD.md §7.1,
//! "Employer charges").

use crate::calendar::{MONTHS_PER_YEAR, WEEKS_PER_YEAR};
use crate::input::legal::{Legal, LegalMonth};

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
/// `charges = employer_charges_base + ww_premium(contract)`
///
/// `employer_charges_base` (legal file, share; social premiums other than the
/// WW premium, incl. average pension); `ww_premium` is `awf_low` for a
/// permanent and `awf_high` for any other contract under the WAB, and
/// `awf_uniform` for both before it. Source: docs/sources.md#legal-3, docs/sources.md#legal-10.
pub fn charges_share(legal: &Legal, month: &LegalMonth, contract: ContractKind) -> f64 {
    legal.employer_charges_base + ww_premium(month, contract)
}

/// The employer's WW premium (AWf) for a contract, share of gross wage.
pub fn ww_premium(month: &LegalMonth, contract: ContractKind) -> f64 {
    match contract {
        ContractKind::Temporary => month.ww_premium_temporary,
        ContractKind::Permanent => month.ww_premium_permanent,
    }
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
    /// charges on `gross + holiday`.
    pub fn new(legal: &Legal, month: &LegalMonth, wage_factor: f64, hours_month: f64, contract: ContractKind) -> Self {
        let gross = month.minimum_wage_hour * wage_factor * hours_month;
        let holiday = gross * legal.holiday_pay_share;
        let base = gross + holiday;
        Pay {
            gross,
            holiday,
            charges_other: base * legal.employer_charges_base,
            ww_premium: base * ww_premium(month, contract),
        }
    }

    /// Everything the employer pays for the month.
    pub fn employer_cost(&self) -> f64 {
        self.gross + self.holiday + self.charges_other + self.ww_premium
    }

    /// The employee's net income: `(gross + holiday) × net_ratio`.
    pub fn net(&self, legal: &Legal) -> f64 {
        (self.gross + self.holiday) * legal.net_ratio
    }
}
