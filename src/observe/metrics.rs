//! The outcome metrics of one replication (docs/ODD.md §4). Definitions are in
//! the README's metric reference; each is computed here and nowhere else.

use crate::input::scenario::{Scenario, Segment};
use crate::model::ledger::{Flow, Ledger, Line, Party};
use crate::model::month::MonthCtx;
use crate::model::observer::{Cause, Income, MonthEnd, Observer};
use crate::model::person::{Contract, Person, PersonId, State};
use crate::observe::registry::{Metric, MetricSet, Slots};
use crate::policy::lks::LksStatus;

/// Municipal cost categories and the flows they are made of.
pub const MUNICIPAL_CATEGORIES: [(&str, Flow); 6] = [
    ("bijstand", Flow::Bijstand),
    ("lks", Flow::Lks),
    ("coaching", Flow::Coaching),
    ("trajectories", Flow::Trajectory),
    ("subsidies", Flow::PlacementSubsidy),
    ("werkbedrijf_deficit", Flow::DeficitCoverage),
];

/// The werkbedrijf's business case by line: `(name, flows, paid)`; `paid`
/// false means received. These are items of the account (revenue and cost
/// kinds), not the business lines detachering and beschut
/// ([`crate::model::ledger::Line`]), which each have all of them.
pub const WERKBEDRIJF_LINES: [(&str, &[Flow], bool); 8] = [
    ("lks_revenue", &[Flow::Lks], false),
    ("lkv_no_risk_revenue", &[Flow::Lkv, Flow::NoRisk], false),
    ("internal_revenue", &[Flow::InternalRevenue], false),
    ("wage_cost", &[Flow::Wage, Flow::HolidayPay], true),
    ("charges_cost", &[Flow::EmployerCharges, Flow::WwPremium], true),
    ("transition_payments", &[Flow::TransitionPayment], true),
    ("coaching_cost", &[Flow::Coaching], true),
    ("overhead_cost", &[Flow::Overhead, Flow::InternalWorkCost], true),
];

/// The metrics of one replication: scalar metrics over the horizon, and
/// yearly metrics (`yearly[year][metric]`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReplicationMetrics {
    pub names: Vec<String>,
    pub values: Vec<f64>,
    pub yearly_names: Vec<String>,
    pub years: Vec<i32>,
    /// Row-major: `yearly[y * yearly_names.len() + k]`.
    pub yearly: Vec<f64>,
}

const NOT_SET: i32 = i32::MIN;

/// The windows of the relapse metrics (`relapse_6m`, `relapse_12m`,
/// `relapse_18m`, `relapse_24m`), months after the exit from bijstand.
const RELAPSE_WINDOWS_MONTHS: [i32; 4] = [6, 12, 18, 24];

/// The routes out of bijstand into work, in the order of the per-route
/// relapse metrics (`relapse_<window>_<route>`).
const ROUTES: [&str; 5] = ["self_found", "direct_lks", "direct_no_lks", "detachering", "beschut"];

/// No route: the exit was by a cause that is not one of [`ROUTES`].
const NO_ROUTE: u8 = u8::MAX;

/// The route of a move out of bijstand into work: the index in [`ROUTES`] of
/// its cause, or [`NO_ROUTE`].
fn route_of(cause: Cause) -> u8 {
    match cause {
        Cause::SelfFound => 0,
        Cause::MatchedDirect {
            lks: LksStatus::WithLks,
        } => 1,
        Cause::MatchedDirect {
            lks: LksStatus::WithoutLks,
        } => 2,
        Cause::MatchedDetach => 3,
        Cause::BeschutPlace => 4,
        _ => NO_ROUTE,
    }
}

/// (relapsed, followed) for each window of [`RELAPSE_WINDOWS_MONTHS`].
type RelapseTally = [(f64, f64); RELAPSE_WINDOWS_MONTHS.len()];

/// Count one closed episode that began in month `start` in `tally`: for each
/// window that ends within the run (`start + window <= horizon_last`), a
/// relapse if the person was back on bijstand (month `relapse`) within the
/// window, else followed without relapse if observed (until
/// `observed_until`) to the window's end; otherwise the window is not counted.
fn tally(tally: &mut RelapseTally, start: i32, relapse: i32, observed_until: i32, horizon_last: i32) {
    for (k, window) in RELAPSE_WINDOWS_MONTHS.into_iter().enumerate() {
        if start + window > horizon_last {
            continue;
        }
        if relapse != NOT_SET && relapse - start <= window {
            tally[k].0 += 1.0;
            tally[k].1 += 1.0;
        } else if observed_until - start >= window {
            tally[k].1 += 1.0;
        }
    }
}

/// Streak value for persons already at work when recording starts (their
/// placement began before the horizon, so it is not counted as lasting).
const PRE_EXISTING: u32 = u32::MAX;

/// Per year accumulators.
#[derive(Debug, Clone, Default)]
struct Year {
    placements_total: f64,
    placements_detachering: f64,
    placements_direct: f64,
    placements_self_found: f64,
    conversions: f64,
    placements_beschut: f64,
    in_work_end: f64,
    detached_end: f64,
    employed_end: f64,
    beschut_end: f64,
    idle_end: f64,
    bijstand_end: f64,
    banenafspraak_jobs_end: f64,
    person_months: f64,
    income_secure_months: f64,
    idle_months: f64,
}

