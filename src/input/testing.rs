//! Helpers for unit tests (input, policy and model): the shipped baseline
//! scenario, loaded once.

use std::path::Path;
use std::sync::OnceLock;

use crate::input::scenario::Scenario;

/// `scenarios/baseline.toml` with its region, rules and behaviour.
pub fn baseline() -> &'static Scenario {
    static BASELINE: OnceLock<Scenario> = OnceLock::new();
    BASELINE.get_or_init(|| Scenario::load(Path::new("scenarios/baseline.toml"), None).expect("baseline loads"))
}
