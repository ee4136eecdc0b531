//! The werkbedrijven: detacheringen (early end, conversion, planned end and
//! extension), idle staff and their re-placement, beschut werk, and the costs
//! that make up their business case. docs/ODD.md §2.4.

use rand::RngExt;

use crate::calendar::MONTHS_PER_YEAR;
use crate::input::scenario::{ContractPolicy, Limit, Segment, WerkbedrijfPolicy};
use crate::model::employer::{
    Allowed, Employer, conversion_probability, early_end_hazard, hour_economics, logit_choice, period_end_utilities,
    quality_mean, revealed_quality,
};
use crate::model::employment::{direct_wage_factor, flat_start};
use crate::model::ledger::{Flow, Line, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Observer};
use crate::model::person::{
    Coaching, Contract, EmployerSupport, IncomeSource, Person, PersonId, State, dropout_hazard,
};
use crate::model::world::{World, clear_job};
use crate::policy::coaching::{self, CoachingPayer, Setting, Supported, supported};
use crate::policy::fee::{FeeInputs, fee_eur_per_hour};
use crate::policy::lks::{self, FlatStart};
use crate::policy::{chain, wage};

/// The werkbedrijf's contract kind for its detached staff.
pub fn contract_kind(policy: &WerkbedrijfPolicy) -> wage::ContractKind {
    match policy.contract {
        ContractPolicy::MatchPlacement => wage::ContractKind::Temporary,
        ContractPolicy::Permanent => wage::ContractKind::Permanent,
    }
}

/// The business line on which the werkbedrijf books the money of a person
/// in `state`: `Beschut` (inside the werkbedrijf or detached without an
/// expectation of conversion) on the beschut line; `Detached` and `Idle`
/// staff, and a person just leaving a detachering (the transition payment),
/// on the detachering line. Source: docs/ODD.md §2.6, §7.28.
pub fn line(state: State) -> Line {
    match state {
        State::Beschut => Line::Beschut,
        _ => Line::Detachering,
    }
}

/// The ledger party of person `p`'s werkbedrijf, on the line of the person's
/// state ([`line()`]).
pub fn wb_party(p: &Person) -> Party {
    Party::Werkbedrijf(p.werkbedrijf, line(p.state))
}

/// Monthly hours of full-time work (for overhead per FTE).
pub fn fulltime_month_hours(world: &World) -> f64 {
    wage::monthly_hours(world.scenario.legal.fulltime_hours_per_week)
}

/// Hours a person works (and the inlener is billed for) in a month: paid
/// hours less sick leave,
///
/// `hours_worked = H × (1 − sick_share)`, `H = hours_per_week × 52 / 12`
///
/// Symbols: `employer.sick_share` (share of paid hours) in the behaviour
/// file; `H` paid hours per month ([`wage::monthly_hours`]). Source:
/// docs/ODD.md §7.4 (sickness), §7.13 (fee per hour worked).
pub fn worked_hours(world: &World, p: &Person) -> f64 {
    worked_hours_per_month(
        wage::monthly_hours(p.hours_per_week),
        world.scenario.behaviour.sick_share,
    )
}

/// `H × (1 − sick_share)`: see [`worked_hours`].
pub fn worked_hours_per_month(paid_hours_month: f64, sick_share: f64) -> f64 {
    paid_hours_month * (1.0 - sick_share)
}

/// The werkbedrijf's overhead for one worker in a month, EUR:
///
/// `overhead = overhead.eur_per_fte_month × H / H_fulltime`
///
/// Symbols: `[werkbedrijf.overhead] eur_per_fte_month` (EUR per full-time
/// month, an assumption of the scenario); `H` the worker's paid hours per
/// month; `H_fulltime` those of `fulltime_hours_per_week` (legal file).
/// Source: docs/ODD.md §7.28 (overhead shared by FTE).
pub fn overhead_eur_per_month(policy: &WerkbedrijfPolicy, paid_hours_month: f64, fulltime_hours_month: f64) -> f64 {
    policy.overhead.eur_per_fte_month * paid_hours_month / fulltime_hours_month
}

