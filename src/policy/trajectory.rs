//! Re-integration trajectories: unpaid municipal programmes (work rhythm,
//! training, vouchers) for persons on bijstand.
//!
//! A person entering bijstand joins a trajectory with the municipality's
//! `trajectory_share`; while on bijstand in a trajectory, the municipality pays
//! `trajectory_cost_eur_per_month` to providers, and readiness rises by the
//! behavioural `readiness.a_trajectory` term
//! ([`crate::model::person::readiness_step`]). Levers: scenario
//! `[municipality]`. Source: assumption (no published cost per trajectory in
//! the sources, docs/sources.md#calibration-3); the model is docs/ODD.md §7.26.

use crate::input::scenario::MunicipalityPolicy;

/// Whether a person on bijstand follows an unpaid municipal trajectory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trajectory {
    In,
    Out,
}

/// The trajectory of a new bijstand period, from the uniform draw `u` of the
/// municipality stream: `In` if `u < trajectory_share` (share of persons),
/// else `Out`.
pub fn assign(policy: &MunicipalityPolicy, u: f64) -> Trajectory {
    if u < policy.trajectory_share {
        Trajectory::In
    } else {
        Trajectory::Out
    }
}

/// The month's cost of a trajectory for a person on bijstand, EUR:
/// `trajectory_cost_eur_per_month` when in one, else 0.
pub fn cost_eur_per_month(policy: &MunicipalityPolicy, t: Trajectory) -> f64 {
    match t {
        Trajectory::In => policy.trajectory_cost_eur_per_month,
        Trajectory::Out => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::scenario::Switch;

    #[test]
    fn share_decides_and_cost_only_in_a_trajectory() {
        let p = MunicipalityPolicy {
            trajectory_share: 0.15,
            trajectory_cost_eur_per_month: 150.0,
            lks_flat_start: Switch::Off,
            placement_subsidy_eur: 0.0,
            beschut_detached_share: 0.1,
        };
        assert_eq!(assign(&p, 0.149), Trajectory::In);
        assert_eq!(assign(&p, 0.15), Trajectory::Out);
        assert_eq!(cost_eur_per_month(&p, Trajectory::In), 150.0);
        assert_eq!(cost_eur_per_month(&p, Trajectory::Out), 0.0);
    }
}
