//! The command line: raw arguments checked, then turned into what the library
//! needs. Each command's stages are named in order.

use std::path::PathBuf;
use std::time::SystemTime;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::engine;
use crate::error::{Error, Result};
use crate::input::scenario::Scenario;
use crate::output::folder::{Staged, destination, utc_stamp};
use crate::output::{csv_files, manifest, table};

/// Agent-based Monte Carlo simulator of detachering under the Participatiewet.
///
/// Simulates job seekers, employers, werkbedrijven and municipalities of one
/// labour-market region month by month under a scenario's policies, and
/// reports every outcome as a distribution over replications.
#[derive(Debug, Parser)]
#[command(name = "detasim", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and write its results to a new output folder.
    ///
    /// Writes summary.csv, yearly.csv, replications.csv, trajectories.csv,
    /// scenario.toml (resolved) and manifest.json, and prints the key metrics.
    Run(RunArgs),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). See the README's scenario reference.
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,

    /// Number of replications (simulated futures); overrides the scenario's `replications`.
    #[arg(long, short = 'n', value_name = "N")]
    pub replications: Option<u32>,

    /// Random seed; overrides the scenario's `seed`. The same scenario and seed
    /// give the same output bytes, whatever the thread count.
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,

    /// Folder to create for the results; it must not exist yet. Default: a new
    /// folder `outputs/<scenario name>-<UTC date-time>` in the project folder.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print nothing but errors (no progress bar, no table).
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Worker threads (default: RAYON_NUM_THREADS, else one per core). Results do not depend on it.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Folder holding `calibration/` (default: the nearest ancestor of the
    /// scenario file, or of the working directory, that has one).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Run the command line.
pub fn main_with(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run(args),
    }
}

/// `detasim run`: load → simulate → summarise → write → report.
pub fn run(args: RunArgs) -> Result<()> {
    let argv: Vec<String> = std::env::args().collect();
    let scenario = load_scenario(&args)?;
    let dest = destination(args.out.as_deref(), &scenario.data_dir.join("outputs"), &scenario.name)?;
    let results = simulate(&scenario, &args)?;
    let summaries = csv_files::metric_summaries(&results);
    let written = write_outputs(&scenario, &results, &summaries, &dest, argv)?;
    if !args.quiet {
        println!("{}", table::render(&summaries, scenario.replications));
        println!("\nResults: {}", written.display());
    }
    Ok(())
}

/// Stage 1: read and validate the scenario; apply the command-line overrides.
fn load_scenario(args: &RunArgs) -> Result<Scenario> {
    let mut scenario = Scenario::load(&args.scenario, args.data_dir.as_deref())?;
    if let Some(n) = args.replications {
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
    if let Some(s) = args.seed {
        scenario.seed = s;
    }
    if args.threads == Some(0) {
        return Err(Error::Argument {
            option: "--threads",
            value: "0".into(),
            problem: "no threads".into(),
            allowed: "a whole number from 1".into(),
        });
    }
    Ok(scenario)
}

/// Stage 2: run the replications, with a progress bar on a terminal.
fn simulate(scenario: &Scenario, args: &RunArgs) -> Result<engine::RunResults> {
    let progress = if args.quiet {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::with_draw_target(Some(scenario.replications as u64), ProgressDrawTarget::stderr());
        pb.set_style(
            ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} replications, {elapsed} elapsed, ETA {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        pb.set_message(scenario.name.clone());
        pb
    };
    let results = match args.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
            .install(|| engine::run(scenario, &progress)),
        None => engine::run(scenario, &progress),
    };
    progress.finish_and_clear();
    Ok(results)
}

/// Stage 3: write every file into a temporary folder, then move it into place.
fn write_outputs(
    scenario: &Scenario,
    results: &engine::RunResults,
    summaries: &[(String, crate::summary::Summary)],
    dest: &std::path::Path,
    argv: Vec<String>,
) -> Result<PathBuf> {
    let staged = Staged::new(dest.to_path_buf())?;
    csv_files::write_summary(&staged.file("summary.csv"), summaries)?;
    csv_files::write_yearly(&staged.file("yearly.csv"), results)?;
    csv_files::write_replications(&staged.file("replications.csv"), results)?;
    csv_files::write_trajectories(&staged.file("trajectories.csv"), results)?;
    let scenario_toml = staged.file("scenario.toml");
    std::fs::write(&scenario_toml, manifest::resolved_scenario_toml(scenario))
        .map_err(|e| Error::write(&scenario_toml, "scenario.toml", e))?;
    let m = manifest::build(scenario, results, dest, argv, utc_stamp(SystemTime::now()));
    manifest::write(&staged.file("manifest.json"), &m)?;
    staged.commit()
}
