//! Unit tests of the legal rules and policy instruments, on the shipped legal
//! data (so a wrong number in `calibration/legal/nl.toml` shows up here too).

use std::path::Path;

use detasim::calendar::YearMonth;
use detasim::input::legal::{Legal, LegalMonth, Sector};
use detasim::input::scenario::{FeeBasis, FeePolicy, Scenario};
use detasim::policy::bijstand::{self, Disregard, Household};
use detasim::policy::fee::{FeeInputs, fee_eur_per_hour, rise_factor};
use detasim::policy::lks::{FlatStart, lks_eur_per_month, lkv_eur_per_month};
use detasim::policy::wage::{
    ContractKind, Pay, agency_cost_factor, agency_transition_accrual, charges_share, monthly_hours, ww_premium,
};
use detasim::policy::{chain, transition, ww};

fn legal(scenario: &str) -> Legal {
    Scenario::load(Path::new(scenario), None)
        .expect("shipped scenario loads")
        .legal
}

fn month(l: &Legal, y: i32, m: u32) -> LegalMonth {
    l.month(YearMonth::new(y, m))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6 * b.abs().max(1.0)
}

#[test]
fn minimum_wage_hourly_from_2024_and_derived_before() {
    let l = legal("scenarios/baseline.toml");
    assert!(close(month(&l, 2026, 1).minimum_wage_hour, 14.71));
    assert!(close(month(&l, 2024, 7).minimum_wage_hour, 13.68));
    // before 2024: monthly amount / (38 h × 52 / 12)
    let m = month(&l, 2019, 1);
    assert!(close(m.minimum_wage_hour, 1615.80 / (38.0 * 52.0 / 12.0)));
}

#[test]
fn lks_formula_cap_and_flat_start() {
    // art. 10d Participatiewet, the ministry-agreed calculation (docs/sources.md#legal-6):
    // on the minimum wage incl. holiday allowance, M = m × H × 1.08
    let l = legal("scenarios/baseline.toml");
    let m = month(&l, 2026, 1);
    let h = monthly_hours(32.0);
    let big_m = 14.71 * h * 1.08;
    // (1 − w) × M × (1 + 0.235)
    let expected = 0.45 * big_m * 1.235;
    assert!(close(
        lks_eur_per_month(&l, &m, 0.55, 1.0, h, 12, FlatStart::NotOffered),
        expected
    ));
    // from 2017 the loonwaarde is a share of the minimum wage: a cao wage above it does not count
    assert!(close(
        lks_eur_per_month(&l, &m, 0.55, 1.05, h, 12, FlatStart::NotOffered),
        expected
    ));
    // capped at 70% of the minimum wage incl. holiday allowance for w below 0.3
    let capped = 0.70 * big_m * 1.235;
    assert!(close(
        lks_eur_per_month(&l, &m, 0.1, 1.0, h, 12, FlatStart::NotOffered),
        capped
    ));
    // no LKS for full productivity
    assert_eq!(lks_eur_per_month(&l, &m, 1.0, 1.0, h, 0, FlatStart::NotOffered), 0.0);
    // flat 50% of M for the first 6 months when offered, then the measured gap
    let flat = 0.5 * big_m * 1.235;
    assert!(close(
        lks_eur_per_month(&l, &m, 0.8, 1.0, h, 5, FlatStart::Offered),
        flat
    ));
    assert!(close(
        lks_eur_per_month(&l, &m, 0.8, 1.0, h, 6, FlatStart::Offered),
        0.2 * big_m * 1.235
    ));
    // 2016: the allowance was 23% and the loonwaarde a share of the job's wage (svland)
    let m16 = month(&l, 2016, 6);
    let m16_big = m16.minimum_wage_hour * h * 1.08;
    let v = lks_eur_per_month(&l, &m16, 0.5, 1.2, h, 12, FlatStart::NotOffered);
    assert!(close(v, (m16_big - 0.5 * 1.2 * m16_big) * 1.23));
}

#[test]
fn lkv_hourly_capped_and_time_limited() {
    let l = legal("scenarios/baseline.toml");
    let m = month(&l, 2026, 1);
    assert!(close(lkv_eur_per_month(&l, &m, 100.0, 0), 101.0));
    // yearly maximum 2,000 → 166.67 a month
    assert!(close(lkv_eur_per_month(&l, &m, 200.0, 0), 2000.0 / 12.0));
    assert_eq!(lkv_eur_per_month(&l, &m, 100.0, 36), 0.0);
}

