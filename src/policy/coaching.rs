//! Jobcoaching and after-care: the coaching programme of a placement or a
//! direct hire, its hand-over taper to the employer, after-care after a
//! conversion, what a month of it costs and who pays.
//!
//! Levers (scenario `[werkbedrijf.coaching]`): `hours_per_month` (hours),
//! `months` (programme length), `handover_months` (taper), `aftercare_months`,
//! `eur_per_hour` (EUR per coaching hour), `payer` (`municipality` or
//! `werkbedrijf`). Source: docs/sources.md#legal-11 (jobcoaching, hourly rate
//! and hours allowed), docs/sources.md#seed-001 (after-care, hand-over,
//! participation budget); the model of support is docs/ODD.md §7.23.

use crate::input::scenario::{CoachingPolicy, Payer, Segment};
use crate::policy::eligibility;

/// Coaching status in the current job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coaching {
    /// No coaching (never had it, or it has ended).
    None,
    /// Coached by the werkbedrijf's or municipality's jobcoach.
    Active,
    /// Coaching handed over to the employer (taper finished).
    HandedOver,
    /// After-care following a conversion.
    Aftercare,
}

/// Whether a person is supported at work this month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Supported {
    Yes,
    No,
}

/// Support at work this month: any jobcoach, hand-over (until it lapses) or
/// after-care. Support lowers dropout of persons needing lasting support
/// ([`crate::model::person::dropout_hazard`]) and the employer's perceived
/// risk ([`crate::model::employer::supported_risk`]).
pub fn supported(c: Coaching) -> Supported {
    if c == Coaching::None {
        Supported::No
    } else {
        Supported::Yes
    }
}

/// Whether the programme exists at all: `months > 0` and `hours_per_month > 0`.
fn offered(c: &CoachingPolicy) -> bool {
    c.months > 0 && c.hours_per_month > 0.0
}

/// Coaching at the start of a detachering: the programme if it is offered.
pub fn at_detachering(c: &CoachingPolicy) -> Coaching {
    if offered(c) { Coaching::Active } else { Coaching::None }
}

/// Coaching with a direct hire after matching: persons with a work limitation
/// ([`eligibility::work_limited`]) get the programme, paid by the
/// municipality (docs/ODD.md §8 assumption 17).
pub fn at_direct_hire(c: &CoachingPolicy, segment: Segment) -> Coaching {
    if eligibility::work_limited(segment) && offered(c) {
        Coaching::Active
    } else {
        Coaching::None
    }
}

/// Who supports the person once the werkbedrijf's programme has ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmployerSupport {
    /// The employer has taken over coaching (hand-over completed).
    Coaches,
    /// Nobody.
    None,
}

impl EmployerSupport {
    /// The coaching status this support amounts to.
    fn status(self) -> Coaching {
        match self {
            EmployerSupport::Coaches => Coaching::HandedOver,
            EmployerSupport::None => Coaching::None,
        }
    }
}

/// Coaching after a conversion (carry-over): the jobcoach of the detachering
/// stays with the person, so coaching length does not depend on when the
/// inlener converts.
///
/// - `Active`: the programme continues at its `coached_months` to its end
///   (taper and hand-over as in a detachering), then after-care for
///   `aftercare_months` if any, then the employer's support if hand-over
///   happened ([`advance`]);
/// - otherwise (the programme had ended, or there was none): after-care for
///   `aftercare_months` if any, then the employer's support if it had taken
///   over coaching (`support = Coaches`), else none.
///
/// `aftercare_left` is set to `aftercare_months`; `coached_months` and
/// `support` are kept. Paid in direct employment, so by the municipality
/// ([`payer`] with [`Setting::DirectEmployment`]). Symbols:
/// `[werkbedrijf.coaching] aftercare_months` (months). Source: spec §4
/// "During a detachering" (coaching still running continues after the
/// conversion, then after-care), docs/ODD.md §7.16, §7.23.
pub fn after_conversion(c: &CoachingPolicy, p: Progress) -> Progress {
    let status = match p.status {
        Coaching::Active => Coaching::Active,
        _ if c.aftercare_months > 0 => Coaching::Aftercare,
        _ => p.support.status(),
    };
    Progress {
        status,
        aftercare_left: c.aftercare_months,
        ..p
    }
}

