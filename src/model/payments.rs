//! Who pays whom for one person-month, in one place, and how the person
//! develops over the month (readiness, loonwaarde, work history, coaching).
//!
//! Every payment goes through the [`Ledger`](crate::model::ledger::Ledger)
//! with its payer and payee, so the actors' accounts are read from one record.

use rand::RngExt;

use crate::calendar::MONTHS_PER_YEAR;
use crate::input::behaviour::Behaviour;
use crate::input::legal::{Legal, LegalMonth, Sector};
use crate::input::scenario::{Segment, Switch, WerkbedrijfPolicy};
use crate::model::employer::EXPERIENCE_MONTHS;
use crate::model::employment::{direct_wage_factor, flat_start};
use crate::model::ledger::{Flow, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Event, Income, Observer, report_event};
use crate::model::person::{Coached, Coaching, Contract, Person, PersonId, ReadinessMonth, State, Trajectory};
use crate::model::werkbedrijf::{fee, fulltime_month_hours, overhead_eur_per_month, wb_party, worked_hours};
use crate::model::world::World;
use crate::policy::bijstand::{self, Household};
use crate::policy::coaching::{self, AtWork, CoachingPayer, Setting};
use crate::policy::eligibility::{self, Activity};
use crate::policy::lks::LksStatus;
use crate::policy::toeslagenwet::{self, TwPartner};
use crate::policy::wage::{self, ContractKind, IncomeKind, Pay};
use crate::policy::{lks, trajectory, ww};

/// Make this month's payments for person `id` in their (end-of-month) state.
pub fn pay<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) -> Income {
    let s = world.scenario;
    let legal = &s.legal;
    let lm = &ctx.lm;
    let p = &world.persons[id.index()];
    let muni = Party::Municipality(p.municipality);
    let norm = bijstand::norm(lm, p.household);
    let mut income = Income {
        norm,
        ..Income::default()
    };
    match p.state {
        State::Bijstand => {
            world.ledger.pay(Flow::Bijstand, muni, Party::Persons, norm);
            income.bijstand = norm;
            let cost = trajectory::cost_eur_per_month(&s.municipality, p.trajectory);
            world.ledger.pay(Flow::Trajectory, muni, Party::Providers, cost);
            if cost != 0.0 {
                report_event(obs, ctx, id, Event::TrajectoryMonthPaid { eur: cost });
            }
        }
        State::Ww => {
            let ww = ww_month(
                legal,
                lm,
                p.household,
                p.tw_partner,
                p.ww_used,
                p.last_wage_eur_per_month,
            );
            world.ledger.pay(Flow::Ww, Party::Uwv, Party::Persons, ww.gross);
            world
                .ledger
                .pay(Flow::Toeslagenwet, Party::Uwv, Party::Persons, ww.toeslagenwet);
            world
                .ledger
                .pay(Flow::IncomeTax, Party::Persons, Party::TaxAndFunds, ww.income_tax);
            world.ledger.pay(Flow::Bijstand, muni, Party::Persons, ww.top_up);
            income.ww = ww.gross;
            income.toeslagenwet = ww.toeslagenwet;
            income.bijstand = ww.top_up;
            world.persons[id.index()].ww_used += 1;
        }
        State::Employed | State::Detached | State::Idle | State::Beschut => {
            income = pay_employment(world, ctx, obs, id, income);
        }
        State::Exited => unreachable!("exited persons are not paid"),
    }
    income
}

/// One month of WW for a person on WW, EUR.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WwMonth {
    /// The gross benefit (UWV → person).
    pub gross: f64,
    /// The Toeslagenwet top-up, gross (UWV → person).
    pub toeslagenwet: f64,
    /// Income tax and premiums on both (person → tax and funds).
    pub income_tax: f64,
    /// Bijstand on top, up to the norm (municipality → person).
    pub top_up: f64,
}

