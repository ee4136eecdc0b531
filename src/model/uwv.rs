//! UWV: WW spells (entitlement and duration are in [`crate::policy::ww`]),
//! and, through [`crate::model::payments`], WW benefits, the no-riskpolis and
//! the WW premium it receives.

use rand::RngExt;

use crate::model::month::MonthCtx;
use crate::model::municipality::start_self_found_job;
use crate::model::observer::{Cause, Observer};
use crate::model::person::{PersonId, self_found_hazard};
use crate::model::world::World;

/// A month on WW: the person may find a job unaided (the bijstand hazard times
/// `self_found.ww_factor`); otherwise the entitlement runs down, and when it
/// runs out the person goes to bijstand.
pub fn ww_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let p = &world.persons[id.index()];
    let h = (self_found_hazard(b, &world.durations, p, ctx.cycle) * b.ww_factor).min(1.0);
    let u: f64 = world.streams.self_found.random();
    if u < h {
        start_self_found_job(world, ctx, obs, id);
        return;
    }
    let p = &mut world.persons[id.index()];
    p.months_on_benefit += 1;
    if p.ww_used >= p.ww_left {
        world.enter_bijstand(ctx, obs, id, Cause::WwExhausted);
    }
}
