//! Eligibility: who may be detached by a werkbedrijf, who brings LKS, LKV and
//! the no-riskpolis, and who gets a jobcoach with a direct hire.
//!
//! These are the rules that decide *whether* an instrument applies; the
//! amounts are in the instrument's own file ([`crate::policy::lks`],
//! [`crate::policy::coaching`], ...).

use crate::input::scenario::{Segment, Switch, WerkbedrijfPolicy};

/// What the eligibility rules look at of a person.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// The caseload segment (`ready`, `banenafspraak`, `beschut`).
    pub segment: Segment,
    /// Loonwaarde as last measured (share of full productivity).
    pub loonwaarde_measured: f64,
    /// Hours a week the person can work.
    pub hours_per_week: f64,
}

/// Whether a person on bijstand or WW may be offered a detachering by a werkbedrijf:
///
/// `detachering = on ∧ eligible[segment] ∧ loonwaarde_min ≤ w ≤ loonwaarde_max ∧ hours ≥ minimum_hours_per_week`
///
/// Symbols (scenario `[werkbedrijf]`): `detachering`, `eligible_segments`,
/// `loonwaarde_min`, `loonwaarde_max` (shares of full productivity),
/// `minimum_hours_per_week` (hours/week); `w` the measured loonwaarde.
/// Idle staff of the werkbedrijf may always be detached again (not decided
/// here). Source: the werkbedrijf levers of docs/ODD.md §2.4; practice in
/// docs/sources.md#seed-001 (e.g. banenafspraak 0.4–0.7).
pub fn may_detach(policy: &WerkbedrijfPolicy, c: &Candidate) -> bool {
    policy.detachering == Switch::On
        && policy.eligible_segments[c.segment as usize]
        && c.loonwaarde_measured >= policy.loonwaarde_min
        && c.loonwaarde_measured <= policy.loonwaarde_max
        && c.hours_per_week >= policy.minimum_hours_per_week
}

/// Whether the person works this month or is idle at the werkbedrijf (on
/// its payroll without a placement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    Working,
    Idle,
}

/// Whether a person can be in the doelgroep loonkostensubsidie: only persons
/// of the Participatiewet's target group, art. 7 lid 1 onderdeel a
/// (algemene bijstand, some WIA, Anw, IOAW and IOAZ recipients and persons
/// without a benefit), can be (art. 6 lid 1 onderdeel e; determined under
/// art. 10c, ex officio for bijstand recipients). A WW recipient is none of
/// these (a *niet-uitkeringsgerechtigde* has no WW benefit) and is UWV's
/// client: hired from WW, the employer gets no LKS. The model sets `In` when
/// a person enters bijstand and `Out` when they enter WW; a job keeps the
/// status it started with. Source: docs/sources.md#legal-6 (target group),
/// docs/sources.md#seed-003-004; docs/ODD.md §7.2, §8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LksTarget {
    /// Came into work from bijstand (the target group of art. 7 lid 1 a).
    In,
    /// Came into work from WW: outside the target group.
    Out,
}

/// Whether LKS is paid for the month: LKS follows the employment. It is paid
/// to the employer for the employee for as long as the employment lasts
/// (art. 10d Participatiewet: a subsidy to the employer who *employs* the
/// person, granted as long as the employee meets the conditions, the
/// loonwaarde re-measured periodically), so a werkbedrijf receives it for its
/// idle staff too: they are on its payroll, paid their wage. No dated legal
/// rule stops it in idle months. It is never paid for a person outside the
/// target group ([`LksTarget::Out`]). The amount, zero for `w ≥ 1`, is
/// [`crate::policy::lks::lks_eur_per_month`]. Source: docs/sources.md#legal-6;
/// docs/ODD.md §7.2.
pub fn lks_paid(activity: Activity, target: LksTarget) -> bool {
    match (activity, target) {
        (Activity::Working | Activity::Idle, LksTarget::In) => true,
        (_, LksTarget::Out) => false,
    }
}

/// Whether the employer receives the LKV banenafspraak: persons of the
/// `banenafspraak` segment (the doelgroepregister), in every month of paid
/// employment (amount and period in [`crate::policy::lks::lkv_eur_per_month`]).
/// Source: docs/sources.md#legal-7.
pub fn lkv_eligible(segment: Segment) -> bool {
    segment == Segment::Banenafspraak
}

/// Whether the no-riskpolis covers a person's sickness: the doelgroepregister
/// and beschut werk, structurally (every segment but `ready`). Source:
/// docs/sources.md#legal-8.
pub fn no_risk_covered(segment: Segment) -> bool {
    segment != Segment::Ready
}

/// Whether a person has a work limitation (segment `banenafspraak` or
/// `beschut`): direct hires after matching of such persons get the
/// municipality's jobcoach ([`crate::policy::coaching::at_direct_hire`]).
/// Source: docs/ODD.md §8 assumption 17.
pub fn work_limited(segment: Segment) -> bool {
    segment != Segment::Ready
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::testing::baseline;

    fn policy() -> WerkbedrijfPolicy {
        baseline().werkbedrijven[0].clone()
    }

    #[test]
    fn detachering_needs_segment_band_and_hours() {
        let mut p = policy();
        p.detachering = Switch::On;
        p.eligible_segments = [false, true, false];
        p.loonwaarde_min = 0.3;
        p.loonwaarde_max = 0.8;
        p.minimum_hours_per_week = 20.0;
        let c = Candidate {
            segment: Segment::Banenafspraak,
            loonwaarde_measured: 0.5,
            hours_per_week: 24.0,
        };
        assert!(may_detach(&p, &c));
        assert!(
            may_detach(
                &p,
                &Candidate {
                    loonwaarde_measured: 0.3,
                    ..c
                }
            ),
            "band is inclusive"
        );
        assert!(
            may_detach(
                &p,
                &Candidate {
                    loonwaarde_measured: 0.8,
                    ..c
                }
            ),
            "band is inclusive"
        );
        assert!(!may_detach(
            &p,
            &Candidate {
                loonwaarde_measured: 0.29,
                ..c
            }
        ));
        assert!(!may_detach(
            &p,
            &Candidate {
                loonwaarde_measured: 0.81,
                ..c
            }
        ));
        assert!(!may_detach(
            &p,
            &Candidate {
                hours_per_week: 19.9,
                ..c
            }
        ));
        assert!(!may_detach(
            &p,
            &Candidate {
                segment: Segment::Ready,
                ..c
            }
        ));
        p.detachering = Switch::Off;
        assert!(!may_detach(&p, &c), "no detachering at all when switched off");
    }

    #[test]
    fn instruments_by_segment_and_activity() {
        assert!(lks_paid(Activity::Working, LksTarget::In));
        assert!(
            lks_paid(Activity::Idle, LksTarget::In),
            "LKS follows the employment (art. 10d Participatiewet)"
        );
        assert!(
            !lks_paid(Activity::Working, LksTarget::Out) && !lks_paid(Activity::Idle, LksTarget::Out),
            "no LKS for a person hired from WW (outside art. 7 lid 1 a Participatiewet)"
        );
        assert!(lkv_eligible(Segment::Banenafspraak));
        assert!(!lkv_eligible(Segment::Beschut) && !lkv_eligible(Segment::Ready));
        assert!(no_risk_covered(Segment::Banenafspraak) && no_risk_covered(Segment::Beschut));
        assert!(!no_risk_covered(Segment::Ready));
        assert!(work_limited(Segment::Beschut) && !work_limited(Segment::Ready));
    }
}