/// The month's WW in month `k` (0-based) of the spell:
///
/// `gross = level(k) × last_wage`,
/// `tw = toeslagenwet::top_up(household, partner, gross, last_wage)`,
/// `net = net_benefit(gross + tw)`, `income_tax = gross + tw − net`,
/// `top_up = max(0, norm − net)`
///
/// Symbols: `level(k)` from `ww_level_first`, `ww_level_first_months`,
/// `ww_level_after` ([`ww::level`]); the TW top-up from
/// [`toeslagenwet::top_up_eur_per_month`] (UWV, up to the social minimum,
/// never above the last wage); `net_benefit` the `benefit` column of
/// `[net_income]` ([`wage::net_eur_per_month`], no arbeidskorting); `last_wage`
/// the last monthly wage incl. holiday pay (EUR); `norm` the household's
/// bijstand norm (EUR/month, net): the municipality pays only what remains
/// below it. Source: docs/ODD.md §7.6, §7.27; docs/sources.md#legal-9.
pub fn ww_month(
    legal: &Legal,
    lm: &LegalMonth,
    household: Household,
    partner: TwPartner,
    k: u32,
    last_wage: f64,
) -> WwMonth {
    let gross = ww::level(legal, k) * last_wage;
    let tw = toeslagenwet::top_up_eur_per_month(legal, lm, household, partner, gross, last_wage);
    let net = wage::net_eur_per_month(&lm.net, IncomeKind::Benefit, gross + tw);
    WwMonth {
        gross,
        toeslagenwet: tw,
        income_tax: gross + tw - net,
        top_up: (bijstand::norm(lm, household) - net).max(0.0),
    }
}

/// The no-riskpolis benefit level averaged over the model's sick hours, share
/// of the wage:
///
/// `level = (1 − sick_share_year2) × no_risk_benefit_share_year1 + sick_share_year2 × no_risk_benefit_share_year2`
///
/// Symbols: `no_risk_benefit_share_year1` (1.0: the Ziektewet benefit follows
/// the full wage the employer keeps paying, at most 100% of dagloon) and
/// `no_risk_benefit_share_year2` (0.70 of dagloon) in the legal file;
/// `employer.sick_share_year2` (share of sick hours in the second year of an
/// illness, an assumption) in the behaviour file. Source: docs/ODD.md §7.4;
/// docs/sources.md#legal-8.
pub fn no_risk_level(legal: &Legal, b: &Behaviour) -> f64 {
    (1.0 - b.sick_share_year2) * legal.no_risk_benefit_share_year1
        + b.sick_share_year2 * legal.no_risk_benefit_share_year2
}

/// The no-riskpolis benefit the employer of a covered person receives in a
/// month, EUR: `level × sick_share × (gross + holiday pay)`, `level` from
/// [`no_risk_level`]. The employer keeps paying the full wage for the sick
/// hours.
///
/// Symbols: `employer.sick_share` (share of paid hours lost to sickness,
/// behaviour file). Source: docs/ODD.md §7.4; docs/sources.md#legal-8.
pub fn no_risk_eur_per_month(legal: &Legal, b: &Behaviour, wage_incl_holiday: f64) -> f64 {
    no_risk_level(legal, b) * b.sick_share * wage_incl_holiday
}

/// What the month's work earns the werkbedrijf and what its coaching costs:
/// fee revenue for the hours worked at an inlener, internal-work revenue and
/// cost of idle staff, beschut revenue, and coaching with its payer.
struct WorkMoney {
    fee_revenue: f64,
    internal_revenue: f64,
    internal_cost: f64,
    coaching_hours: f64,
    coaching_eur: f64,
    coaching_payer: Party,
}

fn work_money(world: &World, ctx: &MonthCtx, p: &Person, policy: &WerkbedrijfPolicy) -> WorkMoney {
    let muni = Party::Municipality(p.municipality);
    let mut m = WorkMoney {
        fee_revenue: 0.0,
        internal_revenue: 0.0,
        internal_cost: 0.0,
        coaching_hours: 0.0,
        coaching_eur: 0.0,
        coaching_payer: muni,
    };
    let hours_worked = worked_hours(world, p);
    let c = &policy.coaching;
    let placed = || {
        let e = &world.employers.list[p.employer as usize];
        fee(world, ctx, policy, p, e, p.spell_months) * hours_worked
    };
    match p.state {
        State::Detached => {
            m.fee_revenue = placed();
            m.coaching_hours = coaching::hours(c, p.coaching, p.coached_months);
            m.coaching_eur = coaching::cost_eur_per_month(c, p.coaching, p.coached_months);
            if coaching::payer(c, Setting::Detachering) == CoachingPayer::Werkbedrijf {
                m.coaching_payer = wb_party(p);
            }
        }
        State::Employed => {
            // a direct hire's programme, or one carried over at a conversion, and after-care
            m.coaching_hours = coaching::hours(c, p.coaching, p.coached_months);
            m.coaching_eur = coaching::cost_eur_per_month(c, p.coaching, p.coached_months);
            if coaching::payer(c, Setting::DirectEmployment) == CoachingPayer::Werkbedrijf {
                m.coaching_payer = wb_party(p);
            }
        }
        State::Idle => {
            if policy.idle.internal_work == Switch::On {
                m.internal_cost = policy.idle.internal_work_cost_eur_per_month;
                m.internal_revenue = policy.idle.internal_work_revenue_eur_per_month;
            }
        }
        State::Beschut => {
            if p.beschut_detached {
                m.fee_revenue = placed();
            } else {
                m.internal_revenue = policy.beschut_revenue_eur_per_month;
            }
        }
        _ => unreachable!("employment states only"),
    }
    m
}

