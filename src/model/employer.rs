//! Employers: the population, their openings and every decision they take
//! about a candidate, a detachering or a contract. docs/ODD.md §2.3.

use rand::RngExt;
use rand_distr::{Beta, Distribution, Normal, Poisson};

use crate::input::behaviour::Behaviour;
use crate::input::legal::Sector;
use crate::input::region::EmployerProfile;
use crate::model::month::MonthCtx;
use crate::model::payments::no_risk_level;
use crate::model::person::{Coaching, Person, pick};
use crate::policy::coaching::Supported;
use crate::policy::eligibility::{self, Activity};
use crate::policy::lks::{self, FlatStart};
use crate::policy::wage::{self, ContractKind};
use crate::rng::Stream;

/// Size classes of employers.
pub const SIZE_CLASSES: [&str; 3] = ["small", "medium", "large"];
/// Social-partnership categories A–E.
pub const CATEGORIES: [&str; 5] = ["A", "B", "C", "D", "E"];

/// One employer.
#[derive(Debug, Clone)]
pub struct Employer {
    /// Index into [`CATEGORIES`].
    pub category: u8,
    /// `agency_margin_e`: the agency's rate for this employer's flexible
    /// labour as a multiple of the agency's wage cost; see [`Employer::c_alt`].
    pub agency_margin: f64,
    /// `ρ_e`: risk aversion (koudwatervrees), EUR per hour at full perceived risk.
    pub risk_aversion: f64,
}

impl Employer {
    /// `c_alt(t)`: the cost of an hour of regular flexible labour (the
    /// agency rate), a multiple of `m(t)`:
    ///
    /// `c_alt(t) = agency_margin_e × (1 + holiday) × (1 + charges_flexible(t, regime)) × (1 + transition_accrual(regime))`
    ///
    /// The month's factor after the margin is computed once per month
    /// ([`MonthCtx::agency_cost_factor`], [`wage::agency_cost_factor`]);
    /// `agency_margin_e` is drawn per employer ([`Employers::draw`]). Every
    /// use of the agency rate goes through here. Source: docs/ODD.md §7.11.
    pub fn c_alt(&self, ctx: &MonthCtx) -> f64 {
        self.agency_margin * ctx.agency_cost_factor
    }
}

/// The employer population, ordered by size class.
#[derive(Debug, Clone)]
pub struct Employers {
    pub list: Vec<Employer>,
    /// `class_start[s]..class_start[s + 1]` are the employers of size class `s`.
    class_start: [u32; 4],
    openings_per_month: [f64; 3],
}

impl Employers {
    /// Draw the population: category by its share; `agency_margin_e ~
    /// Normal(agency_margin_mean, agency_margin_sd)` floored at
    /// `agency_margin_min`; `ρ_e ~ Normal(risk_aversion_mean,
    /// risk_aversion_sd)` floored at 0. Region profile `[employers]`.
    pub fn draw(rng: &mut Stream, p: &EmployerProfile) -> Self {
        let margin = Normal::new(p.agency_margin_mean, p.agency_margin_sd).expect("validated sd");
        let rho =
            Normal::new(p.risk_aversion_mean_eur_per_hour, p.risk_aversion_sd_eur_per_hour).expect("validated sd");
        let mut list = Vec::new();
        let mut class_start = [0u32; 4];
        for (s, &count) in p.counts.iter().enumerate() {
            class_start[s] = list.len() as u32;
            for _ in 0..count {
                list.push(Employer {
                    category: pick(rng, &p.category_shares) as u8,
                    agency_margin: margin.sample(rng).max(p.agency_margin_min),
                    risk_aversion: rho.sample(rng).max(0.0),
                });
            }
        }
        class_start[3] = list.len() as u32;
        Employers {
            list,
            class_start,
            openings_per_month: p.openings_per_month,
        }
    }

    /// This month's openings, as employer indices appended to `out`
    /// (the Poisson distribution is built per size class and month because
    /// its rate follows the cycle):
    /// per size class `s`, `Poisson(count_s × openings_per_month_s × cycle(t))`
    /// openings, each at an employer drawn uniformly within the class. The sum
    /// of independent Poisson counts per employer is Poisson with the summed
    /// rate, so this is docs/ODD.md §7.10 without visiting every employer.
    pub fn openings(&self, rng: &mut Stream, cycle: f64, out: &mut Vec<u32>) {
        for s in 0..3 {
            let (lo, hi) = (self.class_start[s], self.class_start[s + 1]);
            let rate = (hi - lo) as f64 * self.openings_per_month[s] * cycle;
            if rate <= 0.0 {
                continue;
            }
            let n = Poisson::new(rate).expect("positive rate").sample(rng) as u64;
            for _ in 0..n {
                out.push(rng.random_range(lo..hi));
            }
        }
    }

    /// An employer drawn uniformly (for self-found jobs and beschut placements).
    pub fn random(&self, rng: &mut Stream) -> u32 {
        rng.random_range(0..self.list.len() as u32)
    }