/// The werkbedrijf's full monthly cost of a worker per hour worked, EUR:
///
/// `cost_h = (wage + holiday pay + charges + coaching_wb + overhead) / hours_worked`
///
/// with the wage at `cao_factor × m(t)` on the werkbedrijf's contract kind
/// ([`wage::Pay`]), `coaching_wb = coach_hours(k) × coaching.eur_per_hour`
/// when `coaching.payer = "werkbedrijf"` (else 0), the overhead per FTE
/// ([`overhead_eur_per_month`]) and [`worked_hours`]. Symbols: scenario
/// `[werkbedrijf]` `cao_factor`, `[werkbedrijf.coaching]`,
/// `[werkbedrijf.overhead]`. Source: docs/ODD.md §7.13 (the cost-price fee
/// basis of the spec).
pub fn hourly_cost(world: &World, ctx: &MonthCtx, policy: &WerkbedrijfPolicy, p: &Person) -> f64 {
    let legal = ctx.legal;
    let hours = wage::monthly_hours(p.hours_per_week);
    let sector = world.scenario.region.werkbedrijven[p.werkbedrijf as usize].sector;
    let pay = wage::Pay::new(legal, &ctx.lm, policy.cao_factor, hours, contract_kind(policy), sector);
    let coaching = if coaching::payer(&policy.coaching, Setting::Detachering) == CoachingPayer::Werkbedrijf {
        coaching::coach_hours(&policy.coaching, p.coached_months) * policy.coaching.eur_per_hour
    } else {
        0.0
    };
    let overhead = overhead_eur_per_month(policy, hours, fulltime_month_hours(world));
    (pay.employer_cost() + coaching + overhead) / worked_hours(world, p)
}

/// The fee per hour worked for person `p` at inlener `e` in month `k` of the
/// placement. For the cost-price basis, cost and LKS are spread over the hours
/// worked, so that fee revenue plus LKS covers the cost (times the margin).
pub fn fee(world: &World, ctx: &MonthCtx, policy: &WerkbedrijfPolicy, p: &Person, e: &Employer, k: u32) -> f64 {
    let hours = wage::monthly_hours(p.hours_per_week);
    let lks_h = lks::lks_eur_per_month(
        ctx.legal,
        &ctx.lm,
        p.loonwaarde_measured,
        policy.cao_factor,
        hours,
        p.service_months,
        wb_flat(world),
    ) / worked_hours(world, p);
    let x = FeeInputs {
        loonwaarde: p.loonwaarde_measured,
        c_alt: e.c_alt(ctx),
        minimum_wage_hour: ctx.lm.minimum_wage_hour,
        cost_eur_per_hour: hourly_cost(world, ctx, policy, p),
        lks_eur_per_hour: lks_h,
    };
    fee_eur_per_hour(&policy.fee, &x, k)
}

/// The flat LKS start applies to the werkbedrijf's staff as to any employer.
fn wb_flat(world: &World) -> FlatStart {
    flat_start(world)
}

