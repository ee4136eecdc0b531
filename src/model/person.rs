//! Persons of the Participatiewet caseload: attributes, states and the
//! person-level dynamics (readiness, loonwaarde growth, self-found work,
//! dropout). MODEL.md §3.

use rand::RngExt;
use rand_distr::{Beta, Distribution, Normal};

use crate::input::behaviour::Behaviour;
use crate::input::region::{Caseload, LoonwaardeDist, Region};
use crate::input::scenario::Segment;
use crate::policy::bijstand::Household;
use crate::policy::eligibility::Candidate;
use crate::rng::Stream;

/// The one state every person is in, every month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum State {
    /// On benefit, not in paid work; may be in an unpaid trajectory.
    Bijstand = 0,
    /// Employed by the werkbedrijf and placed at an inlener.
    Detached = 1,
    /// Employed by the werkbedrijf without a placement (leegloop).
    Idle = 2,
    /// Employed directly by a regular employer.
    Employed = 3,
    /// Unemployment insurance after a job loss with enough work history.
    Ww = 4,
    /// Sheltered work at the werkbedrijf, permanent contract.
    Beschut = 5,
    /// Out of scope (pension, moving, other).
    Exited = 6,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Bijstand,
        State::Detached,
        State::Idle,
        State::Employed,
        State::Ww,
        State::Beschut,
        State::Exited,
    ];

    pub fn id(self) -> &'static str {
        match self {
            State::Bijstand => "bijstand",
            State::Detached => "detached",
            State::Idle => "idle",
            State::Employed => "employed",
            State::Ww => "ww",
            State::Beschut => "beschut",
            State::Exited => "exited",
        }
    }

    /// Doing paid work this month (placed, employed or in beschut work).
    pub fn working(self) -> bool {
        matches!(self, State::Detached | State::Employed | State::Beschut)
    }

    /// Holding an employment contract (working, or idle at the werkbedrijf).
    pub fn paid_employment(self) -> bool {
        self.working() || self == State::Idle
    }

    /// Who pays the person's income: used to count churn between income sources.
    pub fn income_source(self) -> IncomeSource {
        match self {
            State::Bijstand => IncomeSource::Municipality,
            State::Detached | State::Idle | State::Beschut => IncomeSource::Werkbedrijf,
            State::Employed => IncomeSource::Employer,
            State::Ww => IncomeSource::Uwv,
            State::Exited => IncomeSource::None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomeSource {
    Municipality,
    Werkbedrijf,
    Employer,
    Uwv,
    None,
}

/// Whether a person keeps needing light support to hold a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Temporary,
    Lasting,
}

/// The person's employment contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    None,
    Temporary,
    Permanent,
}

pub use crate::policy::coaching::{Coaching, EmployerSupport};
pub use crate::policy::trajectory::Trajectory;

/// A person's id: their position in the world's `persons`, in order of
/// entry into the caseload (the initial stock first). Stable for the whole
/// replication; persons who leave scope keep theirs.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(u32);

impl PersonId {
    /// The id with number `n`.
    pub const fn new(n: u32) -> Self {
        PersonId(n)
    }

    /// The id of the person at `index` in the world's `persons`.
    pub fn from_index(index: usize) -> Self {
        PersonId(u32::try_from(index).expect("fewer than 2^32 persons in a replication"))
    }

    /// The position of the person in the world's `persons` (and in any
    /// per-person table an observer keeps).
    #[inline]
    pub const fn index(self) -> usize {
        self.0 as usize
    }
}

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Sentinel for "no employer".
pub const NO_EMPLOYER: u32 = u32::MAX;