    /// After a good experience (a conversion, [`EXPERIENCE_MONTHS`] of work).
    pub fn good_experience(&mut self, e: u32, b: &Behaviour) {
        let rho = &mut self.list[e as usize].risk_aversion;
        *rho = learned(b, *rho, Experience::Good);
    }

    /// After a failure (dropout, early end).
    pub fn bad_experience(&mut self, e: u32, b: &Behaviour) {
        let rho = &mut self.list[e as usize].risk_aversion;
        *rho = learned(b, *rho, Experience::Bad);
    }
}

/// Months in a job or placement after which the employer counts it as a good
/// experience (docs/ODD.md §8 assumption 20: "12 months in a job or placement").
pub const EXPERIENCE_MONTHS: u32 = 12;

/// How an employment turned out, for the employer's learning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Experience {
    /// A conversion, or [`EXPERIENCE_MONTHS`] of work.
    Good,
    /// A dropout or an early end.
    Bad,
}

/// Employer learning (koudwatervrees):
///
/// `ρ_e' = ρ_e × (1 − learn_down)` after a good experience,
/// `ρ_e' = ρ_e × (1 + learn_up)` after a bad one
///
/// Symbols: `ρ_e` risk aversion (EUR per hour at full perceived risk);
/// `employer.learn_down`, `employer.learn_up` (shares) in the behaviour file.
/// Source: docs/ODD.md §7.24 (multiplicative form: §8 assumption 20).
pub fn learned(b: &Behaviour, rho: f64, experience: Experience) -> f64 {
    match experience {
        Experience::Good => rho * (1.0 - b.learn_down),
        Experience::Bad => rho * (1.0 + b.learn_up),
    }
}

/// Whether the policy allows an option of a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    Yes,
    No,
}

/// Per-hour costs and values of one person at one employer in one month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HourEconomics {
    /// Value of an hour of the person's work: `w × c_alt × m(t)`.
    pub value: f64,
    /// Net cost of direct employment on a temporary contract, per hour:
    /// `m·cao·(1 + holiday)(1 + charges_temp) − LKS_h − LKV_h + sick_h + admin_h`.
    pub direct_cost_temporary: f64,
    /// The difference in employer charges between a temporary and a
    /// permanent contract, per hour (the WAB's premium differential).
    pub permanent_saving: f64,
    /// Perceived risk premium at the start: `ρ_e × (1 − r)`.
    pub risk: f64,
}

impl HourEconomics {
    /// The same economics with the perceived risk of a supported person
    /// ([`supported_risk`]): for the employer's decisions about a person it
    /// employs or has placed (conversion, period end, renewal, permanence).
    pub fn with_support(self, b: &Behaviour, supported: Supported) -> Self {
        HourEconomics {
            risk: supported_risk(b, self.risk, supported),
            ..self
        }
    }
}

/// The perceived risk while the person is supported at work:
///
/// `ρ_e·R × (1 − support_risk_relief)` when supported (a jobcoach, the
/// employer's support after hand-over until it lapses, after-care:
/// [`crate::policy::coaching::supported`]), `ρ_e·R` otherwise
///
/// Symbols: `support.support_risk_relief` (share, behaviour file); `ρ_e·R`
/// the perceived risk (EUR/h, [`HourEconomics::risk`]). It enters the
/// conversion probability, the period-end convert utility and the
/// contract-end permanent and renew utilities, each with its trust decay.
/// Source: spec §4 "Support at work", §10 "Employer's choice";
/// docs/sources.md#seed-002 (the time supervision costs is behind the
/// employer's fear; the coach takes it over); docs/ODD.md §7.16–7.18.
pub fn supported_risk(b: &Behaviour, risk: f64, supported: Supported) -> f64 {
    match supported {
        Supported::Yes => risk * (1.0 - b.support_risk_relief),
        Supported::No => risk,
    }
}

