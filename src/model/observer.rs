//! The interface through which the model reports what happens in a
//! replication: the [`Observer`] trait and the types it is called with
//! ([`Cause`] of a state change, a person-month's [`Income`], an [`Event`]
//! that is not a state change, the month's end as a [`MonthEnd`]). The model owns this interface; the observers that
//! collect statistics live in [`crate::observe`] and depend on it, never the
//! other way round.

use crate::model::ledger::Ledger;
use crate::model::month::MonthCtx;
use crate::model::person::{Person, PersonId, State};
use crate::policy::lks::LksStatus;

/// Why a person changed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Entered the caseload (initial stock or inflow).
    Inflow,
    /// Found a regular job unaided.
    SelfFound,
    /// Hired directly after matching, with or without loonkostensubsidie.
    MatchedDirect { lks: LksStatus },
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
    /// Toeslagenwet top-up of the WW (UWV).
    pub toeslagenwet: f64,
    /// The household's bijstandsnorm this month.
    pub norm: f64,
    /// LKS paid to the person's employer this month (not income of the person).
    pub lks: f64,
}

/// Something that happens to a person without changing their state: money
/// paid because of them, or a service they use. Amounts are euros of this
/// month; each event goes with exactly one ledger payment of the same amount
/// (flow named below), so observers can count what the ledger only sums.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// The municipality paid the employer the one-off placement subsidy for a
    /// direct hire with LKS (`municipality.placement_subsidy_eur`; flow
    /// `PlacementSubsidy`). Not reported when the subsidy is zero.
    PlacementSubsidyPaid { eur: f64 },
    /// On entering bijstand, the person was given an unpaid municipal
    /// trajectory (share `municipality.trajectory_share`). No payment.
    TrajectoryStarted,
    /// A month of the person's trajectory was paid to its provider
    /// (`municipality.trajectory_cost_eur_per_month`; flow `Trajectory`).
    TrajectoryMonthPaid { eur: f64 },
    /// Loonkostensubsidie paid to the person's employer this month (flow `Lks`).
    LksPaid { eur: f64 },
    /// Loonkostenvoordeel paid to the person's employer this month (flow `Lkv`).
    LkvPaid { eur: f64 },
    /// Jobcoaching of the person this month: `hours` at
    /// `coaching.eur_per_hour` (flow `Coaching`).
    CoachingPaid { hours: f64, eur: f64 },
    /// A transition payment (gross) to the person, whose employment ended at
    /// the employer's initiative (flow `TransitionPayment`).
    TransitionPaymentPaid { eur: f64 },
}

/// What observers see of a month once it has ended: its payments and how
/// many persons are in each state. Not the whole world: observers cannot
/// reach into the model's state.
#[derive(Debug, Clone, Copy)]
pub struct MonthEnd<'a> {
    /// Every payment of the month (deficit coverage at a year's end included).
    pub ledger: &'a Ledger,
    /// Persons in each state at the month's end, indexed by `State as usize`
    /// (`Exited` counts everyone who has left scope so far).
    pub persons_by_state: [u32; State::ALL.len()],
    /// Werkbedrijven that have stopped starting detacheringen
    /// ([`crate::model::continuation`]).
    pub werkbedrijven_stopped: u32,
}

impl MonthEnd<'_> {
    /// Persons in `state` at the month's end.
    pub fn persons_in(&self, state: State) -> u32 {
        self.persons_by_state[state as usize]
    }

    /// Persons in scope (in any state but `Exited`) at the month's end.
    pub fn persons_in_scope(&self) -> u32 {
        State::ALL
            .iter()
            .filter(|s| **s != State::Exited)
            .map(|s| self.persons_in(*s))
            .sum()
    }
}

/// Receives what happens in a replication. All methods default to doing
/// nothing. The model calls them only for recorded months (not in warm-up).
pub trait Observer {
    /// A state change. `from` is `Exited` for persons entering the caseload.
    fn transition(&mut self, _ctx: &MonthCtx, _person: PersonId, _from: State, _to: State, _cause: Cause) {}

    /// Called once per person in scope per month, after that month's events
    /// and payments.
    fn person_month(&mut self, _ctx: &MonthCtx, _person: PersonId, _p: &Person, _income: &Income) {}

    /// An event that is not a state change (a payment made for the person,
    /// a service used), when it happens.
    fn event(&mut self, _ctx: &MonthCtx, _person: PersonId, _event: Event) {}

    /// Called after every month, with the month's ledger and state counts.
    fn month_end(&mut self, _ctx: &MonthCtx, _month: &MonthEnd) {}
}

/// Report `event` for `person` to `obs`, if the month is recorded (warm-up
/// months are not observed).
#[inline]
pub fn report_event<O: Observer>(obs: &mut O, ctx: &MonthCtx, person: PersonId, event: Event) {
    if ctx.recording {
        obs.event(ctx, person, event);
    }
}

/// Observe with two observers.
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn transition(&mut self, ctx: &MonthCtx, person: PersonId, from: State, to: State, cause: Cause) {
        self.0.transition(ctx, person, from, to, cause);
        self.1.transition(ctx, person, from, to, cause);
    }
    fn person_month(&mut self, ctx: &MonthCtx, person: PersonId, p: &Person, income: &Income) {
        self.0.person_month(ctx, person, p, income);
        self.1.person_month(ctx, person, p, income);
    }
    fn event(&mut self, ctx: &MonthCtx, person: PersonId, event: Event) {
        self.0.event(ctx, person, event);
        self.1.event(ctx, person, event);
    }
    fn month_end(&mut self, ctx: &MonthCtx, month: &MonthEnd) {
        self.0.month_end(ctx, month);
        self.1.month_end(ctx, month);
    }
}

/// An optional observer.
impl<A: Observer> Observer for Option<A> {
    fn transition(&mut self, ctx: &MonthCtx, person: PersonId, from: State, to: State, cause: Cause) {
        if let Some(a) = self {
            a.transition(ctx, person, from, to, cause);
        }
    }
    fn person_month(&mut self, ctx: &MonthCtx, person: PersonId, p: &Person, income: &Income) {
        if let Some(a) = self {
            a.person_month(ctx, person, p, income);
        }
    }
    fn event(&mut self, ctx: &MonthCtx, person: PersonId, event: Event) {
        if let Some(a) = self {
            a.event(ctx, person, event);
        }
    }
    fn month_end(&mut self, ctx: &MonthCtx, month: &MonthEnd) {
        if let Some(a) = self {
            a.month_end(ctx, month);
        }
    }
}

/// Observes nothing.
impl Observer for () {}
