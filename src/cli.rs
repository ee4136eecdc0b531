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

    /// Fit the behavioural parameters of a scenario's region to observed
    /// figures (ABC-SMC) and write calibration/fitted/REGION.toml.
    ///
    /// Prints a fit report (each target against the simulated median and 90%
    /// interval) and writes it as CSV beside the fitted file.
    Calibrate(CalibrateArgs),

    /// Check a scenario against calibration targets; exit code 1 if any
    /// target's simulated median lies outside its tolerance.
    Validate(ValidateArgs),

    /// Compare scenarios against a base with common random numbers.
    ///
    /// Runs every scenario with the base's seed and replications, and reports
    /// per metric each scenario's distribution and its paired difference from
    /// the base (mean, 95% interval, share of replications in which it is
    /// better). Writes compare.csv and manifest.json to a new output folder.
    Compare(CompareArgs),

    /// Run a sweep design (`sweep DESIGN.toml`), or analyse results (`sweep analyze`).
    ///
    /// A design file names the base scenario, the factors (scenario keys by
    /// dotted path with a range or values), the method (grid, oat, lhs,
    /// sobol, morris) and the replications per point. Writes design.csv,
    /// results.csv (the design's columns, then per output metric its mean,
    /// sd, p5, p50 and p95) and manifest.json to a new folder.
    #[command(args_conflicts_with_subcommands = true)]
    Sweep(SweepArgs),

    /// Evaluate rows of factor values, for external drivers (EMA Workbench, SALib).
    ///
    /// Reads a CSV whose header names scenario keys by dotted path and whose
    /// rows are points; runs the scenario at each point and writes one result
    /// row per input row: the input columns, then per output metric its mean,
    /// sd, p5, p50 and p95.
    Eval(EvalArgs),

    /// Find the lever value at which the mean of a metric reaches a target
    /// (e.g. the fee level at which the werkbedrijf breaks even).
    ///
    /// Every evaluation uses the same seed and replications (common random
    /// numbers), so the mean is a smooth function of the lever; a bracketing
    /// root-finder (Illinois) narrows the bracket, and the interval reported
    /// comes from the replication noise of the mean at the root.
    BreakEven(BreakEvenArgs),

    /// Combine the shard folders of a run or sweep (`--shard I/N`) into
    /// exactly the CSV files the unsharded command writes.
    Merge(MergeArgs),

    /// Write report.html into a run's output folder: key findings in plain
    /// language, charts (inline SVG, also saved under charts/), the
    /// scenario's levers, the method and how to reproduce it.
    Report(ReportArgs),

    /// Start the live what-if page for training sessions and workshops.
    ///
    /// Serves a page on http://127.0.0.1:PORT/ (the address is printed) with
    /// the scenario's main levers as controls. Every change re-runs the
    /// replications with common random numbers against the baseline and
    /// shows the key metrics with their intervals, fan charts and life paths
    /// of both. Values are validated exactly as in a scenario file; the
    /// current settings download as a scenario file that `run` reproduces.
    /// Ctrl-C stops the server.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder written by `detasim run`.
    #[arg(value_name = "FOLDER")]
    pub folder: PathBuf,

    /// Language of the report.
    #[arg(long, value_enum, default_value = "nl")]
    pub lang: crate::report::format::Lang,

    /// Replace an existing report.html.
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders, all N of them, in any order.
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,

    /// Folder to create; it must not exist yet (default: a new folder under outputs/).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// CSV of points: a header of dotted scenario keys, one row per point.
    #[arg(long, value_name = "FILE")]
    pub rows: PathBuf,

    /// The scenario the values are set on.
    #[arg(long, default_value = "scenarios/baseline.toml", value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// An output metric (repeat for several).
    #[arg(long = "output", required = true, value_name = "METRIC")]
    pub outputs: Vec<String>,

    /// Replications per row (default: the scenario's).
    #[arg(long, short = 'n', value_name = "N")]
    pub replications: Option<u32>,

    /// Seed (default: the scenario's), the same for every row.
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,

    /// File to write (it must not exist yet); default: standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct BreakEvenArgs {
    /// The scenario.
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,

    /// The lever, a dotted scenario key (e.g. werkbedrijf.fee.level).
    #[arg(long, value_name = "PATH")]
    pub lever: String,

    /// The metric (an id of summary.csv).
    #[arg(long, value_name = "ID")]
    pub metric: String,

    /// The value the metric's mean must reach.
    #[arg(long, value_name = "VALUE", allow_hyphen_values = true)]
    pub target: f64,

    /// Lower end of the bracket to search.
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    pub low: f64,

    /// Upper end of the bracket to search.
    #[arg(long, value_name = "X", allow_hyphen_values = true)]
    pub high: f64,

    /// Stop when the bracket is narrower than this.
    #[arg(long, default_value_t = 1e-3, value_name = "X")]
    pub tolerance: f64,

    /// Replications per evaluation (default: the scenario's).
    #[arg(long, short = 'n', value_name = "N")]
    pub replications: Option<u32>,

    /// Seed (default: the scenario's).
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,

    /// Folder to create for break-even.csv (every evaluation) and the manifest; it must not exist yet.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub report: ReportOption,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(subcommand)]
    pub action: Option<SweepAction>,

    /// The design file (TOML).
    #[arg(value_name = "DESIGN")]
    pub design: Option<PathBuf>,

    /// Folder to create for the results; it must not exist yet. While the
    /// sweep runs, finished points are kept in `.DIR.partial` beside it.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Compute only shard I of N (points k with k mod N = I − 1); combine the
    /// shard folders with `detasim merge`.
    #[arg(long, value_name = "I/N", value_parser = crate::experiments::shard::Shard::parse)]
    pub shard: Option<crate::experiments::shard::Shard>,

    /// Finish an interrupted sweep: keep the points its `.DIR.partial` folder
    /// holds and compute the rest (needs the same --out DIR and design).
    #[arg(long)]
    pub resume: bool,

    /// Stop after computing this many points (to test interruption).
    #[arg(long, hide = true)]
    pub stop_after: Option<usize>,

    #[command(flatten)]
    pub report: ReportOption,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum SweepAction {
    /// Sobol indices (Saltelli design) or Morris statistics (trajectories) of
    /// one output column; works on designs and results made elsewhere (SALib layouts).
    ///
    /// Writes indices.csv (Sobol: factor,S1,S1_low,S1_high,ST,ST_low,ST_high;
    /// Morris: factor,mu_star,mu,sigma) to a new folder and prints it.
    Analyze(AnalyzeArgs),
}