/// The employer's per-hour economics of a person (docs/ODD.md §7.11–7.12).
///
/// `sick_h = sick_share × wage cost_h × (1 − no-riskpolis level if covered)`,
/// the level by year of sickness from [`no_risk_level`];
/// the wage cost includes the 8% holiday pay (a cost when earned, docs/ODD.md §7.1);
/// `admin_h` (`employer.admin_eur_per_hour`) applies to employment with LKS.
/// `months_employed` sets the flat LKS and the LKV period. Symbols:
/// `employer.sick_share` (share of paid hours), `employer.admin_eur_per_hour`
/// (EUR/h) in the behaviour file; `holiday_pay_share`, `no_risk_benefit_share_year1/2`
/// and the charges in `calibration/legal/nl.toml` (a regular employer pays the
/// average sector premium before the WAB); `c_alt` (multiple of `m`,
/// [`Employer::c_alt`]) and `ρ_e` (EUR/h) per employer; all results
/// EUR per paid hour.
pub fn hour_economics(
    ctx: &MonthCtx,
    b: &Behaviour,
    p: &Person,
    e: &Employer,
    wage_factor: f64,
    flat: FlatStart,
    months_employed: u32,
) -> HourEconomics {
    let legal = ctx.legal;
    let lm = &ctx.lm;
    let m = lm.minimum_wage_hour;
    let wage_h = m * wage_factor * (1.0 + legal.holiday_pay_share);
    let cost_temp = wage_h * (1.0 + wage::charges_share(legal, lm, ContractKind::Temporary, Sector::Average));
    let cost_perm = wage_h * (1.0 + wage::charges_share(legal, lm, ContractKind::Permanent, Sector::Average));
    let h = wage::monthly_hours(p.hours_per_week);
    let lks_h = if eligibility::lks_paid(Activity::Working, p.lks_target) {
        lks::lks_eur_per_month(legal, lm, p.loonwaarde_measured, wage_factor, h, months_employed, flat) / h
    } else {
        0.0
    };
    let lkv_h = if eligibility::lkv_eligible(p.segment) {
        lks::lkv_eur_per_month(legal, lm, h, months_employed) / h
    } else {
        0.0
    };
    let covered = if eligibility::no_risk_covered(p.segment) {
        no_risk_level(legal, b)
    } else {
        0.0
    };
    let sick_h = b.sick_share * cost_temp * (1.0 - covered);
    // applying for LKS and having the loonwaarde measured is paperwork
    let admin_h = if lks_h > 0.0 { b.admin_eur_per_hour } else { 0.0 };
    HourEconomics {
        value: p.loonwaarde * e.c_alt(ctx) * m,
        direct_cost_temporary: cost_temp - lks_h - lkv_h + sick_h + admin_h,
        permanent_saving: cost_temp - cost_perm,
        risk: e.risk_aversion * (1.0 - p.readiness),
    }
}

/// Draw from a logit over utilities (EUR per hour) with scale `σ`:
/// `P(i) = exp(U_i/σ) / Σ_j exp(U_j/σ)`; `None` utilities are options the
/// policy does not allow. `σ` is `employer.sigma` (EUR/h, behaviour file);
/// `u` one uniform draw, the index chosen is the first whose cumulative
/// probability exceeds it. Source: docs/ODD.md §7.12 (spec reference form
/// "Employer's choice"). Returns the chosen index.
pub fn logit_choice(utilities: &[Option<f64>], sigma: f64, u: f64) -> usize {
    let max = utilities.iter().flatten().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    let mut weights = [0.0f64; 4];
    let mut total = 0.0;
    for (i, x) in utilities.iter().enumerate() {
        if let Some(x) = x {
            weights[i] = ((x - max) / sigma).exp();
            total += weights[i];
        }
    }
    let mut acc = 0.0;
    let target = u * total;
    let mut last = 0;
    for (i, w) in weights.iter().take(utilities.len()).enumerate() {
        if utilities[i].is_some() {
            acc += w;
            last = i;
            if target < acc {
                return i;
            }
        }
    }
    last
}

/// The employer's choice for a candidate:
///
/// - `U_direct = w·c_alt·m − net direct cost_h − ρ_e·R + κ_cat`
/// - `U_detach = w·c_alt·m − fee_h + κ_cat + κ_detach`
/// - `U_decline = 0`
///
/// `κ_cat` is `employer.kappa_a` … `kappa_e`, `κ_detach` is
/// `employer.kappa_detach` (EUR/h, behaviour file); `R = 1 − r`; the other
/// terms are [`HourEconomics`] (EUR/h). Index 0 = direct, 1 = detach,
/// 2 = decline. Source: docs/ODD.md §7.12 (spec reference form "Employer's
/// choice").
pub fn candidate_utilities(
    b: &Behaviour,
    cat: u8,
    x: &HourEconomics,
    fee_h: Option<f64>,
    direct: Allowed,
) -> [Option<f64>; 3] {
    let kappa = b.kappa[cat as usize];
    let direct = (direct == Allowed::Yes).then_some(x.value - x.direct_cost_temporary - x.risk + kappa);
    let detach = fee_h.map(|f| x.value - f + kappa + b.kappa_detach);
    [direct, detach, Some(0.0)]
}

