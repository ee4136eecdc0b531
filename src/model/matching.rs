//! Openings and matching: the werkgeversservicepunt proposes candidates from
//! the pool for each opening; the employer chooses direct hire, detachering or
//! decline (docs/ODD.md §7.10, §7.12).

use rand::RngExt;

use crate::model::employer::{
    Allowed, Employer, Refill, candidate_utilities, draw_match_quality, hour_economics, logit_choice, refill,
};
use crate::model::employment::{direct_wage_factor, draw_first_term, flat_start};
use crate::model::ledger::{Flow, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Event, Observer, report_event};
use crate::model::person::{Person, PersonId, State};
use crate::model::werkbedrijf::{fee, replaceable};
use crate::model::world::{World, clear_job};
use crate::policy::eligibility::{Activity, LksTarget};
use crate::policy::lks::{self, LksStatus};
use crate::policy::{coaching, eligibility, placement_subsidy, wage};

/// Rejections after which a candidate draw gives up for an opening.
const MAX_DRAW_TRIES: u32 = 64;

/// Fill this month's openings.
///
/// Candidates are drawn from the pool with weight `r` (readiness), plus
/// `idle.replacement_priority` for the werkbedrijf's own idle staff (those
/// whose fixed-term contract has run out are not drawn,
/// [`replaceable`]). A person
/// on bijstand or WW can be hired directly, or detached if eligible and the
/// werkbedrijf still starts detacheringen ([`crate::model::continuation`])
/// (from WW without LKS, [`eligibility::LksTarget`]; the WW spell ends and
/// its remaining entitlement is dropped); idle staff can only be detached
/// again. A werkbedrijf detaches (new placements and re-placements) only to
/// employers whose category, as it knows it, is in its `employer_categories`
/// ([`crate::model::screening::Screening::detaches_to`]); direct hires are
/// not restricted. Up to `employer.candidates_per_opening` candidates
/// are proposed; the first one the employer accepts fills the opening.
///
/// The month's openings are, in this order, those carried over from last
/// month ([`World::open_next`]: openings left unfilled that persisted, then
/// posts employers let go to fill them again) and this month's new ones
/// ([`crate::model::employer::Employers::openings`]). An opening none of whose
/// candidates is accepted stays open to the next month when one uniform draw
/// of the openings stream is below `employer.opening_persistence` (share per
/// month, behaviour file); one draw per unfilled opening, in the order of the
/// openings. Source: spec §10 "Openings" (docs/ODD.md §7.10).
pub fn match_openings<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O) {
    let s = world.scenario;
    let b = &s.behaviour;
    let mut openings = std::mem::take(&mut world.openings);
    openings.clear();
    openings.append(&mut world.open_next);
    world
        .employers
        .openings(&mut world.streams.matching, ctx.cycle, &mut openings);
    let max_priority = s
        .werkbedrijven
        .iter()
        .map(|w| w.idle.replacement_priority)
        .fold(0.0, f64::max);
    let max_weight = 1.0 + max_priority;
    for &e in &openings {
        let mut filled = Filled::No;
        for _ in 0..b.candidates_per_opening {
            let persons = &world.persons;
            let screening = &world.screening;
            let candidate = world
                .pool
                .draw(&mut world.streams.matching, max_weight, MAX_DRAW_TRIES, |id| {
                    let p = &persons[id.index()];
                    let idle = p.state == State::Idle;
                    let w = p.werkbedrijf;
                    // idle staff can only be re-placed: not proposed where their werkbedrijf does not detach
                    let blocked = idle && !screening.detaches_to(&s.werkbedrijven[w as usize], w, e);
                    if p.fresh || (idle && !replaceable(p)) || blocked {
                        0.0
                    } else if idle {
                        p.readiness + s.werkbedrijven[p.werkbedrijf as usize].idle.replacement_priority
                    } else {
                        p.readiness
                    }
                });
            let Some(id) = candidate else { break };
            let p = &world.persons[id.index()];
            let policy = &s.werkbedrijven[p.werkbedrijf as usize];
            let from_idle = p.state == State::Idle;
            // a stopped facility re-places its idle staff but takes no one new
            let open = world.continuation[p.werkbedrijf as usize].open();
            let detach_allowed = (from_idle || (open && eligibility::may_detach(policy, &p.candidate())))
                && world.screening.detaches_to(policy, p.werkbedrijf, e);
            let employer = &world.employers.list[e as usize];
            let x = hour_economics(ctx, b, p, employer, direct_wage_factor(world), flat_start(world), 0);
            let fee_h = detach_allowed.then(|| fee(world, ctx, policy, p, employer, 0));
            // idle staff of the werkbedrijf are only detached again
            let direct = if from_idle { Allowed::No } else { Allowed::Yes };
            let u = candidate_utilities(b, employer.category, &x, fee_h, direct);
            let draw: f64 = world.streams.matching.random();
            let q_draw = draw_match_quality(b, p.readiness, &mut world.streams.matching);
            match logit_choice(&u, b.sigma, draw) {
                0 => {
                    hire_directly(world, ctx, obs, id, e);
                    filled = Filled::Yes;
                    break;
                }
                1 => {
                    let cause = if from_idle {
                        Cause::Replaced
                    } else {
                        Cause::MatchedDetach
                    };
                    world.start_detachering(ctx, obs, id, e, q_draw, cause);
                    filled = Filled::Yes;
                    break;
                }
                _ => {}
            }
        }
        if filled == Filled::No && persists(b.opening_persistence, world.streams.openings.random()) {
            world.open_next.push(e);
        }
    }
    world.openings = openings;
}