/// Collects the outcome metrics of one replication.
pub struct MetricsObserver {
    start_year: i32,
    years: Vec<i32>,
    n_muni: usize,
    n_wb: usize,
    hours_per_job: f64,
    /// Ledger totals per calendar year.
    ledger_years: Vec<Ledger>,
    year: Vec<Year>,
    // horizon totals
    placements_direct_lks: f64,
    placements_direct_no_lks: f64,
    replacements: f64,
    early_ends: f64,
    /// The followed detacheringen (started in a recorded month) that ended
    /// within the horizon: all, by conversion, by early end; and the months
    /// from start to conversion summed over those conversions.
    placements_ended: f64,
    placements_converted: f64,
    placements_ended_early: f64,
    months_to_conversion_sum: f64,
    person_months: f64,
    income_secure: f64,
    paid_months: f64,
    permanent_months: f64,
    churn: f64,
    lasting: f64,
    idle_months_wb: Vec<f64>,
    // per person
    exit_month: Vec<i32>,
    relapse_month: Vec<i32>,
    streak: Vec<u32>,
    /// Month a person last moved into paid employment (`NOT_SET` if not seen).
    entered_work: Vec<i32>,
    /// Month the person's open detachering started, if it started in a
    /// recorded month (`NOT_SET` if none or not followed).
    placement_start: Vec<i32>,
    /// (relapsed, followed) for each window of [`RELAPSE_WINDOWS_MONTHS`].
    relapse: RelapseTally,
    /// The route ([`ROUTES`] index) of the open relapse episode, [`NO_ROUTE`] if none.
    exit_route: Vec<u8>,
    /// The route ([`ROUTES`] index) of the move into the person's current
    /// spell of paid employment ([`NO_ROUTE`] if it started unseen, or by a
    /// cause that is no route); an exit from bijstand during the spell
    /// takes this route.
    job_route: Vec<u8>,
    /// Whether bijstand (a benefit or a top-up) was paid to the person in
    /// the previous recorded month: an exit is a month without it after one with it.
    paid_last_month: Vec<bool>,
    /// The relapse tallies by route of the exit ([`ROUTES`]).
    relapse_route: [RelapseTally; ROUTES.len()],
    /// The relapse tallies of exits by persons in the banenafspraak segment.
    relapse_banenafspraak: RelapseTally,
    /// Month of a person's last conversion (Detached → Employed) whose
    /// after-conversion episode is open (`NOT_SET` if none), and the first
    /// later entry into bijstand (`NOT_SET` if none yet).
    conversion_month: Vec<i32>,
    conversion_relapse_month: Vec<i32>,
    /// The relapse tallies of after-conversion episodes.
    relapse_after_conversion: RelapseTally,
    /// Whether the person is in the banenafspraak segment (seen in `person_month`).
    banenafspraak: Vec<bool>,
    /// Moves from bijstand or WW into work, per person (for the segment's placements).
    placements_of: Vec<u32>,
    /// Person-months of banenafspraak persons, and those with a secure income.
    banenafspraak_months: (f64, f64),
    /// Months on benefit (the spell before any current job) at the person's
    /// last month with bijstand paid.
    last_months_on_benefit: Vec<u32>,
    /// Month six months after an outflow from bijstand to work (`NOT_SET` if none).
    check_6m: Vec<i32>,
    /// Month of a move from bijstand into work, until its first month's
    /// payments show whether the benefit ended (`NOT_SET` otherwise).
    pending_outflow: Vec<i32>,
    /// (in work without bijstand, followed) six months after an exit to work.
    in_work_6m: (f64, f64),
    /// Outflows from bijstand to work (a month in paid employment without
    /// bijstand after one with it, as CBS counts leaving bijstand), and
    /// person-months with bijstand paid (a benefit or a top-up, as CBS counts
    /// persons with bijstand): all, under 12 months on benefit, 36 months or more.
    exits_to_work: [f64; 3],
    bijstand_months: [f64; 3],
    lks_months: f64,
    detached_months: f64,
    /// The last reported month (months since the start).
    horizon_last: i32,
    // stocks of the current month
    now: Year,
    last_t: i32,
    /// Werkbedrijven stopped at the last month's end.
    werkbedrijven_stopped: f64,
}

impl MetricsObserver {
    pub fn new(s: &Scenario) -> Self {
        let years = s.years();
        let n_muni = s.region.municipalities.len();
        let n_wb = s.region.werkbedrijven.len();
        MetricsObserver {
            start_year: s.start.year(),
            ledger_years: vec![Ledger::new(n_muni, n_wb); years.len()],
            year: vec![Year::default(); years.len()],
            years,
            n_muni,
            n_wb,
            hours_per_job: s.legal.banenafspraak_hours_per_job,
            placements_direct_lks: 0.0,
            placements_direct_no_lks: 0.0,
            replacements: 0.0,
            early_ends: 0.0,
            placements_ended: 0.0,
            placements_converted: 0.0,
            placements_ended_early: 0.0,
            months_to_conversion_sum: 0.0,
            person_months: 0.0,
            income_secure: 0.0,
            paid_months: 0.0,
            permanent_months: 0.0,
            churn: 0.0,
            lasting: 0.0,
            idle_months_wb: vec![0.0; n_wb],
            exit_month: Vec::new(),
            relapse_month: Vec::new(),
            streak: Vec::new(),
            entered_work: Vec::new(),
            placement_start: Vec::new(),
            relapse: [(0.0, 0.0); RELAPSE_WINDOWS_MONTHS.len()],
            exit_route: Vec::new(),
            job_route: Vec::new(),
            paid_last_month: Vec::new(),
            relapse_route: [[(0.0, 0.0); RELAPSE_WINDOWS_MONTHS.len()]; ROUTES.len()],
            relapse_banenafspraak: [(0.0, 0.0); RELAPSE_WINDOWS_MONTHS.len()],
            conversion_month: Vec::new(),
            conversion_relapse_month: Vec::new(),
            relapse_after_conversion: [(0.0, 0.0); RELAPSE_WINDOWS_MONTHS.len()],
            banenafspraak: Vec::new(),
            placements_of: Vec::new(),
            banenafspraak_months: (0.0, 0.0),
            last_months_on_benefit: Vec::new(),
            check_6m: Vec::new(),
            pending_outflow: Vec::new(),
            in_work_6m: (0.0, 0.0),
            exits_to_work: [0.0; 3],
            bijstand_months: [0.0; 3],
            lks_months: 0.0,
            detached_months: 0.0,
            horizon_last: s.horizon_months as i32 - 1,
            now: Year::default(),
            last_t: 0,
            werkbedrijven_stopped: 0.0,
        }
    }