/// One person (one benefit unit: a couple is one person on the couple norm).
#[derive(Debug, Clone)]
pub struct Person {
    pub state: State,
    pub segment: Segment,
    pub household: Household,
    pub support: Support,
    pub contract: Contract,
    pub coaching: Coaching,
    pub trajectory: Trajectory,
    /// Started a new spell this month: no further transitions this month.
    pub fresh: bool,
    /// Placed in beschut werk at an inlener rather than inside the werkbedrijf.
    pub beschut_detached: bool,
    pub municipality: u16,
    pub werkbedrijf: u16,
    /// The inlener (Detached) or the employer (Employed); [`NO_EMPLOYER`] otherwise.
    pub employer: u32,
    pub hours_per_week: f64,
    /// True loonwaarde `w`.
    pub loonwaarde: f64,
    /// Loonwaarde as last measured; the LKS and fee follow it.
    pub loonwaarde_measured: f64,
    /// Readiness `r` in [0, 1].
    pub readiness: f64,
    /// Match quality `q` of the current placement, in [0, 1].
    pub match_quality: f64,
    /// Months on benefit in the current bijstand spell (duration dependence).
    pub months_on_benefit: u32,
    /// Months in the current placement or job (`k`).
    pub spell_months: u32,
    /// Months with the current employer, renewals included (service for the transition payment).
    pub service_months: u32,
    /// Months until the planned end of the current contract or placement period.
    pub period_left: u32,
    /// Fixed-term contracts in the current chain, and their months.
    pub chain_contracts: u32,
    pub chain_months: u32,
    /// Months of coaching received in this job.
    pub coached_months: u32,
    /// Months of after-care left after a conversion.
    pub aftercare_left: u32,
    /// Whether the employer has taken over coaching in this job (hand-over completed).
    pub employer_support: EmployerSupport,
    /// Months since the loonwaarde was last measured.
    pub months_since_measure: u32,
    /// Months worked: bit 0 is the month just ended.
    pub work_bits: u64,
    /// Years of work history (WW duration).
    pub work_years: f64,
    /// WW: months left, months used, last monthly wage (EUR, incl. holiday pay).
    pub ww_left: u32,
    pub ww_used: u32,
    pub last_wage_eur_per_month: f64,
    /// Months of earnings disregard used in this bijstand period.
    pub disregard_used: u32,
}

/// Draw a Beta variate on `[min, max]` with the given mean and concentration.
fn scaled_beta(rng: &mut Stream, d: &LoonwaardeDist) -> f64 {
    let mu = (d.mean - d.min) / (d.max - d.min);
    let beta = Beta::new(mu * d.concentration, (1.0 - mu) * d.concentration).expect("validated beta parameters");
    d.min + (d.max - d.min) * beta.sample(rng)
}

/// Pick an index from shares that sum to one.
pub fn pick(rng: &mut Stream, shares: &[f64]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (i, s) in shares.iter().enumerate() {
        acc += s;
        if u < acc {
            return i;
        }
    }
    shares.len() - 1
}

impl Person {
    /// What the eligibility rules ([`crate::policy::eligibility`]) look at.
    pub fn candidate(&self) -> Candidate {
        Candidate {
            segment: self.segment,
            loonwaarde_measured: self.loonwaarde_measured,
            hours_per_week: self.hours_per_week,
        }
    }

    /// Draw a new person of municipality `municipality` entering bijstand.
    /// Always consumes the same number of draws, so inflows stay in step across
    /// scenarios run with the same seed.
    ///
    /// Attributes (region profile `[caseload]`, `[loonwaarde]`): segment and
    /// household by their shares; hours ~ Normal(hours_mean, hours_sd) clipped
    /// to [hours_min, hours_max]; readiness ~ Beta(readiness_alpha, readiness_beta);
    /// loonwaarde 1 for `ready`, else the segment's scaled Beta; lasting
    /// support with the segment's share; work history ~ Exponential(mean
    /// work_history_years_mean).
    ///
    /// `segment`: `None` draws it by the caseload's shares; `Some` forces it
    /// (initial beschut workers), with the same number of draws.
    pub fn draw(rng: &mut Stream, region: &Region, municipality: usize, segment: Option<Segment>) -> Person {
        let c: &Caseload = &region.caseload;
        let drawn = match pick(rng, &c.segment_shares) {
            0 => Segment::Ready,
            1 => Segment::Banenafspraak,
            _ => Segment::Beschut,
        };
        let segment = segment.unwrap_or(drawn);
        let household = match pick(rng, &c.household_shares) {
            0 => Household::Single,
            1 => Household::SingleParent,
            _ => Household::Couple,
        };
        let hours_dist = Normal::new(c.hours_mean, c.hours_sd).expect("validated sd");
        let hours_per_week = hours_dist.sample(rng).clamp(c.hours_min, c.hours_max);
        let readiness = Beta::new(c.readiness_alpha, c.readiness_beta)
            .expect("validated beta parameters")
            .sample(rng);
        let lw_ba = scaled_beta(rng, &region.loonwaarde_banenafspraak);
        let lw_bs = scaled_beta(rng, &region.loonwaarde_beschut);
        let loonwaarde = match segment {
            Segment::Ready => 1.0,
            Segment::Banenafspraak => lw_ba,
            Segment::Beschut => lw_bs,
        };
        let u_support: f64 = rng.random();
        let support = if u_support < c.needs_support[segment as usize] {
            Support::Lasting
        } else {
            Support::Temporary
        };
        let u_hist: f64 = rng.random();
        let work_years = -c.work_history_years_mean * (1.0 - u_hist).ln();
        let werkbedrijf = region.municipalities[municipality].werkbedrijf as u16;
        Person {
            state: State::Bijstand,
            segment,
            household,
            support,
            contract: Contract::None,
            coaching: Coaching::None,
            trajectory: Trajectory::Out,
            fresh: false,
            beschut_detached: false,
            municipality: municipality as u16,
            werkbedrijf,
            employer: NO_EMPLOYER,
            hours_per_week,
            loonwaarde,
            loonwaarde_measured: loonwaarde,
            readiness,
            match_quality: 0.0,
            months_on_benefit: 0,
            spell_months: 0,
            service_months: 0,
            period_left: 0,
            chain_contracts: 0,
            chain_months: 0,
            coached_months: 0,
            aftercare_left: 0,
            employer_support: EmployerSupport::None,
            months_since_measure: 0,
            work_bits: 0,
            work_years,
            ww_left: 0,
            ww_used: 0,
            last_wage_eur_per_month: 0.0,
            disregard_used: 0,
        }
    }