/// One month of a detachering: dropout, early end, conversion, then the
/// planned end of the placement period (one uniform draw each, dropout from
/// the dropout stream, the others from the decisions stream).
pub fn detached_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let s = world.scenario;
    let b = &s.behaviour;
    let p = &world.persons[id.index()];
    let policy = &s.werkbedrijven[p.werkbedrijf as usize];
    let employer = p.employer;
    let e = &world.employers.list[employer as usize];
    let k = p.spell_months;

    let h_drop = dropout_hazard(b, p, supported(p.coaching), ctx.demand_drop);
    if world.streams.dropout.random::<f64>() < h_drop {
        world.employers.bad_experience(employer, b);
        // the person leaves the werkbedrijf: no WW, no transition payment
        world.enter_bijstand(ctx, obs, id, Cause::Dropout);
        return;
    }

    let fee_h = fee(world, ctx, policy, p, e, k);
    let x = hour_economics(ctx, b, p, e, direct_wage_factor(world), flat_start(world), 0);
    let q = revealed_quality(b, p.match_quality, quality_mean(b, p.readiness), k);
    if k >= policy.min_duration_months {
        let h_end = early_end_hazard(b, q, ctx.demand_drop, fee_h, x.value);
        if world.streams.decisions.random::<f64>() < h_end {
            world.employers.bad_experience(employer, b);
            end_placement(world, ctx, obs, id, Cause::EarlyEnd);
            return;
        }
    }

    let p_conv = conversion_probability(b, e.category, &x, fee_h, k, p.coaching, ctx.lm.minimum_wage_hour);
    if world.streams.decisions.random::<f64>() < p_conv {
        convert(world, ctx, obs, id);
        return;
    }

    let p = &mut world.persons[id.index()];
    p.period_left = p.period_left.saturating_sub(1);
    if p.period_left > 0 {
        return;
    }
    // planned end of the period: convert, extend or end
    let p = &world.persons[id.index()];
    let within_max = match policy.max_duration_months {
        Limit::Months(max) => p.spell_months + policy.extension_months <= max,
        Limit::None => true,
    };
    let chain_ok = match policy.contract {
        ContractPolicy::MatchPlacement => {
            chain::may_renew(ctx.legal, p.chain_contracts, p.chain_months, policy.extension_months)
        }
        ContractPolicy::Permanent => true,
    };
    let extend = if within_max && chain_ok {
        Allowed::Yes
    } else {
        Allowed::No
    };
    let u = period_end_utilities(b, e.category, &x, fee_h, k, extend);
    match logit_choice(&u, b.sigma, world.streams.decisions.random()) {
        0 => convert(world, ctx, obs, id),
        1 => {
            let p = &mut world.persons[id.index()];
            p.period_left = policy.extension_months;
            if policy.contract == ContractPolicy::MatchPlacement {
                p.chain_contracts += 1;
            }
        }
        _ => end_placement(world, ctx, obs, id, Cause::PeriodEnd),
    }
}

/// A placement ends without conversion. Match-placement contracts end with
/// it (transition payment, then WW or bijstand); permanent contracts continue
/// and the person becomes idle.
fn end_placement<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId, cause: Cause) {
    let s = world.scenario;
    let w = world.persons[id.index()].werkbedrijf;
    match s.werkbedrijven[w as usize].contract {
        ContractPolicy::MatchPlacement => {
            world.pay_transition(ctx, obs, id, wb_party(&world.persons[id.index()]));
            world.after_job_loss(ctx, obs, id, cause);
        }
        ContractPolicy::Permanent => {
            let p = &mut world.persons[id.index()];
            p.employer = crate::model::person::NO_EMPLOYER;
            p.coaching = Coaching::None;
            p.employer_support = EmployerSupport::None;
            p.coached_months = 0;
            p.spell_months = 0;
            world.set_state(ctx, obs, id, State::Idle, cause);
        }
    }
}

/// Conversion: the inlener hires the person directly on a temporary
/// contract. The werkbedrijf's contract ends by agreement (no transition
/// payment). After-care follows for `coaching.aftercare_months`, paid by the
/// municipality; where coaching had been handed over to the inlener, the
/// inlener's support continues (after the after-care, if any).
fn convert<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let s = world.scenario;
    let b = &s.behaviour;
    let p = &world.persons[id.index()];
    let policy = &s.werkbedrijven[p.werkbedrijf as usize];
    let employer = p.employer;
    let aftercare = policy.coaching.aftercare_months;
    // the inlener that took over coaching keeps coaching after the conversion
    let support = p.employer_support;
    world.employers.good_experience(employer, b);
    let status = coaching::after_conversion(&policy.coaching, support);
    world.start_employment(ctx, obs, id, employer, Contract::Temporary, status, Cause::Conversion);
    let p = &mut world.persons[id.index()];
    p.aftercare_left = aftercare;
    p.employer_support = support;
}

/// One month idle at the werkbedrijf (permanent contracts only): the person
/// may drop out; re-placement happens through matching.
pub fn idle_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let p = &world.persons[id.index()];
    let h = dropout_hazard(b, p, Supported::No, ctx.demand_drop);
    if world.streams.dropout.random::<f64>() < h {
        world.enter_bijstand(ctx, obs, id, Cause::Dropout);
    }
}

