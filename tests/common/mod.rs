//! Helpers shared by the integration tests: the project folder, the binary,
//! and small scenarios that extend the baseline.
#![allow(dead_code)] // each test file uses some of them

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project folder (it holds `calibration/` and `scenarios/`).
pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the binary in the project folder.
pub fn detasim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_detasim"))
        .current_dir(project())
        .args(args)
        .output()
        .expect("detasim runs")
}

/// Write `NAME.toml` into `dir`: `scenarios/baseline.toml` with one warm-up
/// year, `horizon_years` reported years, `replications` replications and
/// the TOML `extra` on top.
pub fn small_scenario(dir: &Path, name: &str, horizon_years: u32, replications: u32, extra: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(
        &path,
        format!(
            "extends = \"{}\"\nname = \"{name}\"\nhorizon_years = {horizon_years}\nwarmup_years = 1\nreplications = {replications}\n{extra}",
            project().join("scenarios/baseline.toml").display()
        ),
    )
    .unwrap();
    path
}
