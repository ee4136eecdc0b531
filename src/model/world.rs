//! The state of one replication and the changes of state every actor uses:
//! entering bijstand, starting and ending jobs, leaving scope.

use std::collections::VecDeque;

use rand::RngExt;
use rand_distr::Poisson;

use crate::input::legal::{Legal, LegalMonth};
use crate::input::scenario::{ContractPolicy, Scenario, Segment};
use crate::model::continuation::Continuation;
use crate::model::employer::Employers;
use crate::model::employment::Term;
use crate::model::ledger::{Flow, Ledger, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Event, Observer, report_event};
use crate::model::person::{
    AttributeDraws, Coaching, Contract, DurationTable, EmployerSupport, NO_EMPLOYER, Person, PersonId, State,
    Trajectory,
};
use crate::model::pool::Pool;
use crate::model::screening::Screening;
use crate::policy::bijstand::Household;
use crate::policy::eligibility::LksTarget;
use crate::policy::toeslagenwet::TwPartner;
use crate::policy::wage::{IncomeKind, marginal_net_share};
use crate::policy::{coaching, trajectory, transition, ww};
use crate::rng::Streams;

/// Everything one replication holds.
pub struct World<'s> {
    pub scenario: &'s Scenario,
    pub persons: Vec<Person>,
    pub employers: Employers,
    /// Candidates for openings: persons in `Bijstand`, `Ww` and `Idle` ([`in_pool`]).
    pub pool: Pool,
    /// Per municipality: persons with a beschut indication waiting, in order of indication.
    pub beschut_queue: Vec<VecDeque<PersonId>>,
    /// Per municipality: beschut places available this year (fractions carry over).
    pub beschut_budget: Vec<f64>,
    /// Per person: waiting in the beschut queue.
    pub beschut_queued: Vec<bool>,
    /// This month's payments.
    pub ledger: Ledger,
    /// Per werkbedrijf: result of the current calendar year so far (EUR).
    pub werkbedrijf_year_result: Vec<f64>,
    /// Per werkbedrijf: result of its detachering line in the current
    /// calendar year so far (EUR), for the stop rule
    /// ([`crate::model::continuation`]).
    pub detachering_year_result: Vec<f64>,
    /// Per werkbedrijf: whether it still starts detacheringen.
    pub continuation: Vec<Continuation>,
    /// Per werkbedrijf × employer: the employer category it knows.
    pub screening: Screening,
    /// Per werkbedrijf: this month's paid hours of its staff on the
    /// detachering and the beschut line (reused buffer).
    pub line_hours: Vec<[f64; 2]>,
    pub streams: Streams,
    pub durations: DurationTable,
    /// The distributions of new persons' attributes (built once).
    pub attributes: AttributeDraws,
    /// Per municipality: the distribution of its monthly inflow,
    /// `Poisson(inflow_persons_per_month)`; `None` without inflow (built once).
    pub inflow: Vec<Option<Poisson<f64>>>,
    /// Reusable buffer for this month's openings.
    pub openings: Vec<u32>,
    /// Openings (employer indices) carried into next month's matching, in
    /// order: those left unfilled that persist, then the posts employers let
    /// go this month to fill them again ([`World::refill_post`]). A reused
    /// buffer, emptied into `openings` at each matching.
    pub open_next: Vec<u32>,
    /// Months simulated so far, warm-up included.
    pub months_done: u32,
}

impl<'s> World<'s> {
    /// An empty region: employers drawn, no persons yet.
    pub fn new(scenario: &'s Scenario, replication: u64) -> Self {
        let mut streams = Streams::new(scenario.seed, replication);
        let employers = Employers::draw(&mut streams.employers, &scenario.region.employers);
        let n_m = scenario.region.municipalities.len();
        let n_w = scenario.region.werkbedrijven.len();
        let screening = Screening::new(&mut streams.screening, &scenario.behaviour, &employers.list, n_w);
        World {
            scenario,
            persons: Vec::new(),
            employers,
            pool: Pool::default(),
            beschut_queue: vec![VecDeque::new(); n_m],
            beschut_budget: vec![0.0; n_m],
            beschut_queued: Vec::new(),
            ledger: Ledger::new(n_m, n_w),
            werkbedrijf_year_result: vec![0.0; n_w],
            detachering_year_result: vec![0.0; n_w],
            continuation: vec![Continuation::START; n_w],
            screening,
            line_hours: vec![[0.0; 2]; n_w],
            streams,
            durations: DurationTable::new(&scenario.behaviour),
            attributes: AttributeDraws::new(&scenario.region),
            inflow: scenario
                .region
                .municipalities
                .iter()
                .map(|m| {
                    (m.inflow_persons_per_month > 0.0)
                        .then(|| Poisson::new(m.inflow_persons_per_month).expect("positive inflow"))
                })
                .collect(),
            openings: Vec::new(),
            open_next: Vec::new(),
            months_done: 0,
        }
    }

