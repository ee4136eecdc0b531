//! The Toeslagenwet (TW): UWV tops a WW benefit up to the household's social
//! minimum. No levers: the shares are legal figures, the partner exclusion a
//! person's attribute drawn from the region's share (docs/ODD.md §7.6).

use crate::input::legal::{Legal, LegalMonth};
use crate::policy::bijstand::Household;

/// Whether a couple is excluded from the TW by the partner's birth year:
/// a partner born after 31 December 1971 gives no right to a top-up unless a
/// child under 12 lives in the household (docs/sources.md#legal-9). Drawn once
/// per person at creation (`caseload.tw_couple_excluded_share`, region file);
/// only couples can be `Excluded`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TwPartner {
    /// Single, single parent, or a couple the birth-year rule does not exclude.
    Entitled,
    /// A couple whose partner was born after 1971 and who have no child under 12.
    Excluded,
}

/// The social minimum of a household, EUR per month gross incl. holiday pay:
///
/// `minimum = share(household) × minimum_wage_month × (1 + holiday_pay_share)`
///
/// Symbols: `share` = `tw_minimum_share_single` (0.70),
/// `tw_minimum_share_single_parent` (0.70 since 2015), `tw_minimum_share_couple` (1.00);
/// `minimum_wage_month` (gross full-time WML, EUR/month), `holiday_pay_share`
/// (legal file). The holiday pay is included because the WW it is compared
/// with is a share of the last wage incl. holiday pay. Source:
/// docs/sources.md#legal-9 (Toeslagenwet; judex.nl, uwv.nl).
pub fn social_minimum_eur_per_month(legal: &Legal, month: &LegalMonth, household: Household) -> f64 {
    let share = match household {
        Household::Single => legal.tw_minimum_share_single,
        Household::SingleParent => legal.tw_minimum_share_single_parent,
        Household::Couple => legal.tw_minimum_share_couple,
    };
    share * month.minimum_wage_month * (1.0 + legal.holiday_pay_share)
}

/// The TW top-up of a month's gross WW `benefit` (EUR/month):
///
/// `top_up = max(0, min(minimum, last_wage) − benefit)`, and `0` for an
/// excluded couple
///
/// so benefit plus top-up reach the social minimum
/// ([`social_minimum_eur_per_month`]) but never the last wage (the dagloon,
/// `last_wage` incl. holiday pay, EUR/month). The partner's own income is not
/// modelled (one benefit unit per couple), so household income is the
/// benefit. Source: docs/sources.md#legal-9 (Toeslagenwet: "uw uitkering of
/// loon inclusief de toeslag kan nooit hoger zijn dan uw vroegere loon").
pub fn top_up_eur_per_month(
    legal: &Legal,
    month: &LegalMonth,
    household: Household,
    partner: TwPartner,
    benefit: f64,
    last_wage: f64,
) -> f64 {
    if partner == TwPartner::Excluded {
        return 0.0;
    }
    let ceiling = social_minimum_eur_per_month(legal, month, household).min(last_wage);
    (ceiling - benefit).max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::YearMonth;
    use crate::input::testing::baseline;

    fn legal() -> Legal {
        baseline().legal.clone()
    }

    /// Toeslagenwet (docs/sources.md#legal-9): up to the household's share of the
    /// minimum wage, never above the last wage, none for an excluded couple.
    #[test]
    fn the_top_up_reaches_the_social_minimum_but_not_the_last_wage() {
        let mut legal = legal();
        legal.tw_minimum_share_single = 0.7;
        legal.tw_minimum_share_single_parent = 0.9;
        legal.tw_minimum_share_couple = 1.0;
        legal.holiday_pay_share = 0.08;
        let mut m = legal.month(YearMonth::new(2025, 1));
        m.minimum_wage_month = 2000.0;
        let single = social_minimum_eur_per_month(&legal, &m, Household::Single);
        assert!((single - 1512.0).abs() < 1e-9, "0.7 × 2000 × 1.08");
        let e = TwPartner::Entitled;
        // a full-time last wage: WW 70% of 2160 = 1512 reaches the single minimum
        assert!(top_up_eur_per_month(&legal, &m, Household::Single, e, 1512.0, 2160.0).abs() < 1e-9);
        let couple = top_up_eur_per_month(&legal, &m, Household::Couple, e, 1512.0, 2160.0);
        assert!(
            (couple - 648.0).abs() < 1e-9,
            "up to 2160 = the couple minimum and the last wage"
        );
        let parent = top_up_eur_per_month(&legal, &m, Household::SingleParent, e, 1512.0, 2160.0);
        assert!((parent - (1944.0 - 1512.0)).abs() < 1e-9, "0.9 × 2160");
        // part-time: the last wage caps the top-up
        let part = top_up_eur_per_month(&legal, &m, Household::Couple, e, 700.0, 1000.0);
        assert!((part - 300.0).abs() < 1e-9, "never above the last wage");
        let excluded = top_up_eur_per_month(&legal, &m, Household::Couple, TwPartner::Excluded, 700.0, 1000.0);
        assert_eq!(excluded, 0.0, "partner born after 1971, no child under 12");
    }
}
