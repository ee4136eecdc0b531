//! `manifest.json`: what was run, with what, by which version, and the
//! command that reruns it. The folder also holds `scenario.toml`, the fully
//! resolved scenario (no `extends`; seed and replications as used).

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use crate::engine::RunResults;
use crate::error::{Error, Result};
use crate::input::scenario::Scenario;

#[derive(Debug, Serialize)]
pub struct Manifest {
    pub tool: &'static str,
    pub version: &'static str,
    pub git_commit: Option<String>,
    pub git_dirty: Option<bool>,
    pub created_utc: String,
    /// The command that reruns this run into a new folder.
    pub reproduce: String,
    /// The command line as typed.
    pub argv: Vec<String>,
    pub scenario_file: String,
    pub scenario_name: String,
    pub region: String,
    pub seed: u64,
    pub replications: u32,
    pub warmup_months: u32,
    pub horizon_months: u32,
    pub threads: usize,
    pub wall_seconds: f64,
    pub person_months: u64,
    pub person_months_per_second_per_thread: f64,
    pub files: Vec<&'static str>,
    /// How the behavioural parameters were used: posterior draws per
    /// replication, the point estimate, or the behaviour file's defaults.
    pub parameters: crate::input::scenario::ParameterMode,
    /// The fitted file the parameters came from, if any.
    pub fitted_file: Option<String>,
    /// The resolved scenario (after `extends`).
    pub scenario: serde_json::Value,
    /// The data the run used, after the scenario's overrides: legal rules,
    /// behavioural parameters and the region profile.
    pub data: serde_json::Value,
}

/// Git commit of the project folder and whether it had uncommitted changes, if git can tell.
pub fn git_state(dir: &Path) -> (Option<String>, Option<bool>) {
    let run = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let commit = run(&["rev-parse", "HEAD"]);
    let dirty = commit
        .as_ref()
        .and_then(|_| run(&["status", "--porcelain", "--untracked-files=no"]))
        .map(|s| !s.is_empty());
    (commit, dirty)
}

/// The resolved scenario as TOML, with the seed and replications actually used.
pub fn resolved_scenario_toml(s: &Scenario) -> String {
    let mut t = (*s.resolved).clone();
    t.insert("seed".into(), toml::Value::Integer(s.seed as i64));
    t.insert("replications".into(), toml::Value::Integer(s.replications as i64));
    format!(
        "# Resolved scenario written by detasim {}: rerun it with\n#   cargo run --release -- run <this file>\n{}",
        env!("CARGO_PKG_VERSION"),
        toml::to_string(&t).unwrap_or_default()
    )
}

/// The files of a `run` folder.
pub const RUN_FILES: [&str; 6] = [
    "summary.csv",
    "yearly.csv",
    "replications.csv",
    "trajectories.csv",
    "scenario.toml",
    "manifest.json",
];

pub fn build(
    s: &Scenario,
    r: &RunResults,
    dest: &Path,
    argv: Vec<String>,
    created_utc: String,
    files: &[&'static str],
    rerun: &str,
) -> Manifest {
    let (git_commit, git_dirty) = git_state(&s.data_dir);
    let scenario_path = dest.join("scenario.toml");
    let throughput = if r.wall_seconds > 0.0 {
        r.person_months as f64 / r.wall_seconds / r.threads as f64
    } else {
        0.0
    };
    Manifest {
        tool: "detasim",
        version: env!("CARGO_PKG_VERSION"),
        git_commit,
        git_dirty,
        created_utc,
        reproduce: format!("cargo run --release -- {rerun} {}", scenario_path.display()),
        argv,
        scenario_file: s.path.display().to_string(),
        scenario_name: s.name.clone(),
        region: s.region.id.clone(),
        seed: s.seed,
        replications: s.replications,
        warmup_months: s.warmup_months,
        horizon_months: s.horizon_months,
        threads: r.threads,
        wall_seconds: r.wall_seconds,
        person_months: r.person_months,
        person_months_per_second_per_thread: throughput,
        files: files.to_vec(),
        parameters: s.parameter_mode,
        fitted_file: s.posterior.as_ref().map(|p| p.path.display().to_string()),
        scenario: serde_json::to_value(&*s.resolved).unwrap_or(serde_json::Value::Null),
        data: serde_json::to_value(&*s.resolved_data).unwrap_or(serde_json::Value::Null),
    }
}

pub fn write(path: &Path, m: &Manifest) -> Result<()> {
    let text = serde_json::to_string_pretty(m).expect("manifest serialises");
    std::fs::write(path, text + "\n").map_err(|e| Error::write(path, "manifest.json", e))
}

/// Write a JSON manifest (pretty, with a final newline).
pub fn write_json(path: &Path, value: &serde_json::Value) -> Result<()> {
    let text = serde_json::to_string_pretty(value).expect("manifest serialises");
    std::fs::write(path, text + "\n").map_err(|e| Error::write(path, "manifest.json", e))
}
