//! Direct employment at a regular employer: dropout, dismissal, and the end of
//! temporary contracts (renew, make permanent or end, under the chain rule).
//! docs/ODD.md §7.18.

use rand::RngExt;

use crate::input::behaviour::Behaviour;
use crate::input::region::{ContractLengthShares, FIRST_CONTRACT_MONTHS};
use crate::input::scenario::Switch;
use crate::model::employer::{Allowed, contract_end_utilities, hour_economics, logit_choice};
use crate::model::ledger::Party;
use crate::model::matching::refill_value;
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

/// The term of a direct contract: fixed-term for a number of months, or permanent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term {
    Temporary { months: u32 },
    Permanent,
}

/// The term of a first direct contract at an employer of a category with
/// `shares` (region profile `[employers.first_contract.<category>]`), for
/// one uniform draw `u` in [0, 1):
///
/// ```text
/// Temporary { L_i }  for the first i with u < Σ_{j ≤ i} share_j     (L = 3, 6, 12, 24 months)
/// Permanent          otherwise (u in the last `permanent` share)
/// ```
///
/// Symbols: `months_3`, `months_6`, `months_12`, `months_24`, `permanent`
/// (shares of first direct contracts; [`FIRST_CONTRACT_MONTHS`]). Source:
/// docs/ODD.md §7.18 (assumed shares by category, region profile).
pub fn first_contract_term(shares: &ContractLengthShares, u: f64) -> Term {
    let mut acc = 0.0;
    for (months, share) in FIRST_CONTRACT_MONTHS.into_iter().zip(shares.temporary) {
        acc += share;
        if u < acc {
            return Term::Temporary { months };
        }
    }
    if shares.permanent > 0.0 {
        Term::Permanent
    } else {
        // rounding left the sum of the shares just below `u`
        Term::Temporary {
            months: temporary_contract_months(shares, u),
        }
    }
}

/// The length of a fixed-term contract drawn conditional on fixed-term (a
/// renewal, the successor contract of a conversion, a self-found temporary
/// job), months, for one uniform draw `u` in [0, 1):
///
/// ```text
/// L_i  for the first i with u × Σ_j share_j < Σ_{j ≤ i} share_j      (j over the fixed-term lengths)
/// ```
///
/// Symbols as [`first_contract_term`]; the fixed-term shares are validated
/// to sum above 0. Source: docs/ODD.md §7.18.
pub fn temporary_contract_months(shares: &ContractLengthShares, u: f64) -> u32 {
    let total: f64 = shares.temporary.iter().sum();
    let target = u * total;
    let mut acc = 0.0;
    for (months, share) in FIRST_CONTRACT_MONTHS.into_iter().zip(shares.temporary) {
        acc += share;
        if target < acc {
            return months;
        }
    }
    // rounding: the longest length with a share
    FIRST_CONTRACT_MONTHS
        .into_iter()
        .zip(shares.temporary)
        .rev()
        .find(|(_, share)| *share > 0.0)
        .map_or(FIRST_CONTRACT_MONTHS[FIRST_CONTRACT_MONTHS.len() - 1], |(m, _)| m)
}

/// The first-contract shares of employer `e`'s category (region profile).
pub fn contract_shares<'s>(world: &World<'s>, e: u32) -> &'s ContractLengthShares {
    let category = world.employers.list[e as usize].category as usize;
    &world.scenario.region.employers.first_contract[category]
}

/// Draw the term of a first direct contract at employer `e` ([`first_contract_term`],
/// one draw of the contract-length stream).
pub fn draw_first_term(world: &mut World, e: u32) -> Term {
    let u: f64 = world.streams.contract_length.random();
    first_contract_term(contract_shares(world, e), u)
}