    fn grow(&mut self, person: PersonId) {
        let n = person.index() + 1;
        if self.exit_month.len() < n {
            self.exit_month.resize(n, NOT_SET);
            self.relapse_month.resize(n, NOT_SET);
            self.streak.resize(n, 0);
            self.entered_work.resize(n, NOT_SET);
            self.placement_start.resize(n, NOT_SET);
            self.last_months_on_benefit.resize(n, 0);
            self.check_6m.resize(n, NOT_SET);
            self.pending_outflow.resize(n, NOT_SET);
            self.exit_route.resize(n, NO_ROUTE);
            self.job_route.resize(n, NO_ROUTE);
            self.paid_last_month.resize(n, false);
            self.conversion_month.resize(n, NOT_SET);
            self.conversion_relapse_month.resize(n, NOT_SET);
            self.banenafspraak.resize(n, false);
            self.placements_of.resize(n, 0);
        }
    }

    /// Close a person's relapse episode; without a relapse the person was
    /// observed until month `observed_until` (the end of the run, or leaving scope).
    ///
    /// An exit (a move into work with no bijstand paid in its first month,
    /// [`Self::open_exit`]) counts for a window (6, 12, 18 or 24 months) when
    /// it can be followed that long: the window ends within the run and the
    /// person did not leave scope before it ended without relapsing. It is a
    /// relapse when bijstand was paid again within the window
    /// ([`Self::note_bijstand_paid`], docs/ODD.md §4).
    ///
    /// The same episode, timed from the same exit, is also counted for its
    /// route (`relapse_<window>_<route>`: the cause of the move out of
    /// bijstand, [`route_of`]; a detachering converted later stays a
    /// `detachering` episode) and, for persons in the banenafspraak segment,
    /// in `relapse_12m_banenafspraak`.
    fn finish_episode(&mut self, person: usize, observed_until: i32) {
        let exit = self.exit_month[person];
        if exit == NOT_SET {
            return;
        }
        let relapse = self.relapse_month[person];
        let last = self.horizon_last;
        tally(&mut self.relapse, exit, relapse, observed_until, last);
        if let Some(route) = self.relapse_route.get_mut(self.exit_route[person] as usize) {
            tally(route, exit, relapse, observed_until, last);
        }
        if self.banenafspraak[person] {
            tally(&mut self.relapse_banenafspraak, exit, relapse, observed_until, last);
        }
        self.exit_month[person] = NOT_SET;
        self.relapse_month[person] = NOT_SET;
        self.exit_route[person] = NO_ROUTE;
    }

    /// Close a person's after-conversion episode (`relapse_12m_after_conversion`,
    /// `relapse_24m_after_conversion`): it opened at a conversion (Detached →
    /// Employed) with no bijstand paid in that month and is timed from it; a
    /// relapse is the first later month with bijstand paid, and a window
    /// counts only if it ends within the run and the
    /// person was observed (until `observed_until`) to its end unless they
    /// relapsed — the rule of [`Self::finish_episode`].
    fn finish_conversion_episode(&mut self, person: usize, observed_until: i32) {
        let start = self.conversion_month[person];
        if start == NOT_SET {
            return;
        }
        let relapse = self.conversion_relapse_month[person];
        tally(
            &mut self.relapse_after_conversion,
            start,
            relapse,
            observed_until,
            self.horizon_last,
        );
        self.conversion_month[person] = NOT_SET;
        self.conversion_relapse_month[person] = NOT_SET;
    }

    /// The episodes and placements of a transition that the per-route and
    /// banenafspraak metrics need beyond today's relapse: the route of a
    /// move into paid employment (taken by an exit from bijstand during the
    /// job, [`Self::open_exit`]; a re-placement or conversion within the
    /// spell keeps it), the opening of an after-conversion episode, and the
    /// person's count of moves into work.
    fn track_routes(&mut self, t: i32, i: usize, from: State, to: State, cause: Cause) {
        if matches!(from, State::Bijstand | State::Ww) && to.working() {
            self.placements_of[i] += 1;
        }
        if to.paid_employment() && !from.paid_employment() {
            self.job_route[i] = route_of(cause);
        } else if !to.paid_employment() {
            self.job_route[i] = NO_ROUTE;
        }
        if cause == Cause::Conversion {
            // the episode stays open only if no bijstand is paid this month
            // (decided in Self::open_exit)
            self.finish_conversion_episode(i, t);
            self.conversion_month[i] = t;
        }
        if to == State::Exited {
            self.finish_conversion_episode(i, t);
        }
    }

    /// Count the exits from bijstand as CBS counts them: a month in paid
    /// employment with no bijstand paid after a month with bijstand paid
    /// (CBS, docs/sources.md#calibration-1). That is the first month of a
    /// move from bijstand into work if the benefit ended with it; a move
    /// into part-time work with a top-up is not an exit then, but becomes
    /// one in the later month the top-up stops while the person is still at
    /// work — as does the end of a top-up that was a relapse, which closes
    /// that episode first. An exit counts for the outflow statistics and
    /// opens a relapse episode with the route of the move into the current
    /// job. A conversion opens its after-conversion episode only if no
    /// bijstand is paid in the conversion month.
    fn open_exit(&mut self, t: i32, i: usize, state: State, income: &Income) {
        let off_bijstand = income.bijstand == 0.0;
        if self.pending_outflow[i] == t {
            if off_bijstand {
                self.count_exit(t, i);
            }
            self.pending_outflow[i] = NOT_SET;
        } else if off_bijstand && self.paid_last_month[i] && state.paid_employment() {
            // bijstand paid last month after the exit means the episode relapsed
            self.finish_episode(i, t);
            self.count_exit(t, i);
        }
        if self.conversion_month[i] == t && !off_bijstand {
            self.conversion_month[i] = NOT_SET;
        }
        self.paid_last_month[i] = !off_bijstand;
    }

