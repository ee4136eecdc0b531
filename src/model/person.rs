//! Persons of the Participatiewet caseload: attributes, states and the
//! person-level dynamics (readiness, loonwaarde growth, self-found work,
//! dropout). docs/ODD.md §2.1.

use rand::RngExt;
use rand_distr::{Beta, Distribution, Normal};

use crate::calendar::MONTHS_PER_YEAR;
use crate::input::behaviour::Behaviour;
use crate::input::region::{Caseload, LoonwaardeDist, Region};
use crate::input::scenario::Segment;
use crate::policy::bijstand::Household;
use crate::policy::coaching::{Progress, Supported};
use crate::policy::eligibility::{Candidate, LksTarget};
use crate::policy::toeslagenwet::TwPartner;
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
    /// Couples only: excluded from the Toeslagenwet by the partner's birth
    /// year (set when the person enters, [`crate::model::World::add_person`]).
    pub tw_partner: TwPartner,
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
    /// Months on benefit in the current benefit spell (bijstand, or WW):
    /// the self-found hazard's duration dependence. It restarts at each
    /// bijstand or WW entry and grows only on benefit, so while the person
    /// works it holds the length of the spell before the job, which the
    /// dropout hazard reads ([`prior_benefit`]).
    pub months_on_benefit: u32,
    /// Months in the current placement or job (`k` of the fee and the
    /// conversion; restarts at a conversion).
    pub spell_months: u32,
    /// Months at the current workplace, `k` of the dropout hazard's tenure
    /// factor ([`tenure_factor`]): at the inlener while detached; at the
    /// employer while employed directly, the months detached at that inlener
    /// before a conversion included (a conversion does not restart it); the
    /// months of the idle spell while idle; the months of the beschut place.
    /// Restarts at every new placement, direct job, idle spell and beschut
    /// place.
    pub tenure_months: u32,
    /// Months with the current employer, renewals included (LKS and LKV
    /// follow them; with [`Person::prior_service_months`] the service for the
    /// transition payment).
    pub service_months: u32,
    /// Months with earlier employers that count as this employer's service
    /// for the transition payment under successive employership (art. 7:673
    /// lid 4(b) BW): the werkbedrijf's months of a person it converted.
    pub prior_service_months: u32,
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
    /// Whether the person is in the Participatiewet's target group and so can
    /// bring LKS: set on entering bijstand (`In`) and WW (`Out`)
    /// ([`crate::policy::eligibility::LksTarget`]).
    pub lks_target: LksTarget,
}

/// A Beta variate on `[min, max]` with a given mean and concentration `c`:
///
/// `x = min + (max − min) · Beta(μ'·c, (1 − μ')·c)`, `μ' = (mean − min) / (max − min)`
///
/// Symbols: the region profile's `[loonwaarde.<segment>]` `min`, `max`,
/// `mean`, `concentration`. Built once per world ([`AttributeDraws`]).
#[derive(Debug, Clone, Copy)]
pub struct ScaledBeta {
    min: f64,
    max: f64,
    beta: Beta<f64>,
}

impl ScaledBeta {
    pub fn new(d: &LoonwaardeDist) -> Self {
        let mu = (d.mean - d.min) / (d.max - d.min);
        let beta = Beta::new(mu * d.concentration, (1.0 - mu) * d.concentration).expect("validated beta parameters");
        ScaledBeta {
            min: d.min,
            max: d.max,
            beta,
        }
    }

    pub fn sample(&self, rng: &mut Stream) -> f64 {
        self.min + (self.max - self.min) * self.beta.sample(rng)
    }
}

/// The distributions of a new person's attributes, built once per world from
/// the region profile (not per person).
#[derive(Debug, Clone)]
pub struct AttributeDraws {
    /// Hours per week ~ Normal(`hours_mean`, `hours_sd`), clipped afterwards.
    hours: Normal<f64>,
    /// Readiness ~ Beta(`readiness_alpha`, `readiness_beta`).
    readiness: Beta<f64>,
    loonwaarde_banenafspraak: ScaledBeta,
    loonwaarde_beschut: ScaledBeta,
}