/// The value of refilling a post, per hour: what the employer expects when it
/// lets a post go at the end of a detachering period or a temporary contract
/// and fills it again.
///
/// `U_refill = max(0, U_detach_new, U_direct_new) − search_cost_h`
///
/// with, for a comparable new candidate (`x_new`, `fee_new_h`):
/// - `U_direct_new = w·c_alt·m − net direct cost_h − ρ_e·R + κ_cat` (a direct
///   temporary hire),
/// - `U_detach_new = w·c_alt·m − fee_new_h + κ_cat + κ_detach` (a new
///   detachee; only when the werkbedrijf would offer one, `fee_new_h` is
///   `None` otherwise),
/// - `0` an agency worker at `c_alt`, against which utilities are measured,
///
/// the options and their terms being those of the candidate choice
/// ([`candidate_utilities`]). Symbols: `employer.search_cost_eur_per_hour`
/// (EUR per hour of the post), `employer.kappa_a` … `kappa_e` (`κ_cat`),
/// `employer.kappa_detach` (EUR/h) in the behaviour file; `x_new` the
/// [`HourEconomics`] of the comparable candidate (`R = 1 − r` at full risk:
/// no trust built yet), `fee_new_h` the fee of a new detachering (EUR per
/// hour worked, month 0 of the fee schedule). Who the comparable candidate is
/// is [`crate::model::matching::refill_value`]. Source: spec §10 "Decisions at
/// the end of a detachering period" (docs/ODD.md §7.17, §7.18); a cheap fee
/// makes "end and take the next detachee" attractive, the revolving door of
/// docs/sources.md#seed-001.
pub fn refill_utility(b: &Behaviour, cat: u8, x_new: &HourEconomics, fee_new_h: Option<f64>) -> f64 {
    refill(b, cat, x_new, fee_new_h).utility_h
}

/// How the employer would fill a post again: the option that gives
/// [`refill_utility`] its maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefillWay {
    /// A new detachee of the werkbedrijf.
    Detachee,
    /// A direct temporary hire of a candidate the werkgeversservicepunt proposes.
    DirectHire,
    /// An agency worker at `c_alt`: the post leaves the target group's market.
    Agency,
}

/// The value of refilling a post ([`refill_utility`], EUR per hour) and the
/// way that gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Refill {
    pub utility_h: f64,
    pub way: RefillWay,
}

/// [`refill_utility`] with the way that attains it (ties go to the agency
/// worker, then the direct hire: the post is offered to the werkbedrijf only
/// when a new detachee is strictly best).
pub fn refill(b: &Behaviour, cat: u8, x_new: &HourEconomics, fee_new_h: Option<f64>) -> Refill {
    let [direct, detach, agency] = candidate_utilities(b, cat, x_new, fee_new_h, Allowed::Yes);
    let agency = agency.unwrap_or(0.0);
    let mut best = Refill {
        utility_h: agency,
        way: RefillWay::Agency,
    };
    for (u, way) in [(direct, RefillWay::DirectHire), (detach, RefillWay::Detachee)] {
        if let Some(u) = u
            && u > best.utility_h
        {
            best = Refill { utility_h: u, way };
        }
    }
    best.utility_h -= b.search_cost_eur_per_hour;
    best
}

/// Monthly probability that a detachering converts into direct employment in
/// month `k`:
///
/// `G = fee_h(k) − net_direct_cost_h − ρ_e·R·exp(−k / trust_months)`
/// `P = logistic(conv_base + conv_gain · G / m + conv_cat[cat] + conv_handover · handed_over)`
///
/// Symbols: `conversion.conv_base`, `conv_gain`, `conv_a` … `conv_e`,
/// `conv_handover` (log-odds) and `conversion.trust_months` in the behaviour
/// file; `m` the hourly minimum wage (EUR/h); `handed_over` is 1 when the
/// coaching status is [`Coaching::HandedOver`]. `ρ_e·R` is the risk of `x`,
/// relieved by the caller while the person is supported
/// ([`HourEconomics::with_support`]). A fee below market makes `G`
/// negative ("too comfortable"); a rising fee raises it. Source:
/// docs/ODD.md §7.16; docs/sources.md#seed-001 (a rising fee pushes towards
/// conversion).
pub fn conversion_probability(
    b: &Behaviour,
    cat: u8,
    x: &HourEconomics,
    fee_h: f64,
    k: u32,
    coaching: Coaching,
    m: f64,
) -> f64 {
    let g = conversion_gain(b, x, fee_h, k);
    let handover = if coaching == Coaching::HandedOver {
        b.conv_handover
    } else {
        0.0
    };
    let z = b.conv_base + b.conv_gain * g / m + b.conv_cat[cat as usize] + handover;
    1.0 / (1.0 + (-z).exp())
}

/// `G`, the hourly gain of hiring directly instead of paying the fee.
pub fn conversion_gain(b: &Behaviour, x: &HourEconomics, fee_h: f64, k: u32) -> f64 {
    fee_h - x.direct_cost_temporary - x.risk * (-(k as f64) / b.trust_months).exp()
}

/// Monthly hazard that a detachering ends early (leegloop):
///
/// `h = end_base × (1 + end_fit × (1 − q)) × demand_drop(t) × (1 + end_price × max(0, fee_h / (w·c_alt·m) − 1))`
///
/// Symbols: `early_end.end_base` (per month), `early_end.end_fit`,
/// `early_end.end_price` (relative increases) in the behaviour file; `q` the
/// match quality as revealed so far, in [0, 1] ([`revealed_quality`]);
/// `fee_h` the fee (EUR per hour worked); `value_h = w·c_alt·m` the value of
/// an hour of the person's work (EUR/h); `demand_drop(t)` from
/// [`crate::model::economy::demand_drop`]. Source: docs/ODD.md §7.15 (spec
/// reference form "Early end").
pub fn early_end_hazard(b: &Behaviour, q: f64, demand_drop: f64, fee_h: f64, value_h: f64) -> f64 {
    let over = if value_h > 0.0 {
        (fee_h / value_h - 1.0).max(0.0)
    } else {
        0.0
    };
    b.end_base * (1.0 + b.end_fit * (1.0 - q)) * demand_drop * (1.0 + b.end_price * over)
}