/// Draw the length of a fixed-term contract at employer `e`
/// ([`temporary_contract_months`], one draw of the contract-length stream).
pub fn draw_temporary_months(world: &mut World, e: u32) -> u32 {
    let u: f64 = world.streams.contract_length.random();
    temporary_contract_months(contract_shares(world, e), u)
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
/// it (for the drawn length, [`draw_temporary_months`], shortened to the
/// longest the chain rule still allows, [`chain::fitting_months`]; no renewal
/// when none fits) or ends it ([`contract_end_utilities`]). The trust that
/// lowers the perceived risk has grown over the months at this employer,
/// detached months before a conversion included (`tenure_months`).
fn contract_end<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let drawn_months = draw_temporary_months(world, world.persons[id.index()].employer);
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
    )
    .with_support(b, supported(p.coaching));
    // a drawn length the chain rule no longer allows is shortened to one it does
    let next_months = chain::fitting_months(
        legal,
        p.chain_contracts,
        p.chain_months,
        drawn_months,
        &FIRST_CONTRACT_MONTHS,
    );
    let renew = if next_months.is_some() {
        Allowed::Yes
    } else {
        Allowed::No
    };
    let hours = wage::monthly_hours(p.hours_per_week);
    // service at a previous employer in successive employership counts (art. 7:673 lid 4(b) BW)
    let tp = transition_due(legal, &ctx.lm, p);
    let u_refill = refill_value(world, ctx, p, e).utility_h;
    let u = contract_end_utilities(b, e.category, &x, p.tenure_months, renew, tp, hours, u_refill);
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
            p.period_left = next_months.expect("a renewal is offered only when a length fits the chain");
        }
        _ => {
            world.pay_transition(ctx, obs, id, Party::Employers);
            // "end" was valued as filling the post again; the post goes back
            // to the regular labour market, whose replacement demand is in the
            // opening rate: no extra opening (docs/ODD.md §8 assumption 44)
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

    /// Ending a temporary contract is valued as filling the post again, but the post goes back to
    /// the regular labour market: no extra opening at that employer (docs/ODD.md §7.18, §8
    /// assumption 44), unlike a detachering ended at its planned end.
    #[test]
    fn a_temporary_contract_ended_leaves_no_extra_opening() {
        use crate::model::month::MonthCtx;
        use crate::model::person::{Coaching, Person, State};
        use crate::rng::{Purpose, stream};
        let mut s = baseline().clone();
        s.behaviour.drop_base = 0.0;
        s.behaviour.perm_kappa = [-1000.0; 5];
        s.behaviour.renew_kappa = -1000.0;
        let mut world = World::new(&s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &s.region, 0, None);
        let id = world.add_person(&ctx, &mut (), p);
        world.start_employment(
            &ctx,
            &mut (),
            id,
            5,
            Term::Temporary { months: 12 },
            Coaching::None,
            Cause::SelfFound,
        );
        world.persons[id.index()].period_left = 1;
        employed_events(&mut world, &ctx, &mut (), id);
        assert_ne!(world.persons[id.index()].state, State::Employed);
        assert_eq!(
            world.persons[id.index()].employer,
            crate::model::person::NO_EMPLOYER,
            "the contract ended"
        );
        assert!(world.open_next.is_empty(), "no extra opening: {:?}", world.open_next);
    }

    #[test]
    fn contract_terms_follow_the_shares() {
        let shares = ContractLengthShares {
            temporary: [0.1, 0.2, 0.4, 0.1],
            permanent: 0.2,
        };
        let t = |months| Term::Temporary { months };
        // cumulative 0.1, 0.3, 0.7, 0.8, 1.0
        for (u, expected) in [
            (0.0, t(3)),
            (0.099, t(3)),
            (0.1, t(6)),
            (0.29, t(6)),
            (0.5, t(12)),
            (0.75, t(24)),
            (0.8, Term::Permanent),
            (0.999, Term::Permanent),
        ] {
            assert_eq!(first_contract_term(&shares, u), expected, "u = {u}");
        }
        // conditional on fixed-term: shares 0.1, 0.2, 0.4, 0.1 of 0.8, cumulative 0.125, 0.375, 0.875, 1
        for (u, expected) in [
            (0.0, 3),
            (0.12, 3),
            (0.13, 6),
            (0.37, 6),
            (0.38, 12),
            (0.87, 12),
            (0.88, 24),
            (0.9999, 24),
        ] {
            assert_eq!(temporary_contract_months(&shares, u), expected, "u = {u}");
        }
        // no permanent share: rounding at the top stays fixed-term, at the longest length with a share
        let short = ContractLengthShares {
            temporary: [0.5, 0.5 - 1e-12, 0.0, 0.0],
            permanent: 0.0,
        };
        assert_eq!(first_contract_term(&short, 1.0 - 1e-13), t(6));
        assert_eq!(temporary_contract_months(&short, 1.0), 6);
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