    /// An exit from bijstand to work in month `t` ([`Self::open_exit`]):
    /// counted by the months on benefit before it, followed for
    /// `in_work_6m_after_exit`, and the start of a relapse episode.
    fn count_exit(&mut self, t: i32, i: usize) {
        let mob = self.last_months_on_benefit[i];
        self.exits_to_work[0] += 1.0;
        if mob < 12 {
            self.exits_to_work[1] += 1.0;
        } else if mob >= 36 {
            self.exits_to_work[2] += 1.0;
        }
        self.check_6m[i] = t + 6;
        self.exit_month[i] = t;
        self.exit_route[i] = self.job_route[i];
    }

    /// A relapse, as CBS and Divosa count return to bijstand: the first month
    /// after the exit (or conversion) in which bijstand is paid again — a
    /// full benefit or a top-up to work income (docs/ODD.md §4).
    fn note_bijstand_paid(&mut self, t: i32, i: usize, income: &Income) {
        if income.bijstand == 0.0 {
            return;
        }
        if self.exit_month[i] != NOT_SET && self.exit_month[i] < t && self.relapse_month[i] == NOT_SET {
            self.relapse_month[i] = t;
        }
        if self.conversion_month[i] != NOT_SET
            && self.conversion_month[i] < t
            && self.conversion_relapse_month[i] == NOT_SET
        {
            self.conversion_relapse_month[i] = t;
        }
    }

    /// Follow detacheringen for `conversion_share`, `early_end_share` and
    /// `months_to_conversion`: a detachering starts at a transition into
    /// `Detached` (a new placement from bijstand or WW, or a re-placement
    /// from idle) and ends at the next transition out of it (conversion,
    /// early end, period end, dropout, leaving scope). Only detacheringen
    /// that started in a recorded month are followed: the observer does not
    /// see warm-up months, so one running when recording starts has no start
    /// and its ending is not counted. One still running at the end of the run
    /// did not end within the horizon and is not counted either.
    fn track_placement(&mut self, t: i32, i: usize, from: State, to: State, cause: Cause) {
        if from == State::Detached && to != State::Detached {
            let start = self.placement_start[i];
            if start != NOT_SET {
                self.placements_ended += 1.0;
                match cause {
                    Cause::Conversion => {
                        self.placements_converted += 1.0;
                        self.months_to_conversion_sum += f64::from(t - start);
                    }
                    Cause::EarlyEnd => self.placements_ended_early += 1.0,
                    _ => {}
                }
            }
            self.placement_start[i] = NOT_SET;
        }
        if to == State::Detached && from != State::Detached {
            self.placement_start[i] = t;
        }
    }

    fn year_index(&self, ctx: &MonthCtx) -> usize {
        (ctx.date.year() - self.start_year) as usize
    }

    /// The replication's metrics, in the registry's order
    /// ([`MetricSet::for_scenario`]).
    pub fn finish(mut self, s: &Scenario) -> ReplicationMetrics {
        for person in 0..self.exit_month.len() {
            self.finish_episode(person, self.last_t);
            self.finish_conversion_episode(person, self.last_t);
        }
        let set = MetricSet::for_scenario(s);
        let mut total = Ledger::new(self.n_muni, self.n_wb);
        for l in &self.ledger_years {
            total.add(l);
        }
        let mut out = Slots::horizon(&set);
        self.put_flows_and_stocks(&mut out);
        self.put_calibration_statistics(&mut out, &total);
        let money = Money {
            n_muni: self.n_muni,
            n_wb: self.n_wb,
        };
        let municipal = money.put_municipal(&mut out, &total);
        out.put(
            Metric::MunicipalCostPerPersonYear,
            ratio(municipal, self.person_months / 12.0),
        );
        money.put_werkbedrijf(&mut out, &total, &self.idle_months_wb);
        money.put_business_lines(&mut out, &total, self.detached_months);
        money.put_uwv_and_employers(&mut out, &total);
        out.put(
            Metric::WerkbedrijfStoppedShare,
            ratio(self.werkbedrijven_stopped, self.n_wb as f64),
        );
        out.put(Metric::PersonMonths, self.person_months);

        let mut yearly = Vec::new();
        for (y, acc) in self.year.iter().enumerate() {
            let mut row = Slots::yearly(&set);
            money.put_year(&mut row, acc, &self.ledger_years[y]);
            yearly.extend(row.finish());
        }
        ReplicationMetrics {
            names: set.names(),
            values: out.finish(),
            yearly_names: set.yearly_names(),
            years: self.years.clone(),
            yearly,
        }
    }

