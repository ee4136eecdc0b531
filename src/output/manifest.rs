//! `manifest.json`: what was run, with what, by which version, and the
//! command that reruns it. The folder also holds `scenario.toml`, the fully
//! resolved scenario (no `extends`; seed and replications as used).

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use crate::engine::RunResults;
use crate::error::{Error, Result};
use crate::input::scenario::Scenario;

/// The provenance header every `manifest.json` starts with: which tool and
/// version made the folder, from which commit, when, with which command line,
/// how to rerun it, and the sampling it used.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub tool: &'static str,
    pub version: &'static str,
    pub git_commit: Option<String>,
    pub git_dirty: Option<bool>,
    pub created_utc: String,
    /// The command line as typed.
    pub argv: Vec<String>,
    /// The command that reruns this into a new folder (`merge` has none:
    /// rerun the shards, then merge).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reproduce: Option<String>,
    /// The random seed.
    pub seed: u64,
    /// Replications per run (a sweep's per point also under `replications_per_point`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    /// Worker threads used (results do not depend on them).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// Wall-clock time of the simulations, in seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wall_seconds: Option<f64>,
}

impl Provenance {
    /// The header of a folder made now from the project folder `project`
    /// (for its git state), by this process's command line, with `seed`.
    pub fn now(project: &Path, seed: u64) -> Provenance {
        let (git_commit, git_dirty) = git_state(project);
        Provenance {
            tool: "detasim",
            version: env!("CARGO_PKG_VERSION"),
            git_commit,
            git_dirty,
            created_utc: crate::output::folder::utc_stamp(std::time::SystemTime::now()),
            argv: std::env::args().collect(),
            reproduce: None,
            seed,
            replications: None,
            threads: None,
            wall_seconds: None,
        }
    }

    /// With the command that reruns it.
    pub fn reproduce(mut self, command: String) -> Provenance {
        self.reproduce = Some(command);
        self
    }

    /// With the replications per run.
    pub fn replications(mut self, n: u32) -> Provenance {
        self.replications = Some(n);
        self
    }

    /// With the worker threads and the wall-clock seconds.
    pub fn timing(mut self, threads: usize, wall_seconds: f64) -> Provenance {
        self.threads = Some(threads);
        self.wall_seconds = Some(wall_seconds);
        self
    }
}

/// A `manifest.json`: the shared [`Provenance`] header, then what is
/// particular to the command (`details`, e.g. [`RunDetails`]), then the
/// files of the folder. Serialised flat: one JSON object.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest<D> {
    #[serde(flatten)]
    pub provenance: Provenance,
    #[serde(flatten)]
    pub details: D,
    pub files: Vec<String>,
}

impl<D: Serialize> Manifest<D> {
    pub fn new(provenance: Provenance, details: D, files: &[&str]) -> Manifest<D> {
        Manifest {
            provenance,
            details,
            files: files.iter().map(|f| f.to_string()).collect(),
        }
    }

    /// Write it as pretty JSON with a final newline.
    pub fn write(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(self).expect("manifest serialises");
        std::fs::write(path, text + "\n").map_err(|e| Error::write(path, "manifest.json", e))
    }
}

/// What a `run` (also a shard of one, and `validate`) adds to the header.
#[derive(Debug, Clone, Serialize)]
pub struct RunDetails {
    pub scenario_file: String,
    pub scenario_name: String,
    pub region: String,
    pub warmup_months: u32,
    pub horizon_months: u32,
    pub person_months: u64,
    pub person_months_per_second_per_thread: f64,
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
    let mut t = (*s.provenance.resolved).clone();
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

/// The manifest of a run written to `dest`: `rerun` is the command
/// (`run`, `validate --targets …`) that reruns it from the folder's `scenario.toml`.
pub fn build(s: &Scenario, r: &RunResults, dest: &Path, files: &[&str], rerun: &str) -> Manifest<RunDetails> {
    let scenario_path = dest.join("scenario.toml");
    let throughput = if r.wall_seconds > 0.0 {
        r.person_months as f64 / r.wall_seconds / r.threads as f64
    } else {
        0.0
    };
    let provenance = Provenance::now(&s.data_dir, s.seed)
        .reproduce(format!("cargo run --release -- {rerun} {}", scenario_path.display()))
        .replications(s.replications)
        .timing(r.threads, r.wall_seconds);
    let details = RunDetails {
        scenario_file: s.path.display().to_string(),
        scenario_name: s.name.clone(),
        region: s.region.id.clone(),
        warmup_months: s.warmup_months,
        horizon_months: s.horizon_months,
        person_months: r.person_months,
        person_months_per_second_per_thread: throughput,
        parameters: s.provenance.parameter_mode,
        fitted_file: s.provenance.posterior.as_ref().map(|p| p.path.display().to_string()),
        scenario: serde_json::to_value(&*s.provenance.resolved).unwrap_or(serde_json::Value::Null),
        data: serde_json::to_value(&*s.provenance.resolved_data).unwrap_or(serde_json::Value::Null),
    };
    Manifest::new(provenance, details, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Details {
        metric: &'static str,
    }

    #[test]
    fn a_manifest_is_one_flat_object_header_first() {
        let p = Provenance::now(Path::new("/nonexistent"), 7).replications(3);
        let m = Manifest::new(p, Details { metric: "x" }, &["a.csv", "manifest.json"]);
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(v["tool"], "detasim");
        assert_eq!(v["seed"], 7);
        assert_eq!(v["replications"], 3);
        assert_eq!(v["metric"], "x");
        assert_eq!(v["files"][1], "manifest.json");
        // unset optional header fields are left out, unknown git state is null
        assert!(v.get("threads").is_none() && v.get("reproduce").is_none());
        assert!(v["git_commit"].is_null());
        let text = serde_json::to_string(&m).unwrap();
        assert!(text.find("\"tool\"").unwrap() < text.find("\"metric\"").unwrap());
    }
}