impl AttributeDraws {
    pub fn new(region: &Region) -> Self {
        let c = &region.caseload;
        AttributeDraws {
            hours: Normal::new(c.hours_mean, c.hours_sd).expect("validated sd"),
            readiness: Beta::new(c.readiness_alpha, c.readiness_beta).expect("validated beta parameters"),
            loonwaarde_banenafspraak: ScaledBeta::new(&region.loonwaarde_banenafspraak),
            loonwaarde_beschut: ScaledBeta::new(&region.loonwaarde_beschut),
        }
    }
}

/// An exponential variate with mean `mean` by inversion of one uniform draw
/// `u` in [0, 1): `x = −mean · ln(1 − u)`. Used for the work history (years)
/// and the benefit duration of the initial caseload (months).
pub fn exponential(mean: f64, u: f64) -> f64 {
    -mean * (1.0 - u).ln()
}

/// Pick an index from shares that sum to one: the first `i` with
/// `u < Σ_{j ≤ i} shares[j]` for one uniform draw `u` (the last index if
/// rounding leaves the sum below `u`).
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
        Person::draw_from(rng, &AttributeDraws::new(region), region, municipality, segment)
    }

    /// [`Person::draw`] with the region's distributions built beforehand
    /// (once per world, [`crate::model::World`]).
    pub fn draw_from(
        rng: &mut Stream,
        draws: &AttributeDraws,
        region: &Region,
        municipality: usize,
        segment: Option<Segment>,
    ) -> Person {
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
        let hours_per_week = draws.hours.sample(rng).clamp(c.hours_min, c.hours_max);
        let readiness = draws.readiness.sample(rng);
        let lw_ba = draws.loonwaarde_banenafspraak.sample(rng);
        let lw_bs = draws.loonwaarde_beschut.sample(rng);
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
        let work_years = exponential(c.work_history_years_mean, u_hist);
        let werkbedrijf = region.municipalities[municipality].werkbedrijf as u16;
        Person {
            state: State::Bijstand,
            segment,
            household,
            tw_partner: TwPartner::Entitled,
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
            tenure_months: 0,
            service_months: 0,
            prior_service_months: 0,
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
            lks_target: LksTarget::In,
        }
    }

    /// The months of service the transition payment counts:
    /// `service_months + prior_service_months` (successive employership,
    /// art. 7:673 lid 4(b) BW; docs/ODD.md §7.7, §7.16).
    pub fn transition_service_months(&self) -> u32 {
        self.service_months + self.prior_service_months
    }

    /// The coaching record of the current job ([`crate::policy::coaching::Progress`]).
    pub fn coaching_progress(&self) -> Progress {
        Progress {
            status: self.coaching,
            coached_months: self.coached_months,
            aftercare_left: self.aftercare_left,
            support: self.employer_support,
        }
    }

    /// Store the coaching record of the current job.
    pub fn set_coaching_progress(&mut self, progress: Progress) {
        self.coaching = progress.status;
        self.coached_months = progress.coached_months;
        self.aftercare_left = progress.aftercare_left;
        self.employer_support = progress.support;
    }

    /// One month of readiness ([`readiness_step`]).
    pub fn update_readiness(&mut self, b: &Behaviour, month: ReadinessMonth) {
        self.readiness = readiness_step(b, self.readiness, month);
    }

    /// One month of loonwaarde growth while working ([`loonwaarde_growth`]);
    /// re-measured every `loonwaarde_growth.remeasure_months` months of work (the
    /// LKS and the fee follow the measured value). Source: docs/ODD.md §7.22;
    /// yearly re-measurement, docs/sources.md#legal-6.
    pub fn update_loonwaarde(&mut self, b: &Behaviour) {
        self.loonwaarde = loonwaarde_growth(b, self.loonwaarde, self.readiness);
        self.months_since_measure += 1;
        if self.months_since_measure >= b.remeasure_months {
            self.loonwaarde_measured = self.loonwaarde;
            self.months_since_measure = 0;
        }
    }
}

/// Whether a working person was coached this month (jobcoach or after-care).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coached {
    Yes,
    No,
}

