//! The model description, following the ODD protocol for agent-based models
//! (Grimm et al. 2006, 2020): overview, design concepts, details.
#![doc = include_str!("../docs/ODD.md")]