/// Sensitivity methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnalysisMethod {
    Sobol,
    Morris,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// sobol (Saltelli design, N·(D + 2) rows) or morris (trajectories of D + 1 rows).
    #[arg(long, value_enum)]
    pub method: AnalysisMethod,

    /// Design CSV: a header with one column per factor, one row per point.
    #[arg(long, value_name = "FILE")]
    pub design: PathBuf,

    /// Results CSV: the design's columns, then output columns, rows in the design's order.
    #[arg(long, value_name = "FILE")]
    pub results: PathBuf,

    /// The output column to analyse.
    #[arg(long, value_name = "COLUMN")]
    pub output: String,

    /// Morris: levels of the grid the trajectories were drawn on.
    #[arg(long, default_value_t = 4, value_name = "P")]
    pub levels: u32,

    /// Sobol: bootstrap resamples for the confidence intervals.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub bootstrap: usize,

    /// Seed of the bootstrap.
    #[arg(long, short = 's', default_value_t = 1, value_name = "S")]
    pub seed: u64,

    /// Folder to create for indices.csv; it must not exist yet (default: a new folder under outputs/).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The base scenario, then the scenarios to compare with it.
    #[arg(required = true, num_args = 2.., value_name = "SCENARIO")]
    pub scenarios: Vec<PathBuf>,

    #[command(flatten)]
    pub report: ReportOption,

    /// Folder to create for the results; it must not exist yet.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub sampling: Sampling,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The scenario whose region is fitted (its levers are those of the observed period).
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,

    /// Targets file (default: calibration/targets/REGION.toml).
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// Priors file (default: calibration/priors/default.toml).
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,

    /// Particles per generation.
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub particles: usize,

    /// Generations after the prior generation (at most).
    #[arg(long, default_value_t = 7, value_name = "G")]
    pub generations: usize,

    /// Replications per particle (common random numbers across particles).
    #[arg(long, default_value_t = 2, value_name = "R")]
    pub replications: u64,

    /// Replications of the fit report, with one posterior draw each.
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub report_replications: u32,

    /// Random seed of the proposals and the simulations. The same seed gives the same fitted file.
    #[arg(long, short = 's', default_value_t = 1, value_name = "S")]
    pub seed: u64,

    /// Where to write the fit (default: calibration/fitted/REGION.toml).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing fitted file.
    #[arg(long)]
    pub replace: bool,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario to check.
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,

    /// Targets file (default: calibration/targets/REGION.toml).
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,

    /// Folder to create for the report (validation.csv, manifest.json); it must not exist yet.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub sampling: Sampling,

    #[command(flatten)]
    pub common: Common,
}

/// How many futures to simulate and with which parameters: `run`, `compare`, `validate`.
#[derive(Debug, Clone, Args)]
pub struct Sampling {
    /// Number of replications (simulated futures); overrides the scenario's `replications`
    /// (for compare: the base scenario's, used for every scenario).
    #[arg(long, short = 'n', value_name = "N")]
    pub replications: Option<u32>,

    /// Random seed; overrides the scenario's `seed`. The same scenario and seed give the same
    /// output bytes, whatever the thread count.
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,

    /// Use the fitted posterior's point estimate for every replication instead
    /// of one posterior draw per replication (no effect without a fitted file).
    #[arg(long)]
    pub fixed_parameters: bool,
}

/// `--report [LANG]`: also write report.html, as `detasim report` would (not
/// for shards: merge them first).
#[derive(Debug, Clone, Args)]
pub struct ReportOption {
    /// Also write report.html (as `detasim report`) in this language. A shard
    /// (`--shard`) gets none: report the folder `detasim merge` writes.
    #[arg(long = "report", value_enum, value_name = "LANG", num_args = 0..=1, default_missing_value = "nl")]
    pub lang: Option<crate::report::format::Lang>,
}

/// Options every command has.
#[derive(Debug, Clone, Args)]
pub struct Common {
    /// No progress bar; `run` and `calibrate` print no table, `serve` no line per update (errors are always printed).
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

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML). See the README's scenario reference.
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,

    /// Folder to create for the results; it must not exist yet. Default: a new
    /// folder `outputs/SCENARIO-NAME-UTC-DATE-TIME` in the project folder.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub sampling: Sampling,

    #[command(flatten)]
    pub common: Common,

    /// Compute only shard I of N (replications r with r mod N = I − 1) into a
    /// shard folder; combine the shard folders with `detasim merge`.
    #[arg(long, value_name = "I/N", value_parser = crate::experiments::shard::Shard::parse)]
    pub shard: Option<crate::experiments::shard::Shard>,

    #[command(flatten)]
    pub report: ReportOption,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The baseline scenario (TOML); its levers are the page's starting point.
    #[arg(default_value = "scenarios/baseline.toml")]
    pub scenario: PathBuf,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, short = 'p', default_value_t = 8765)]
    pub port: u16,

    /// Address to listen on. The default, 127.0.0.1, lets only this computer
    /// in; another address (e.g. 0.0.0.0) lets anyone on the network run
    /// simulations on this machine.
    #[arg(long, default_value = "127.0.0.1", value_name = "IP")]
    pub host: std::net::IpAddr,

    /// Replications per update (the page can change it, up to 1000). 20 keep
    /// an update under a second on two cores; more narrow the intervals.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub replications: u32,

    /// Random seed; overrides the scenario's `seed`.
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,

    /// The page's language (the page has a switch too).
    #[arg(long, value_enum, default_value = "nl")]
    pub lang: crate::report::format::Lang,

    #[command(flatten)]
    pub common: Common,
}

/// Run the command line.
pub fn main_with(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Calibrate(args) => calibrate(args),
        Command::Validate(args) => validate(args),
        Command::Compare(args) => compare(args),
        Command::Sweep(SweepArgs {
            action: Some(SweepAction::Analyze(args)),
            ..
        }) => analyze(args),
        Command::Sweep(args) => sweep(args),
        Command::Eval(args) => eval(args),
        Command::BreakEven(args) => break_even(args),
        Command::Merge(args) => merge(args),
        Command::Serve(args) => serve(args),
        Command::Report(args) => {
            let written = crate::report::report_folder(&args.folder, args.lang, args.replace)?;
            println!("Report: {}", written.display());
            Ok(())
        }
    }
}

/// `detasim serve`: load and run the baseline → listen → serve until Ctrl-C.
pub fn serve(args: ServeArgs) -> Result<()> {
    use std::io::Write;
    let pb = spinner(args.common.quiet, "baseline");
    pb.set_message(format!("running the baseline ({} replications)", args.replications));
    let opts = crate::serve::Options {
        scenario: args.scenario,
        data_dir: args.common.data_dir,
        host: args.host,
        port: args.port,
        replications: args.replications,
        seed: args.seed,
        threads: args.common.threads,
        lang: args.lang,
        log: !args.common.quiet,
    };
    let running = crate::serve::start(&opts, true)?;
    pb.finish_and_clear();
    let address = match running.address {
        std::net::SocketAddr::V6(a) => format!("http://[{}]:{}/", a.ip(), a.port()),
        std::net::SocketAddr::V4(a) => format!("http://{}:{}/", a.ip(), a.port()),
    };
    println!("detasim serve: {address}");
    if !args.host.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can run simulations",
            args.host
        );
    }
    eprintln!("Open the address in a browser; Ctrl-C stops the server.");
    let _ = std::io::stdout().flush();
    running.wait()?;
    eprintln!("detasim serve: stopped");
    Ok(())
}