/// What a person's month was, for readiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadinessMonth {
    /// In paid work (placed, employed, beschut).
    Working(Coached),
    /// On benefit (bijstand, WW) or idle at the werkbedrijf without internal
    /// work; on bijstand possibly in a municipal trajectory.
    Inactive(Trajectory),
    /// Idle at the werkbedrijf doing internal work: neither gains nor losses.
    InternalWork,
}

/// Readiness after one month:
///
/// `r' = clamp(r + a_work·(1 − r)·working + a_coach·(1 − r)·coached + a_trajectory·(1 − r)·in_trajectory − d_idle·r·inactive, 0, 1)`
///
/// Symbols (`calibration/behaviour/default.toml`): `readiness.a_work`,
/// `readiness.a_coach`, `readiness.a_trajectory` (shares of the gap to 1 per
/// month), `readiness.d_idle` (share lost per month); `r` readiness in [0, 1].
/// Source: docs/ODD.md §7.21 (spec reference form "Readiness"; the trajectory
/// term is our addition: municipal trajectories aim at work rhythm).
pub fn readiness_step(b: &Behaviour, r: f64, month: ReadinessMonth) -> f64 {
    let mut next = r;
    match month {
        ReadinessMonth::Working(coached) => {
            next += b.a_work * (1.0 - r);
            if coached == Coached::Yes {
                next += b.a_coach * (1.0 - r);
            }
        }
        ReadinessMonth::Inactive(trajectory) => {
            if trajectory == Trajectory::In {
                next += b.a_trajectory * (1.0 - r);
            }
            next -= b.d_idle * r;
        }
        ReadinessMonth::InternalWork => {}
    }
    next.clamp(0.0, 1.0)
}

/// Loonwaarde after one month of work:
///
/// `w' = min(w_max, w + g_w · r)` for `w < w_max`, else `w`
///
/// Symbols: `loonwaarde_growth.g_w` (share per month at readiness 1),
/// `loonwaarde_growth.w_max` (share) in the behaviour file; `r` readiness.
/// Source: docs/ODD.md §7.22 (spec reference form "Loonwaarde growth").
pub fn loonwaarde_growth(b: &Behaviour, w: f64, r: f64) -> f64 {
    if w < b.w_max { (w + b.g_w * r).min(b.w_max) } else { w }
}

/// Months on benefit after which the self-found hazard stops falling (the
/// spec's `min(months_on_benefit, 60)`, docs/ODD.md §7.19).
pub const DURATION_CAP_MONTHS: u32 = 60;

/// Readiness offset of the self-found hazard: at readiness 0 a person finds
/// work at half the segment's base rate, at readiness 1 at 1.5 times it (the
/// spec's `(0.5 + r)`, docs/ODD.md §7.19).
pub const SELF_FOUND_READINESS_OFFSET: f64 = 0.5;

/// Precomputed duration factor `exp(−dur_decay × min(d, 60) / 12)` for
/// d = 0..=[`DURATION_CAP_MONTHS`], built once per world.
pub struct DurationTable([f64; DURATION_CAP_MONTHS as usize + 1]);

impl DurationTable {
    pub fn new(b: &Behaviour) -> Self {
        let mut t = [0.0; DURATION_CAP_MONTHS as usize + 1];
        for (d, v) in t.iter_mut().enumerate() {
            *v = (-b.dur_decay * d as f64 / MONTHS_PER_YEAR).exp();
        }
        DurationTable(t)
    }

    pub fn at(&self, months_on_benefit: u32) -> f64 {
        self.0[months_on_benefit.min(DURATION_CAP_MONTHS) as usize]
    }
}

/// Monthly hazard of finding a regular job unaided, from bijstand:
///
/// `h = self_base[segment] × exp(−dur_decay × min(months_on_benefit, 60) / 12) × (0.5 + r) × cycle(t)`
///
/// (times `ww_factor` for persons on WW, [`crate::model::uwv`]). Symbols:
/// `self_found.base_ready`, `base_banenafspraak`, `base_beschut` (per month),
/// `self_found.dur_decay` (per year on benefit) in the behaviour file;
/// `r` readiness; `cycle(t)` from [`crate::model::economy::cycle`]; 60 is
/// [`DURATION_CAP_MONTHS`], 0.5 [`SELF_FOUND_READINESS_OFFSET`]. Source:
/// docs/ODD.md §7.19; duration dependence from CBS 2008,
/// docs/sources.md#calibration-1.
pub fn self_found_hazard(b: &Behaviour, table: &DurationTable, p: &Person, cycle: f64) -> f64 {
    b.self_base[p.segment as usize]
        * table.at(p.months_on_benefit)
        * (SELF_FOUND_READINESS_OFFSET + p.readiness)
        * cycle
}

