//! One month of the model: the order of events, written in one place.
//!
//! 1. **Context**: the legal amounts in force, the business cycle.
//! 2. **Inflow**: new persons enter bijstand (per municipality, Poisson).
//! 3. **Beschut werk**: municipalities fill their places from the queue.
//! 4. **Openings and matching**: employers' openings, candidates proposed,
//!    employers choose direct hire, detachering or decline.
//! 5. **Persons**, each once: leaving scope; then the events of their state
//!    (self-found work, WW running out, dropout, dismissal, contract ends,
//!    early ends, conversions, planned ends); then the month's payments for
//!    the state the person ends the month in; then readiness, loonwaarde,
//!    work history and coaching progress.
//! 6. **Werkbedrijven**: fixed overhead; at the end of a calendar year, each
//!    werkbedrijf reviews its detachering line (the stop rule,
//!    [`continuation`]) and the municipalities cover a deficit by their
//!    sharing key.
//! 7. **Observers** see the month's end.
//!
//! Persons who started a new spell earlier in the month (matched, placed in
//! beschut werk) skip step 5's events but are paid and develop as usual.

use crate::calendar::YearMonth;
use crate::input::legal::{Legal, LegalMonth};
use crate::model::economy;
use crate::model::observer::{MonthEnd, Observer};
use crate::model::person::{PersonId, State};
use crate::model::world::World;
use crate::model::{continuation, employment, matching, municipality, payments, uwv, werkbedrijf};

/// What every part of the model needs to know about the current month.
#[derive(Debug, Clone, Copy)]
pub struct MonthCtx<'a> {
    pub legal: &'a Legal,
    /// Amounts in force this month.
    pub lm: LegalMonth,
    /// The agency's wage-cost factor of the month under the regime's rules
    /// ([`crate::policy::wage::agency_cost_factor`]), which turns an
    /// employer's agency margin into its `c_alt`.
    pub agency_cost_factor: f64,
    pub date: YearMonth,
    /// Months since the scenario start (negative during warm-up).
    pub t: i32,
    /// `cycle(t)`: demand relative to normal.
    pub cycle: f64,
    /// `demand_drop(t)`: multiplier of ending hazards.
    pub demand_drop: f64,
    /// Whether results are recorded (false during warm-up).
    pub recording: bool,
    /// Last month of a calendar year or of the run.
    pub year_end: bool,
}

impl<'a> MonthCtx<'a> {
    pub fn new(world: &World<'a>, t: i32) -> Self {
        let s = world.scenario;
        let date = s.start.plus(t);
        let cycle = economy::cycle(&s.economy, t);
        let lm = s.legal.month(date);
        MonthCtx {
            legal: &s.legal,
            lm,
            agency_cost_factor: crate::policy::wage::agency_cost_factor(&s.legal, &lm),
            date,
            t,
            cycle,
            demand_drop: economy::demand_drop(cycle, s.behaviour.demand_elasticity),
            recording: t >= 0,
            year_end: t >= 0 && (date.month() == 12 || t as u32 + 1 == s.horizon_months),
        }
    }
}

/// Simulate month `t` (0 = the scenario's first month; negative in warm-up).
/// Returns the number of persons in scope this month (for throughput figures).
pub fn step<O: Observer>(world: &mut World, obs: &mut O, t: i32) -> u64 {
    world.ledger.clear();
    let ctx = MonthCtx::new(world, t);

    municipality::inflow(world, &ctx, obs);
    municipality::allocate_beschut(world, &ctx, obs);
    matching::match_openings(world, &ctx, obs);

    let mut in_scope = 0u64;
    for i in 0..world.persons.len() {
        let id = PersonId::from_index(i);
        if world.persons[id.index()].state == State::Exited {
            continue;
        }
        in_scope += 1;
        let fresh = std::mem::replace(&mut world.persons[id.index()].fresh, false);
        if !fresh && municipality::leaves_scope(world, &ctx, obs, id) {
            continue;
        }
        if !fresh {
            match world.persons[id.index()].state {
                State::Bijstand => municipality::bijstand_events(world, &ctx, obs, id),
                State::Ww => uwv::ww_events(world, &ctx, obs, id),
                State::Employed => employment::employed_events(world, &ctx, obs, id),
                State::Detached => werkbedrijf::detached_events(world, &ctx, obs, id),
                State::Idle => werkbedrijf::idle_events(world, &ctx, obs, id),
                State::Beschut => werkbedrijf::beschut_events(world, &ctx, obs, id),
                State::Exited => unreachable!("skipped above"),
            }
        }
        let income = payments::pay(world, &ctx, obs, id);
        payments::develop(world, id);
        if ctx.recording {
            obs.person_month(&ctx, id, &world.persons[id.index()], &income);
        }
    }

    werkbedrijf::pay_fixed_overhead(world, &ctx);
    for w in 0..world.werkbedrijf_year_result.len() {
        let l = &world.ledger;
        world.werkbedrijf_year_result[w] += l.werkbedrijf_total_in(w as u16) - l.werkbedrijf_total_out(w as u16);
    }
    continuation::book_month(world);
    if ctx.year_end {
        continuation::review_year(world, &ctx);
        municipality::cover_deficits(world, &ctx);
    }
    if !ctx.recording {
        // warm-up months build up the caseload's history but are not accounted
        world.werkbedrijf_year_result.fill(0.0);
        world.detachering_year_result.fill(0.0);
    } else {
        let mut persons_by_state = [0u32; State::ALL.len()];
        for p in &world.persons {
            persons_by_state[p.state as usize] += 1;
        }
        let month = MonthEnd {
            ledger: &world.ledger,
            persons_by_state,
            werkbedrijven_stopped: continuation::stopped(world),
        };
        obs.month_end(&ctx, &month);
    }
    world.months_done += 1;
    in_scope
}