/// Jobcoach hours in month `coached_months` (0-based) of a programme:
///
/// `hours(k) = hours_per_month` for `k < months − handover_months`,
/// `hours_per_month × (months − k) / (handover_months + 1)` during the taper,
/// `0` from `k = months` on (handed over).
///
/// Units: hours per month. Source: docs/ODD.md §7.23 (the linear taper is our
/// form of the spec's "tapers and is handed over").
pub fn coach_hours(c: &CoachingPolicy, coached_months: u32) -> f64 {
    if coached_months >= c.months {
        return 0.0;
    }
    let taper_start = c.months - c.handover_months;
    if coached_months < taper_start {
        c.hours_per_month
    } else {
        c.hours_per_month * (c.months - coached_months) as f64 / (c.handover_months + 1) as f64
    }
}

/// The month's coaching hours: `coach_hours(k)` while the programme runs,
/// `hours_per_month` during after-care (untapered), none otherwise.
pub fn hours(c: &CoachingPolicy, status: Coaching, coached_months: u32) -> f64 {
    match status {
        Coaching::Active => coach_hours(c, coached_months),
        Coaching::Aftercare => c.hours_per_month,
        Coaching::None | Coaching::HandedOver => 0.0,
    }
}

/// The month's coaching cost, EUR: [`hours`] `× eur_per_hour`.
pub fn cost_eur_per_month(c: &CoachingPolicy, status: Coaching, coached_months: u32) -> f64 {
    hours(c, status, coached_months) * c.eur_per_hour
}

/// Who pays the coaching of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoachingPayer {
    Municipality,
    Werkbedrijf,
}

/// Where the person is coached: in a detachering (the werkbedrijf's
/// programme, paid by `payer`) or in direct employment (always the
/// municipality: the participation budget, docs/ODD.md §8 assumption 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Detachering,
    DirectEmployment,
}

/// Who pays the month's coaching in a setting.
pub fn payer(c: &CoachingPolicy, setting: Setting) -> CoachingPayer {
    match (setting, c.payer) {
        (Setting::Detachering, Payer::Werkbedrijf) => CoachingPayer::Werkbedrijf,
        _ => CoachingPayer::Municipality,
    }
}

/// Whether the person worked this month (coaching only progresses at work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AtWork {
    Yes,
    No,
}

/// The coaching record of a person's current job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub status: Coaching,
    /// Months of the programme received in this job.
    pub coached_months: u32,
    /// Months of after-care left.
    pub aftercare_left: u32,
    /// Who supports the person once the programme has ended.
    pub support: EmployerSupport,
}

/// One month of coaching progress:
///
/// - `Active` and at work: `coached_months + 1`; at `months` the programme
///   ends, handed over to the employer (`support = Coaches`) if
///   `handover_months > 0`, else no employer support; the status becomes
///   `Aftercare` if after-care is due (`aftercare_left > 0`, only after a
///   conversion), else the employer's support (`HandedOver`) or none;
/// - `Aftercare`: `aftercare_left − 1` (not below 0); at 0 the employer's
///   support (if it had taken over coaching and not lapsed) continues, else none;
/// - otherwise unchanged.
pub fn advance(c: &CoachingPolicy, p: Progress, at_work: AtWork) -> Progress {
    let mut p = p;
    match p.status {
        Coaching::Active if at_work == AtWork::Yes => {
            p.coached_months += 1;
            if p.coached_months >= c.months {
                p.support = if c.handover_months > 0 {
                    EmployerSupport::Coaches
                } else {
                    EmployerSupport::None
                };
                p.status = if p.aftercare_left > 0 {
                    Coaching::Aftercare
                } else {
                    p.support.status()
                };
            }
        }
        Coaching::Aftercare => {
            p.aftercare_left = p.aftercare_left.saturating_sub(1);
            if p.aftercare_left == 0 {
                p.status = p.support.status();
            }
        }
        _ => {}
    }
    p
}