    /// Record a change of state: pool membership follows the state, and the
    /// observer hears of it.
    pub fn set_state<O: Observer>(&mut self, ctx: &MonthCtx, obs: &mut O, id: PersonId, to: State, cause: Cause) {
        let p = &mut self.persons[id.index()];
        let from = p.state;
        p.state = to;
        match in_pool(to) {
            Candidacy::Proposed => self.pool.insert(id),
            Candidacy::NotProposed => self.pool.remove(id),
        }
        if ctx.recording {
            obs.transition(ctx, id, from, to, cause);
        }
    }

    /// Add a person to the caseload on bijstand. A couple is excluded from
    /// the Toeslagenwet with the region's `caseload.tw_couple_excluded_share`
    /// (one draw of its own stream for every person, so no other draw moves;
    /// docs/ODD.md §7.6).
    pub fn add_person<O: Observer>(&mut self, ctx: &MonthCtx, obs: &mut O, mut p: Person) -> PersonId {
        let id = PersonId::from_index(self.persons.len());
        let u: f64 = self.streams.toeslagenwet.random();
        let excluded = u < self.scenario.region.caseload.tw_couple_excluded_share;
        p.tw_partner = if p.household == Household::Couple && excluded {
            TwPartner::Excluded
        } else {
            TwPartner::Entitled
        };
        p.state = State::Exited;
        self.persons.push(p);
        self.beschut_queued.push(false);
        self.enter_bijstand(ctx, obs, id, Cause::Inflow);
        id
    }

    /// The person's (new) bijstand period starts: benefit duration from zero,
    /// a trajectory with the municipality's share, a place in the beschut queue
    /// for persons with that indication.
    pub fn enter_bijstand<O: Observer>(&mut self, ctx: &MonthCtx, obs: &mut O, id: PersonId, cause: Cause) {
        let u: f64 = self.streams.municipality.random();
        let assigned = trajectory::assign(&self.scenario.municipality, u);
        let p = &mut self.persons[id.index()];
        clear_job(p);
        if cause != Cause::Inflow {
            p.months_on_benefit = 0;
        }
        p.disregard_used = 0;
        p.trajectory = assigned;
        p.lks_target = LksTarget::In;
        let m = p.municipality as usize;
        if p.segment == Segment::Beschut && !self.beschut_queued[id.index()] {
            self.beschut_queued[id.index()] = true;
            self.beschut_queue[m].push_back(id);
        }
        let trajectory = p.trajectory;
        self.set_state(ctx, obs, id, State::Bijstand, cause);
        if trajectory == Trajectory::In {
            report_event(obs, ctx, id, Event::TrajectoryStarted);
        }
    }

    /// After losing paid employment (not by own choice): WW when the weeks
    /// condition is met, else bijstand; the duration beyond the minimum needs
    /// the years condition ([`ww::entitled_months`], docs/ODD.md §7.6).
    pub fn after_job_loss<O: Observer>(&mut self, ctx: &MonthCtx, obs: &mut O, id: PersonId, cause: Cause) {
        let legal = &self.scenario.legal;
        let p = &mut self.persons[id.index()];
        if ww::entitled(legal, p.work_bits) {
            clear_job(p);
            p.ww_left = ww::entitled_months(legal, p.work_bits, p.hours_per_week, p.work_years);
            p.ww_used = 0;
            p.months_on_benefit = 0;
            // a WW recipient is outside the Participatiewet's target group (art. 7 lid 1 a)
            p.lks_target = LksTarget::Out;
            self.set_state(ctx, obs, id, State::Ww, cause);
        } else {
            self.enter_bijstand(ctx, obs, id, cause);
        }
    }

    /// Pay the transition payment due when employment ends at the employer's
    /// initiative (including non-renewal of a temporary contract).
    pub fn pay_transition<O: Observer>(&mut self, ctx: &MonthCtx, obs: &mut O, id: PersonId, employer: Party) {
        let p = &self.persons[id.index()];
        let amount = transition_due(&self.scenario.legal, &ctx.lm, p);
        let last_wage = p.last_wage_eur_per_month;
        self.ledger
            .pay(Flow::TransitionPayment, employer, Party::Persons, amount);
        if amount != 0.0 {
            report_event(obs, ctx, id, Event::TransitionPaymentPaid { eur: amount });
        }
        // taxed at the marginal rate of the last wage, without arbeidskorting (§7.7)
        let kept = marginal_net_share(&ctx.lm.net, IncomeKind::Benefit, last_wage);
        let tax = amount * (1.0 - kept);
        self.ledger
            .pay(Flow::IncomeTax, Party::Persons, Party::TaxAndFunds, tax);
    }

