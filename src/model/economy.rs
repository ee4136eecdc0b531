//! The business cycle and demand shocks.

use crate::input::scenario::Economy;

/// Demand in month `t` (0 = scenario start, negative in the warm-up), relative to normal:
///
/// `cycle(t) = (1 + cycle_amplitude · sin(2π t / cycle_months)) · Π shock factors active in t`
///
/// Symbols: `cycle_amplitude`, `cycle_months` and `shocks` from the scenario's
/// `[economy]` (shocks are placed in the reported months). Source: docs/ODD.md §7
/// (business cycle).
pub fn cycle(e: &Economy, t: i32) -> f64 {
    let phase = std::f64::consts::TAU * t as f64 / e.cycle_months as f64;
    let mut c = 1.0 + e.cycle_amplitude * phase.sin();
    for shock in &e.shocks {
        let start = shock.first_month_index();
        if t >= start as i32 && t < (start + shock.months) as i32 {
            c *= shock.factor;
        }
    }
    c
}

/// Lowest demand the ending hazards respond to, relative to normal.
const MIN_DEMAND: f64 = 0.05;

/// Effect of demand on ending hazards (dropout, early end, dismissal):
///
/// `demand_drop(t) = cycle(t)^(−demand_elasticity)`
///
/// so a demand at 70% of normal raises those hazards by 1/0.7 ≈ 1.43 with
/// elasticity 1. `demand_elasticity` is a behavioural parameter (assumption).
/// Demand is floored at `MIN_DEMAND` (5% of normal) so a shock factor of 0
/// gives very high, not infinite, ending hazards (a numerical guard, not a
/// behavioural parameter).
pub fn demand_drop(cycle: f64, demand_elasticity: f64) -> f64 {
    cycle.max(MIN_DEMAND).powf(-demand_elasticity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::scenario::Shock;

    #[test]
    fn cycle_and_shock() {
        let e = Economy {
            cycle_amplitude: 0.1,
            cycle_months: 48,
            shocks: vec![Shock {
                start_month: 13,
                months: 12,
                factor: 0.6,
            }],
        };
        assert!((cycle(&e, 0) - 1.0).abs() < 1e-12);
        assert!((cycle(&e, -12) - 0.9).abs() < 1e-9, "the warm-up continues the cycle");
        assert!((cycle(&e, 12) - 1.1 * 0.6).abs() < 1e-12);
        assert!((cycle(&e, 24) - 1.0).abs() < 1e-9);
        assert!((cycle(&e, 36) - 0.9).abs() < 1e-9);
        assert!((demand_drop(0.5, 1.0) - 2.0).abs() < 1e-12);
        assert_eq!(demand_drop(1.0, 2.0), 1.0);
    }
}