    /// Placements by route, stocks at the end, income and contract security,
    /// churn and relapse.
    fn put_flows_and_stocks(&self, out: &mut Slots) {
        let sum = |f: fn(&Year) -> f64| self.year.iter().map(f).sum::<f64>();
        let last = self.year.last().cloned().unwrap_or_default();
        out.put(Metric::PlacementsTotal, sum(|y| y.placements_total));
        out.put(Metric::PlacementsDetachering, sum(|y| y.placements_detachering));
        out.put(Metric::PlacementsDirect, sum(|y| y.placements_direct));
        out.put(Metric::PlacementsDirectLks, self.placements_direct_lks);
        out.put(Metric::PlacementsDirectNoLks, self.placements_direct_no_lks);
        out.put(Metric::PlacementsSelfFound, sum(|y| y.placements_self_found));
        out.put(Metric::Conversions, sum(|y| y.conversions));
        out.put(Metric::PlacementsBeschut, sum(|y| y.placements_beschut));
        out.put(Metric::PlacementsBanenafspraak, self.placements_banenafspraak());
        out.put(Metric::Replacements, self.replacements);
        out.put(Metric::EarlyEnds, self.early_ends);
        self.put_detachering_outcomes(out);
        out.put(Metric::InWorkEnd, last.in_work_end);
        out.put(Metric::InWorkEndDetached, last.detached_end);
        out.put(Metric::InWorkEndEmployed, last.employed_end);
        out.put(Metric::InWorkEndBeschut, last.beschut_end);
        out.put(Metric::IdleEnd, last.idle_end);
        out.put(Metric::BijstandEnd, last.bijstand_end);
        out.put(Metric::BanenafspraakJobsEnd, last.banenafspraak_jobs_end);
        out.put(Metric::IncomeSecureShare, ratio(self.income_secure, self.person_months));
        let (ba_months, ba_secure) = self.banenafspraak_months;
        out.put(Metric::IncomeSecureShareBanenafspraak, ratio(ba_secure, ba_months));
        out.put(
            Metric::ContractSecureShare,
            ratio(self.permanent_months, self.paid_months),
        );
        out.put(Metric::ChurnPerPersonYear, ratio(self.churn, self.person_months / 12.0));
        out.put(Metric::Relapse6m, ratio(self.relapse[0].0, self.relapse[0].1));
        out.put(Metric::Relapse12m, ratio(self.relapse[1].0, self.relapse[1].1));
        out.put(Metric::Relapse18m, ratio(self.relapse[2].0, self.relapse[2].1));
        out.put(Metric::Relapse24m, ratio(self.relapse[3].0, self.relapse[3].1));
        self.put_route_relapse(out);
        out.put(Metric::LastingPlacements, self.lasting);
    }

    /// The outcomes of detacheringen ([`Self::track_placement`]):
    ///
    /// - `conversion_share`, `early_end_share`: of the followed detacheringen
    ///   that ended within the horizon, the share ended by conversion (by an
    ///   early end);
    /// - `months_to_conversion`: the mean, over those conversions, of the
    ///   months from the detachering's start to its conversion;
    /// - `idle_months_per_detached_year`: idle person-months at the
    ///   werkbedrijven over detached person-years (detached person-months / 12),
    ///   both over the recorded horizon;
    /// - `regular_jobs_mediated`: direct hires after matching by the
    ///   werkgeversservicepunt (`placements_direct`) plus conversions
    ///   (`conversions`, also of detacheringen started before recording).
    ///
    /// A ratio over zero is `NaN`.
    fn put_detachering_outcomes(&self, out: &mut Slots) {
        let ended = self.placements_ended;
        out.put(Metric::ConversionShare, ratio(self.placements_converted, ended));
        out.put(
            Metric::MonthsToConversion,
            ratio(self.months_to_conversion_sum, self.placements_converted),
        );
        out.put(Metric::EarlyEndShare, ratio(self.placements_ended_early, ended));
        let idle: f64 = self.idle_months_wb.iter().sum();
        out.put(
            Metric::IdleMonthsPerDetachedYear,
            ratio(idle, self.detached_months / 12.0),
        );
        let sum = |f: fn(&Year) -> f64| self.year.iter().map(f).sum::<f64>();
        out.put(
            Metric::RegularJobsMediated,
            sum(|y| y.placements_direct) + sum(|y| y.conversions),
        );
    }

    /// `placements_banenafspraak`: the moves from bijstand or WW into work
    /// (as `placements_total`) of persons in the banenafspraak segment. The
    /// segment is read in `person_month`, so a move by a person who leaves
    /// scope in the month they first appear is not attributed.
    fn placements_banenafspraak(&self) -> f64 {
        let of_segment = self.placements_of.iter().zip(&self.banenafspraak);
        of_segment.filter(|(_, b)| **b).map(|(n, _)| f64::from(*n)).sum()
    }

    /// The relapse shares by route (6, 12 and 24 months), after conversion
    /// (12, 24) and of the banenafspraak segment (12), each relapsed over
    /// followed of its tally (`NaN` when nothing could be followed).
    fn put_route_relapse(&self, out: &mut Slots) {
        let share = |t: &RelapseTally, k: usize| ratio(t[k].0, t[k].1);
        const BY_ROUTE: [[Metric; 3]; ROUTES.len()] = [
            [
                Metric::Relapse6mSelfFound,
                Metric::Relapse12mSelfFound,
                Metric::Relapse24mSelfFound,
            ],
            [
                Metric::Relapse6mDirectLks,
                Metric::Relapse12mDirectLks,
                Metric::Relapse24mDirectLks,
            ],
            [
                Metric::Relapse6mDirectNoLks,
                Metric::Relapse12mDirectNoLks,
                Metric::Relapse24mDirectNoLks,
            ],
            [
                Metric::Relapse6mDetachering,
                Metric::Relapse12mDetachering,
                Metric::Relapse24mDetachering,
            ],
            [
                Metric::Relapse6mBeschut,
                Metric::Relapse12mBeschut,
                Metric::Relapse24mBeschut,
            ],
        ];
        // indices into RELAPSE_WINDOWS_MONTHS of 6, 12 and 24 months
        const WINDOWS: [usize; 3] = [0, 1, 3];
        for (metrics, t) in BY_ROUTE.iter().zip(&self.relapse_route) {
            for (metric, k) in metrics.iter().zip(WINDOWS) {
                out.put(*metric, share(t, k));
            }
        }
        out.put(
            Metric::Relapse12mAfterConversion,
            share(&self.relapse_after_conversion, 1),
        );
        out.put(
            Metric::Relapse24mAfterConversion,
            share(&self.relapse_after_conversion, 3),
        );
        out.put(Metric::Relapse12mBanenafspraak, share(&self.relapse_banenafspraak, 1));
    }