/// Match quality as revealed after `k` months:
///
/// `q_k = q̄ + (q − q̄) × min(1, k / quality_reveal_months)` (all of `q` when `quality_reveal_months = 0`)
///
/// Symbols: `employer.quality_reveal_months` (months, behaviour file); `q`
/// the drawn match quality, `q̄` its prior mean ([`quality_mean`]). Source:
/// docs/ODD.md §7.14 (the linear form is ours: §8 assumption 21).
pub fn revealed_quality(b: &Behaviour, q: f64, prior_mean: f64, k: u32) -> f64 {
    let share = if b.quality_reveal_months == 0 {
        1.0
    } else {
        (k as f64 / b.quality_reveal_months as f64).min(1.0)
    };
    prior_mean + (q - prior_mean) * share
}

/// Bounds of the prior mean of match quality, so the Beta distribution it
/// parameterises exists (a numerical guard, not a behavioural parameter).
pub const QUALITY_MEAN_MIN: f64 = 0.01;
pub const QUALITY_MEAN_MAX: f64 = 0.99;

/// Prior mean of match quality: `clamp(quality_base + quality_readiness × r, 0.01, 0.99)`.
///
/// Symbols: `employer.quality_base`, `employer.quality_readiness` (shares) in
/// the behaviour file; `r` readiness. Source: docs/ODD.md §7.14 (the form
/// is ours: §8 assumption 21).
pub fn quality_mean(b: &Behaviour, readiness: f64) -> f64 {
    (b.quality_base + b.quality_readiness * readiness).clamp(QUALITY_MEAN_MIN, QUALITY_MEAN_MAX)
}

/// Draw the match quality of a new placement:
///
/// `q ~ Beta(μ·c, (1 − μ)·c)`, `μ = quality_mean(r)`, `c = employer.quality_concentration`
///
/// One Beta variate from `rng`. The distribution is built per candidate
/// because its mean follows the candidate's readiness. Source: docs/ODD.md
/// §7.14.
pub fn draw_match_quality(b: &Behaviour, readiness: f64, rng: &mut Stream) -> f64 {
    let mean = quality_mean(b, readiness);
    let c = b.quality_concentration;
    Beta::new(mean * c, (1.0 - mean) * c)
        .expect("validated quality parameters")
        .sample(rng)
}

/// At the planned end of a placement period (utilities per hour):
///
/// - convert: `w·c_alt·m − net_direct_cost_h − ρ_e·R·exp(−k/trust_months) + κ_cat`
/// - extend:  `w·c_alt·m − fee_h + κ_cat + κ_detach` (only within the maximum duration and chain rule)
/// - end:     `U_refill` (the post filled again, [`refill_utility`])
///
/// Symbols: `employer.kappa_a` … `kappa_e` (`κ_cat`), `employer.kappa_detach`
/// (EUR/h), `conversion.trust_months` (months) in the behaviour file; `k`
/// months placed; `ρ_e·R` the risk of `x`, relieved by the caller while the
/// person is supported ([`HourEconomics::with_support`]); `u_refill` in EUR
/// per hour; utilities in EUR per hour. Index 0 = convert, 1 = extend,
/// 2 = end. Source: docs/ODD.md §7.17, spec §10 "Decisions at the end of a
/// detachering period" (end is worth the best way to refill the post),
/// consistent with the candidate choice.
pub fn period_end_utilities(
    b: &Behaviour,
    cat: u8,
    x: &HourEconomics,
    fee_h: f64,
    k: u32,
    extend: Allowed,
    u_refill: f64,
) -> [Option<f64>; 3] {
    let kappa = b.kappa[cat as usize];
    let convert = x.value - x.direct_cost_temporary - x.risk * (-(k as f64) / b.trust_months).exp() + kappa;
    let extend = (extend == Allowed::Yes).then_some(x.value - fee_h + kappa + b.kappa_detach);
    [Some(convert), extend, Some(u_refill)]
}

/// Months of hours over which the contract-end choice spreads the transition
/// payment due on ending (a year: docs/ODD.md §8 assumption 19).
pub const TRANSITION_SPREAD_MONTHS: f64 = 12.0;

