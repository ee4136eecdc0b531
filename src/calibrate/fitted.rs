//! Writing fitted behavioural parameters (`calibration/fitted/<region>.toml`).
//! Reading and checking them is input work
//! ([`crate::input::fitted`]); the types are re-exported here for the writer.

use std::path::Path;

use crate::error::{Error, Result};
pub use crate::input::fitted::{Posterior, RawFitted, RawParticle};

/// Write a fitted file (TOML, with a header naming how to reproduce it).
pub fn write(path: &Path, raw: &RawFitted) -> Result<()> {
    let body = toml::to_string(raw).expect("fitted parameters serialise");
    let text = format!(
        "# Fitted behavioural parameters, written by detasim calibrate. Do not edit by hand:\n\
         # reproduce with\n#   {}\n{body}",
        raw.command
    );
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, "the fitted folder", e))?;
    }
    let tmp = path.with_extension("toml.partial");
    std::fs::write(&tmp, text).map_err(|e| Error::write(&tmp, "the fitted parameters", e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::write(path, "the fitted parameters", e))
}