    /// Start a job at a regular employer (self-found, matched or a conversion)
    /// on a contract of `term` (a fixed-term one runs `months` months to its
    /// end, [`crate::model::employment::Term`]). Callers outside the month's
    /// person loop (matching) mark the person `fresh` so the new job has no
    /// further events this month. A conversion keeps the months at the
    /// inlener as tenure for dropout ([`Person::tenure_months`]); any other
    /// new job restarts it.
    #[allow(clippy::too_many_arguments)]
    pub fn start_employment<O: Observer>(
        &mut self,
        ctx: &MonthCtx,
        obs: &mut O,
        id: PersonId,
        employer: u32,
        term: Term,
        coaching: Coaching,
        cause: Cause,
    ) {
        let p = &mut self.persons[id.index()];
        let (contract, period_months) = match term {
            Term::Temporary { months } => (Contract::Temporary, months),
            Term::Permanent => (Contract::Permanent, 0),
        };
        p.employer = employer;
        p.contract = contract;
        p.coaching = coaching;
        p.spell_months = 0;
        if cause != Cause::Conversion {
            p.tenure_months = 0;
        }
        p.service_months = 0;
        p.prior_service_months = 0;
        // a new job: the programme starts afresh and nobody supports the person yet
        // (a conversion then carries its coaching over, `werkbedrijf::convert`)
        p.coached_months = 0;
        p.aftercare_left = 0;
        p.employer_support = EmployerSupport::None;
        p.period_left = period_months;
        p.chain_contracts = if contract == Contract::Temporary { 1 } else { 0 };
        p.chain_months = 0;
        self.set_state(ctx, obs, id, State::Employed, cause);
    }

    /// Start a detachering (from bijstand, WW or idle) at inlener `employer`.
    ///
    /// From bijstand or WW a new werkbedrijf contract starts (from WW the WW
    /// spell ends and its remaining entitlement is dropped) (under
    /// `match-placement` the first contract of a chain, for
    /// `initial_period_months`). From idle the werkbedrijf contract continues:
    /// a permanent one gets a new placement period of `initial_period_months`;
    /// a fixed-term one still running after an early end (`contract_clause =
    /// "fixed-term"`) is not a new contract: the placement runs to that
    /// contract's end date (`period_left` less this month, which the
    /// re-placement fills) and then meets the period-end decision (docs/ODD.md
    /// §7.15, §7.17). Matching re-places only staff whose contract has a month
    /// left ([`crate::model::werkbedrijf::replaceable`]).
    pub fn start_detachering<O: Observer>(
        &mut self,
        ctx: &MonthCtx,
        obs: &mut O,
        id: PersonId,
        employer: u32,
        quality: f64,
        cause: Cause,
    ) {
        let wb = &self.scenario.werkbedrijven[self.persons[id.index()].werkbedrijf as usize];
        let p = &mut self.persons[id.index()];
        let from_idle = p.state == State::Idle;
        p.employer = employer;
        p.match_quality = quality;
        p.fresh = true;
        p.spell_months = 0;
        // a new workplace, also when re-placed from idle
        p.tenure_months = 0;
        p.coached_months = 0;
        p.aftercare_left = 0;
        p.employer_support = EmployerSupport::None;
        p.coaching = coaching::at_detachering(&wb.coaching);
        if from_idle && p.contract == Contract::Temporary {
            // the running fixed-term contract: this month is one of its months
            debug_assert!(p.period_left > 1, "re-placed with a month of the contract left");
            p.period_left = p.period_left.saturating_sub(1).max(1);
        } else {
            p.period_left = wb.initial_period_months;
            if !from_idle {
                p.service_months = 0;
                p.prior_service_months = 0;
                p.chain_months = 0;
                p.chain_contracts = 0;
            }
            p.contract = match wb.contract {
                ContractPolicy::MatchPlacement => {
                    p.chain_contracts += 1;
                    Contract::Temporary
                }
                ContractPolicy::Permanent => Contract::Permanent,
            };
        }
        self.set_state(ctx, obs, id, State::Detached, cause);
    }