/// Whether an opening was filled this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filled {
    Yes,
    No,
}

/// Whether an opening left unfilled stays open to the next month:
/// `u < opening_persistence`, `u` one uniform draw of the openings stream.
/// Symbols: `employer.opening_persistence` (share per month, behaviour file).
/// Source: spec §10 "Openings" ("may stay open for the next month"); the
/// constant monthly share is ours (docs/ODD.md §7.10, §8 assumption 24).
pub fn persists(opening_persistence: f64, u: f64) -> bool {
    u < opening_persistence
}

/// The comparable candidate for a post held by `p`, whom the employer would
/// get if it let the post go: the same person's loonwaarde (true and
/// measured), readiness, hours, segment and werkbedrijf (the same post, the
/// same job, a candidate the werkgeversservicepunt would propose), but on a
/// new contract ([`clear_job`]: no months of service, so the LKS flat start
/// and the LKV period restart; no coaching received yet), in the LKS target
/// group. Assumption (docs/ODD.md §8
/// assumption 43): the employer expects a successor like the worker it
/// knows, without the trust built with this one.
pub fn comparable_candidate(p: &Person) -> Person {
    let mut c = p.clone();
    clear_job(&mut c);
    // a candidate from the pool the werkgeversservicepunt serves, most of it
    // on bijstand: in the LKS target group even if this worker came from WW
    c.lks_target = LksTarget::In;
    c
}

/// What the employer `e` expects, per hour, of refilling the post that `p`
/// holds ([`refill`]), for the comparable candidate
/// ([`comparable_candidate`]): its [`hour_economics`] at month 0 of a direct
/// contract (the risk term at full `ρ_e·R`: no trust built), and the fee of a
/// *new* detachering at this employer under `p`'s werkbedrijf's current
/// policy (month 0 of its fee schedule: under a rising fee the starting fee),
/// counted only when the werkbedrijf would start such a detachering
/// ([`eligibility::may_detach`], not stopped, the employer's category as it
/// knows it among its `employer_categories`). Source: spec §10 "Decisions at the end of a
/// detachering period"; docs/ODD.md §7.17, §7.18.
pub fn refill_value(world: &World, ctx: &MonthCtx, p: &Person, e: &Employer) -> Refill {
    let s = world.scenario;
    let b = &s.behaviour;
    let c = comparable_candidate(p);
    let policy = &s.werkbedrijven[c.werkbedrijf as usize];
    let x = hour_economics(ctx, b, &c, e, direct_wage_factor(world), flat_start(world), 0);
    // a new detachee only where the werkbedrijf would start one: it detaches
    // such a candidate, still starts detacheringen and detaches to this
    // employer as it knows it (docs/ODD.md §7.29, §7.30)
    let offers = eligibility::may_detach(policy, &c.candidate())
        && world.continuation[c.werkbedrijf as usize].open()
        && world.screening.detaches_to(policy, c.werkbedrijf, p.employer);
    let fee_h = offers.then(|| fee(world, ctx, policy, &c, e, 0));
    refill(b, e.category, &x, fee_h)
}

