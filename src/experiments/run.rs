//! `run`: one scenario's replications into a new output folder, or one
//! shard of them into a shard folder for `merge`. Also the sampling
//! overrides and the execution settings every command shares.

use std::path::{Path, PathBuf};

use crate::engine::{self, RunResults, with_threads};
use crate::error::{Error, Result};
use crate::experiments::shard::{self, Shard, ShardInfo};
use crate::input::scenario::Scenario;
use crate::output::folder::{Staged, destination};
use crate::output::{csv_files, manifest};
use crate::progress::{self, Feedback};
use crate::summary::Summary;

/// How the replications use a fitted posterior.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parameters {
    /// As the scenario says (by default one posterior draw per replication).
    AsScenario,
    /// The posterior's point estimate for every replication (`--fixed-parameters`).
    PointEstimate,
}

/// Overrides of a scenario's sampling: how many futures, from which seed,
/// with which parameters. `None` keeps the scenario's value.
#[derive(Debug, Clone)]
pub struct Sampling {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub parameters: Parameters,
}

/// Where the project's data is, how many worker threads, whether to show progress.
#[derive(Debug, Clone)]
pub struct Execution {
    /// Folder holding `calibration/` (default: found from the scenario file).
    pub data_dir: Option<PathBuf>,
    /// Worker threads (default: the global pool).
    pub threads: Option<usize>,
    pub feedback: Feedback,
}

impl Execution {
    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }
}

/// Read and validate a scenario and apply the sampling overrides.
pub fn load_scenario(path: &Path, data_dir: Option<&Path>, sampling: &Sampling) -> Result<Scenario> {
    let mut scenario = Scenario::load(path, data_dir)?;
    if let Some(n) = sampling.replications {
        if n == 0 || n > 1_000_000 {
            return Err(Error::Argument {
                option: "--replications",
                value: n.to_string(),
                problem: "out of range".into(),
                allowed: "1 to 1000000".into(),
            });
        }
        scenario.replications = n;
    }
    if let Some(s) = sampling.seed {
        scenario.seed = s;
    }
    if sampling.parameters == Parameters::PointEstimate {
        scenario.fix_parameters();
    }
    Ok(scenario)
}

/// Run a scenario's replications, with a progress bar on a terminal.
pub fn simulate(scenario: &Scenario, execution: &Execution) -> Result<RunResults> {
    let progress = progress::bar(
        execution.feedback,
        Some(scenario.replications as u64),
        &scenario.name,
        "replications",
    );
    let results = with_threads(execution.threads, || engine::run(scenario, &progress))?;
    progress.finish_and_clear();
    Ok(results)
}

/// What `run` needs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub scenario: PathBuf,
    /// Folder to create (default: a new folder under the project's `outputs/`).
    pub out: Option<PathBuf>,
    pub sampling: Sampling,
    pub execution: Execution,
}

/// A finished run: the scenario as run, its folder and the summaries written.
#[derive(Debug)]
pub struct RunOutcome {
    pub scenario: Scenario,
    pub folder: PathBuf,
    pub summaries: Vec<(String, Summary)>,
}

/// `run`: load → simulate → summarise → write every file into a temporary
/// folder, then move it into place.
pub fn run(opts: &RunOptions) -> Result<RunOutcome> {
    let scenario = load_scenario(&opts.scenario, opts.execution.data_dir(), &opts.sampling)?;
    let dest = destination(opts.out.as_deref(), &scenario.data_dir.join("outputs"), &scenario.name)?;
    let results = simulate(&scenario, &opts.execution)?;
    let summaries = csv_files::metric_summaries(&results);
    let staged = Staged::new(dest.clone())?;
    csv_files::write_summary(&staged.file("summary.csv"), &summaries)?;
    csv_files::write_yearly(&staged.file("yearly.csv"), &results)?;
    csv_files::write_replications(&staged.file("replications.csv"), &results)?;
    csv_files::write_trajectories(&staged.file("trajectories.csv"), &results)?;
    write_resolved(&staged, &scenario)?;
    manifest::build(&scenario, &results, &dest, &manifest::RUN_FILES, "run").write(&staged.file("manifest.json"))?;
    Ok(RunOutcome {
        folder: staged.commit()?,
        scenario,
        summaries,
    })
}

/// `scenario.toml` in a staged folder: the resolved scenario as run.
pub fn write_resolved(staged: &Staged, scenario: &Scenario) -> Result<()> {
    let path = staged.file("scenario.toml");
    std::fs::write(&path, manifest::resolved_scenario_toml(scenario))
        .map_err(|e| Error::write(&path, "scenario.toml", e))
}

impl std::fmt::Display for RunOutcome {
    /// The key metrics table and the folder.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}",
            crate::output::table::render(&self.summaries, self.scenario.replications)
        )?;
        write!(f, "\nResults: {}", self.folder.display())
    }
}

/// A finished shard of a run.
#[derive(Debug)]
pub struct ShardOutcome {
    pub folder: PathBuf,
    pub shard: Shard,
    /// Replications this shard computed.
    pub computed: usize,
    /// Replications of the whole run.
    pub total: u32,
}

impl std::fmt::Display for ShardOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "shard {}/{}: {} of {} replications\nResults: {}",
            self.shard.index,
            self.shard.count,
            self.computed,
            self.total,
            self.folder.display()
        )
    }
}

/// `run --shard I/N`: this shard's replications → a shard folder for `merge`.
pub fn run_shard(opts: &RunOptions, shard: Shard) -> Result<ShardOutcome> {
    let scenario = load_scenario(&opts.scenario, opts.execution.data_dir(), &opts.sampling)?;
    let dest = destination(
        opts.out.as_deref(),
        &scenario.data_dir.join("outputs"),
        &format!("{}-shard-{}-of-{}", scenario.name, shard.index, shard.count),
    )?;
    let replications = shard.items(scenario.replications as u64);
    let progress = progress::bar(
        opts.execution.feedback,
        Some(replications.len() as u64),
        &scenario.name,
        "replications",
    );
    let results = with_threads(opts.execution.threads, || {
        engine::run_replications(&scenario, &replications, &progress)
    })?;
    progress.finish_and_clear();
    let staged = Staged::new(dest.clone())?;
    csv_files::write_replications(&staged.file("replications.csv"), &results)?;
    shard::write_yearly_rows(&staged.file(shard::YEARLY_ROWS), &results)?;
    let mut files = vec![
        shard::SHARD_FILE,
        "replications.csv",
        shard::YEARLY_ROWS,
        "scenario.toml",
        "manifest.json",
    ];
    if !results.trajectories.is_empty() {
        csv_files::write_trajectories(&staged.file("trajectories.csv"), &results)?;
        files.push("trajectories.csv");
    }
    write_resolved(&staged, &scenario)?;
    let info = ShardInfo {
        kind: "run".into(),
        shard,
        total: scenario.replications as u64,
        seed: scenario.seed,
        command: std::env::args().collect::<Vec<_>>().join(" "),
    };
    shard::write_info(&staged.file(shard::SHARD_FILE), &info)?;
    manifest::build(&scenario, &results, &dest, &files, "run").write(&staged.file("manifest.json"))?;
    Ok(ShardOutcome {
        folder: staged.commit()?,
        shard,
        computed: replications.len(),
        total: scenario.replications,
    })
}