    /// The statistics the calibration targets are stated in (calibration/targets/).
    fn put_calibration_statistics(&self, out: &mut Slots, total: &Ledger) {
        let [exits, exits_short, exits_long] = self.exits_to_work;
        let [months, months_short, months_long] = self.bijstand_months;
        out.put(Metric::OutflowToWorkPerYear, ratio(exits, months / 12.0));
        out.put(
            Metric::OutflowDurationRatio,
            ratio(ratio(exits_short, months_short), ratio(exits_long, months_long)),
        );
        out.put(Metric::InWork6mAfterExit, ratio(self.in_work_6m.0, self.in_work_6m.1));
        out.put(Metric::LksShareOfBijstand, ratio(self.lks_months, months));
        let paid_by_municipalities = |flow: Flow| -> f64 {
            (0..self.n_muni)
                .map(|m| total.paid_by(flow, Party::Municipality(m as u16)))
                .sum()
        };
        let lks_cost = paid_by_municipalities(Flow::Lks);
        let bijstand_cost = paid_by_municipalities(Flow::Bijstand);
        out.put(Metric::LksShareOfBuig, ratio(lks_cost, lks_cost + bijstand_cost));
        out.put(Metric::DetachedShareOfBijstand, ratio(self.detached_months, months));
    }
}

/// `a / b`, or `NaN` (an empty cell) when `b` is zero.
fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { f64::NAN }
}

/// The money metrics, read from ledgers: municipalities, werkbedrijven,
/// UWV and employers.
struct Money {
    n_muni: usize,
    n_wb: usize,
}

impl Money {
    fn muni_cost(l: &Ledger, m: usize, flow: Flow) -> f64 {
        l.paid_by(flow, Party::Municipality(m as u16))
    }

    fn municipal_total(&self, l: &Ledger) -> f64 {
        (0..self.n_muni)
            .map(|m| {
                MUNICIPAL_CATEGORIES
                    .iter()
                    .map(|(_, f)| Self::muni_cost(l, m, *f))
                    .sum::<f64>()
            })
            .sum()
    }

    fn category(&self, l: &Ledger, flow: Flow) -> f64 {
        (0..self.n_muni).map(|m| Self::muni_cost(l, m, flow)).sum()
    }

    /// Revenue of werkbedrijf `w`: everything it receives but the deficit coverage.
    fn wb_revenue(l: &Ledger, w: usize) -> f64 {
        let w = w as u16;
        l.werkbedrijf_total_in(w) - l.received_by_werkbedrijf(Flow::DeficitCoverage, w)
    }

    fn wb_cost(l: &Ledger, w: usize) -> f64 {
        l.werkbedrijf_total_out(w as u16)
    }

    /// Revenue, cost and result of business line `line` of werkbedrijf `w`
    /// (the deficit coverage is booked on the whole werkbedrijf, not a line).
    fn line_account(l: &Ledger, w: usize, line: Line) -> [f64; 3] {
        let p = Party::Werkbedrijf(w as u16, line);
        let (revenue, cost) = (l.total_in(p), l.total_out(p));
        [revenue, cost, revenue - cost]
    }

    /// Revenue, cost and result of a business line summed over werkbedrijven.
    fn line_total(&self, l: &Ledger, line: Line) -> [f64; 3] {
        (0..self.n_wb).fold([0.0; 3], |acc, w| {
            let a = Self::line_account(l, w, line);
            [acc[0] + a[0], acc[1] + a[1], acc[2] + a[2]]
        })
    }

    /// The business lines (detachering, beschut): revenue, cost and result
    /// summed over werkbedrijven and per werkbedrijf, and the detachering
    /// line's cost per detached person-month (idle months not counted).
    fn put_business_lines(&self, out: &mut Slots, total: &Ledger, detached_months: f64) {
        let [rev, cost, result] = self.line_total(total, Line::Detachering);
        out.put(Metric::WerkbedrijfDetacheringRevenueTotal, rev);
        out.put(Metric::WerkbedrijfDetacheringCostTotal, cost);
        out.put(Metric::WerkbedrijfDetacheringResultTotal, result);
        out.put(
            Metric::WerkbedrijfDetacheringCostPerDetachedMonth,
            ratio(cost, detached_months),
        );
        out.put(
            Metric::WerkbedrijfDetacheringResultPerDetachedMonth,
            ratio(result, detached_months),
        );
        let [rev, cost, result] = self.line_total(total, Line::Beschut);
        out.put(Metric::WerkbedrijfBeschutRevenueTotal, rev);
        out.put(Metric::WerkbedrijfBeschutCostTotal, cost);
        out.put(Metric::WerkbedrijfBeschutResultTotal, result);
        for w in 0..self.n_wb {
            let [rev, cost, result] = Self::line_account(total, w, Line::Detachering);
            out.put_member(Metric::WerkbedrijfDetacheringRevenueOf, w, rev);
            out.put_member(Metric::WerkbedrijfDetacheringCostOf, w, cost);
            out.put_member(Metric::WerkbedrijfDetacheringResultOf, w, result);
            let [rev, cost, result] = Self::line_account(total, w, Line::Beschut);
            out.put_member(Metric::WerkbedrijfBeschutRevenueOf, w, rev);
            out.put_member(Metric::WerkbedrijfBeschutCostOf, w, cost);
            out.put_member(Metric::WerkbedrijfBeschutResultOf, w, result);
        }
    }

    /// Municipal cost: total, by category and by municipality; returns the total.
    fn put_municipal(&self, out: &mut Slots, total: &Ledger) -> f64 {
        let municipal = self.municipal_total(total);
        out.put(Metric::MunicipalCostTotal, municipal);
        for (k, (_, flow)) in MUNICIPAL_CATEGORIES.into_iter().enumerate() {
            out.put_member(Metric::MunicipalCostCategory, k, self.category(total, flow));
        }
        for m in 0..self.n_muni {
            let v: f64 = MUNICIPAL_CATEGORIES
                .iter()
                .map(|(_, f)| Self::muni_cost(total, m, *f))
                .sum();
            out.put_member(Metric::MunicipalCostOf, m, v);
        }
        municipal
    }

