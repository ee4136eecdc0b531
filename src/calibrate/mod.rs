//! Calibration: fit the behavioural parameters of a region to observed
//! figures with approximate Bayesian computation (ABC-SMC), and check a
//! scenario against those figures.

pub mod abc;
pub mod fitted;
pub mod learning;
pub mod priors;
pub mod report;
pub mod run;
pub mod targets;
pub mod validate;
