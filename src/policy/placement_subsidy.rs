//! The placement subsidy: an extra one-off subsidy the municipality pays an
//! employer who hires a person from bijstand directly, with LKS.
//!
//! `subsidy = placement_subsidy_eur` (scenario `[municipality]`, EUR once per
//! hire) when the hire comes with LKS (the person's measured loonwaarde is
//! below 1, [`crate::policy::lks::lks_eur_per_month`] `> 0`), else 0. Paid in
//! the month of the hire, municipality → employers. Source: the municipal
//! "extra subsidy in the scenario" of docs/ODD.md §2.5; an instrument some
//! municipalities use beside LKS (docs/sources.md#seed-001); the amount is a
//! scenario lever (0 in the baseline).

use crate::input::scenario::MunicipalityPolicy;
use crate::policy::lks::LksStatus;

/// The one-off placement subsidy for a direct hire, EUR.
pub fn placement_subsidy_eur(policy: &MunicipalityPolicy, lks: LksStatus) -> f64 {
    match lks {
        LksStatus::WithLks => policy.placement_subsidy_eur,
        LksStatus::WithoutLks => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::scenario::Switch;

    #[test]
    fn only_hires_with_lks_get_the_subsidy() {
        let p = MunicipalityPolicy {
            trajectory_share: 0.15,
            trajectory_cost_eur_per_month: 150.0,
            lks_flat_start: Switch::Off,
            placement_subsidy_eur: 2500.0,
            beschut_detached_share: 0.1,
        };
        assert_eq!(placement_subsidy_eur(&p, LksStatus::WithLks), 2500.0);
        assert_eq!(placement_subsidy_eur(&p, LksStatus::WithoutLks), 0.0);
        assert_eq!(LksStatus::of(0.0), LksStatus::WithoutLks);
        assert_eq!(LksStatus::of(12.5), LksStatus::WithLks);
    }
}
