//! UWV: WW spells (entitlement and duration are in [`crate::policy::ww`]),
//! and, through [`crate::model::payments`], WW benefits, the no-riskpolis and
//! the WW premium it receives.

use rand::RngExt;

use crate::input::behaviour::Behaviour;
use crate::model::month::MonthCtx;
use crate::model::municipality::start_self_found_job;
use crate::model::observer::{Cause, Observer};
use crate::model::person::{PersonId, self_found_hazard};
use crate::model::world::World;

/// Monthly hazard of finding a job unaided from WW:
///
/// `h_ww = min(1, h × ww_factor)`
///
/// with `h` the bijstand hazard of the same person
/// ([`self_found_hazard`]). Symbols: `self_found.ww_factor` (relative,
/// behaviour file). Source: docs/ODD.md §7.19.
pub fn ww_self_found_hazard(b: &Behaviour, bijstand_hazard: f64) -> f64 {
    (bijstand_hazard * b.ww_factor).min(1.0)
}

/// A month on WW: the person may find a job unaided (the bijstand hazard times
/// `self_found.ww_factor`); otherwise the entitlement runs down, and when it
/// runs out the person goes to bijstand.
pub fn ww_events<O: Observer>(world: &mut World, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
    let b = &world.scenario.behaviour;
    let p = &world.persons[id.index()];
    let h = ww_self_found_hazard(b, self_found_hazard(b, &world.durations, p, ctx.cycle));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;

    #[test]
    fn ww_hazard_scales_the_bijstand_hazard_and_stays_a_probability() {
        let mut b = baseline().behaviour.clone();
        b.ww_factor = 1.5;
        assert!((ww_self_found_hazard(&b, 0.02) - 0.03).abs() < 1e-15);
        assert_eq!(ww_self_found_hazard(&b, 0.9), 1.0);
    }
}
