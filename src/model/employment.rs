//! Direct employment at a regular employer: dropout, dismissal, and the end of
//! temporary contracts (renew, make permanent or end, under the chain rule).
//! docs/ODD.md §7.18.

use rand::RngExt;

use crate::input::behaviour::Behaviour;
use crate::input::scenario::Switch;
use crate::model::employer::{Allowed, contract_end_utilities, hour_economics, logit_choice};
use crate::model::ledger::Party;
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Observer};
use crate::model::person::{Contract, PersonId, dropout_hazard};
use crate::model::world::{World, transition_due};
use crate::policy::coaching::supported;
use crate::policy::lks::FlatStart;
use crate::policy::{chain, wage};

/// The cao factor of direct employment at a regular employer (multiple of the
/// minimum wage, `contracts.direct_cao_factor`).
pub fn direct_wage_factor(world: &World) -> f64 {
    world.scenario.behaviour.direct_cao_factor
}

/// Whether the municipality offers the flat LKS start.
pub fn flat_start(world: &World) -> FlatStart {
    match world.scenario.municipality.lks_flat_start {
        Switch::On => FlatStart::Offered,
        Switch::Off => FlatStart::NotOffered,
    }
}

/// Monthly hazard that an employer dismisses a person on a permanent direct
/// contract:
///
/// `h = dismiss_base × demand_drop(t)`
///
/// Symbols: `contracts.dismiss_base` (per month, behaviour file);
/// `demand_drop(t)` from [`crate::model::economy::demand_drop`]. The
/// werkbedrijf never dismisses. Source: docs/ODD.md §7.18 (§8 assumption 32).
pub fn dismissal_hazard(b: &Behaviour, demand_drop: f64) -> f64 {
    b.dismiss_base * demand_drop
}

/// One month of direct employment.
pub fn employed_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let p = &world.persons[id.index()];
    let employer = p.employer;
    // dropout: the person quits or falls out; no WW, no transition payment
    let h = dropout_hazard(b, p, supported(p.coaching), ctx.demand_drop);
    let u: f64 = world.streams.dropout.random();
    if u < h {
        world.employers.bad_experience(employer, b);
        world.enter_bijstand(ctx, obs, id, Cause::Dropout);
        return;
    }
    match p.contract {
        Contract::Permanent => {
            let u: f64 = world.streams.dropout.random();
            if u < dismissal_hazard(b, ctx.demand_drop) {
                world.pay_transition(ctx, obs, id, Party::Employers);
                world.after_job_loss(ctx, obs, id, Cause::Dismissal);
            }
        }
        Contract::Temporary => {
            let p = &mut world.persons[id.index()];
            p.period_left = p.period_left.saturating_sub(1);
            if p.period_left == 0 {
                contract_end(world, ctx, obs, id);
            }
        }
        Contract::None => unreachable!("an employed person has a contract"),
    }
}

/// The end of a temporary contract: the employer makes it permanent, renews
/// it (if the chain rule allows) or ends it ([`contract_end_utilities`]).
fn contract_end<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let s = world.scenario;
    let b = &s.behaviour;
    let legal = &s.legal;
    let p = &world.persons[id.index()];
    let e = &world.employers.list[p.employer as usize];
    let x = hour_economics(
        ctx,
        b,
        p,
        e,
        direct_wage_factor(world),
        flat_start(world),
        p.service_months,
    );
    let renew = if chain::may_renew(legal, p.chain_contracts, p.chain_months, b.temporary_months) {
        Allowed::Yes
    } else {
        Allowed::No
    };
    let hours = wage::monthly_hours(p.hours_per_week);
    // service at a previous employer in successive employership counts (art. 7:673 lid 4(b) BW)
    let tp = transition_due(legal, &ctx.lm, p);
    let u = contract_end_utilities(b, e.category, &x, p.spell_months, renew, tp, hours);
    let draw: f64 = world.streams.decisions.random();
    match logit_choice(&u, b.sigma, draw) {
        0 => {
            let p = &mut world.persons[id.index()];
            p.contract = Contract::Permanent;
            p.chain_contracts = 0;
            p.chain_months = 0;
        }
        1 => {
            let p = &mut world.persons[id.index()];
            p.chain_contracts += 1;
            p.period_left = b.temporary_months;
        }
        _ => {
            world.pay_transition(ctx, obs, id, Party::Employers);
            world.after_job_loss(ctx, obs, id, Cause::ContractEnd);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;

    #[test]
    fn the_contract_end_choice_sees_service_at_the_werkbedrijf() {
        // successive employership (art. 7:673 lid 4(b) BW): a converted person's months at the
        // werkbedrijf count for the transition payment the inlener weighs and pays
        use crate::model::month::MonthCtx;
        use crate::rng::{Purpose, stream};
        let s = baseline();
        let world = World::new(s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let mut p = crate::model::person::Person::draw(&mut stream(1, 0, Purpose::Attributes), &s.region, 0, None);
        p.last_wage_eur_per_month = 2000.0;
        p.service_months = 12;
        let own = transition_due(&s.legal, &ctx.lm, &p);
        p.prior_service_months = 12;
        let both = transition_due(&s.legal, &ctx.lm, &p);
        let expected = crate::policy::transition::payment(&s.legal, &ctx.lm, 24, 2000.0);
        assert!((both - expected).abs() < 1e-9 && both > own, "{own} → {both}");
    }

    #[test]
    fn dismissal_follows_demand() {
        let mut b = baseline().behaviour.clone();
        b.dismiss_base = 0.004;
        assert!((dismissal_hazard(&b, 1.0) - 0.004).abs() < 1e-15);
        assert!(
            (dismissal_hazard(&b, 1.5) - 0.006).abs() < 1e-15,
            "a downturn raises dismissals"
        );
    }
}
