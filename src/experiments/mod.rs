//! Experiments built on runs: comparing scenarios with common random numbers
//! (and, to come, sweeps, sensitivity analysis and break-even search).

pub mod compare;
pub mod design;
pub mod sensitivity;
pub mod shard;
pub mod sweep;
pub mod tables;