/// One month of beschut werk: dropout, with the sheltered setting's support.
pub fn beschut_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let p = &world.persons[id.index()];
    let h = dropout_hazard(b, p, Supported::Yes, ctx.demand_drop);
    if world.streams.dropout.random::<f64>() < h {
        world.enter_bijstand(ctx, obs, id, Cause::Dropout);
    }
}

/// Give a person a beschut werk place: a permanent contract at the
/// werkbedrijf; placed at a regular employer drawn uniformly (no conversion
/// expected) when one uniform draw of the municipality stream is below
/// `[municipality] beschut_detached_share` (share of places), else working
/// inside the werkbedrijf. Source: docs/ODD.md §7.25;
/// docs/sources.md#calibration-3 (Wsw 2022: 18.5% individually detached).
pub fn start_beschut<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let share = world.scenario.municipality.beschut_detached_share;
    let detached = world.streams.municipality.random::<f64>() < share;
    let employer = if detached {
        world.employers.random(&mut world.streams.municipality)
    } else {
        crate::model::person::NO_EMPLOYER
    };
    let p = &mut world.persons[id.index()];
    clear_job(p);
    p.employer = employer;
    p.beschut_detached = detached;
    p.contract = Contract::Permanent;
    p.coaching = Coaching::None;
    p.fresh = true;
    debug_assert!(p.segment == Segment::Beschut || p.state == State::Bijstand);
    world.set_state(ctx, obs, id, State::Beschut, Cause::BeschutPlace);
}

/// Fixed yearly overhead of each werkbedrijf, paid in twelfths and shared
/// between its business lines by the month's paid hours (FTE) of their
/// staff ([`fixed_overhead_shares`]).
pub fn pay_fixed_overhead(world: &mut World, _ctx: &MonthCtx) {
    let hours = &mut world.line_hours;
    hours.fill([0.0; 2]);
    for p in &world.persons {
        if p.state.income_source() == IncomeSource::Werkbedrijf {
            hours[p.werkbedrijf as usize][line(p.state) as usize] += wage::monthly_hours(p.hours_per_week);
        }
    }
    for (w, policy) in world.scenario.werkbedrijven.iter().enumerate() {
        let month = policy.overhead.eur_per_year / MONTHS_PER_YEAR;
        let shares = fixed_overhead_shares(world.line_hours[w]);
        for (line, share) in Line::BUSINESS.into_iter().zip(shares) {
            world.ledger.pay(
                Flow::Overhead,
                Party::Werkbedrijf(w as u16, line),
                Party::Providers,
                month * share,
            );
        }
    }
}