/// Tell the observer of the month's instrument payments (not of zero ones).
fn report_payments<O: Observer>(obs: &mut O, ctx: &MonthCtx, id: PersonId, lks: f64, lkv: f64, work: &WorkMoney) {
    if lks != 0.0 {
        report_event(obs, ctx, id, Event::LksPaid { eur: lks });
    }
    if lkv != 0.0 {
        report_event(obs, ctx, id, Event::LkvPaid { eur: lkv });
    }
    if work.coaching_eur != 0.0 {
        let (hours, eur) = (work.coaching_hours, work.coaching_eur);
        report_event(obs, ctx, id, Event::CoachingPaid { hours, eur });
    }
}

fn pay_employment<O: Observer>(
    world: &mut World,
    ctx: &MonthCtx,
    obs: &mut O,
    id: PersonId,
    mut income: Income,
) -> Income {
    let s = world.scenario;
    let b = &s.behaviour;
    let legal = &s.legal;
    let lm = &ctx.lm;
    let p = &world.persons[id.index()];
    let policy = &s.werkbedrijven[p.werkbedrijf as usize];
    let muni = Party::Municipality(p.municipality);
    let wb = wb_party(p);
    let kind = if p.contract == Contract::Permanent {
        ContractKind::Permanent
    } else {
        ContractKind::Temporary
    };
    // before the WAB the WW premium includes the employer's sector premium
    let (employer, wage_factor, sector) = match p.state {
        State::Employed => (Party::Employers, direct_wage_factor(world), Sector::Average),
        _ => (
            wb,
            policy.cao_factor,
            s.region.werkbedrijven[p.werkbedrijf as usize].sector,
        ),
    };
    let hours = wage::monthly_hours(p.hours_per_week);
    let pay = Pay::new(legal, lm, wage_factor, hours, kind, sector);
    let base = pay.gross + pay.holiday;
    let activity = if p.state == State::Idle {
        Activity::Idle
    } else {
        Activity::Working
    };
    let lks = if eligibility::lks_paid(activity, p.lks_target) {
        let flat = flat_start(world);
        lks::lks_eur_per_month(
            legal,
            lm,
            p.loonwaarde_measured,
            wage_factor,
            hours,
            p.service_months,
            flat,
        )
    } else {
        0.0
    };
    let lkv = if eligibility::lkv_eligible(p.segment) {
        lks::lkv_eur_per_month(legal, lm, hours, p.service_months)
    } else {
        0.0
    };
    let no_risk = if eligibility::no_risk_covered(p.segment) {
        no_risk_eur_per_month(legal, b, base)
    } else {
        0.0
    };
    let work = work_money(world, ctx, p, policy);
    let overhead = if employer == wb {
        overhead_eur_per_month(policy, hours, fulltime_month_hours(world))
    } else {
        0.0
    };
    let net = pay.net(lm);
    let rule = bijstand::rule(lm, LksStatus::of(lks));
    let top_up = bijstand::benefit(legal, lm, p.household, net, rule, p.disregard_used);
    let disregard_months = bijstand::rule_months(legal, rule);

    let l = &mut world.ledger;
    l.pay(Flow::Wage, employer, Party::Persons, pay.gross);
    l.pay(Flow::HolidayPay, employer, Party::Persons, pay.holiday);
    l.pay(Flow::EmployerCharges, employer, Party::TaxAndFunds, pay.charges_other);
    l.pay(Flow::WwPremium, employer, Party::Uwv, pay.ww_premium);
    l.pay(Flow::IncomeTax, Party::Persons, Party::TaxAndFunds, base - net);
    l.pay(Flow::Lks, muni, employer, lks);
    l.pay(Flow::Lkv, Party::Rijk, employer, lkv);
    l.pay(Flow::NoRisk, Party::Uwv, employer, no_risk);
    l.pay(Flow::Fee, Party::Employers, wb, work.fee_revenue);
    l.pay(Flow::Coaching, work.coaching_payer, Party::Providers, work.coaching_eur);
    l.pay(Flow::InternalWorkCost, wb, Party::Providers, work.internal_cost);
    l.pay(Flow::InternalRevenue, Party::Customers, wb, work.internal_revenue);
    l.pay(Flow::Overhead, wb, Party::Providers, overhead);
    l.pay(Flow::Bijstand, muni, Party::Persons, top_up);
    report_payments(obs, ctx, id, lks, lkv, &work);

    let p = &mut world.persons[id.index()];
    p.last_wage_eur_per_month = base;
    if top_up > 0.0 && p.disregard_used < disregard_months {
        p.disregard_used += 1;
    }
    income.gross_work = base;
    income.lks = lks;
    income.net_work = net;
    income.bijstand = top_up;
    income
}