/// Tenure factor of the dropout hazard after `k` months at the workplace:
///
/// `tenure(k) = drop_tenure_floor + (1 − drop_tenure_floor) × exp(−k / drop_tenure_months)`
///
/// 1 at the start of a job, falling towards `drop_tenure_floor` with time
/// constant `drop_tenure_months`. Symbols: `dropout.drop_tenure_floor`
/// (share), `dropout.drop_tenure_months` (months) in the behaviour file; `k`
/// = [`Person::tenure_months`], months completed. Source: spec §10 "Dropout
/// from a job" (docs/ODD.md §7.20): observed relapse hazards fall with time
/// in work (docs/sources.md#calibration-1: 14% back within 6 months, 20%
/// within a year).
pub fn tenure_factor(b: &Behaviour, k: u32) -> f64 {
    b.drop_tenure_floor + (1.0 - b.drop_tenure_floor) * (-(k as f64) / b.drop_tenure_months).exp()
}

/// How long the benefit spell before the current job lasted, for dropout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriorBenefit {
    /// Shorter than `dropout.drop_long_benefit_months`.
    Short,
    /// At least `dropout.drop_long_benefit_months`.
    Long,
}

/// The benefit spell before the job of a person at work: `Long` when
/// [`Person::months_on_benefit`] (the spell before the job: bijstand, or WW
/// for a job found from WW; docs/ODD.md §8 assumption 30) is at least
/// `dropout.drop_long_benefit_months`.
pub fn prior_benefit(b: &Behaviour, p: &Person) -> PriorBenefit {
    if p.months_on_benefit >= b.drop_long_benefit_months {
        PriorBenefit::Long
    } else {
        PriorBenefit::Short
    }
}

