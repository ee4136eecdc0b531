//! Helpers for model unit tests: a typical detachee, built the same way by
//! every test of the period-end and refill decisions.

use crate::input::region::Region;
use crate::input::scenario::Segment;
use crate::model::person::Person;
use crate::rng::{Purpose, stream};

/// A banenafspraak person with loonwaarde 0.6 working 24 hours a week,
/// detached by werkbedrijf 0 at inlener 0 for `months_placed` months (the
/// placement's and the service's months); the other attributes as drawn from
/// `region` on the attribute stream of seed 1, replication 0.
pub fn detachee(region: &Region, months_placed: u32) -> Person {
    let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), region, 0, None);
    p.segment = Segment::Banenafspraak;
    p.loonwaarde = 0.6;
    p.loonwaarde_measured = 0.6;
    p.hours_per_week = 24.0;
    p.werkbedrijf = 0;
    p.employer = 0;
    p.spell_months = months_placed;
    p.service_months = months_placed;
    p
}