    /// The werkbedrijven: totals, the business case line by line, and each werkbedrijf.
    fn put_werkbedrijf(&self, out: &mut Slots, total: &Ledger, idle_months_wb: &[f64]) {
        let revenue: f64 = (0..self.n_wb).map(|w| Self::wb_revenue(total, w)).sum();
        let cost: f64 = (0..self.n_wb).map(|w| Self::wb_cost(total, w)).sum();
        let fee: f64 = (0..self.n_wb)
            .map(|w| total.received_by_werkbedrijf(Flow::Fee, w as u16))
            .sum();
        out.put(Metric::WerkbedrijfRevenueTotal, revenue);
        out.put(Metric::WerkbedrijfFeeRevenueTotal, fee);
        out.put(Metric::WerkbedrijfCostTotal, cost);
        out.put(Metric::WerkbedrijfResultTotal, revenue - cost);
        out.put(Metric::WerkbedrijfIdleMonths, idle_months_wb.iter().sum());
        // the business case, line by line (summed over werkbedrijven)
        let wb_sum = |flows: &[Flow], paid: bool| -> f64 {
            (0..self.n_wb)
                .map(|w| {
                    flows
                        .iter()
                        .map(|f| {
                            if paid {
                                total.paid_by_werkbedrijf(*f, w as u16)
                            } else {
                                total.received_by_werkbedrijf(*f, w as u16)
                            }
                        })
                        .sum::<f64>()
                })
                .sum()
        };
        for (k, (_, flows, paid)) in WERKBEDRIJF_LINES.into_iter().enumerate() {
            out.put_member(Metric::WerkbedrijfLine, k, wb_sum(flows, paid));
        }
        for (w, idle) in idle_months_wb.iter().enumerate() {
            out.put_member(Metric::WerkbedrijfRevenueOf, w, Self::wb_revenue(total, w));
            out.put_member(
                Metric::WerkbedrijfFeeRevenueOf,
                w,
                total.received_by_werkbedrijf(Flow::Fee, w as u16),
            );
            out.put_member(Metric::WerkbedrijfCostOf, w, Self::wb_cost(total, w));
            out.put_member(
                Metric::WerkbedrijfResultOf,
                w,
                Self::wb_revenue(total, w) - Self::wb_cost(total, w),
            );
            out.put_member(Metric::WerkbedrijfIdleMonthsOf, w, *idle);
        }
    }

    fn put_uwv_and_employers(&self, out: &mut Slots, total: &Ledger) {
        let ww = total.paid_by(Flow::Ww, Party::Uwv);
        let tw = total.paid_by(Flow::Toeslagenwet, Party::Uwv);
        let no_risk = total.paid_by(Flow::NoRisk, Party::Uwv);
        out.put(Metric::UwvCostTotal, uwv_cost(total));
        out.put(Metric::UwvCostWw, ww);
        out.put(Metric::UwvCostNoRisk, no_risk);
        out.put(Metric::UwvCostToeslagenwet, tw);
        out.put(Metric::UwvPremiumIncome, total.received_by(Flow::WwPremium, Party::Uwv));
        out.put(
            Metric::EmployerCostNet,
            total.total_out(Party::Employers) - total.total_in(Party::Employers),
        );
    }

    /// One calendar year's yearly metrics.
    fn put_year(&self, row: &mut Slots, acc: &Year, l: &Ledger) {
        row.put(Metric::PlacementsTotal, acc.placements_total);
        row.put(Metric::PlacementsDetachering, acc.placements_detachering);
        row.put(Metric::PlacementsDirect, acc.placements_direct);
        row.put(Metric::PlacementsSelfFound, acc.placements_self_found);
        row.put(Metric::Conversions, acc.conversions);
        row.put(Metric::PlacementsBeschut, acc.placements_beschut);
        row.put(Metric::InWorkEnd, acc.in_work_end);
        row.put(Metric::IdleEnd, acc.idle_end);
        row.put(Metric::BijstandEnd, acc.bijstand_end);
        row.put(Metric::BanenafspraakJobsEnd, acc.banenafspraak_jobs_end);
        row.put(
            Metric::IncomeSecureShare,
            ratio(acc.income_secure_months, acc.person_months),
        );
        row.put(Metric::MunicipalCostTotal, self.municipal_total(l));
        for (k, (_, flow)) in MUNICIPAL_CATEGORIES.into_iter().enumerate() {
            row.put_member(Metric::MunicipalCostCategory, k, self.category(l, flow));
        }
        let rev: f64 = (0..self.n_wb).map(|w| Self::wb_revenue(l, w)).sum();
        let cst: f64 = (0..self.n_wb).map(|w| Self::wb_cost(l, w)).sum();
        row.put(Metric::WerkbedrijfRevenueTotal, rev);
        row.put(Metric::WerkbedrijfResultTotal, rev - cst);
        let [rev, _, result] = self.line_total(l, Line::Detachering);
        row.put(Metric::WerkbedrijfDetacheringRevenueTotal, rev);
        row.put(Metric::WerkbedrijfDetacheringResultTotal, result);
        let [rev, _, result] = self.line_total(l, Line::Beschut);
        row.put(Metric::WerkbedrijfBeschutRevenueTotal, rev);
        row.put(Metric::WerkbedrijfBeschutResultTotal, result);
        row.put(Metric::WerkbedrijfIdleMonths, acc.idle_months);
        row.put(Metric::UwvCostTotal, uwv_cost(l));
    }
}

