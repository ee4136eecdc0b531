//! Observers: they watch the model and collect statistics, kept apart from
//! the model itself. The model calls them with every state change, every
//! person-month (with that month's income) and at every month's end.
//! Exporters and charts read only the summaries they produce.

pub mod metrics;
pub mod registry;
pub mod trajectory;

use crate::model::World;
use crate::model::month::MonthCtx;
use crate::model::person::{Person, State};

/// Why a person changed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Entered the caseload (initial stock or inflow).
    Inflow,
    /// Found a regular job unaided.
    SelfFound,
    /// Hired directly after matching (`lks`: with loonkostensubsidie).
    MatchedDirect { lks: bool },
    /// Placed by the werkbedrijf in a detachering.
    MatchedDetach,
    /// Re-placed from idle into a new detachering.
    Replaced,
    /// A detachering converted into direct employment at the inlener.
    Conversion,
    /// A detachering ended before its planned end.
    EarlyEnd,
    /// A detachering ended at its planned end (not extended, not converted).
    PeriodEnd,
    /// A temporary contract was not renewed.
    ContractEnd,
    /// The person dropped out of the job.
    Dropout,
    /// A permanent contract was ended by the employer.
    Dismissal,
    /// WW ran out.
    WwExhausted,
    /// Given a beschut werk place.
    BeschutPlace,
    /// Left scope (pension, moving, other).
    Exit,
}

/// One person's money in one month, in euros.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Income {
    /// Gross wage plus holiday pay.
    pub gross_work: f64,
    /// Net work income.
    pub net_work: f64,
    /// Bijstand paid (full benefit or top-up).
    pub bijstand: f64,
    /// Gross WW benefit.
    pub ww: f64,
    /// The household's bijstandsnorm this month.
    pub norm: f64,
    /// LKS paid to the person's employer this month (not income of the person).
    pub lks: f64,
}

/// Receives what happens in a replication. All methods default to doing nothing.
pub trait Observer {
    /// A state change. `from` is `Exited` for persons entering the caseload.
    fn transition(&mut self, _ctx: &MonthCtx, _person: u32, _from: State, _to: State, _cause: Cause) {}

    /// Called once per person in scope per month, after that month's events
    /// and payments.
    fn person_month(&mut self, _ctx: &MonthCtx, _person: u32, _p: &Person, _income: &Income) {}

    /// Called after every month, with the month's ledger in `world.ledger`.
    fn month_end(&mut self, _ctx: &MonthCtx, _world: &World) {}
}

/// Observe with two observers.
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn transition(&mut self, ctx: &MonthCtx, person: u32, from: State, to: State, cause: Cause) {
        self.0.transition(ctx, person, from, to, cause);
        self.1.transition(ctx, person, from, to, cause);
    }
    fn person_month(&mut self, ctx: &MonthCtx, person: u32, p: &Person, income: &Income) {
        self.0.person_month(ctx, person, p, income);
        self.1.person_month(ctx, person, p, income);
    }
    fn month_end(&mut self, ctx: &MonthCtx, world: &World) {
        self.0.month_end(ctx, world);
        self.1.month_end(ctx, world);
    }
}

/// An optional observer.
impl<A: Observer> Observer for Option<A> {
    fn transition(&mut self, ctx: &MonthCtx, person: u32, from: State, to: State, cause: Cause) {
        if let Some(a) = self {
            a.transition(ctx, person, from, to, cause);
        }
    }
    fn person_month(&mut self, ctx: &MonthCtx, person: u32, p: &Person, income: &Income) {
        if let Some(a) = self {
            a.person_month(ctx, person, p, income);
        }
    }
    fn month_end(&mut self, ctx: &MonthCtx, world: &World) {
        if let Some(a) = self {
            a.month_end(ctx, world);
        }
    }
}

/// Observes nothing.
impl Observer for () {}