/// A direct hire after matching: a first contract whose term is drawn from
/// the employer's category ([`draw_first_term`]: 3, 6, 12 or 24 months or
/// permanent, docs/ODD.md §7.18); persons with a work
/// limitation get the municipality's jobcoach (the werkbedrijf's coaching
/// programme, [`coaching::at_direct_hire`]), and hires with LKS bring the
/// employer the scenario's placement subsidy
/// ([`placement_subsidy::placement_subsidy_eur`]).
fn hire_directly<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId, e: u32) {
    let term = draw_first_term(world, e);
    let s = world.scenario;
    let p = &world.persons[id.index()];
    let policy = &s.werkbedrijven[p.werkbedrijf as usize];
    let hours = wage::monthly_hours(p.hours_per_week);
    let lks_eur = if eligibility::lks_paid(Activity::Working, p.lks_target) {
        lks::lks_eur_per_month(
            ctx.legal,
            &ctx.lm,
            p.loonwaarde_measured,
            direct_wage_factor(world),
            hours,
            0,
            flat_start(world),
        )
    } else {
        0.0
    };
    let lks_status = LksStatus::of(lks_eur);
    let coaching = coaching::at_direct_hire(&policy.coaching, p.segment);
    let subsidy = placement_subsidy::placement_subsidy_eur(&s.municipality, lks_status);
    let m = Party::Municipality(p.municipality);
    world.ledger.pay(Flow::PlacementSubsidy, m, Party::Employers, subsidy);
    if subsidy != 0.0 {
        report_event(obs, ctx, id, Event::PlacementSubsidyPaid { eur: subsidy });
    }
    world.start_employment(
        ctx,
        obs,
        id,
        e,
        term,
        coaching,
        Cause::MatchedDirect { lks: lks_status },
    );
    // matched before the person loop: no further events this month
    world.persons[id.index()].fresh = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::scenario::{Scenario, Switch};

    #[test]
    fn an_opening_persists_below_its_share() {
        assert!(persists(0.5, 0.49));
        assert!(!persists(0.5, 0.5));
        assert!(!persists(0.0, 0.0), "persistence 0: every unfilled opening is lost");
    }

    /// Openings carried into a month are matched first and, left unfilled (here: nobody in the
    /// pool), carried on in their order with `opening_persistence`, or lost without it.
    #[test]
    fn unfilled_openings_are_carried_over_in_order_or_lost() {
        let mut s = crate::input::testing::baseline().clone();
        s.region.employers.openings_per_month = [0.0; 3];
        for (persistence, expected) in [(0.99, vec![3, 7]), (0.0, vec![])] {
            s.behaviour.opening_persistence = persistence;
            let mut world = World::new(&s, 0);
            let ctx = MonthCtx::new(&world, 0);
            world.open_next.extend([3, 7]);
            match_openings(&mut world, &ctx, &mut ());
            assert_eq!(world.openings, vec![3, 7], "this month's openings: the carried ones");
            assert_eq!(world.open_next, expected, "persistence {persistence}");
        }
    }

    /// A detachee in month 12 of a rising fee, at inlener 0.
    fn detachee(s: &Scenario) -> Person {
        let mut p = crate::model::testing::detachee(&s.region, 12);
        p.coached_months = 12;
        p
    }

    #[test]
    fn the_refill_is_a_new_detachering_at_the_starting_fee_when_the_werkbedrijf_offers_one() {
        let s = Scenario::load(std::path::Path::new("scenarios/rising-fee.toml"), None).unwrap();
        let world = World::new(&s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let p = detachee(&s);
        let e = &world.employers.list[0];
        let b = &s.behaviour;
        let policy = &s.werkbedrijven[0];
        let x = hour_economics(&ctx, b, &p, e, direct_wage_factor(&world), flat_start(&world), 0);
        let start = fee(&world, &ctx, policy, &p, e, 0);
        assert!(
            fee(&world, &ctx, policy, &p, e, 12) > start * 1.3,
            "the fee has risen twice"
        );
        assert_eq!(
            refill_value(&world, &ctx, &p, e),
            refill(b, e.category, &x, Some(start)),
            "the next detachee starts at the bottom of the schedule (the revolving door)"
        );
        let c = comparable_candidate(&p);
        assert_eq!((c.service_months, c.coached_months, c.spell_months), (0, 0, 0));
        assert_eq!(
            (c.loonwaarde, c.readiness, c.hours_per_week),
            (p.loonwaarde, p.readiness, 24.0)
        );
        let expected_direct = refill(b, e.category, &x, None);
        // no detachering offered: the refill is a direct hire or an agency worker
        let mut s = s.clone();
        s.werkbedrijven[0].detachering = Switch::Off;
        let world = World::new(&s, 0);
        let ctx = MonthCtx::new(&world, 0);
        assert_eq!(
            refill_value(&world, &ctx, &p, &world.employers.list[0]),
            expected_direct
        );
    }
}