    /// Readiness dynamics for one month:
    ///
    /// `r ← r + a_work·(1 − r)·working + a_coach·(1 − r)·coached + a_trajectory·(1 − r)·in_trajectory − d_idle·r·idle`
    ///
    /// `idle` is on benefit (bijstand, WW) or idle at the werkbedrijf without
    /// internal work. Symbols: `readiness.*` in `calibration/behaviour/default.toml`.
    /// Source: MODEL.md §10 "Readiness" (the trajectory term is our addition:
    /// municipal trajectories aim at work rhythm).
    pub fn update_readiness(&mut self, b: &Behaviour, working: bool, coached: bool, idle: bool) {
        let r = self.readiness;
        let in_trajectory = self.state == State::Bijstand && self.trajectory == Trajectory::In;
        let mut next = r;
        if working {
            next += b.a_work * (1.0 - r);
        }
        if coached {
            next += b.a_coach * (1.0 - r);
        }
        if in_trajectory {
            next += b.a_trajectory * (1.0 - r);
        }
        if idle {
            next -= b.d_idle * r;
        }
        self.readiness = next.clamp(0.0, 1.0);
    }

    /// Loonwaarde growth while working: `w ← min(w_max, w + g_w · r)`, for
    /// persons below `w_max`; re-measured every `remeasure_months` months of
    /// work (the LKS follows the measured value). Source: MODEL.md §10.
    pub fn update_loonwaarde(&mut self, b: &Behaviour) {
        if self.loonwaarde < b.w_max {
            self.loonwaarde = (self.loonwaarde + b.g_w * self.readiness).min(b.w_max);
        }
        self.months_since_measure += 1;
        if self.months_since_measure >= b.remeasure_months {
            self.loonwaarde_measured = self.loonwaarde;
            self.months_since_measure = 0;
        }
    }
}

/// Precomputed duration factor `exp(−dur_decay × min(d, 60) / 12)` for d = 0..=60.
pub struct DurationTable([f64; 61]);

impl DurationTable {
    pub fn new(b: &Behaviour) -> Self {
        let mut t = [0.0; 61];
        for (d, v) in t.iter_mut().enumerate() {
            *v = (-b.dur_decay * d as f64 / 12.0).exp();
        }
        DurationTable(t)
    }

    pub fn at(&self, months_on_benefit: u32) -> f64 {
        self.0[months_on_benefit.min(60) as usize]
    }
}

/// Monthly hazard of finding a regular job unaided, from bijstand:
///
/// `h = self_base[segment] × exp(−dur_decay × min(months_on_benefit, 60) / 12) × (0.5 + r) × cycle(t)`
///
/// (times `ww_factor` for persons on WW). Symbols: `self_found.*` in the
/// behaviour file; `cycle(t)` from [`crate::model::economy::cycle`].
/// Source: MODEL.md §10 "Self-found work"; duration dependence from CBS 2008
/// (calibration-sources.md §1).
pub fn self_found_hazard(b: &Behaviour, table: &DurationTable, p: &Person, cycle: f64) -> f64 {
    b.self_base[p.segment as usize] * table.at(p.months_on_benefit) * (0.5 + p.readiness) * cycle
}

/// Monthly hazard of dropping out of a job (not the contract ending):
///
/// `h = drop_base × (1 − r)^drop_shape × (1 + drop_unsupported × needs_support × no_coaching) × demand_drop(t)`
///
/// Symbols: `dropout.*` in the behaviour file; `needs_support` is 1 for
/// persons needing lasting support; `no_coaching` is 1 when no jobcoach,
/// hand-over or after-care supports them. Source: MODEL.md §10 "Dropout".
pub fn dropout_hazard(b: &Behaviour, p: &Person, supported: bool, demand_drop: f64) -> f64 {
    let unsupported = if p.support == Support::Lasting && !supported {
        b.drop_unsupported
    } else {
        0.0
    };
    b.drop_base * (1.0 - p.readiness).powf(b.drop_shape) * (1.0 + unsupported) * demand_drop
}
