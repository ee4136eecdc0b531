//! Transition payment (transitievergoeding) at the end of employment.

use crate::calendar::MONTHS_PER_YEAR;
use crate::input::legal::{Accrual, Legal, LegalMonth};

/// Transition payment for `service_months` with a monthly wage `wage` (EUR):
///
/// - `wab`: `(service_months / 12) × transition_wage_months_per_year × wage` (1/3 a
///   month's wage per year, pro rata, from day one);
/// - `pre-wab`: zero below `transition_min_service_months` (24); otherwise
///   `completed half-years × transition_wage_months_per_year / 2 × wage` (1/6 per
///   half year).
///
/// Capped at the dated maximum (`max_transition_payment`) or
/// `transition_cap_wage_months` (12: one year's wage, art. 7:673 lid 2 BW)
/// monthly wages if that is higher. Source: docs/sources.md#legal-4; docs/ODD.md §7.
pub fn payment(legal: &Legal, month: &LegalMonth, service_months: u32, wage: f64) -> f64 {
    let r = &legal.rules;
    if service_months < r.transition_min_service_months {
        return 0.0;
    }
    let years = match r.transition_accrual {
        Accrual::ProRata => service_months as f64 / MONTHS_PER_YEAR,
        Accrual::CompletedHalfYears => (service_months / 6) as f64 / 2.0,
    };
    let amount = years * r.transition_wage_months_per_year * wage;
    amount.min(
        month
            .max_transition_payment_eur
            .max(legal.transition_cap_wage_months * wage),
    )
}
