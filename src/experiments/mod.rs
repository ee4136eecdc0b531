//! Experiments built on runs: comparing scenarios with common random numbers,
//! sweeps over designs, sensitivity analysis, external evaluation, break-even
//! search, and sharding for clusters.

pub mod compare;
pub mod design;
pub mod sensitivity;
pub mod shard;
pub mod sweep;
pub mod tables;