#[test]
fn bijstand_with_earnings_disregard() {
    let l = legal("scenarios/baseline.toml");
    let m = month(&l, 2025, 7);
    let norm = 1369.06;
    assert!(close(bijstand::norm(&m, Household::Single), norm));
    assert!(close(bijstand::norm(&m, Household::SingleParent), norm));
    assert!(close(bijstand::norm(&m, Household::Couple), 1955.80));
    // no income: the full norm
    assert!(close(
        bijstand::benefit(&l, &m, Household::Single, 0.0, Disregard::General, 0),
        norm
    ));
    // 400 net: 25% = 100 disregarded (below the cap)
    let b = bijstand::benefit(&l, &m, Household::Single, 400.0, Disregard::General, 0);
    assert!(close(b, norm - 300.0));
    // 2,000 net: above the norm, no benefit
    assert_eq!(
        bijstand::benefit(&l, &m, Household::Single, 2000.0, Disregard::General, 0),
        0.0
    );
    // after the 6 months of disregard: all income counts
    let b = bijstand::benefit(&l, &m, Household::Single, 400.0, Disregard::General, 6);
    assert!(close(b, norm - 400.0));
    // the cap binds for larger incomes
    let cap = m.disregard_general_cap_eur_per_month;
    let b = bijstand::benefit(&l, &m, Household::Single, 1200.0, Disregard::General, 0);
    assert!(close(b, (norm - (1200.0 - cap.min(300.0))).max(0.0)));
    // persons with LKS: 15% for 12 months
    let b = bijstand::benefit(&l, &m, Household::Couple, 1000.0, Disregard::Lks, 11);
    let d = (0.15 * 1000.0f64).min(m.disregard_lks_cap_eur_per_month);
    assert!(close(b, 1955.80 - (1000.0 - d)));
    let b = bijstand::benefit(&l, &m, Household::Couple, 1000.0, Disregard::Lks, 12);
    assert!(close(b, 955.80));
}

#[test]
fn ww_entitlement_duration_and_level() {
    let l = legal("scenarios/baseline.toml");
    // 26 of 36 weeks ≈ 6 of the last 8 months
    assert_eq!(ww::weeks_condition_months(&l), (8, 6));
    assert!(ww::entitled(&l, 0b1111_1100));
    assert!(ww::entitled(&l, 0b0011_1111));
    assert!(!ww::entitled(&l, 0b1_0000_0011_1110)); // only 5 within the last 8
    assert_eq!(ww::duration_months(&l, 1.0), 3); // minimum
    assert_eq!(ww::duration_months(&l, 5.5), 5);
    assert_eq!(ww::duration_months(&l, 12.0), 11); // 10 + 2 × 0.5
    assert_eq!(ww::duration_months(&l, 40.0), 24); // maximum
    assert_eq!(ww::level(&l, 0), 0.75);
    assert_eq!(ww::level(&l, 1), 0.75);
    assert_eq!(ww::level(&l, 2), 0.70);
}

#[test]
fn transition_payment_under_both_regimes() {
    let wab = legal("scenarios/baseline.toml");
    let pre = legal("scenarios/pre-wab.toml");
    let m = month(&wab, 2026, 1);
    let wage = 2400.0;
    // WAB: from day one, 1/3 of a month's wage per year, pro rata
    assert!(close(transition::payment(&wab, &m, 6, wage), 0.5 / 3.0 * wage));
    assert!(close(transition::payment(&wab, &m, 18, wage), 1.5 / 3.0 * wage));
    // pre-WAB: nothing before 24 months, then 1/6 per completed half year
    let mp = month(&pre, 2026, 1);
    assert_eq!(transition::payment(&pre, &mp, 18, wage), 0.0);
    assert!(close(transition::payment(&pre, &mp, 24, wage), 4.0 / 6.0 * wage));
    assert!(close(transition::payment(&pre, &mp, 35, wage), 5.0 / 6.0 * wage));
    // capped: the legal maximum or one year's wage if higher
    assert!(close(
        transition::payment(&wab, &m, 12 * 400, wage),
        m.max_transition_payment_eur
    ));
}

