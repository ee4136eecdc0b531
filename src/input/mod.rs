//! Reading inputs in two stages: TOML layers (with `extends` and overrides)
//! into raw serde mirrors that reject unknown keys, then validation into the
//! types the model uses. Every error names the file, the key, the value and
//! what is allowed.

pub mod behaviour;
pub mod figure;
pub mod fitted;
pub mod legal;
pub mod params;
pub mod priors;
pub mod region;
pub mod region_priors;
pub mod scenario;
#[cfg(test)]
pub(crate) mod testing;
pub mod toml_layers;