/// The shares of the detachering and the beschut line in a month's fixed
/// overhead, by the paid hours of their staff:
///
/// `share_line = H_line / (H_detachering + H_beschut)`
///
/// Symbols: `H_line` the paid hours in the month of the werkbedrijf's
/// persons in `Detached` and `Idle` (detachering) or `Beschut` (beschut),
/// `hours_per_week × 52 / 12` each. In a month without staff the
/// detachering line carries it all (an assumption: the fixed overhead is
/// that of keeping the facility open). Source: docs/ODD.md §7.28
/// (overhead shared by FTE).
pub fn fixed_overhead_shares(hours: [f64; 2]) -> [f64; 2] {
    let total = hours[0] + hours[1];
    if total > 0.0 {
        [hours[0] / total, hours[1] / total]
    } else {
        [1.0, 0.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::baseline;

    #[test]
    fn cost_price_fee_and_lks_cover_the_hourly_cost() {
        use crate::input::scenario::FeeBasis;
        use crate::model::month::MonthCtx;
        use crate::rng::{Purpose, stream};
        let s = baseline();
        let world = World::new(s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &s.region, 0, None);
        p.loonwaarde_measured = 0.5;
        p.hours_per_week = 24.0;
        let mut policy = s.werkbedrijven[0].clone();
        policy.fee.basis = FeeBasis::CostPrice;
        policy.fee.margin = 0.0;
        policy.fee.rise_step = 0.0;
        let e = &world.employers.list[0];
        let hours = worked_hours(&world, &p);
        let cost = hourly_cost(&world, &ctx, &policy, &p) * hours;
        let lks = lks::lks_eur_per_month(
            &s.legal,
            &ctx.lm,
            0.5,
            policy.cao_factor,
            wage::monthly_hours(24.0),
            p.service_months,
            flat_start(&world),
        );
        assert!(lks > 0.0);
        let revenue = fee(&world, &ctx, &policy, &p, e, 0) * hours;
        assert!(
            (revenue + lks - cost).abs() < 1e-9,
            "fee {revenue} + LKS {lks} = cost {cost}"
        );
        // the monthly cost: wage, holiday pay, charges, overhead per FTE (coaching paid by the municipality)
        let pay = wage::Pay::new(
            &s.legal,
            &ctx.lm,
            policy.cao_factor,
            wage::monthly_hours(24.0),
            contract_kind(&policy),
            s.region.werkbedrijven[p.werkbedrijf as usize].sector,
        );
        let overhead = overhead_eur_per_month(&policy, wage::monthly_hours(24.0), fulltime_month_hours(&world));
        assert!((cost - (pay.employer_cost() + overhead)).abs() < 1e-9);
    }

    /// The market fee is `level × w × c_alt(t) × m(t)` with the agency rate
    /// under the rules in force (docs/ODD.md §7.11, §7.13): the WAB's high
    /// AWf and transition accrual raise it over the pre-WAB rules by the
    /// ratio of the agency cost factors (docs/sources.md#seed-001: fees rose
    /// after the WAB).
    #[test]
    fn the_market_fee_follows_the_agency_rate_of_the_regime() {
        use crate::input::scenario::Scenario;
        use crate::model::month::MonthCtx;
        use crate::rng::{Purpose, stream};
        let wab = baseline();
        let pre = Scenario::load(std::path::Path::new("scenarios/pre-wab.toml"), None).unwrap();
        let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &wab.region, 0, None);
        p.loonwaarde_measured = 0.5;
        let fee_in = |s: &Scenario| {
            let world = World::new(s, 0);
            let ctx = MonthCtx::new(&world, 0);
            let e = &world.employers.list[0];
            let fee = fee(&world, &ctx, &s.werkbedrijven[0], &p, e, 0);
            (fee, ctx.agency_cost_factor, e.agency_margin)
        };
        let (fee_wab, factor_wab, margin) = fee_in(wab);
        let (fee_pre, factor_pre, margin_pre) = fee_in(&pre);
        assert_eq!(margin, margin_pre, "the employer keeps its margin");
        let m = wab.legal.month(wab.start).minimum_wage_hour;
        assert!((fee_wab - wab.werkbedrijven[0].fee.level * 0.5 * margin * factor_wab * m).abs() < 1e-9);
        assert!((fee_wab / fee_pre - factor_wab / factor_pre).abs() < 1e-12);
        assert!(fee_wab > fee_pre * 1.02, "{fee_wab} vs {fee_pre}");
    }

    #[test]
    fn fixed_overhead_is_shared_by_paid_hours() {
        assert_eq!(fixed_overhead_shares([300.0, 100.0]), [0.75, 0.25]);
        assert_eq!(fixed_overhead_shares([0.0, 50.0]), [0.0, 1.0], "only beschut staff");
        assert_eq!(fixed_overhead_shares([0.0, 0.0]), [1.0, 0.0], "no staff: detachering");
    }

    #[test]
    fn money_is_booked_on_the_line_of_the_state() {
        assert_eq!(line(State::Detached), Line::Detachering);
        assert_eq!(line(State::Idle), Line::Detachering, "leegloop is detachering's cost");
        assert_eq!(line(State::Beschut), Line::Beschut);
    }

    #[test]
    fn hours_worked_and_overhead_per_fte() {
        assert!((worked_hours_per_month(120.0, 0.05) - 114.0).abs() < 1e-9);
        let mut policy = baseline().werkbedrijven[0].clone();
        policy.overhead.eur_per_fte_month = 300.0;
        assert!(
            (overhead_eur_per_month(&policy, 80.0, 160.0) - 150.0).abs() < 1e-9,
            "half an FTE"
        );
    }
}