/// The lapse of the employer's own support after hand-over: with `u` one
/// uniform draw,
///
/// `support = Coaches` becomes `None` when `u < support_lapse`
///
/// (a `HandedOver` status then becomes `None`; during after-care or a running
/// programme only the support that would follow them is lost). The support
/// also always ends with the job (`World::clear_job`, `become_idle`). Symbols:
/// `support.support_lapse` (per month, behaviour file). Source: spec §4
/// "Support at work", §10 "Employer support after hand-over";
/// docs/sources.md#seed-002 (the internal coach is lost when the job is
/// lost; a leaving supervisor or a reorganisation ends it earlier:
/// assumption), docs/ODD.md §7.23.
pub fn lapse(p: Progress, support_lapse: f64, u: f64) -> Progress {
    let mut p = p;
    if p.support == EmployerSupport::Coaches && u < support_lapse {
        p.support = EmployerSupport::None;
        if p.status == Coaching::HandedOver {
            p.status = Coaching::None;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programme() -> CoachingPolicy {
        CoachingPolicy {
            hours_per_month: 8.0,
            months: 12,
            handover_months: 4,
            aftercare_months: 0,
            eur_per_hour: 75.0,
            payer: Payer::Municipality,
        }
    }

    #[test]
    fn hours_taper_linearly_then_stop() {
        let c = programme();
        assert_eq!(coach_hours(&c, 0), 8.0);
        assert_eq!(coach_hours(&c, 7), 8.0);
        // taper months 8..11: 8 × (12 − k) / 5
        assert_eq!(coach_hours(&c, 8), 8.0 * 4.0 / 5.0);
        assert_eq!(coach_hours(&c, 11), 8.0 * 1.0 / 5.0);
        assert_eq!(coach_hours(&c, 12), 0.0);
        assert_eq!(cost_eur_per_month(&c, Coaching::Active, 0), 600.0);
        assert_eq!(cost_eur_per_month(&c, Coaching::Active, 8), 8.0 * 4.0 / 5.0 * 75.0);
        assert_eq!(
            cost_eur_per_month(&c, Coaching::Aftercare, 30),
            600.0,
            "after-care is untapered"
        );
        assert_eq!(cost_eur_per_month(&c, Coaching::HandedOver, 0), 0.0);
    }

    #[test]
    fn who_gets_coaching_and_who_pays() {
        let mut c = programme();
        assert_eq!(at_detachering(&c), Coaching::Active);
        assert_eq!(supported(Coaching::None), Supported::No);
        assert_eq!(supported(Coaching::HandedOver), Supported::Yes);
        assert_eq!(at_direct_hire(&c, Segment::Banenafspraak), Coaching::Active);
        assert_eq!(at_direct_hire(&c, Segment::Ready), Coaching::None);
        assert_eq!(payer(&c, Setting::Detachering), CoachingPayer::Municipality);
        c.payer = Payer::Werkbedrijf;
        assert_eq!(payer(&c, Setting::Detachering), CoachingPayer::Werkbedrijf);
        assert_eq!(payer(&c, Setting::DirectEmployment), CoachingPayer::Municipality);
        c.hours_per_month = 0.0;
        assert_eq!(at_detachering(&c), Coaching::None, "no programme without hours");
    }

    #[test]
    fn programme_hands_over_and_aftercare_runs_out() {
        let c = programme();
        let start = Progress {
            status: Coaching::Active,
            coached_months: 11,
            aftercare_left: 0,
            support: EmployerSupport::None,
        };
        assert_eq!(advance(&c, start, AtWork::No), start, "no progress when not at work");
        let done = advance(&c, start, AtWork::Yes);
        assert_eq!(done.coached_months, 12);
        assert_eq!(
            (done.status, done.support),
            (Coaching::HandedOver, EmployerSupport::Coaches)
        );
        let mut care = Progress {
            status: Coaching::Aftercare,
            coached_months: 0,
            aftercare_left: 2,
            support: EmployerSupport::None,
        };
        care = advance(&c, care, AtWork::No);
        assert_eq!((care.status, care.aftercare_left), (Coaching::Aftercare, 1));
        care = advance(&c, care, AtWork::No);
        assert_eq!((care.status, care.aftercare_left), (Coaching::None, 0));
    }

    fn at(status: Coaching, coached_months: u32, support: EmployerSupport) -> Progress {
        Progress {
            status,
            coached_months,
            aftercare_left: 0,
            support,
        }
    }

    #[test]
    fn a_conversion_carries_the_running_programme_over() {
        let mut c = programme();
        // no after-care: the programme runs on where it was
        let running = after_conversion(&c, at(Coaching::Active, 6, EmployerSupport::None));
        assert_eq!(running, at(Coaching::Active, 6, EmployerSupport::None));
        // the programme had ended: the employer's support, or none
        let handed = at(Coaching::HandedOver, 12, EmployerSupport::Coaches);
        assert_eq!(after_conversion(&c, handed), handed);
        let ended = at(Coaching::None, 12, EmployerSupport::None);
        assert_eq!(after_conversion(&c, ended), ended);
        c.aftercare_months = 3;
        // after-care waits for the end of the running programme
        let running = after_conversion(&c, at(Coaching::Active, 6, EmployerSupport::None));
        assert_eq!(
            (running.status, running.coached_months, running.aftercare_left),
            (Coaching::Active, 6, 3)
        );
        let handed = after_conversion(&c, handed);
        assert_eq!(
            (handed.status, handed.aftercare_left, handed.support),
            (Coaching::Aftercare, 3, EmployerSupport::Coaches)
        );
        let ended = after_conversion(&c, ended);
        assert_eq!(
            (ended.status, ended.support),
            (Coaching::Aftercare, EmployerSupport::None)
        );
    }

    /// A 12-month programme (4-month taper) converted after 6 months, with 3
    /// months of after-care: months 7–12 of the programme (tapered hours from
    /// month 9), then after-care with the employer's support behind it, then
    /// that support until it lapses.
    #[test]
    fn carried_over_coaching_then_aftercare_then_the_employers_support_until_it_lapses() {
        let mut c = programme();
        c.aftercare_months = 3;
        let mut p = after_conversion(&c, at(Coaching::Active, 6, EmployerSupport::None));
        let mut hours_by_month = Vec::new();
        for _ in 0..6 {
            hours_by_month.push(hours(&c, p.status, p.coached_months));
            p = advance(&c, p, AtWork::Yes);
        }
        assert_eq!(
            hours_by_month,
            [8.0, 8.0, 6.4, 4.8, 3.2, 1.6],
            "months 7–12: 8 h, then the taper 8 × (12 − k) / 5"
        );
        assert_eq!(
            (p.status, p.coached_months, p.support),
            (Coaching::Aftercare, 12, EmployerSupport::Coaches),
            "handed over, with after-care first"
        );
        for left in [2, 1] {
            assert_eq!(hours(&c, p.status, p.coached_months), 8.0, "after-care is untapered");
            p = advance(&c, p, AtWork::Yes);
            assert_eq!((p.status, p.aftercare_left), (Coaching::Aftercare, left));
        }
        p = advance(&c, p, AtWork::Yes);
        assert_eq!((p.status, p.aftercare_left), (Coaching::HandedOver, 0));
        assert_eq!(supported(p.status), Supported::Yes);
        assert_eq!(
            hours(&c, p.status, p.coached_months),
            0.0,
            "the employer's support costs nothing"
        );
        // the hazard is 1%: a draw at or above it keeps the support, one below ends it
        assert_eq!(lapse(p, 0.01, 0.01), p);
        let lapsed = lapse(p, 0.01, 0.009);
        assert_eq!((lapsed.status, lapsed.support), (Coaching::None, EmployerSupport::None));
        assert_eq!(supported(lapsed.status), Supported::No);
        assert_eq!(
            advance(&c, lapsed, AtWork::Yes),
            lapsed,
            "a lapsed support does not come back"
        );
    }

    #[test]
    fn a_lapse_during_aftercare_leaves_no_support_after_it() {
        let c = programme();
        let care = Progress {
            status: Coaching::Aftercare,
            coached_months: 12,
            aftercare_left: 1,
            support: EmployerSupport::Coaches,
        };
        let lapsed = lapse(care, 0.5, 0.2);
        assert_eq!(
            (lapsed.status, lapsed.support),
            (Coaching::Aftercare, EmployerSupport::None)
        );
        assert_eq!(advance(&c, lapsed, AtWork::Yes).status, Coaching::None);
        assert_eq!(advance(&c, care, AtWork::Yes).status, Coaching::HandedOver);
        // nothing to lapse without the employer's support
        let active = at(Coaching::Active, 3, EmployerSupport::None);
        assert_eq!(lapse(active, 1.0, 0.0), active);
    }
}
