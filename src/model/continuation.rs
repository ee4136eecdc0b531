//! Facility continuation: a werkbedrijf may stop starting detacheringen
//! after its detachering line has run a deficit for some years
//! (`[werkbedrijf.continuation]`, off by default). docs/ODD.md §7.30;
//! docs/sources.md#seed-001: one werkbedrijf stopped detaching when the WAB
//! made it too costly.

use crate::calendar::MONTHS_PER_YEAR;
use crate::input::scenario::{ContinuationPolicy, Switch};
use crate::model::ledger::{Line, Party};
use crate::model::month::MonthCtx;
use crate::model::world::World;

/// Whether a werkbedrijf still starts detacheringen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Facility {
    /// It starts detacheringen.
    Open,
    /// It stopped at the end of the reported month `t` (0 = the first).
    Stopped { t: i32 },
}

/// One werkbedrijf's continuation state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Continuation {
    /// Consecutive calendar years, up to the last one ended, in deficit above the threshold.
    pub deficit_years: u32,
    pub facility: Facility,
}

impl Continuation {
    pub const START: Continuation = Continuation {
        deficit_years: 0,
        facility: Facility::Open,
    };

    /// Whether the werkbedrijf starts new detacheringen.
    pub fn open(&self) -> bool {
        self.facility == Facility::Open
    }
}

/// The stop rule, at the end of a calendar year with detachering-line result
/// `result_eur` (EUR, revenue minus cost of the year on `Line::Detachering`):
///
/// ```text
/// deficit_years' = deficit_years + 1   if result_eur < −deficit_threshold_eur_per_year
///                = 0                   otherwise (a year in surplus or within the threshold resets the count)
/// stopped        if stop_on_deficit = "on" and deficit_years' ≥ deficit_years (the lever)
/// ```
///
/// A stopped facility stays stopped. Symbols: `[werkbedrijf.continuation]`
/// `stop_on_deficit`, `deficit_threshold_eur_per_year` (EUR per year),
/// `deficit_years` (years). Source: docs/sources.md#seed-001 (a facility
/// stopped when WAB costs made it unviable); the consecutive-years form is an
/// assumption (docs/ODD.md §8): a werkbedrijf judges its line over whole
/// years, and one bad year is not yet a reason to close.
pub fn after_year(policy: &ContinuationPolicy, state: Continuation, result_eur: f64, t: i32) -> Continuation {
    let deficit_years = if result_eur < -policy.deficit_threshold_eur_per_year {
        state.deficit_years + 1
    } else {
        0
    };
    let facility = match state.facility {
        Facility::Open if policy.stop_on_deficit == Switch::On && deficit_years >= policy.deficit_years => {
            Facility::Stopped { t }
        }
        f => f,
    };
    Continuation {
        deficit_years,
        facility,
    }
}

/// Add this month's detachering-line result of every werkbedrijf to its
/// year's result (call after the month's payments, before any deficit cover,
/// which goes to `Line::Whole`).
pub fn book_month(world: &mut World) {
    for (w, result) in world.detachering_year_result.iter_mut().enumerate() {
        let line = Party::Werkbedrijf(w as u16, Line::Detachering);
        *result += world.ledger.total_in(line) - world.ledger.total_out(line);
    }
}

/// At the end of a calendar year (or of the run): apply [`after_year`] to
/// every werkbedrijf and start the next year's result from zero. A year the
/// run covers only in part (it starts after January or ends before December)
/// is judged on its result scaled to twelve months,
/// `result × 12 / months_covered`, so that the yearly threshold means the
/// same whatever the run's start and horizon.
pub fn review_year(world: &mut World, ctx: &MonthCtx) {
    let months_covered = months_covered(ctx.t, ctx.date.month());
    for (w, policy) in world.scenario.werkbedrijven.iter().enumerate() {
        let result = std::mem::take(&mut world.detachering_year_result[w]);
        let per_year = result * MONTHS_PER_YEAR / months_covered as f64;
        world.continuation[w] = after_year(&policy.continuation, world.continuation[w], per_year, ctx.t);
    }
}

/// Recorded months of the calendar year ending in month `t` (0 = the
/// scenario's first month), whose calendar month is `month` (1–12): all its
/// months up to `month`, but no more than the run has recorded (`t + 1`).
pub fn months_covered(t: i32, month: u32) -> u32 {
    month.min((t + 1).max(1) as u32)
}

/// Werkbedrijven that have stopped starting detacheringen.
pub fn stopped(world: &World) -> u32 {
    world.continuation.iter().filter(|c| !c.open()).count() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(on: Switch, threshold: f64, years: u32) -> ContinuationPolicy {
        ContinuationPolicy {
            stop_on_deficit: on,
            deficit_threshold_eur_per_year: threshold,
            deficit_years: years,
        }
    }

    #[test]
    fn a_partial_year_counts_its_recorded_months() {
        assert_eq!(months_covered(11, 12), 12, "a run from January: a whole first year");
        assert_eq!(
            months_covered(5, 12),
            6,
            "a run from July: six months in the first year"
        );
        assert_eq!(
            months_covered(41, 6),
            6,
            "a run ending in June: six months in the last year"
        );
    }

    #[test]
    fn consecutive_deficit_years_above_the_threshold_stop_the_facility() {
        let p = policy(Switch::On, 50_000.0, 2);
        let s = after_year(&p, Continuation::START, -60_000.0, 11);
        assert_eq!(
            (s.deficit_years, s.facility),
            (1, Facility::Open),
            "one year is not enough"
        );
        // a deficit within the threshold resets the count
        let s = after_year(&p, s, -40_000.0, 23);
        assert_eq!((s.deficit_years, s.facility), (0, Facility::Open));
        let s = after_year(&p, s, -60_000.0, 35);
        let s = after_year(&p, s, -50_001.0, 47);
        assert_eq!((s.deficit_years, s.facility), (2, Facility::Stopped { t: 47 }));
        // stopped stays stopped, even after a surplus
        let s = after_year(&p, s, 10_000.0, 59);
        assert_eq!((s.deficit_years, s.facility), (0, Facility::Stopped { t: 47 }));
    }

    #[test]
    fn a_surplus_resets_the_count_and_the_switch_off_never_stops() {
        let p = policy(Switch::On, 0.0, 2);
        let s = after_year(&p, Continuation::START, -1.0, 11);
        let s = after_year(&p, s, 0.0, 23);
        assert_eq!(
            (s.deficit_years, s.facility),
            (0, Facility::Open),
            "a result of 0 is no deficit"
        );
        let off = policy(Switch::Off, 0.0, 1);
        let s = after_year(&off, Continuation::START, -1.0e6, 11);
        let s = after_year(&off, s, -1.0e6, 23);
        assert_eq!((s.deficit_years, s.facility), (2, Facility::Open));
    }
}