/// How the person develops over the month: readiness, loonwaarde (while
/// working), work history, spell counters, coaching progress, and the
/// employer's experience after a year of work.
pub fn develop(world: &mut World, id: PersonId) {
    let s = world.scenario;
    let b = &s.behaviour;
    let p = &mut world.persons[id.index()];
    let policy = &s.werkbedrijven[p.werkbedrijf as usize];
    let working = p.state.working();
    let employed = p.state.paid_employment();
    let coached = working && matches!(p.coaching, Coaching::Active | Coaching::Aftercare);
    let idle = match p.state {
        State::Bijstand | State::Ww => true,
        State::Idle => policy.idle.internal_work == Switch::Off,
        _ => false,
    };
    let month = if working {
        ReadinessMonth::Working(if coached { Coached::Yes } else { Coached::No })
    } else if idle {
        // a trajectory runs only while on bijstand
        let trajectory = if p.state == State::Bijstand {
            p.trajectory
        } else {
            Trajectory::Out
        };
        ReadinessMonth::Inactive(trajectory)
    } else {
        ReadinessMonth::InternalWork
    };
    p.update_readiness(b, month);
    if working && p.segment != Segment::Ready {
        p.update_loonwaarde(b);
    }
    p.work_bits = (p.work_bits << 1) | employed as u64;
    if employed {
        p.work_years += 1.0 / MONTHS_PER_YEAR;
        p.spell_months += 1;
        p.tenure_months += 1;
        p.service_months += 1;
        if p.contract == Contract::Temporary {
            p.chain_months += 1;
        }
    }
    // the employer's support held this month may lapse (one draw of its own
    // stream for every person at work, whatever their support), then the
    // programme advances
    let mut progress = p.coaching_progress();
    let at_work = if working {
        let u: f64 = world.streams.support_lapse.random();
        progress = coaching::lapse(progress, b.support_lapse, u);
        AtWork::Yes
    } else {
        AtWork::No
    };
    p.set_coaching_progress(coaching::advance(&policy.coaching, progress, at_work));
    if matches!(p.state, State::Employed | State::Detached) && p.spell_months == EXPERIENCE_MONTHS {
        let e = p.employer;
        world.employers.good_experience(e, b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;

    /// A month where net benefit income is 80% of gross (a two-point table)
    /// and the full-time minimum wage is 2,000.
    fn simple_month(legal: &Legal) -> LegalMonth {
        let mut m = legal.month(crate::calendar::YearMonth::new(2025, 1));
        m.minimum_wage_month = 2000.0;
        m.norm_single_eur_per_month = 1400.0;
        m.norm_couple_eur_per_month = 2000.0;
        m.net.points = 2;
        m.net.gross[..2].copy_from_slice(&[0.0, 1000.0]);
        m.net.benefit[..2].copy_from_slice(&[0.0, 800.0]);
        m
    }

    /// docs/sources.md#legal-9: WW at 75% then 70% of the last wage, taxed as
    /// benefit income; the Toeslagenwet (UWV) tops it up to the social minimum
    /// but not above the last wage; bijstand pays what remains below the net norm.
    #[test]
    fn ww_month_toeslagenwet_tax_and_top_up() {
        let mut legal = baseline().legal.clone();
        legal.ww_level_first = 0.75;
        legal.ww_level_first_months = 2;
        legal.ww_level_after = 0.7;
        legal.holiday_pay_share = 0.08;
        legal.tw_minimum_share_single = 0.7;
        legal.tw_minimum_share_couple = 1.0;
        let m = simple_month(&legal);
        let e = TwPartner::Entitled;
        // single, full-time last wage 2,000: WW 1,500 below the minimum 0.7 × 2,000 × 1.08 = 1,512
        let first = ww_month(&legal, &m, Household::Single, e, 0, 2000.0);
        assert_eq!(first.gross, 1500.0);
        assert!((first.toeslagenwet - 12.0).abs() < 1e-9, "1,512 − 1,500");
        assert!((first.income_tax - 0.2 * 1512.0).abs() < 1e-9);
        assert!(
            (first.top_up - (1400.0 - 0.8 * 1512.0)).abs() < 1e-9,
            "norm − net benefit"
        );
        // a couple with a part-time last wage of 1,000: TW up to the last wage, then bijstand
        let later = ww_month(&legal, &m, Household::Couple, e, 2, 1000.0);
        assert_eq!(later.gross, 700.0);
        assert!((later.toeslagenwet - 300.0).abs() < 1e-9, "capped by the last wage");
        assert!((later.top_up - (2000.0 - 800.0)).abs() < 1e-9);
        let excluded = ww_month(&legal, &m, Household::Couple, TwPartner::Excluded, 2, 1000.0);
        assert_eq!(excluded.toeslagenwet, 0.0);
        assert!((excluded.top_up - (2000.0 - 560.0)).abs() < 1e-9, "bijstand takes over");
        let high = ww_month(&legal, &m, Household::Single, e, 2, 3000.0);
        assert_eq!((high.toeslagenwet, high.top_up), (0.0, 0.0), "never below zero");
    }

    /// docs/sources.md#legal-net-income: the shipped 2024 table keeps about
    /// 94% of a full-time minimum wage incl. holiday pay (2,069.40 × 1.08)
    /// as work income and much less as a benefit (no arbeidskorting).
    #[test]
    fn the_shipped_net_income_keeps_most_of_a_minimum_wage() {
        let legal = &baseline().legal;
        let m = legal.month(crate::calendar::YearMonth::new(2024, 1));
        let gross = 2069.40 * 1.08;
        let work = wage::net_eur_per_month(&m.net, IncomeKind::Work, gross);
        let benefit = wage::net_eur_per_month(&m.net, IncomeKind::Benefit, gross);
        assert!((work / gross - 0.94).abs() < 0.02, "{work}");
        assert!(benefit < work - 300.0, "{benefit} vs {work}");
    }

    #[test]
    fn no_risk_benefit_by_year_of_sickness() {
        // ZW under the no-riskpolis (docs/sources.md#legal-8): year 1 up to 100% of dagloon
        // (the wage paid), year 2 70%.
        let mut legal = baseline().legal.clone();
        let mut b = baseline().behaviour.clone();
        legal.no_risk_benefit_share_year1 = 1.0;
        legal.no_risk_benefit_share_year2 = 0.7;
        b.sick_share = 0.05;
        b.sick_share_year2 = 0.0;
        assert!((no_risk_eur_per_month(&legal, &b, 2000.0) - 100.0).abs() < 1e-9);
        b.sick_share_year2 = 1.0;
        assert!((no_risk_eur_per_month(&legal, &b, 2000.0) - 70.0).abs() < 1e-9);
        // a quarter of the sick hours in year 2: 0.75 × 1.0 + 0.25 × 0.7 = 0.925
        b.sick_share_year2 = 0.25;
        assert!((no_risk_level(&legal, &b) - 0.925).abs() < 1e-12);
        assert!((no_risk_eur_per_month(&legal, &b, 2000.0) - 92.5).abs() < 1e-9);
    }
}
