//! The priors `calibrate` samples from. They are read in the input layer
//! ([`crate::input::priors`]), because every run draws the parameters the
//! fit leaves out from them too.

pub use crate::input::priors::*;