/// At the end of a temporary direct contract (utilities per hour):
///
/// - permanent: `V + Δcharges_h + perm_kappa[cat] − ρ_e·R·exp(−k/trust_months)`
/// - renew:     `V + renew_kappa − ρ_e·R·exp(−k/trust_months)` (only when the chain rule allows another contract)
/// - end:       `U_refill − TP / (12·H)` (the post filled again, [`refill_utility`], less the
///   transition payment due on ending, spread over a year of hours)
///
/// with `V = w·c_alt·m − net_direct_cost_h`. Symbols: `contracts.perm_kappa_a`
/// … `perm_kappa_e`, `contracts.renew_kappa` (EUR/h), `conversion.trust_months`
/// (months) in the behaviour file; `Δcharges_h` the WW-premium saving of a
/// permanent contract (EUR/h); `TP` the transition payment (EUR,
/// [`crate::policy::transition::payment`]); `H` paid hours per month; 12 is
/// [`TRANSITION_SPREAD_MONTHS`]; `u_refill` (EUR/h). Index 0 = permanent,
/// 1 = renew, 2 = end. Source: docs/ODD.md §7.18, our completion of spec §4
/// "Direct employment" with the outside option of spec §10 (end is worth the
/// best way to refill the post); it carries the WAB's two levers (premium
/// differential, transition payment from day one). The risk term `ρ_e·R`
/// (relieved while the person is supported, [`supported_risk`]) enters
/// renewal as it enters permanence (spec §10 "Employer's choice": the same
/// term in the renewal, permanence and conversion utilities): keeping someone
/// on either contract carries it.
#[allow(clippy::too_many_arguments)]
pub fn contract_end_utilities(
    b: &Behaviour,
    cat: u8,
    x: &HourEconomics,
    k: u32,
    renew: Allowed,
    transition_payment: f64,
    hours_month: f64,
    u_refill: f64,
) -> [Option<f64>; 3] {
    let v = x.value - x.direct_cost_temporary;
    let risk = x.risk * (-(k as f64) / b.trust_months).exp();
    let permanent = v + x.permanent_saving + b.perm_kappa[cat as usize] - risk;
    let renew = (renew == Allowed::Yes).then_some(v + b.renew_kappa - risk);
    let end = u_refill - transition_payment / (TRANSITION_SPREAD_MONTHS * hours_month);
    [Some(permanent), renew, Some(end)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;
    use crate::rng::{Purpose, stream};

    #[test]
    fn hour_economics_of_a_banenafspraak_candidate() {
        use crate::model::World;
        use crate::model::month::MonthCtx;
        use crate::policy::lks::FlatStart;
        let s = baseline();
        let world = World::new(s, 0);
        let ctx = MonthCtx::new(&world, 0);
        let mut p = Person::draw(&mut stream(1, 0, Purpose::Attributes), &s.region, 0, None);
        p.segment = crate::input::scenario::Segment::Banenafspraak;
        p.loonwaarde = 0.6;
        p.loonwaarde_measured = 0.6;
        p.readiness = 0.5;
        p.hours_per_week = 24.0;
        let e = Employer {
            category: 0,
            agency_margin: 1.4 / ctx.agency_cost_factor,
            risk_aversion: 4.0,
        };
        let x = hour_economics(&ctx, &s.behaviour, &p, &e, 1.0, FlatStart::NotOffered, 0);
        let (legal, lm, b) = (&s.legal, &ctx.lm, &s.behaviour);
        let m = lm.minimum_wage_hour;
        let h = wage::monthly_hours(24.0);
        let cost_temp = m
            * (1.0 + legal.holiday_pay_share)
            * (1.0 + wage::charges_share(legal, lm, ContractKind::Temporary, Sector::Average));
        let lks_h = 0.4 * m * (1.0 + legal.holiday_pay_share) * (1.0 + lm.lks_employer_charges);
        let lkv_h = lks::lkv_eur_per_month(legal, lm, h, 0) / h;
        let sick_h = b.sick_share * cost_temp * (1.0 - no_risk_level(legal, b));
        let expected = cost_temp - lks_h - lkv_h + sick_h + b.admin_eur_per_hour;
        assert!((x.value - 0.6 * 1.4 * m).abs() < 1e-9);
        assert!(
            (x.direct_cost_temporary - expected).abs() < 1e-9,
            "{} vs {expected}",
            x.direct_cost_temporary
        );
        assert!((x.risk - 2.0).abs() < 1e-12, "ρ_e × (1 − r)");
        assert!(
            x.permanent_saving > 0.0,
            "a permanent contract saves WW premium under the WAB"
        );
    }

    fn x() -> HourEconomics {
        HourEconomics {
            value: 16.0,
            direct_cost_temporary: 12.0,
            permanent_saving: 0.9,
            risk: 2.0,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn logit_splits_at_its_cumulative_probability() {
        let u = [Some(1.0), Some(0.0), None];
        // P(0) = e^0.5 / (e^0.5 + 1) = 0.6225 with σ = 2
        assert_eq!(logit_choice(&u, 2.0, 0.62), 0);
        assert_eq!(logit_choice(&u, 2.0, 0.63), 1);
        assert_eq!(
            logit_choice(&u, 2.0, 0.999_999),
            1,
            "never an option that is not allowed"
        );
    }

    #[test]
    fn candidate_and_conversion_numbers() {
        let mut b = baseline().behaviour.clone();
        b.kappa[1] = 1.5;
        b.kappa_detach = 1.5;
        let u = candidate_utilities(&b, 1, &x(), Some(15.0), Allowed::Yes);
        assert!(close(u[0].unwrap(), 3.5), "16 − 12 − 2 + 1.5");
        assert!(close(u[1].unwrap(), 4.0), "16 − 15 + 1.5 + 1.5");
        assert_eq!(candidate_utilities(&b, 1, &x(), None, Allowed::No)[..2], [None, None]);
        b.conv_base = -3.0;
        b.conv_gain = 1.0;
        b.conv_cat[0] = 0.5;
        b.conv_handover = 0.5;
        b.trust_months = 6.0;
        // G = 15 − 12 − 2 = 1 at k = 0; z = −3 + 1/10 + 0.5 (+ 0.5 handed over)
        assert!(close(conversion_gain(&b, &x(), 15.0, 0), 1.0));
        assert!(close(
            conversion_probability(&b, 0, &x(), 15.0, 0, Coaching::None, 10.0),
            0.08317269649392238
        ));
        assert!(close(
            conversion_probability(&b, 0, &x(), 15.0, 0, Coaching::HandedOver, 10.0),
            0.13010847436299786
        ));
    }

    /// A rising fee pushes towards conversion (docs/sources.md#seed-001):
    /// under the baseline's behaviour, the same detachee at the same inlener
    /// is more likely to be converted in every month once the fee has risen,
    /// and equally likely before. The aggregate (conversions per detachering
    /// over a run) also depends on the early ends a dearer fee causes, and its
    /// sign is within noise under the fitted posterior; this pins the
    /// decision itself.
    #[test]
    fn a_rising_fee_raises_the_monthly_conversion_probability() {
        use crate::policy::fee::{FeeInputs, fee_eur_per_hour};
        let s = baseline();
        let b = &s.behaviour;
        let flat = s.werkbedrijven[0].fee.clone();
        let mut rising = flat.clone();
        rising.rise_step = 0.2;
        rising.rise_every_months = 3;
        rising.rise_cap = 2.0;
        let inputs = FeeInputs {
            loonwaarde: 0.6,
            c_alt: 1.9,
            minimum_wage_hour: 14.71,
            cost_eur_per_hour: 30.0,
            lks_eur_per_hour: 8.0,
        };
        for k in 0..36 {
            let p = |fee: &crate::input::scenario::FeePolicy| {
                let fee_h = fee_eur_per_hour(fee, &inputs, k);
                conversion_probability(b, 1, &x(), fee_h, k, Coaching::None, 14.71)
            };
            if k < 3 {
                assert_eq!(p(&rising), p(&flat), "month {k}: the fee has not risen yet");
            } else {
                assert!(p(&rising) > p(&flat), "month {k}: {} vs {}", p(&rising), p(&flat));
            }
        }
    }

    #[test]
    fn refilling_a_post_is_its_best_way_less_the_search_cost() {
        let mut b = baseline().behaviour.clone();
        b.kappa[1] = 1.5;
        b.kappa_detach = 1.5;
        b.search_cost_eur_per_hour = 0.8;
        // a new detachee 16 − 15 + 1.5 + 1.5 = 4 beats a direct hire 16 − 12 − 2 + 1.5 = 3.5
        assert!(close(refill_utility(&b, 1, &x(), Some(15.0)), 3.2));
        // the werkbedrijf would not detach such a candidate: the direct hire
        assert!(close(refill_utility(&b, 1, &x(), None), 2.7));
        // neither beats the agency worker (0): 10 − 12 − 2 + 1.5 = −2.5, 10 − 15 + 3 = −2
        let poor = HourEconomics { value: 10.0, ..x() };
        assert!(close(refill_utility(&b, 1, &poor, Some(15.0)), -0.8));
        // the way that gives the value: only a detachee or a direct hire makes a new opening
        assert_eq!(refill(&b, 1, &x(), Some(15.0)).way, RefillWay::Detachee);
        assert_eq!(refill(&b, 1, &x(), None).way, RefillWay::DirectHire);
        assert_eq!(refill(&b, 1, &poor, Some(15.0)).way, RefillWay::Agency);
        // the end option of both decisions is the refill
        let u = period_end_utilities(&b, 1, &x(), 15.0, 6, Allowed::Yes, 3.2);
        assert_eq!(u[2], Some(3.2));
    }

    #[test]
    fn early_end_and_revealed_quality_numbers() {
        let mut b = baseline().behaviour.clone();
        b.end_base = 0.02;
        b.end_fit = 1.0;
        b.end_price = 0.5;
        // 0.02 × (1 + 0.3) × 1.2 × (1 + 0.5 × (20/16 − 1))
        assert!(close(early_end_hazard(&b, 0.7, 1.2, 20.0, 16.0), 0.0351));
        assert!(
            close(early_end_hazard(&b, 0.7, 1.0, 12.0, 16.0), 0.026),
            "a fee below the value adds nothing"
        );
        b.quality_reveal_months = 4;
        assert!(close(revealed_quality(&b, 0.9, 0.5, 2), 0.7));
        assert!(close(revealed_quality(&b, 0.9, 0.5, 8), 0.9));
    }

    #[test]
    fn learning_is_multiplicative() {
        let mut b = baseline().behaviour.clone();
        b.learn_down = 0.2;
        b.learn_up = 0.5;
        assert!((learned(&b, 4.0, Experience::Good) - 3.2).abs() < 1e-12);
        assert!((learned(&b, 4.0, Experience::Bad) - 6.0).abs() < 1e-12);
    }

    #[test]
    fn quality_prior_is_clamped_and_draws_centre_on_it() {
        let mut b = baseline().behaviour.clone();
        b.quality_base = 0.3;
        b.quality_readiness = 0.5;
        assert!((quality_mean(&b, 0.4) - 0.5).abs() < 1e-12);
        b.quality_base = 2.0;
        assert_eq!(quality_mean(&b, 0.4), QUALITY_MEAN_MAX);
        b.quality_base = -2.0;
        assert_eq!(quality_mean(&b, 0.4), QUALITY_MEAN_MIN);
        b.quality_base = 0.3;
        let mut rng = stream(5, 0, Purpose::Matching);
        let n = 20_000;
        let mean = (0..n).map(|_| draw_match_quality(&b, 0.4, &mut rng)).sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 0.01, "{mean}");
    }

    #[test]
    fn contract_end_spreads_the_transition_payment_over_a_year_of_hours() {
        let b = &baseline().behaviour;
        let x = HourEconomics {
            value: 16.0,
            direct_cost_temporary: 12.0,
            permanent_saving: 0.9,
            risk: 2.0,
        };
        let u = contract_end_utilities(b, 0, &x, 12, Allowed::No, 1440.0, 100.0, 0.5);
        assert!(close(u[2].unwrap(), 0.5 - 1.2), "0.5 − 1440 / (12 × 100)");
        assert_eq!(u[1], None);
    }

    #[test]
    fn support_relieves_the_perceived_risk_in_conversion_period_end_and_contract_end() {
        let mut b = baseline().behaviour.clone();
        b.support_risk_relief = 0.5;
        b.trust_months = 6.0;
        assert!(close(supported_risk(&b, 2.0, Supported::Yes), 1.0), "2 × (1 − 0.5)");
        assert!(close(supported_risk(&b, 2.0, Supported::No), 2.0));
        let supported = x().with_support(&b, Supported::Yes);
        assert!(close(supported.risk, 1.0));
        assert_eq!(x().with_support(&b, Supported::No), x());
        assert_eq!(
            (supported.value, supported.direct_cost_temporary),
            (16.0, 12.0),
            "only the risk changes"
        );

        // conversion: G = 15 − 12 − 1 = 2 at k = 0; z = −3 + 2/10 + 0.5
        b.conv_base = -3.0;
        b.conv_gain = 1.0;
        b.conv_cat[0] = 0.5;
        assert!(close(conversion_gain(&b, &supported, 15.0, 0), 2.0));
        assert!(close(
            conversion_probability(&b, 0, &supported, 15.0, 0, Coaching::Active, 10.0),
            0.09112296101485616
        ));

        // period end at k = 6: convert = 16 − 12 − risk × e^(−1) + κ_A
        b.kappa[0] = 1.5;
        let u = |x: &HourEconomics| period_end_utilities(&b, 0, x, 15.0, 6, Allowed::Yes, 0.0);
        assert!(close(u(&x())[0].unwrap(), 4.764241117657115), "2 × e^(−1) = 0.7358");
        assert!(close(u(&supported)[0].unwrap(), 5.132120558828557), "1 × e^(−1)");
        assert_eq!(u(&x())[1], u(&supported)[1], "extending carries no risk term");

        // contract end at k = 12: the risk term 2 × e^(−2) enters permanence and renewal alike
        b.perm_kappa[0] = 2.0;
        b.renew_kappa = 1.0;
        let u = |x: &HourEconomics| contract_end_utilities(&b, 0, x, 12, Allowed::Yes, 1440.0, 100.0, 0.0);
        let (plain, relieved) = (u(&x()), u(&supported));
        assert!(close(plain[0].unwrap(), 6.629329433526775), "4 + 0.9 + 2 − 2e^(−2)");
        assert!(close(relieved[0].unwrap(), 6.764664716763388), "4 + 0.9 + 2 − e^(−2)");
        assert!(close(plain[1].unwrap(), 4.729329433526774), "4 + 1 − 2e^(−2)");
        assert!(close(relieved[1].unwrap(), 4.864664716763388), "4 + 1 − e^(−2)");
        assert_eq!(plain[2], relieved[2], "ending carries no risk");
    }
}