    /// Inlener `employer` chose to end a detachering at its planned end,
    /// valuing the end as filling the post again with a new detachee or a
    /// direct hire ([`crate::model::employer::refill`]): the post is an
    /// opening at that employer in next month's matching (docs/ODD.md §7.10,
    /// §8 assumption 44).
    pub fn refill_post(&mut self, employer: u32) {
        self.open_next.push(employer);
    }

    /// Leave scope: any job ends without a transition payment (the person leaves).
    pub fn exit<O: Observer>(&mut self, ctx: &MonthCtx, obs: &mut O, id: PersonId) {
        clear_job(&mut self.persons[id.index()]);
        self.set_state(ctx, obs, id, State::Exited, Cause::Exit);
    }
}

/// Whether the werkgeversservicepunt may propose a person for openings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidacy {
    Proposed,
    NotProposed,
}

/// Pool membership by state: persons on bijstand, on WW (the
/// werkgeversservicepunt is run by the municipalities and UWV together) and
/// the werkbedrijf's idle staff are candidates for openings; anyone working
/// or out of scope is not. Source: docs/ODD.md §7.10 (spec §3 "WW
/// recipients", §10 "Openings").
pub fn in_pool(state: State) -> Candidacy {
    match state {
        State::Bijstand | State::Ww | State::Idle => Candidacy::Proposed,
        State::Detached | State::Employed | State::Beschut | State::Exited => Candidacy::NotProposed,
    }
}

/// The transition payment due if the person's employment ended now at the
/// employer's initiative, EUR: [`transition::payment`] of the service the
/// payment counts, [`Person::transition_service_months`] (months with earlier
/// employers in successive employership included, art. 7:673 lid 4(b) BW),
/// at the last monthly wage. Used for the payment and for the employer's
/// contract-end choice (docs/ODD.md §7.7, §7.18).
pub fn transition_due(legal: &Legal, lm: &LegalMonth, p: &Person) -> f64 {
    transition::payment(legal, lm, p.transition_service_months(), p.last_wage_eur_per_month)
}

/// Reset the job fields of a person leaving a job.
pub fn clear_job(p: &mut Person) {
    p.employer = NO_EMPLOYER;
    p.contract = Contract::None;
    p.coaching = Coaching::None;
    p.aftercare_left = 0;
    p.spell_months = 0;
    p.tenure_months = 0;
    p.service_months = 0;
    p.prior_service_months = 0;
    p.chain_contracts = 0;
    p.chain_months = 0;
    p.period_left = 0;
    p.beschut_detached = false;
    p.coached_months = 0;
    p.employer_support = EmployerSupport::None;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;
    use crate::model::person::PersonId;

    #[test]
    fn the_pool_holds_persons_on_bijstand_ww_and_idle() {
        for state in State::ALL {
            let expected = match state {
                State::Bijstand | State::Ww | State::Idle => Candidacy::Proposed,
                _ => Candidacy::NotProposed,
            };
            assert_eq!(in_pool(state), expected, "{state:?}");
        }
        // set_state keeps the pool in step with the state
        let s = baseline();
        let mut world = World::new(s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let p = Person::draw(
            &mut crate::rng::stream(1, 0, crate::rng::Purpose::Attributes),
            &s.region,
            0,
            None,
        );
        let id = world.add_person(&ctx, &mut (), p);
        assert!(world.pool.contains(id), "a new person on bijstand is a candidate");
        for (state, member) in [
            (State::Ww, true),
            (State::Employed, false),
            (State::Idle, true),
            (State::Detached, false),
            (State::Ww, true),
            (State::Exited, false),
        ] {
            world.set_state(&ctx, &mut (), id, state, Cause::Inflow);
            assert_eq!(world.pool.contains(id), member, "{state:?}");
        }
        assert!(!world.pool.contains(PersonId::new(1)));
    }

    #[test]
    fn entering_ww_leaves_the_lks_target_group_and_bijstand_restores_it() {
        let s = baseline();
        let mut world = World::new(s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let mut p = Person::draw(
            &mut crate::rng::stream(1, 0, crate::rng::Purpose::Attributes),
            &s.region,
            0,
            None,
        );
        // worked every month of the last 64: entitled to WW
        p.work_bits = u64::MAX;
        let id = world.add_person(&ctx, &mut (), p);
        assert_eq!(world.persons[id.index()].lks_target, LksTarget::In);
        world.after_job_loss(&ctx, &mut (), id, Cause::ContractEnd);
        assert_eq!(world.persons[id.index()].state, State::Ww);
        assert_eq!(world.persons[id.index()].lks_target, LksTarget::Out);
        world.enter_bijstand(&ctx, &mut (), id, Cause::WwExhausted);
        assert_eq!(world.persons[id.index()].lks_target, LksTarget::In);
    }
}
