//! Who pays whom for one person-month, in one place, and how the person
//! develops over the month (readiness, loonwaarde, work history, coaching).
//!
//! Every payment goes through the [`Ledger`](crate::model::ledger::Ledger)
//! with its payer and payee, so the actors' accounts are read from one record.

use crate::input::scenario::{Segment, Switch, WerkbedrijfPolicy};
use crate::model::employment::{direct_wage_factor, flat_start};
use crate::model::ledger::{Flow, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Event, Income, Observer, report_event};
use crate::model::person::{Coaching, Contract, Person, PersonId, State};
use crate::model::werkbedrijf::{fee, fulltime_month_hours, worked_hours};
use crate::model::world::World;
use crate::policy::bijstand::{self, Disregard};
use crate::policy::coaching::{self, AtWork, CoachingPayer, Progress, Setting};
use crate::policy::eligibility::{self, Activity};
use crate::policy::wage::{self, ContractKind, Pay};
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
            let gross = ww::level(legal, p.ww_used) * p.last_wage_eur_per_month;
            world.ledger.pay(Flow::Ww, Party::Uwv, Party::Persons, gross);
            world.ledger.pay(
                Flow::IncomeTax,
                Party::Persons,
                Party::TaxAndFunds,
                gross * (1.0 - legal.net_ratio),
            );
            let top_up = (norm - gross * legal.net_ratio).max(0.0);
            world.ledger.pay(Flow::Bijstand, muni, Party::Persons, top_up);
            income.ww = gross;
            income.bijstand = top_up;
            world.persons[id.index()].ww_used += 1;
        }
        State::Employed | State::Detached | State::Idle | State::Beschut => {
            income = pay_employment(world, ctx, obs, id, income);
        }
        State::Exited => unreachable!("exited persons are not paid"),
    }
    income
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
                m.coaching_payer = Party::Werkbedrijf(p.werkbedrijf);
            }
        }
        State::Employed => {
            m.coaching_hours = coaching::hours(c, p.coaching, p.coached_months);
            m.coaching_eur = coaching::cost_eur_per_month(c, p.coaching, p.coached_months);
        }
        State::Idle => {
            if policy.internal_work == Switch::On {
                m.internal_cost = policy.internal_work_cost_eur_per_month;
                m.internal_revenue = policy.internal_work_revenue_eur_per_month;
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
    let wb = Party::Werkbedrijf(p.werkbedrijf);
    let kind = if p.contract == Contract::Permanent {
        ContractKind::Permanent
    } else {
        ContractKind::Temporary
    };
    let (employer, wage_factor) = match p.state {
        State::Employed => (Party::Employers, direct_wage_factor(world)),
        _ => (wb, policy.cao_factor),
    };
    let hours = wage::monthly_hours(p.hours_per_week);
    let pay = Pay::new(legal, lm, wage_factor, hours, kind);
    let base = pay.gross + pay.holiday;
    let activity = if p.state == State::Idle {
        Activity::Idle
    } else {
        Activity::Working
    };
    let lks = if eligibility::lks_paid(activity) {
        let flat = flat_start(world);
        lks::lks_eur_per_month(legal, lm, p.loonwaarde_measured, hours, p.service_months, flat)
    } else {
        0.0
    };
    let lkv = if eligibility::lkv_eligible(p.segment) {
        lks::lkv_eur_per_month(legal, lm, hours, p.service_months)
    } else {
        0.0
    };
    let no_risk = if eligibility::no_risk_covered(p.segment) {
        legal.no_risk_benefit_share * b.sick_share * base
    } else {
        0.0
    };
    let work = work_money(world, ctx, p, policy);
    let overhead = if employer == wb {
        policy.overhead_eur_per_fte_month * hours / fulltime_month_hours(world)
    } else {
        0.0
    };
    let net = pay.net(legal);
    let rule = if lks > 0.0 { Disregard::Lks } else { Disregard::General };
    let top_up = bijstand::benefit(legal, lm, p.household, net, rule, p.disregard_used);
    let disregard_months = match rule {
        Disregard::Lks => legal.disregard_lks_months,
        Disregard::General => legal.disregard_general_months,
    };

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
        State::Idle => policy.internal_work == Switch::Off,
        _ => false,
    };
    p.update_readiness(b, working, coached, idle);
    if working && p.segment != Segment::Ready {
        p.update_loonwaarde(b);
    }
    p.work_bits = (p.work_bits << 1) | employed as u64;
    if employed {
        p.work_years += 1.0 / 12.0;
        p.spell_months += 1;
        p.service_months += 1;
        if p.contract == Contract::Temporary {
            p.chain_months += 1;
        }
    }
    let progress = Progress {
        status: p.coaching,
        coached_months: p.coached_months,
        aftercare_left: p.aftercare_left,
        support: p.employer_support,
    };
    let at_work = if working { AtWork::Yes } else { AtWork::No };
    let progress = coaching::advance(&policy.coaching, progress, at_work);
    p.coaching = progress.status;
    p.coached_months = progress.coached_months;
    p.aftercare_left = progress.aftercare_left;
    p.employer_support = progress.support;
    if matches!(p.state, State::Employed | State::Detached) && p.spell_months == 12 {
        let e = p.employer;
        world.employers.good_experience(e, b);
    }
}
