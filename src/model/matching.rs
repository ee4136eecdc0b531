//! Openings and matching: the werkgeversservicepunt proposes candidates from
//! the pool for each opening; the employer chooses direct hire, detachering or
//! decline (docs/ODD.md §7.10, §7.12).

use rand::RngExt;

use crate::model::employer::{Allowed, candidate_utilities, draw_match_quality, hour_economics, logit_choice};
use crate::model::employment::{direct_wage_factor, draw_first_term, flat_start};
use crate::model::ledger::{Flow, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Event, Observer, report_event};
use crate::model::person::{PersonId, State};
use crate::model::werkbedrijf::{fee, replaceable};
use crate::model::world::World;
use crate::policy::eligibility::Activity;
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
pub fn match_openings<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O) {
    let s = world.scenario;
    let b = &s.behaviour;
    let mut openings = std::mem::take(&mut world.openings);
    openings.clear();
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
        for _ in 0..b.candidates_per_opening {
            let persons = &world.persons;
            let candidate = world
                .pool
                .draw(&mut world.streams.matching, max_weight, MAX_DRAW_TRIES, |id| {
                    let p = &persons[id.index()];
                    let idle = p.state == State::Idle;
                    if p.fresh || (idle && !replaceable(p)) {
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
                    break;
                }
                1 => {
                    let cause = if from_idle {
                        Cause::Replaced
                    } else {
                        Cause::MatchedDetach
                    };
                    world.start_detachering(ctx, obs, id, e, q_draw, cause);
                    break;
                }
                _ => {}
            }
        }
    }
    world.openings = openings;
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