/// Monthly hazard of dropping out of a job (not the contract ending):
///
/// `h = drop_base × (1 − r)^drop_shape × (1 + drop_unsupported × needs_support × no_coaching) × tenure(k) × (1 + drop_temporary × temporary) × (1 + drop_long_benefit × long_prior_benefit) × demand_drop(t)`
///
/// Symbols: `dropout.drop_base` (per month), `dropout.drop_shape`,
/// `dropout.drop_unsupported`, `dropout.drop_temporary`,
/// `dropout.drop_long_benefit` (relative increases) in the behaviour file;
/// `r` readiness; `needs_support` is 1 for persons needing lasting support;
/// `no_coaching` is 1 when no jobcoach, hand-over or after-care supports them
/// ([`crate::policy::coaching::supported`]); `tenure(k)` from
/// [`tenure_factor`]; `temporary` is 1 on a temporary contract
/// ([`Contract::Temporary`]: a direct fixed-term contract, or the
/// werkbedrijf's `match-placement` contract of a detached or idle person,
/// [`crate::model::werkbedrijf::contract_kind`]), 0 on a permanent one;
/// `long_prior_benefit` is 1 when the benefit spell before the job was long
/// ([`prior_benefit`], `dropout.drop_long_benefit_months`);
/// `demand_drop(t)` from [`crate::model::economy::demand_drop`]. Source:
/// docs/ODD.md §7.20 (spec §10 "Dropout from a job"); the modifiers are
/// Divosa's (2019): longer prior bijstand and flexible or temporary jobs
/// mean more relapse (docs/sources.md#calibration-1).
pub fn dropout_hazard(b: &Behaviour, p: &Person, supported: Supported, demand_drop: f64) -> f64 {
    let unsupported = if p.support == Support::Lasting && supported == Supported::No {
        b.drop_unsupported
    } else {
        0.0
    };
    let temporary = match p.contract {
        Contract::Temporary => b.drop_temporary,
        Contract::Permanent | Contract::None => 0.0,
    };
    let long_benefit = match prior_benefit(b, p) {
        PriorBenefit::Long => b.drop_long_benefit,
        PriorBenefit::Short => 0.0,
    };
    b.drop_base
        * (1.0 - p.readiness).powf(b.drop_shape)
        * (1.0 + unsupported)
        * tenure_factor(b, p.tenure_months)
        * (1.0 + temporary)
        * (1.0 + long_benefit)
        * demand_drop
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;
    use crate::rng::{Purpose, stream};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    fn behaviour() -> Behaviour {
        let mut b = baseline().behaviour.clone();
        b.a_work = 0.1;
        b.a_coach = 0.05;
        b.a_trajectory = 0.02;
        b.d_idle = 0.04;
        b.g_w = 0.01;
        b.w_max = 0.9;
        b
    }

    #[test]
    fn readiness_rises_at_work_and_falls_when_inactive() {
        let b = behaviour();
        // 0.4 + 0.1 × 0.6 + 0.05 × 0.6
        assert!(close(
            readiness_step(&b, 0.4, ReadinessMonth::Working(Coached::Yes)),
            0.49
        ));
        assert!(close(
            readiness_step(&b, 0.4, ReadinessMonth::Working(Coached::No)),
            0.46
        ));
        // 0.4 + 0.02 × 0.6 − 0.04 × 0.4
        assert!(close(
            readiness_step(&b, 0.4, ReadinessMonth::Inactive(Trajectory::In)),
            0.396
        ));
        assert!(close(
            readiness_step(&b, 0.4, ReadinessMonth::Inactive(Trajectory::Out)),
            0.384
        ));
        assert_eq!(readiness_step(&b, 0.4, ReadinessMonth::InternalWork), 0.4);
        let mut fast = b.clone();
        fast.a_work = 2.0;
        assert_eq!(
            readiness_step(&fast, 0.9, ReadinessMonth::Working(Coached::No)),
            1.0,
            "clamped to 1"
        );
    }

    #[test]
    fn loonwaarde_grows_with_readiness_up_to_the_cap() {
        let b = behaviour();
        assert!(close(loonwaarde_growth(&b, 0.5, 0.4), 0.504));
        assert_eq!(loonwaarde_growth(&b, 0.895, 1.0), 0.9, "capped at w_max");
        assert_eq!(loonwaarde_growth(&b, 0.95, 1.0), 0.95, "above w_max: unchanged");
    }

    #[test]
    fn self_found_duration_cap_and_readiness_offset() {
        let b = behaviour();
        let t = DurationTable::new(&b);
        assert_eq!(t.at(0), 1.0);
        assert!(close(t.at(12), (-b.dur_decay).exp()));
        assert_eq!(
            t.at(DURATION_CAP_MONTHS),
            t.at(10 * DURATION_CAP_MONTHS),
            "no decay beyond the cap"
        );
        let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &baseline().region, 0, None);
        p.segment = Segment::Ready;
        p.months_on_benefit = 0;
        p.readiness = 0.0;
        // readiness 0: half the base rate, times the cycle
        assert!(close(self_found_hazard(&b, &t, &p, 1.2), b.self_base[0] * 0.5 * 1.2));
        p.readiness = 1.0;
        assert!(close(self_found_hazard(&b, &t, &p, 1.0), b.self_base[0] * 1.5));
    }

    /// Dropout parameters with every factor of the hazard switched on.
    fn dropout_behaviour() -> Behaviour {
        let mut b = behaviour();
        b.drop_base = 0.02;
        b.drop_shape = 2.0;
        b.drop_unsupported = 1.0;
        b.drop_tenure_floor = 0.25;
        b.drop_tenure_months = 6.0;
        b.drop_temporary = 0.5;
        b.drop_long_benefit = 1.0;
        b.drop_long_benefit_months = 24;
        b
    }

    #[test]
    fn dropout_numbers() {
        let b = dropout_behaviour();
        let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &baseline().region, 0, None);
        p.readiness = 0.5;
        p.support = Support::Lasting;
        p.contract = Contract::Permanent;
        p.months_on_benefit = 0;
        p.tenure_months = 0;
        // first month, permanent, short prior spell: 0.02 × 0.5² × (1 + 1) × 1 × 1 × 1 × 1
        assert!(close(dropout_hazard(&b, &p, Supported::No, 1.0), 0.01));
        assert!(close(dropout_hazard(&b, &p, Supported::Yes, 1.0), 0.005));
        p.support = Support::Temporary;
        assert!(close(dropout_hazard(&b, &p, Supported::No, 1.5), 0.0075));
        // a temporary contract: × (1 + 0.5)
        p.contract = Contract::Temporary;
        assert!(close(dropout_hazard(&b, &p, Supported::No, 1.0), 0.0075));
        // a prior spell of 24 months is long: × (1 + 1); 23 months is not
        p.months_on_benefit = 23;
        assert_eq!(prior_benefit(&b, &p), PriorBenefit::Short);
        assert!(close(dropout_hazard(&b, &p, Supported::No, 1.0), 0.0075));
        p.months_on_benefit = 24;
        assert_eq!(prior_benefit(&b, &p), PriorBenefit::Long);
        assert!(close(dropout_hazard(&b, &p, Supported::No, 1.0), 0.015));
        // after 6 months at the workplace: × (0.25 + 0.75 × e^−1) = × 0.5259095808785817
        p.tenure_months = 6;
        assert!(close(
            dropout_hazard(&b, &p, Supported::No, 1.0),
            0.015 * 0.5259095808785817
        ));
    }

    #[test]
    fn the_tenure_factor_falls_from_one_to_the_floor() {
        let mut b = dropout_behaviour();
        assert_eq!(tenure_factor(&b, 0), 1.0);
        // 0.25 + 0.75 × e^−1, 0.25 + 0.75 × e^−2
        assert!(close(tenure_factor(&b, 6), 0.5259095808785817));
        assert!(close(tenure_factor(&b, 12), 0.3515014624274595));
        let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &baseline().region, 0, None);
        p.readiness = 0.5;
        let mut last = f64::INFINITY;
        for k in 0..=120 {
            p.tenure_months = k;
            let h = dropout_hazard(&b, &p, Supported::Yes, 1.0);
            assert!(h < last, "the hazard falls with months in the job (k = {k})");
            last = h;
        }
        p.tenure_months = 0;
        let start = dropout_hazard(&b, &p, Supported::Yes, 1.0);
        assert!((last / start - 0.25).abs() < 1e-6, "after ten years: the floor");
        // a floor of 1 switches tenure off
        b.drop_tenure_floor = 1.0;
        assert_eq!(tenure_factor(&b, 0), 1.0);
        assert_eq!(tenure_factor(&b, 36), 1.0);
    }

    #[test]
    fn exponential_by_inversion_and_pick_by_cumulative_shares() {
        assert_eq!(exponential(2.0, 0.0), 0.0);
        assert!(close(exponential(2.0, 1.0 - (-1.0f64).exp()), 2.0));
        let mut rng = stream(3, 0, Purpose::Attributes);
        for _ in 0..100 {
            assert_eq!(pick(&mut rng, &[0.0, 1.0, 0.0]), 1);
            assert_eq!(pick(&mut rng, &[0.0, 0.0, 0.0]), 2, "rounding falls to the last index");
        }
    }

    #[test]
    fn distributions_built_once_draw_the_same_persons() {
        let region = &baseline().region;
        let draws = AttributeDraws::new(region);
        let mut a = stream(9, 2, Purpose::Attributes);
        let mut b = stream(9, 2, Purpose::Attributes);
        for _ in 0..200 {
            let p = Person::draw(&mut a, region, 0, None);
            let q = Person::draw_from(&mut b, &draws, region, 0, None);
            assert_eq!(
                (
                    p.segment,
                    p.household,
                    p.support,
                    p.hours_per_week,
                    p.readiness,
                    p.loonwaarde,
                    p.work_years
                ),
                (
                    q.segment,
                    q.household,
                    q.support,
                    q.hours_per_week,
                    q.readiness,
                    q.loonwaarde,
                    q.work_years
                )
            );
        }
    }
}