/// What UWV pays: WW, Toeslagenwet top-ups and no-riskpolis benefits.
fn uwv_cost(l: &Ledger) -> f64 {
    l.paid_by(Flow::Ww, Party::Uwv) + l.paid_by(Flow::Toeslagenwet, Party::Uwv) + l.paid_by(Flow::NoRisk, Party::Uwv)
}

impl Observer for MetricsObserver {
    fn transition(&mut self, ctx: &MonthCtx, person: PersonId, from: State, to: State, cause: Cause) {
        self.grow(person);
        let y = self.year_index(ctx);
        let year = &mut self.year[y];
        match cause {
            Cause::MatchedDetach => year.placements_detachering += 1.0,
            Cause::MatchedDirect { lks } => {
                year.placements_direct += 1.0;
                match lks {
                    LksStatus::WithLks => self.placements_direct_lks += 1.0,
                    LksStatus::WithoutLks => self.placements_direct_no_lks += 1.0,
                }
            }
            Cause::SelfFound => year.placements_self_found += 1.0,
            Cause::Conversion => year.conversions += 1.0,
            Cause::BeschutPlace => year.placements_beschut += 1.0,
            Cause::Replaced => self.replacements += 1.0,
            Cause::EarlyEnd => self.early_ends += 1.0,
            _ => {}
        }
        if matches!(from, State::Bijstand | State::Ww) && to.working() {
            year.placements_total += 1.0;
        }
        if from != State::Exited && to != State::Exited && from.income_source() != to.income_source() {
            self.churn += 1.0;
        }
        let i = person.index();
        if to.paid_employment() && !from.paid_employment() {
            self.entered_work[i] = ctx.t;
        }
        if from == State::Bijstand && to.working() {
            // an exit in CBS's sense if no bijstand is paid this month: the
            // episode opens in person_month (Self::open_exit)
            self.pending_outflow[i] = ctx.t;
            self.finish_episode(i, ctx.t);
        }
        if to == State::Exited {
            self.finish_episode(i, ctx.t);
        }
        self.track_routes(ctx.t, i, from, to, cause);
        self.track_placement(ctx.t, i, from, to, cause);
    }

    fn person_month(&mut self, ctx: &MonthCtx, person: PersonId, p: &Person, income: &Income) {
        self.grow(person);
        let i = person.index();
        if income.bijstand > 0.0 {
            let mob = p.months_on_benefit;
            self.last_months_on_benefit[i] = mob;
            self.bijstand_months[0] += 1.0;
            if mob < 12 {
                self.bijstand_months[1] += 1.0;
            } else if mob >= 36 {
                self.bijstand_months[2] += 1.0;
            }
        }
        if income.lks > 0.0 {
            self.lks_months += 1.0;
        }
        if p.state == State::Detached {
            self.detached_months += 1.0;
        }
        // the six-month check before an exit this month sets the next one
        if self.check_6m[i] == ctx.t {
            self.in_work_6m.1 += 1.0;
            if p.state.paid_employment() && income.bijstand == 0.0 {
                self.in_work_6m.0 += 1.0;
            }
            self.check_6m[i] = NOT_SET;
        }
        self.open_exit(ctx.t, i, p.state, income);
        self.note_bijstand_paid(ctx.t, i, income);
        self.person_months += 1.0;
        self.now.person_months += 1.0;
        let secure = income.net_work >= income.norm && income.bijstand == 0.0;
        if secure {
            self.income_secure += 1.0;
            self.now.income_secure_months += 1.0;
        }
        if p.segment == Segment::Banenafspraak {
            self.banenafspraak[i] = true;
            self.banenafspraak_months.0 += 1.0;
            self.banenafspraak_months.1 += f64::from(u8::from(secure));
        }
        if p.state.paid_employment() {
            self.paid_months += 1.0;
            if p.contract == Contract::Permanent {
                self.permanent_months += 1.0;
            }
            if ctx.t == 0 && self.streak[i] == 0 && self.entered_work[i] != 0 {
                self.streak[i] = PRE_EXISTING;
            } else if self.streak[i] != PRE_EXISTING {
                self.streak[i] += 1;
                if self.streak[i] == 12 {
                    self.lasting += 1.0;
                }
            }
        } else {
            self.streak[i] = 0;
        }
        match p.state {
            State::Bijstand => self.now.bijstand_end += 1.0,
            State::Detached => self.now.detached_end += 1.0,
            State::Employed => self.now.employed_end += 1.0,
            State::Beschut => self.now.beschut_end += 1.0,
            State::Idle => {
                self.now.idle_end += 1.0;
                self.now.idle_months += 1.0;
                self.idle_months_wb[p.werkbedrijf as usize] += 1.0;
            }
            _ => {}
        }
        if p.state.working() {
            self.now.in_work_end += 1.0;
            if p.segment == Segment::Banenafspraak && p.state != State::Beschut {
                self.now.banenafspraak_jobs_end += p.hours_per_week / self.hours_per_job;
            }
        }
    }

    fn month_end(&mut self, ctx: &MonthCtx, month: &MonthEnd) {
        let y = self.year_index(ctx);
        self.ledger_years[y].add(month.ledger);
        let now = std::mem::take(&mut self.now);
        let year = &mut self.year[y];
        year.person_months += now.person_months;
        year.income_secure_months += now.income_secure_months;
        year.idle_months += now.idle_months;
        if ctx.year_end {
            year.in_work_end = now.in_work_end;
            year.detached_end = now.detached_end;
            year.employed_end = now.employed_end;
            year.beschut_end = now.beschut_end;
            year.idle_end = now.idle_end;
            year.bijstand_end = now.bijstand_end;
            year.banenafspraak_jobs_end = now.banenafspraak_jobs_end;
        }
        self.last_t = ctx.t;
        self.werkbedrijven_stopped = month.werkbedrijven_stopped as f64;
    }
}