#[test]
fn chain_rule_under_both_regimes() {
    let wab = legal("scenarios/baseline.toml");
    let pre = legal("scenarios/pre-wab.toml");
    assert!(chain::may_renew(&wab, 2, 24, 12)); // 3rd contract ends at 36 months
    assert!(!chain::may_renew(&wab, 3, 24, 6)); // a 4th contract is not allowed
    assert!(!chain::may_renew(&wab, 2, 30, 12)); // beyond 36 months
    assert!(chain::may_renew(&pre, 1, 12, 12)); // 24 months exactly
    assert!(!chain::may_renew(&pre, 2, 18, 12)); // beyond 24 months
    // a drawn length that does not fit is shortened to the longest that does (art. 7:668a lid 1 BW)
    let lengths = [3, 6, 12, 24];
    assert_eq!(chain::fitting_months(&wab, 1, 12, 24, &lengths), Some(24)); // 36 months exactly
    assert_eq!(chain::fitting_months(&wab, 2, 30, 24, &lengths), Some(6)); // 30 + 6 = 36
    assert_eq!(chain::fitting_months(&pre, 1, 20, 12, &lengths), Some(3)); // 23 of 24 months
    assert_eq!(chain::fitting_months(&pre, 1, 22, 12, &lengths), None); // no length fits
    assert_eq!(chain::fitting_months(&wab, 3, 6, 3, &lengths), None); // a 4th contract
    assert_eq!(chain::fitting_months(&wab, 1, 30, 3, &lengths), Some(3)); // never longer than drawn
}

#[test]
fn ww_premium_split_under_wab_uniform_before() {
    let wab = legal("scenarios/baseline.toml");
    let pre = legal("scenarios/pre-wab.toml");
    let m = month(&wab, 2026, 1);
    let avg = Sector::Average;
    let diff =
        charges_share(&wab, &m, ContractKind::Temporary, avg) - charges_share(&wab, &m, ContractKind::Permanent, avg);
    assert!(close(diff, 0.0774 - 0.0274));
    let mp = month(&pre, 2026, 1);
    assert_eq!(
        charges_share(&pre, &mp, ContractKind::Temporary, avg),
        charges_share(&pre, &mp, ContractKind::Permanent, avg)
    );
    // Pay: gross, 8% holiday pay, charges on both
    let pay = Pay::new(&wab, &m, 1.0, 100.0, ContractKind::Permanent, avg);
    assert!(close(pay.gross, 1471.0));
    assert!(close(pay.holiday, 117.68));
    assert!(close(pay.ww_premium, 1588.68 * 0.0274));
}

/// Before the WAB the employer's WW premium is the uniform AWf (art. 27 Wfsv)
/// plus the sector premium of its sector (art. 28 Wfsv): a regular employer
/// the average (2019: 3.60% + 0.77%), an agency-type detacheerder sector 52
/// (2017: 2.64% + 5.25%, NRC; 2019 assumed 2.97%), for every contract. The
/// WAB abolished the sector premiums (2020). docs/sources.md#legal-3.
#[test]
fn pre_wab_premium_is_the_awf_plus_the_sector_premium_of_the_employer() {
    let pre = legal("scenarios/pre-wab.toml");
    let m = month(&pre, 2019, 1);
    for contract in [ContractKind::Temporary, ContractKind::Permanent] {
        assert!(close(ww_premium(&m, contract, Sector::Average), 0.0360 + 0.0077));
        assert!(close(ww_premium(&m, contract, Sector::Agency), 0.0360 + 0.0297));
    }
    let m2017 = month(&pre, 2017, 1);
    assert!(close(
        ww_premium(&m2017, ContractKind::Temporary, Sector::Agency),
        0.0264 + 0.0525
    ));
    assert!(close(
        ww_premium(&m2017, ContractKind::Temporary, Sector::Average),
        0.0264 + 0.0136
    ));
    // a private werkbedrijf (sector 52) pays more than a regular employer
    let agency = Pay::new(&pre, &m, 1.0, 100.0, ContractKind::Temporary, Sector::Agency);
    let regular = Pay::new(&pre, &m, 1.0, 100.0, ContractKind::Temporary, Sector::Average);
    assert!(close(
        agency.ww_premium - regular.ww_premium,
        (agency.gross + agency.holiday) * (0.0297 - 0.0077)
    ));
    // under the WAB every sector pays the same AWf
    let wab = legal("scenarios/baseline.toml");
    let w = month(&wab, 2019, 1);
    for sector in Sector::ALL {
        assert_eq!(ww_premium(&w, ContractKind::Temporary, sector), w.ww_premium_temporary);
    }
}