/// `detasim run`: load → simulate → summarise → write → report.
pub fn run(args: RunArgs) -> Result<()> {
    let argv: Vec<String> = std::env::args().collect();
    let scenario = load_scenario(&args)?;
    if let Some(shard) = args.shard {
        return run_shard(&args, &scenario, shard, argv);
    }
    let dest = destination(args.out.as_deref(), &scenario.data_dir.join("outputs"), &scenario.name)?;
    let results = simulate(&scenario, &args)?;
    let summaries = csv_files::metric_summaries(&results);
    let written = write_outputs(&scenario, &results, &summaries, &dest, argv)?;
    if let Some(lang) = args.report.lang {
        crate::report::report_run(&written, lang, false)?;
    }
    if !args.common.quiet {
        println!("{}", table::render(&summaries, scenario.replications));
        println!("\nResults: {}", written.display());
    }
    Ok(())
}

/// `detasim run --shard I/N`: this shard's replications → a shard folder for `merge`.
fn run_shard(
    args: &RunArgs,
    scenario: &Scenario,
    shard: crate::experiments::shard::Shard,
    argv: Vec<String>,
) -> Result<()> {
    use crate::experiments::shard::{self, ShardInfo};
    let dest = destination(
        args.out.as_deref(),
        &scenario.data_dir.join("outputs"),
        &format!("{}-shard-{}-of-{}", scenario.name, shard.index, shard.count),
    )?;
    let replications = shard.items(scenario.replications as u64);
    let progress = if args.common.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(Some(replications.len() as u64), ProgressDrawTarget::stderr())
    };
    let results = with_threads(args.common.threads, || {
        engine::run_replications(scenario, &replications, &progress)
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
    let scenario_toml = staged.file("scenario.toml");
    std::fs::write(&scenario_toml, manifest::resolved_scenario_toml(scenario))
        .map_err(|e| Error::write(&scenario_toml, "scenario.toml", e))?;
    shard::write_info(
        &staged.file(shard::SHARD_FILE),
        &ShardInfo {
            kind: "run".into(),
            shard,
            total: scenario.replications as u64,
            seed: scenario.seed,
            command: argv.join(" "),
        },
    )?;
    let files: Vec<&'static str> = files;
    let m = manifest::build(
        scenario,
        &results,
        &dest,
        argv,
        utc_stamp(SystemTime::now()),
        &files,
        "run",
    );
    manifest::write(&staged.file("manifest.json"), &m)?;
    let written = staged.commit()?;
    if !args.common.quiet {
        println!(
            "shard {}/{}: {} of {} replications\nResults: {}",
            shard.index,
            shard.count,
            replications.len(),
            scenario.replications,
            written.display()
        );
    }
    Ok(())
}

/// `detasim merge`: check the shard folders → combine → write what the unsharded command writes.
pub fn merge(args: MergeArgs) -> Result<()> {
    use crate::experiments::shard;
    let argv: Vec<String> = std::env::args().collect();
    let info = shard::read_info(&args.shards[0])?;
    let outputs = std::env::current_dir().unwrap_or_default().join("outputs");
    let dest = destination(args.out.as_deref(), &outputs, &format!("merged-{}", info.kind))?;
    let staged = Staged::new(dest)?;
    let copy = |name: &str, from: &std::path::Path| -> Result<()> {
        let to = staged.file(name);
        std::fs::copy(from, &to).map_err(|e| Error::write(&to, "a merged file", e))?;
        Ok(())
    };
    let files: Vec<&str> = if info.kind == "run" {
        let (_, results, trajectories) = shard::merge_runs(&args.shards)?;
        let summaries = csv_files::metric_summaries(&results);
        csv_files::write_summary(&staged.file("summary.csv"), &summaries)?;
        csv_files::write_yearly(&staged.file("yearly.csv"), &results)?;
        csv_files::write_replications(&staged.file("replications.csv"), &results)?;
        copy("trajectories.csv", &trajectories)?;
        copy("scenario.toml", &args.shards[0].join("scenario.toml"))?;
        manifest::RUN_FILES.to_vec()
    } else {
        let m = shard::merge_sweeps(&args.shards)?;
        crate::experiments::sweep::write_table(&staged.file("design.csv"), &m.design_header, &m.design_rows)?;
        crate::experiments::sweep::write_table(&staged.file("results.csv"), &m.results_header, &m.results_rows)?;
        copy("design.toml", &args.shards[0].join("design.toml"))?;
        vec!["design.csv", "results.csv", "design.toml", "manifest.json"]
    };
    let (git_commit, git_dirty) = manifest::git_state(&std::env::current_dir().unwrap_or_default());
    let m = serde_json::json!({
        "tool": "detasim",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": git_commit,
        "git_dirty": git_dirty,
        "created_utc": utc_stamp(SystemTime::now()),
        "argv": argv,
        "merged_from": args.shards.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "kind": info.kind,
        "shards": info.shard.count,
        "seed": info.seed,
        "files": files,
    });
    let mpath = staged.file("manifest.json");
    manifest::write_json(&mpath, &m)?;
    let written = staged.commit()?;
    if !args.quiet {
        println!("merged {} shards\nResults: {}", args.shards.len(), written.display());
    }
    Ok(())
}

/// Stage 1: read and validate the scenario; apply the command-line overrides.
fn load_scenario(args: &RunArgs) -> Result<Scenario> {
    let mut scenario = Scenario::load(&args.scenario, args.common.data_dir.as_deref())?;
    if let Some(n) = args.sampling.replications {
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
    if let Some(s) = args.sampling.seed {
        scenario.seed = s;
    }
    if args.sampling.fixed_parameters {
        scenario.fix_parameters();
    }
    Ok(scenario)
}

/// Stage 2: run the replications, with a progress bar on a terminal.
fn simulate(scenario: &Scenario, args: &RunArgs) -> Result<engine::RunResults> {
    let progress = if args.common.quiet {
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
    let results = with_threads(args.common.threads, || engine::run(scenario, &progress))?;
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
    let m = manifest::build(
        scenario,
        results,
        dest,
        argv,
        utc_stamp(SystemTime::now()),
        &manifest::RUN_FILES,
        "run",
    );
    manifest::write(&staged.file("manifest.json"), &m)?;
    staged.commit()
}

fn with_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T> {
    match threads {
        Some(0) => Err(Error::Argument {
            option: "--threads",
            value: "0".into(),
            problem: "no threads".into(),
            allowed: "a whole number from 1".into(),
        }),
        Some(n) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
            .install(f)),
        None => Ok(f()),
    }
}

fn spinner(quiet: bool, message: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {msg}: {pos} simulations, {elapsed} elapsed ({per_sec})")
            .expect("valid template"),
    );
    pb.set_message(message.to_string());
    pb.enable_steady_tick(std::time::Duration::from_millis(200));
    pb
}

/// The targets file of a scenario: given, or `calibration/targets/REGION.toml`.
fn targets_for(scenario: &Scenario, given: Option<&std::path::Path>) -> Result<crate::calibrate::targets::Targets> {
    let path = given.map(PathBuf::from).unwrap_or_else(|| {
        scenario
            .data_dir
            .join("calibration")
            .join("targets")
            .join(format!("{}.toml", scenario.region.id))
    });
    let names = crate::observe::registry::MetricSet::for_scenario(scenario).names();
    crate::calibrate::targets::Targets::load(&path, &names)
}

/// `detasim calibrate`: load → fit → write the fit → report.
pub fn calibrate(args: CalibrateArgs) -> Result<()> {
    use crate::calibrate::{abc, fitted, priors::Priors, report};
    // Stage 1: inputs. The fit starts from the behaviour file, not from an earlier fit.
    let mut scenario = Scenario::load(&args.scenario, args.common.data_dir.as_deref())?;
    scenario.use_defaults()?;
    scenario.seed = args.seed;
    let targets = targets_for(&scenario, args.targets.as_deref())?;
    let priors_path = args.priors.clone().unwrap_or_else(|| {
        scenario
            .data_dir
            .join("calibration")
            .join("priors")
            .join("default.toml")
    });
    let priors = Priors::load(&priors_path, &scenario)?;
    let out = args.out.clone().unwrap_or_else(|| {
        scenario
            .data_dir
            .join("calibration")
            .join("fitted")
            .join(format!("{}.toml", scenario.region.id))
    });
    if out.exists() && !args.replace {
        return Err(Error::FitExists { path: out });
    }
    for (option, value, ok) in [
        ("--particles", args.particles as u64, args.particles >= 10),
        ("--generations", args.generations as u64, args.generations <= 100),
        ("--replications", args.replications, args.replications >= 1),
    ] {
        if !ok {
            return Err(Error::Argument {
                option,
                value: value.to_string(),
                problem: "out of range".into(),
                allowed: "--particles ≥ 10, --generations ≤ 100, --replications ≥ 1".into(),
            });
        }
    }
    let settings = abc::Settings {
        particles: args.particles,
        generations: args.generations,
        replications: args.replications,
        seed: args.seed,
        min_acceptance: 0.02,
    };

    // Stage 2: the fit
    let started = std::time::Instant::now();
    let progress = spinner(args.common.quiet, "calibrating");
    let fit = with_threads(args.common.threads, || {
        abc::fit(&scenario, &targets, &priors, &settings, &progress)
    })?;
    progress.finish_and_clear();
    let fit_seconds = started.elapsed().as_secs_f64();

    // Stage 3: write the fitted file
    let (point, sd) = fit.point_and_sd();
    let rel = |p: &std::path::Path| p.strip_prefix(&scenario.data_dir).unwrap_or(p).display().to_string();
    let mut distances = fit.distances.clone();
    distances.sort_by(f64::total_cmp);
    let command = format!(
        "cargo run --release -- calibrate {} --targets {} --priors {} --particles {} --generations {} --replications {} --seed {} --replace",
        rel(&args.scenario.canonicalize().unwrap_or(args.scenario.clone())),
        rel(&targets.path.canonicalize().unwrap_or(targets.path.clone())),
        rel(&priors_path.canonicalize().unwrap_or(priors_path.clone())),
        args.particles,
        args.generations,
        args.replications,
        args.seed
    );
    let raw = fitted::RawFitted {
        region: scenario.region.id.clone(),
        method: "abc-smc".into(),
        command,
        seed: args.seed,
        scenario: rel(&args.scenario.canonicalize().unwrap_or(args.scenario.clone())),
        targets: rel(&targets.path.canonicalize().unwrap_or(targets.path.clone())),
        priors: rel(&priors_path.canonicalize().unwrap_or(priors_path.clone())),
        particles: args.particles as u32,
        generations: fit.epsilon.len() as u32 - 1,
        replications_per_particle: args.replications as u32,
        epsilon: fit.epsilon.clone(),
        acceptance: fit.acceptance.clone(),
        distance_median: crate::summary::quantile_sorted(&distances, 0.5),
        distance_best: distances[0],
        parameters: fit.parameters.clone(),
        point,
        sd,
        particle: fit
            .particles
            .iter()
            .zip(&fit.weights)
            .zip(&fit.distances)
            .map(|((values, w), d)| fitted::RawParticle {
                weight: *w,
                distance: *d,
                values: values.clone(),
            })
            .collect(),
    };
    fitted::write(&out, &raw)?;

    // Stage 4: the fit report, with one posterior draw per replication
    let mut checked = Scenario::load(&args.scenario, args.common.data_dir.as_deref())?;
    let posterior = fitted::Posterior::load(&out)?;
    checked.replications = args.report_replications.max(1);
    checked.seed = args.seed;
    checked.use_posterior(posterior)?;
    let results = with_threads(args.common.threads, || engine::run(&checked, &ProgressBar::hidden()))?;
    let checks = report::check(&targets, &results);
    let csv = out.with_extension("fit.csv");
    report::write_csv(&csv, &checks)?;
    if !args.common.quiet {
        println!("{}", report::render(&checks));
        println!(
            "\nFitted {} parameters in {:.0} s ({} generations, median distance {:.2}).",
            fit.parameters.len(),
            fit_seconds,
            raw.generations,
            raw.distance_median
        );
        println!("Fit: {}\nReport: {}", out.display(), csv.display());
    }
    Ok(())
}

/// `detasim validate`: load → simulate → compare with the targets → write → exit 1 on a miss.
pub fn validate(args: ValidateArgs) -> Result<()> {
    use crate::calibrate::report;
    let run_args = RunArgs {
        scenario: args.scenario.clone(),
        out: None,
        sampling: args.sampling.clone(),
        common: args.common.clone(),
        shard: None,
        report: ReportOption { lang: None },
    };
    let scenario = load_scenario(&run_args)?;
    let targets = targets_for(&scenario, args.targets.as_deref())?;
    let dest = destination(
        args.out.as_deref(),
        &scenario.data_dir.join("outputs"),
        &format!("{}-validate", scenario.name),
    )?;
    let results = simulate(&scenario, &run_args)?;
    let checks = report::check(&targets, &results);
    let staged = Staged::new(dest.clone())?;
    report::write_csv(&staged.file("validation.csv"), &checks)?;
    let argv: Vec<String> = std::env::args().collect();
    let m = manifest::build(
        &scenario,
        &results,
        &dest,
        argv,
        utc_stamp(SystemTime::now()),
        &["validation.csv", "scenario.toml", "manifest.json"],
        &format!("validate --targets {}", targets.path.display()),
    );
    let scenario_toml = staged.file("scenario.toml");
    std::fs::write(&scenario_toml, manifest::resolved_scenario_toml(&scenario))
        .map_err(|e| Error::write(&scenario_toml, "scenario.toml", e))?;
    manifest::write(&staged.file("manifest.json"), &m)?;
    let written = staged.commit()?;
    println!("{}", report::render(&checks));
    let missed = checks.iter().filter(|c| !c.within).count();
    if missed > 0 {
        return Err(Error::TargetsMissed {
            missed,
            total: checks.len(),
            report: written.join("validation.csv"),
        });
    }
    if !args.common.quiet {
        println!("\nReport: {}", written.join("validation.csv").display());
    }
    Ok(())
}

/// `detasim compare`: load every scenario → run each with the same seed and
/// replications → paired differences → write → print.
pub fn compare(args: CompareArgs) -> Result<()> {
    use crate::experiments::compare as cmp;
    let argv: Vec<String> = std::env::args().collect();
    let mut scenarios = Vec::new();
    for path in &args.scenarios {
        let run_args = RunArgs {
            scenario: path.clone(),
            out: None,
            sampling: args.sampling.clone(),
            shard: None,
            report: ReportOption { lang: None },
            common: args.common.clone(),
        };
        scenarios.push(load_scenario(&run_args)?);
    }
    let (seed, replications) = (scenarios[0].seed, scenarios[0].replications);
    for s in &mut scenarios {
        s.seed = seed;
        s.replications = replications;
    }
    let mut names: Vec<String> = Vec::new();
    for s in &scenarios {
        let mut name = s.name.clone();
        let mut k = 2;
        while names.contains(&name) {
            name = format!("{}-{k}", s.name);
            k += 1;
        }
        names.push(name);
    }
    let dest = destination(
        args.out.as_deref(),
        &scenarios[0].data_dir.join("outputs"),
        &format!("compare-{}", names.join("-vs-")),
    )?;
    let started = std::time::Instant::now();
    let mut results = Vec::new();
    for s in &scenarios {
        let run_args = RunArgs {
            scenario: s.path.clone(),
            out: None,
            sampling: Sampling {
                replications: None,
                seed: None,
                fixed_parameters: args.sampling.fixed_parameters,
            },
            shard: None,
            report: ReportOption { lang: None },
            common: args.common.clone(),
        };
        results.push(simulate(s, &run_args)?);
    }
    let rows = cmp::compare(&names, &results);

    let staged = Staged::new(dest.clone())?;
    cmp::write_csv(&staged.file("compare.csv"), &rows)?;
    let mut scenario_entries = Vec::new();
    for (i, (s, name)) in scenarios.iter().zip(&names).enumerate() {
        let file = format!("scenario-{}-{name}.toml", i + 1);
        let p = staged.file(&file);
        std::fs::write(&p, manifest::resolved_scenario_toml(s)).map_err(|e| Error::write(&p, "a scenario", e))?;
        scenario_entries.push(serde_json::json!({
            "name": name,
            "file": s.path.display().to_string(),
            "resolved": file,
            "parameters": s.parameter_mode,
            "fitted_file": s.posterior.as_ref().map(|p| p.path.display().to_string()),
        }));
    }
    let (git_commit, git_dirty) = manifest::git_state(&scenarios[0].data_dir);
    let files: Vec<String> = (1..=names.len())
        .map(|i| format!("scenario-{i}-{}.toml", names[i - 1]))
        .collect();
    let m = serde_json::json!({
        "tool": "detasim",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": git_commit,
        "git_dirty": git_dirty,
        "created_utc": utc_stamp(SystemTime::now()),
        "reproduce": format!(
            "cargo run --release -- compare {} --seed {seed} --replications {replications}",
            files.iter().map(|f| dest.join(f).display().to_string()).collect::<Vec<_>>().join(" ")
        ),
        "argv": argv,
        "seed": seed,
        "replications": replications,
        "threads": results[0].threads,
        "wall_seconds": started.elapsed().as_secs_f64(),
        "scenarios": scenario_entries,
        "files": ["compare.csv", "manifest.json"],
    });
    let mpath = staged.file("manifest.json");
    manifest::write_json(&mpath, &m)?;
    let written = staged.commit()?;
    if let Some(lang) = args.report.lang {
        crate::report::report_folder(&written, lang, false)?;
    }
    if !args.common.quiet {
        println!("{}", cmp::render(&rows, &names[0]));
        println!("\nResults: {}", written.display());
    }
    Ok(())
}

/// `detasim sweep analyze`: read the design and results → indices → write → print.
pub fn analyze(args: AnalyzeArgs) -> Result<()> {
    use crate::experiments::sensitivity;
    use crate::experiments::tables::Table;
    use crate::output::csv_files::num;
    let design = Table::read(&args.design, "the design")?;
    let results = Table::read(&args.results, "the results")?;
    let d = design.columns.len();
    if results.columns.len() < d || results.columns[..d] != design.columns[..] {
        return Err(Error::invalid(
            &args.results,
            "header",
            results.columns.join(","),
            "the first columns differ from the design's",
            format!(
                "the design's columns ({}) followed by output columns",
                design.columns.join(",")
            ),
        ));
    }
    if results.rows.len() != design.rows.len() {
        return Err(Error::invalid(
            &args.results,
            "rows",
            results.rows.len(),
            "a different number of rows than the design",
            format!("{} rows, in the design's order", design.rows.len()),
        ));
    }
    for (r, (a, b)) in design.rows.iter().zip(&results.rows).enumerate() {
        if a.iter()
            .zip(&b[..d])
            .any(|(x, y)| (x - y).abs() > 1e-9 * x.abs().max(1.0))
        {
            return Err(Error::invalid(
                &args.results,
                format!("row {}", r + 2),
                format!("{:?}", &b[..d]),
                "the factor values differ from the design's row",
                format!("{a:?}"),
            ));
        }
    }
    let Some(k) = results.column(&args.output).filter(|k| *k >= d) else {
        return Err(Error::Argument {
            option: "--output",
            value: args.output.clone(),
            problem: "no such output column in the results".into(),
            allowed: results.columns[d..].join(", "),
        });
    };
    let y: Vec<f64> = results.rows.iter().map(|r| r[k]).collect();
    let bad = |message: String| Error::invalid(&args.design, "rows", design.rows.len(), message, "the method's layout");
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match args.method {
        AnalysisMethod::Sobol => {
            let idx = sensitivity::sobol(&design.columns, &y, args.bootstrap, args.seed).map_err(bad)?;
            (
                vec!["factor", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"],
                idx.iter()
                    .map(|i| {
                        let mut r = vec![i.factor.clone()];
                        r.extend([i.s1, i.s1_low, i.s1_high, i.st, i.st_low, i.st_high].map(num));
                        r
                    })
                    .collect(),
            )
        }
        AnalysisMethod::Morris => {
            let idx = sensitivity::morris(&design.columns, &design.rows, &y, args.levels).map_err(bad)?;
            (
                vec!["factor", "mu_star", "mu", "sigma"],
                idx.iter()
                    .map(|i| {
                        let mut r = vec![i.factor.clone()];
                        r.extend([i.mu_star, i.mu, i.sigma].map(num));
                        r
                    })
                    .collect(),
            )
        }
    };
    let outputs = std::env::current_dir().unwrap_or_default().join("outputs");
    let dest = destination(args.out.as_deref(), &outputs, &format!("sensitivity-{}", args.output))?;
    let staged = Staged::new(dest)?;
    let path = staged.file("indices.csv");
    let e = |source| Error::Csv {
        path: path.clone(),
        source,
    };
    let mut w = csv::Writer::from_path(&path).map_err(e)?;
    w.write_record(&header).map_err(e)?;
    for r in &rows {
        w.write_record(r).map_err(e)?;
    }
    w.flush().map_err(|err| Error::write(&path, "indices.csv", err))?;
    let written = staged.commit()?;
    if !args.quiet {
        println!("{}", header.join("\t"));
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| {
                    c.parse::<f64>()
                        .map(|v| format!("{v:.4}"))
                        .unwrap_or_else(|_| c.clone())
                })
                .collect();
            println!("{}", cells.join("\t"));
        }
        println!("\nIndices: {}", written.join("indices.csv").display());
    }
    Ok(())
}

