//! Individual life paths: month by month state, contract and income of a
//! sample of persons (for training sessions and for checking the model by eye).

use crate::calendar::YearMonth;
use crate::input::scenario::{Scenario, Segment};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Income, Observer};
use crate::model::person::{Contract, Person, PersonId, State};

/// One person-month of a sampled person.
#[derive(Debug, Clone, PartialEq)]
pub struct TrajectoryRow {
    pub person: PersonId,
    pub month: YearMonth,
    pub state: State,
    pub contract: Contract,
    pub segment: Segment,
    pub municipality: u16,
    pub loonwaarde: f64,
    pub readiness: f64,
    pub hours_per_week: f64,
    pub income: Income,
}

/// Records the sample: half from the caseload at the start (spread evenly
/// over it), half from the first persons entering during the horizon.
pub struct TrajectoryObserver {
    from_stock: Vec<PersonId>,
    wanted_inflow: usize,
    from_inflow: Vec<PersonId>,
    pub rows: Vec<TrajectoryRow>,
}

impl TrajectoryObserver {
    pub fn new(s: &Scenario) -> Self {
        let n = s.trajectory_persons as usize;
        let initial: usize = s
            .region
            .municipalities
            .iter()
            .map(|m| m.bijstand_stock_persons.round() as usize)
            .sum::<usize>()
            + s.region
                .werkbedrijven
                .iter()
                .map(|w| w.initial_beschut_workers as usize)
                .sum::<usize>();
        let n_stock = (n / 2).min(initial);
        let stride = initial.checked_div(n_stock).unwrap_or(1);
        TrajectoryObserver {
            from_stock: (0..n_stock).map(|i| PersonId::from_index(i * stride)).collect(),
            wanted_inflow: n - n_stock,
            from_inflow: Vec::new(),
            rows: Vec::new(),
        }
    }

    fn sampled(&self, person: PersonId) -> bool {
        self.from_stock.binary_search(&person).is_ok() || self.from_inflow.contains(&person)
    }
}

impl Observer for TrajectoryObserver {
    fn transition(&mut self, _ctx: &MonthCtx, person: PersonId, from: State, _to: State, cause: Cause) {
        if cause == Cause::Inflow && from == State::Exited && self.from_inflow.len() < self.wanted_inflow {
            self.from_inflow.push(person);
        }
    }

    fn person_month(&mut self, ctx: &MonthCtx, person: PersonId, p: &Person, income: &Income) {
        if self.sampled(person) {
            self.rows.push(TrajectoryRow {
                person,
                month: ctx.date,
                state: p.state,
                contract: p.contract,
                segment: p.segment,
                municipality: p.municipality,
                loonwaarde: p.loonwaarde_measured,
                readiness: p.readiness,
                hours_per_week: p.hours_per_week,
                income: *income,
            });
        }
    }
}
