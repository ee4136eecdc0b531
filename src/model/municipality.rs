//! The municipalities: the caseload's inflow, bijstand, trajectories, the
//! beschut werk queue and the cover of their werkbedrijf's deficit. docs/ODD.md §2.5.

use rand::RngExt;
use rand_distr::Distribution;

use crate::calendar::MONTHS_PER_YEAR;
use crate::input::region::WerkbedrijfKind;
use crate::input::scenario::Segment;
use crate::model::employment::{self, Term};
use crate::model::ledger::{Flow, Line, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Observer};
use crate::model::person::{Coaching, Person, PersonId, State, exponential, self_found_hazard};
use crate::model::werkbedrijf;
use crate::model::world::World;

/// The caseload at the start of the warm-up: each municipality's bijstand
/// stock (rounded), with benefit durations ~ Exponential(mean
/// `initial_duration_mean_months`); and each werkbedrijf's initial beschut
/// workers, spread over its municipalities by their deficit sharing key.
pub fn populate<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O) {
    let s = world.scenario;
    for (m, muni) in s.region.municipalities.iter().enumerate() {
        let n = muni.bijstand_stock_persons.round() as u32;
        for _ in 0..n {
            let mut p = Person::draw_from(&mut world.streams.attributes, &world.attributes, &s.region, m, None);
            let u: f64 = world.streams.inflow.random();
            p.months_on_benefit = exponential(s.region.caseload.initial_duration_mean_months, u) as u32;
            world.add_person(ctx, obs, p);
        }
    }
    for (w, profile) in s.region.werkbedrijven.iter().enumerate() {
        let munis: Vec<usize> = (0..s.region.municipalities.len())
            .filter(|&m| s.region.municipalities[m].werkbedrijf == w)
            .collect();
        if munis.is_empty() {
            continue;
        }
        let shares: Vec<f64> = munis
            .iter()
            .map(|&m| s.region.municipalities[m].deficit_share)
            .collect();
        for _ in 0..profile.initial_beschut_workers {
            let m = munis[crate::model::person::pick(&mut world.streams.inflow, &shares)];
            let p = Person::draw_from(
                &mut world.streams.attributes,
                &world.attributes,
                &s.region,
                m,
                Some(Segment::Beschut),
            );
            let id = world.add_person(ctx, obs, p);
            // placed before the queue is served
            world.beschut_queued[id.index()] = false;
            world.beschut_queue[m].retain(|&q| q != id);
            werkbedrijf::start_beschut(world, ctx, obs, id);
        }
    }
}

/// New persons entering bijstand this month: `Poisson(inflow_per_month)` per municipality.
pub fn inflow<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O) {
    let s = world.scenario;
    for m in 0..s.region.municipalities.len() {
        let Some(dist) = world.inflow[m] else {
            continue;
        };
        let n = dist.sample(&mut world.streams.inflow) as u32;
        for _ in 0..n {
            let p = Person::draw_from(&mut world.streams.attributes, &world.attributes, &s.region, m, None);
            world.add_person(ctx, obs, p);
        }
    }
}

/// Beschut werk: each month a municipality gains `beschut_places_per_year / 12`
/// places and fills whole places from its queue, longest waiting first.
/// Persons who left bijstand meanwhile lose their queue entry; those not placed
/// keep their place. Unused whole places lapse at the end of the calendar year;
/// fractions carry over.
pub fn allocate_beschut<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O) {
    let s = world.scenario;
    for m in 0..s.region.municipalities.len() {
        world.beschut_budget[m] = beschut_accrual(
            world.beschut_budget[m],
            s.region.municipalities[m].beschut_places_per_year,
        );
        while world.beschut_budget[m] >= 1.0 {
            let Some(id) = world.beschut_queue[m].pop_front() else {
                break;
            };
            world.beschut_queued[id.index()] = false;
            if world.persons[id.index()].state != State::Bijstand {
                continue;
            }
            werkbedrijf::start_beschut(world, ctx, obs, id);
            world.beschut_budget[m] -= 1.0;
        }
        if ctx.date.month() == 12 {
            world.beschut_budget[m] = beschut_carry_over(world.beschut_budget[m]);
        }
    }
}