/// `detasim sweep DESIGN.toml`: load and check every point → run each (or
/// this shard's share), keeping each finished point in a `.partial` folder so
/// an interrupted sweep can `--resume` → write → move into place.
pub fn sweep(args: SweepArgs) -> Result<()> {
    use crate::experiments::shard::{self, ShardInfo};
    use crate::experiments::sweep::{OUTPUT_STATS, Sweep, write_table};
    use crate::output::csv_files::num;
    use std::collections::BTreeMap;
    let Some(design_path) = args.design.clone() else {
        return Err(Error::Argument {
            option: "DESIGN",
            value: "(none)".into(),
            problem: "no design file".into(),
            allowed: "detasim sweep DESIGN.toml, or detasim sweep analyze …".into(),
        });
    };
    let argv: Vec<String> = std::env::args().collect();
    with_threads(args.common.threads, || ())?;
    let data_dir = args.common.data_dir.as_deref();
    let sweep = Sweep::load(&design_path, data_dir)?;
    let first = sweep.scenario(0, data_dir)?;
    let stem = design_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let label = match args.shard {
        Some(sh) => format!("sweep-{stem}-shard-{}-of-{}", sh.index, sh.count),
        None => format!("sweep-{stem}"),
    };
    if args.resume && args.out.is_none() {
        return Err(Error::Argument {
            option: "--resume",
            value: "without --out".into(),
            problem: "resuming needs the folder the interrupted sweep was writing".into(),
            allowed: "--resume with the same --out DIR as the interrupted sweep".into(),
        });
    }
    let dest = destination(args.out.as_deref(), &first.data_dir.join("outputs"), &label)?;
    let parent = dest.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    let leaf = dest
        .file_name()
        .map(|l| l.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = parent.join(format!(".{leaf}.partial"));
    let design_copy = partial.join("design.toml");
    let design_bytes = std::fs::read(&design_path).map_err(|source| Error::Read {
        path: design_path.clone(),
        what: "the sweep design",
        hint: None,
        source,
    })?;
    let mut done: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let points_file = partial.join(shard::POINT_ROWS);
    if partial.exists() {
        if !args.resume {
            return Err(Error::Argument {
                option: "--out",
                value: dest.display().to_string(),
                problem: format!("an interrupted sweep is in {}", partial.display()),
                allowed: "--resume to finish it, or remove that folder".into(),
            });
        }
        if std::fs::read(&design_copy).ok().as_deref() != Some(&design_bytes[..]) {
            return Err(Error::invalid(
                &design_path,
                "design",
                "changed",
                "the design differs from the interrupted sweep's",
                format!("the design in {}", design_copy.display()),
            ));
        }
        if points_file.exists() {
            let mut reader = csv::Reader::from_path(&points_file).map_err(|e| Error::Csv {
                path: points_file.clone(),
                source: e,
            })?;
            for rec in reader.records().flatten() {
                let cells: Vec<String> = rec.iter().map(str::to_string).collect();
                if let Ok(k) = cells[0].parse::<u64>() {
                    done.insert(k, cells[1..].to_vec());
                }
            }
        }
    } else {
        std::fs::create_dir_all(&partial).map_err(|e| Error::write(&partial, "the sweep's working folder", e))?;
        std::fs::write(&design_copy, &design_bytes).map_err(|e| Error::write(&design_copy, "design.toml", e))?;
    }
    let total = sweep.points.len() as u64;
    let mine: Vec<u64> = match args.shard {
        Some(sh) => sh.items(total),
        None => (0..total).collect(),
    };
    let mut header = vec!["point".to_string()];
    header.extend(sweep.factors.iter().cloned());
    for o in &sweep.outputs {
        for stat in OUTPUT_STATS {
            header.push(format!("{o}_{stat}"));
        }
    }
    let new_file = !points_file.exists();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&points_file)
        .map_err(|e| Error::write(&points_file, "the sweep's finished points", e))?;
    let mut appender = csv::Writer::from_writer(file);
    let csv_error = |e| Error::Csv {
        path: points_file.clone(),
        source: e,
    };
    if new_file {
        appender.write_record(&header).map_err(csv_error)?;
        appender
            .flush()
            .map_err(|e| Error::write(&points_file, "points.csv", e))?;
    }

    let todo: Vec<u64> = mine.iter().copied().filter(|k| !done.contains_key(k)).collect();
    let progress = if args.common.quiet {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::with_draw_target(
            Some(todo.len() as u64 * sweep.replications as u64),
            ProgressDrawTarget::stderr(),
        );
        pb.set_style(
            ProgressStyle::with_template("sweep [{bar:40}] {pos}/{len} runs, {elapsed} elapsed, ETA {eta}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        pb
    };
    let started = std::time::Instant::now();
    for (n_done, &k) in todo.iter().enumerate() {
        if args.stop_after.is_some_and(|stop| n_done >= stop) {
            progress.finish_and_clear();
            return Err(Error::Argument {
                option: "--stop-after",
                value: n_done.to_string(),
                problem: format!("stopped as asked; resume with --resume --out {}", dest.display()),
                allowed: "(a testing option)".into(),
            });
        }
        let s = sweep.scenario(k as usize, data_dir)?;
        let r = with_threads(args.common.threads, || engine::run(&s, &progress))?;
        let mut cells: Vec<String> = sweep.points[k as usize].iter().map(|v| num(*v)).collect();
        for o in &sweep.outputs {
            let m = r
                .metric_names
                .iter()
                .position(|n| n == o)
                .expect("outputs are checked against the metric ids");
            let values: Vec<f64> = r.rows.iter().map(|row| row[m]).collect();
            let sm = crate::summary::summarize(&values);
            cells.extend([sm.mean, sm.sd, sm.p5, sm.p50, sm.p95].map(num));
        }
        let mut rec = vec![k.to_string()];
        rec.extend(cells.iter().cloned());
        appender.write_record(&rec).map_err(csv_error)?;
        appender
            .flush()
            .map_err(|e| Error::write(&points_file, "points.csv", e))?;
        done.insert(k, cells);
    }
    progress.finish_and_clear();
    drop(appender);

    // the finished sweep (or shard): its files, then the folder into place
    let design_rows: Vec<(u64, Vec<String>)> = mine
        .iter()
        .map(|k| (*k, sweep.points[*k as usize].iter().map(|v| num(*v)).collect()))
        .collect();
    let mut files: Vec<&str> = vec!["design.toml", "manifest.json"];
    match args.shard {
        Some(sh) => {
            let mut h = vec!["point".to_string()];
            h.extend(sweep.factors.iter().cloned());
            let rows: Vec<Vec<String>> = design_rows
                .iter()
                .map(|(k, r)| std::iter::once(k.to_string()).chain(r.iter().cloned()).collect())
                .collect();
            write_table(&partial.join(shard::DESIGN_POINTS), &h, &rows)?;
            // points.csv in point order
            let rows: Vec<Vec<String>> = mine
                .iter()
                .map(|k| std::iter::once(k.to_string()).chain(done[k].iter().cloned()).collect())
                .collect();
            write_table(&points_file, &header, &rows)?;
            shard::write_info(
                &partial.join(shard::SHARD_FILE),
                &ShardInfo {
                    kind: "sweep".into(),
                    shard: sh,
                    total,
                    seed: sweep.seed,
                    command: argv.join(" "),
                },
            )?;
            files.extend([shard::SHARD_FILE, shard::DESIGN_POINTS, shard::POINT_ROWS]);
        }
        None => {
            let rows: Vec<Vec<String>> = design_rows.iter().map(|(_, r)| r.clone()).collect();
            write_table(&partial.join("design.csv"), &sweep.factors, &rows)?;
            let results: Vec<Vec<String>> = mine.iter().map(|k| done[k].clone()).collect();
            write_table(&partial.join("results.csv"), &header[1..], &results)?;
            std::fs::remove_file(&points_file).map_err(|e| Error::write(&points_file, "points.csv", e))?;
            files.extend(["design.csv", "results.csv"]);
        }
    }
    let (git_commit, git_dirty) = manifest::git_state(&first.data_dir);
    let m = serde_json::json!({
        "tool": "detasim",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": git_commit,
        "git_dirty": git_dirty,
        "created_utc": utc_stamp(SystemTime::now()),
        "reproduce": format!("cargo run --release -- sweep {}", design_path.display()),
        "argv": argv,
        "design_file": design_path.display().to_string(),
        "base_scenario": sweep.base.display().to_string(),
        "method": sweep.method,
        "points": total,
        "shard": args.shard,
        "replications_per_point": sweep.replications,
        "seed": sweep.seed,
        "parameters": first.parameter_mode,
        "fitted_file": first.posterior.as_ref().map(|p| p.path.display().to_string()),
        "threads": rayon::current_num_threads(),
        "wall_seconds": started.elapsed().as_secs_f64(),
        "files": files,
    });
    let mpath = partial.join("manifest.json");
    manifest::write_json(&mpath, &m)?;
    if dest.exists() {
        return Err(Error::OutputExists { path: dest });
    }
    std::fs::rename(&partial, &dest).map_err(|e| Error::write(&dest, "the sweep folder", e))?;
    if let (Some(lang), None) = (args.report.lang, args.shard) {
        crate::report::report_folder(&dest, lang, false)?;
    }
    if !args.common.quiet {
        println!(
            "{} of {} points × {} replications in {:.1} s\nResults: {}",
            mine.len(),
            total,
            sweep.replications,
            started.elapsed().as_secs_f64(),
            dest.display()
        );
    }
    Ok(())
}

/// `detasim eval`: read rows → check every point → run each → write one row per input row.
pub fn eval(args: EvalArgs) -> Result<()> {
    use crate::experiments::sweep::{Sweep, results_table, run_points, write_table};
    use crate::experiments::tables::Table;
    with_threads(args.common.threads, || ())?;
    let table = Table::read(&args.rows, "the rows to evaluate")?;
    let base = Scenario::load(&args.scenario, args.common.data_dir.as_deref())?;
    let names = crate::observe::registry::MetricSet::for_scenario(&base).names();
    for o in &args.outputs {
        if !names.contains(o) {
            return Err(Error::Argument {
                option: "--output",
                value: o.clone(),
                problem: "not a metric the model produces".into(),
                allowed: "a metric id of summary.csv".into(),
            });
        }
    }
    if let Some(out) = &args.out
        && out.exists()
    {
        return Err(Error::OutputExists { path: out.clone() });
    }
    let sweep = Sweep::from_rows(
        &args.rows,
        &args.scenario,
        args.common.data_dir.as_deref(),
        table.columns.clone(),
        table.rows.clone(),
        args.outputs.clone(),
        args.replications.unwrap_or(base.replications),
        args.seed.unwrap_or(base.seed),
    )?;
    let progress = spinner(args.common.quiet, "evaluating");
    let results = run_points(&sweep, args.common.data_dir.as_deref(), |s| {
        with_threads(args.common.threads, || engine::run(s, &progress)).expect("thread count checked")
    })?;
    progress.finish_and_clear();
    let (header, rows) = results_table(&sweep, &results);
    match &args.out {
        Some(out) => {
            let tmp = out.with_extension("partial");
            write_table(&tmp, &header, &rows)?;
            std::fs::rename(&tmp, out).map_err(|e| Error::write(out, "the results", e))?;
        }
        None => {
            let mut w = csv::Writer::from_writer(std::io::stdout());
            let e = |source| Error::Csv {
                path: PathBuf::from("(standard output)"),
                source,
            };
            w.write_record(&header).map_err(e)?;
            for r in &rows {
                w.write_record(r).map_err(e)?;
            }
            w.flush()
                .map_err(|err| Error::write(std::path::Path::new("(standard output)"), "the results", err))?;
        }
    }
    Ok(())
}

/// `detasim break-even`: check the bracket → Illinois root-finding on the
/// mean with common random numbers → interval from replication noise.
pub fn break_even(args: BreakEvenArgs) -> Result<()> {
    use crate::experiments::sweep::Sweep;
    with_threads(args.common.threads, || ())?;
    if args.low >= args.high || !args.low.is_finite() || !args.high.is_finite() {
        return Err(Error::Argument {
            option: "--low/--high",
            value: format!("{} / {}", args.low, args.high),
            problem: "not a bracket".into(),
            allowed: "finite numbers with low < high".into(),
        });
    }
    let base = Scenario::load(&args.scenario, args.common.data_dir.as_deref())?;
    let names = crate::observe::registry::MetricSet::for_scenario(&base).names();
    let Some(k) = names.iter().position(|n| n == &args.metric) else {
        return Err(Error::Argument {
            option: "--metric",
            value: args.metric.clone(),
            problem: "not a metric the model produces".into(),
            allowed: "a metric id of summary.csv".into(),
        });
    };
    let dest = destination(
        args.out.as_deref(),
        &base.data_dir.join("outputs"),
        &format!("break-even-{}", args.metric),
    )?;
    let replications = args.replications.unwrap_or(base.replications);
    let seed = args.seed.unwrap_or(base.seed);
    let data_dir = args.common.data_dir.as_deref();
    let progress = spinner(args.common.quiet, "searching");
    let origin = PathBuf::from(format!("--lever {}", args.lever));
    // mean and half-width of its 95% interval at lever value x
    let trace = std::cell::RefCell::new(Vec::<(f64, f64, f64)>::new());
    let evaluate = |x: f64| -> Result<(f64, f64, f64)> {
        let sweep = Sweep::from_rows(
            &origin,
            &args.scenario,
            data_dir,
            vec![args.lever.clone()],
            vec![vec![x]],
            vec![args.metric.clone()],
            replications,
            seed,
        )?;
        let s = sweep.scenario(0, data_dir)?;
        let r = with_threads(args.common.threads, || engine::run(&s, &ProgressBar::hidden()))?;
        progress.inc(1);
        let values: Vec<f64> = r.rows.iter().map(|row| row[k]).collect();
        let sm = crate::summary::summarize(&values);
        trace
            .borrow_mut()
            .push((sweep.points[0][0], sm.mean, 0.5 * (sm.ci95_high - sm.ci95_low)));
        Ok((
            sweep.points[0][0],
            sm.mean - args.target,
            0.5 * (sm.ci95_high - sm.ci95_low),
        ))
    };
    let (mut a, mut fa, _) = evaluate(args.low)?;
    let (mut b, mut fb, _) = evaluate(args.high)?;
    // the average slope over the bracket: with common random numbers the mean
    // moves in small steps, so a local slope would understate the noise
    let slope = (fb - fa) / (b - a);
    if fa.signum() == fb.signum() {
        progress.finish_and_clear();
        return Err(Error::Argument {
            option: "--low/--high",
            value: format!("{a} / {b}"),
            problem: format!(
                "the mean of {} minus the target has the same sign at both ends ({fa:.4} and {fb:.4}): no crossing in this bracket",
                args.metric
            ),
            allowed: "a bracket where the metric's mean crosses the target".into(),
        });
    }
    // Illinois variant of regula falsi (Dowell & Jarratt 1971)
    let mut side = 0;
    let mut evaluations = 2;
    let (mut x, mut fx, mut half) = (a, fa, 0.0);
    while (b - a).abs() > args.tolerance && evaluations < 60 {
        let guess = (a * fb - b * fa) / (fb - fa);
        let (xr, fr, hr) = evaluate(guess)?;
        evaluations += 1;
        (x, fx, half) = (xr, fr, hr);
        if fr == 0.0 || xr == a || xr == b {
            break;
        }
        if fr.signum() == fb.signum() {
            b = xr;
            fb = fr;
            if side == -1 {
                fa /= 2.0;
            }
            side = -1;
        } else {
            a = xr;
            fa = fr;
            if side == 1 {
                fb /= 2.0;
            }
            side = 1;
        }
    }
    progress.finish_and_clear();
    // interval from replication noise: the lever values at which the mean is
    // within its 95% interval of the target, by the local slope
    let spread = if slope.is_finite() && slope != 0.0 {
        (half / slope).abs()
    } else {
        f64::NAN
    };
    // the output folder: every evaluation, the result and a manifest
    let staged = Staged::new(dest)?;
    let mut points = trace.borrow().clone();
    points.sort_by(|p, q| p.0.total_cmp(&q.0));
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|(x, m, h)| {
            vec![
                crate::output::csv_files::num(*x),
                crate::output::csv_files::num(*m),
                crate::output::csv_files::num(m - h),
                crate::output::csv_files::num(m + h),
            ]
        })
        .collect();
    let header: Vec<String> = ["lever_value", "mean", "ci95_low", "ci95_high"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    crate::experiments::sweep::write_table(&staged.file("break-even.csv"), &header, &rows)?;
    let (git_commit, git_dirty) = manifest::git_state(&base.data_dir);
    let m = serde_json::json!({
        "tool": "detasim",
        "version": env!("CARGO_PKG_VERSION"),
        "git_commit": git_commit,
        "git_dirty": git_dirty,
        "created_utc": utc_stamp(SystemTime::now()),
        "argv": std::env::args().collect::<Vec<_>>(),
        "reproduce": format!(
            "cargo run --release -- break-even {} --lever {} --metric {} --target {} --low {} --high {} -n {replications} -s {seed}",
            args.scenario.display(), args.lever, args.metric, args.target, args.low, args.high
        ),
        "seed": seed,
        "replications": replications,
        "lever": args.lever,
        "metric": args.metric,
        "target": args.target,
        "value": x,
        "interval": [x - spread, x + spread],
        "evaluations": evaluations,
        "files": ["break-even.csv", "manifest.json"],
    });
    let mpath = staged.file("manifest.json");
    manifest::write_json(&mpath, &m)?;
    let written = staged.commit()?;
    if let Some(lang) = args.report.lang {
        crate::report::report_folder(&written, lang, false)?;
    }
    println!(
        "The mean of {} reaches {} at {} = {:.4} (95% interval from replication noise {:.4} – {:.4}; mean − target there {:.4}; {} evaluations of {} replications, seed {})",
        args.metric,
        args.target,
        args.lever,
        x,
        x - spread,
        x + spread,
        fx,
        evaluations,
        replications,
        seed
    );
    if !args.common.quiet {
        println!("Results: {}", written.display());
    }
    Ok(())
}
