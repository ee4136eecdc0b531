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

/// Support at work this month: any jobcoach, hand-over or after-care. Support
/// lowers dropout of persons needing lasting support
/// ([`crate::model::person::dropout_hazard`]).
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

/// Coaching after a conversion: after-care for `aftercare_months` if any;
/// otherwise the inlener that took over coaching keeps coaching.
pub fn after_conversion(c: &CoachingPolicy, support: EmployerSupport) -> Coaching {
    if c.aftercare_months > 0 {
        Coaching::Aftercare
    } else {
        support.status()
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
///   ends, handed over to the employer if `handover_months > 0`, else none;
/// - `Aftercare`: `aftercare_left − 1` (not below 0); at 0 the employer's
///   support (if it had taken over coaching) continues, else none;
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
                p.status = p.support.status();
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
        assert_eq!(after_conversion(&c, EmployerSupport::Coaches), Coaching::HandedOver);
        c.aftercare_months = 3;
        assert_eq!(after_conversion(&c, EmployerSupport::None), Coaching::Aftercare);
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
}