/// Beschut places available after a month's accrual:
///
/// `budget' = budget + beschut_places_per_year / 12`
///
/// Symbols: `beschut_places_per_year` (places a year, region profile
/// `[[municipality]]`); `budget` places available, fractions included.
/// Source: docs/ODD.md §7.25; the national plan spread evenly over the years,
/// docs/sources.md#calibration-2.
pub fn beschut_accrual(budget: f64, places_per_year: f64) -> f64 {
    budget + places_per_year / MONTHS_PER_YEAR
}

/// At the end of a calendar year, unused whole places lapse and the fraction
/// of a place carries over: `budget' = fract(budget)`. Source: docs/ODD.md
/// §8 assumption 26.
pub fn beschut_carry_over(budget: f64) -> f64 {
    budget.fract()
}

/// Leaving scope (pension, moving, other): the person leaves when one uniform
/// draw of the exit stream is below the region's `[caseload]
/// exit_rate_per_month` (per month, whatever the state). Returns whether the
/// person left. Source: docs/ODD.md §7.26 (rate: region profile, assumption
/// stated there).
pub fn leaves_scope<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) -> bool {
    let u: f64 = world.streams.exit.random();
    if u < world.scenario.region.caseload.exit_rate_per_month {
        world.exit(ctx, obs, id);
        true
    } else {
        false
    }
}

/// A month on bijstand: the person may find a regular job unaided
/// ([`self_found_hazard`]); otherwise the benefit duration grows.
pub fn bijstand_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let p = &world.persons[id.index()];
    let h = self_found_hazard(b, &world.durations, p, ctx.cycle);
    let u: f64 = world.streams.self_found.random();
    if u < h {
        start_self_found_job(world, ctx, obs, id);
    } else {
        world.persons[id.index()].months_on_benefit += 1;
    }
}

/// A self-found job at an employer drawn uniformly: permanent with
/// `self_found.permanent_share`, else temporary for a length drawn from the
/// employer's category conditional on fixed-term
/// ([`employment::draw_temporary_months`], drawn for every self-found job so
/// the stream's draws do not depend on the contract); no jobcoach.
/// docs/ODD.md §7.19.
pub fn start_self_found_job<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let u: f64 = world.streams.self_found.random();
    let permanent = u < b.self_permanent_share;
    let e = world.employers.random(&mut world.streams.self_found);
    let months = employment::draw_temporary_months(world, e);
    let term = if permanent {
        Term::Permanent
    } else {
        Term::Temporary { months }
    };
    world.start_employment(ctx, obs, id, e, term, Coaching::None, Cause::SelfFound);
}

/// A municipality's share of its werkbedrijf's deficit, EUR:
///
/// `cover = −result × deficit_share` for a negative yearly `result` (EUR)
///
/// Symbols: `deficit_share` (share, region profile `[[municipality]]`, the
/// sharing key; the shares of a werkbedrijf's municipalities sum to 1).
/// Source: docs/ODD.md §7.28.
pub fn deficit_cover_eur(result: f64, deficit_share: f64) -> f64 {
    -result * deficit_share
}

/// At the end of a calendar year each public or municipal werkbedrijf's
/// deficit (negative result of the year) is covered by its municipalities by
/// `deficit_share` (docs/ODD.md §2.4). A private detacheerder carries its own
/// losses: the municipalities buy its services but do not own it.
pub fn cover_deficits(world: &mut World, _ctx: &MonthCtx) {
    let s = world.scenario;
    for (w, result) in world.werkbedrijf_year_result.iter_mut().enumerate() {
        let owned = s.region.werkbedrijven[w].kind != WerkbedrijfKind::Private;
        if *result < 0.0 && owned {
            for (m, muni) in s.region.municipalities.iter().enumerate() {
                if muni.werkbedrijf == w {
                    world.ledger.pay(
                        Flow::DeficitCoverage,
                        Party::Municipality(m as u16),
                        Party::Werkbedrijf(w as u16, Line::Whole),
                        deficit_cover_eur(*result, muni.deficit_share),
                    );
                }
            }
        }
        *result = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beschut_places_accrue_monthly_and_whole_places_lapse() {
        let mut budget = 0.0;
        for _ in 0..12 {
            budget = beschut_accrual(budget, 18.0);
        }
        assert!((budget - 18.0).abs() < 1e-9, "a year's places over twelve months");
        assert!(
            (beschut_carry_over(2.75) - 0.75).abs() < 1e-12,
            "the fraction carries over"
        );
    }

    #[test]
    fn deficit_is_shared_by_the_key() {
        assert_eq!(deficit_cover_eur(-1_000_000.0, 0.25), 250_000.0);
    }
}
