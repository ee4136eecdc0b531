//! Experiments built on runs: comparing scenarios with common random numbers,
//! sweeps over designs, sensitivity analysis, external evaluation, break-even
//! search, and sharding for clusters.

pub mod analyze;
pub mod break_even;
pub mod compare;
pub mod cost_effectiveness;
pub mod design;
pub mod eval;
pub mod merge;
pub mod robustness;
pub mod root;
pub mod run;
pub mod sensitivity;
pub mod shard;
pub mod sweep;
pub mod sweep_run;
pub mod tables;
