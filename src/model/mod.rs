//! The agent-based model. Each actor has its own file; policy instruments are
//! in [`crate::policy`]; the order of events of a month is in [`month`].
//! The model reports through its own interface, [`observer`] (the
//! [`Observer`] trait and what it is called with); the
//! observers that collect statistics are in [`crate::observe`], above the
//! model. Persons are named by [`PersonId`](person::PersonId); random streams
//! come from [`crate::rng`]. The model is documented as a whole, following
//! the ODD protocol, in [`crate::odd`].

pub mod continuation;
pub mod economy;
pub mod employer;
pub mod employment;
pub mod ledger;
pub mod matching;
pub mod month;
pub mod municipality;
pub mod observer;
pub mod payments;
pub mod person;
pub mod pool;
pub mod screening;
#[cfg(test)]
pub mod testing;
pub mod uwv;
pub mod werkbedrijf;
pub mod world;

pub use world::World;

use crate::input::scenario::Scenario;
use crate::model::observer::Observer;

/// Run one replication of a scenario from its warm-up to its horizon,
/// reporting to `obs`. Returns the person-months simulated (warm-up included),
/// for throughput figures.
pub fn simulate<O: Observer>(scenario: &Scenario, replication: u64, obs: &mut O) -> u64 {
    let mut world = World::new(scenario, replication);
    let first = -(scenario.warmup_months as i32);
    let ctx = month::MonthCtx::new(&world, first);
    municipality::populate(&mut world, &ctx, obs);
    let mut person_months = 0u64;
    for t in first..scenario.horizon_months as i32 {
        person_months += month::step(&mut world, obs, t);
    }
    person_months
}