/// The agency rate follows the rules in force (docs/ODD.md §7.11):
/// `c_alt = margin × (1 + holiday) × (1 + charges_flexible) × (1 + accrual)`.
/// WAB: the high AWf on a flexible contract and the transition payment from
/// day one, 1/3 of a month's wage per year = 1/36 a month (art. 7:673 BW,
/// docs/sources.md#legal-4); pre-WAB: AWf + sector 52 and no accrual (due
/// only after 24 months). So in the same month the WAB rate is higher by the
/// premium difference and the accrual.
#[test]
fn agency_rate_carries_the_flexible_premium_and_the_transition_accrual() {
    let wab = legal("scenarios/baseline.toml");
    let pre = legal("scenarios/pre-wab.toml");
    assert!(close(agency_transition_accrual(&wab.rules), 1.0 / 36.0));
    assert_eq!(agency_transition_accrual(&pre.rules), 0.0);
    let (w, p) = (month(&wab, 2026, 1), month(&pre, 2026, 1));
    let base = wab.employer_charges_base;
    let wab_factor = 1.08 * (1.0 + base + 0.0774) * (1.0 + 1.0 / 36.0);
    let pre_factor = 1.08 * (1.0 + base + 0.0360 + 0.0297);
    assert!(close(agency_cost_factor(&wab, &w), wab_factor));
    assert!(close(agency_cost_factor(&pre, &p), pre_factor));
    let ratio = agency_cost_factor(&wab, &w) / agency_cost_factor(&pre, &p);
    assert!(close(
        ratio,
        (1.0 + base + 0.0774) / (1.0 + base + 0.0360 + 0.0297) * (1.0 + 1.0 / 36.0)
    ));
    assert!(ratio > 1.02, "the WAB raises the agency rate: {ratio}");
}

fn fee_policy(basis: FeeBasis) -> FeePolicy {
    FeePolicy {
        basis,
        level: 0.9,
        margin: 0.1,
        eur_per_hour: 18.0,
        rise_step: 0.0,
        rise_every_months: 6,
        rise_cap: 1.0,
    }
}

#[test]
fn fee_bases_and_rising_schedule() {
    let x = FeeInputs {
        loonwaarde: 0.5,
        c_alt: 2.0,
        minimum_wage_hour: 15.0,
        cost_eur_per_hour: 25.0,
        lks_eur_per_hour: 9.0,
    };
    assert!(close(
        fee_eur_per_hour(&fee_policy(FeeBasis::Market), &x, 0),
        0.9 * 0.5 * 2.0 * 15.0
    ));
    assert!(close(
        fee_eur_per_hour(&fee_policy(FeeBasis::CostPrice), &x, 0),
        (25.0 - 9.0) * 1.1
    ));
    assert!(close(fee_eur_per_hour(&fee_policy(FeeBasis::Fixed), &x, 0), 18.0));
    let rising = FeePolicy {
        rise_step: 0.1,
        rise_cap: 1.2,
        ..fee_policy(FeeBasis::Fixed)
    };
    assert_eq!(rise_factor(&rising, 5), 1.0);
    assert!(close(rise_factor(&rising, 6), 1.1));
    assert!(close(rise_factor(&rising, 12), 1.2)); // 1.21 capped at 1.2
    assert!(close(fee_eur_per_hour(&rising, &x, 30), 18.0 * 1.2));
}

#[test]
fn a_successive_employer_continues_the_chain() {
    use detasim::policy::wage::ContractKind;
    // art. 7:668a lid 1 and 2 BW: the successor's contract is one more link; a 4th link, or a
    // chain beyond 36 months (WAB), is open-ended
    let wab = legal("scenarios/baseline.toml");
    assert_eq!(chain::successor_contract(&wab, 2, 12, 12), ContractKind::Temporary);
    assert_eq!(chain::successor_contract(&wab, 3, 18, 12), ContractKind::Permanent);
    assert_eq!(chain::successor_contract(&wab, 1, 30, 12), ContractKind::Permanent);
    let pre = legal("scenarios/pre-wab.toml");
    assert_eq!(
        chain::successor_contract(&pre, 2, 18, 12),
        ContractKind::Permanent,
        "24 months under the Wwz"
    );
}
