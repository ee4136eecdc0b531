//! The command line: the clap options of every command and the dispatch.
//! Each command's options become the library's plain option structs, the
//! library ([`crate::experiments`], [`crate::calibrate`]) does the work, and
//! what it returns is printed here.

pub mod options;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

pub use options::{Common, FixedParameters, Nesting, Quiet, ReportOption, Sampling, Seed};

use crate::calibrate::{run as calibration, validate};
use crate::error::{Error, Result};
use crate::experiments::{analyze, break_even, compare, eval, merge, run, sweep_run};

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

    #[command(flatten)]
    pub quiet: Quiet,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// CSV of points: a header of dotted scenario keys, one row per point.
    #[arg(long, value_name = "FILE")]
    pub rows: PathBuf,

    /// The scenario the values are set on.
    #[arg(long, default_value = "scenarios/baseline.toml", value_name = "SCENARIO")]
    pub scenario: PathBuf,

    /// A second scenario the same values are set on: each output is then the paired difference
    /// SCENARIO − MINUS per replication (columns METRIC_diff_mean, …), e.g. what drives a difference.
    #[arg(long, value_name = "MINUS")]
    pub minus: Option<PathBuf>,

    /// An output metric (repeat for several).
    #[arg(long = "output", required = true, value_name = "METRIC")]
    pub outputs: Vec<String>,

    #[command(flatten)]
    pub sampling: Sampling,

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

    #[command(flatten)]
    pub sampling: Sampling,

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

impl From<AnalysisMethod> for crate::experiments::analyze::AnalysisMethod {
    fn from(m: AnalysisMethod) -> Self {
        match m {
            AnalysisMethod::Sobol => Self::Sobol,
            AnalysisMethod::Morris => Self::Morris,
        }
    }
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

    /// Seed of the bootstrap resampling (its own option: no simulation runs,
    /// so there is no scenario seed to override).
    #[arg(long, short = 's', default_value_t = 1, value_name = "S")]
    pub seed: u64,

    /// Folder to create for indices.csv; it must not exist yet (default: a new folder under outputs/).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub quiet: Quiet,
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
    pub nesting: Nesting,

    #[command(flatten)]
    pub parameters: FixedParameters,

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
    /// Its own option: it counts per particle, not per run, and has no
    /// scenario value to override.
    #[arg(long, default_value_t = 2, value_name = "R")]
    pub replications: u64,

    /// Replications of the fit report, with one posterior draw each.
    #[arg(long, default_value_t = 40, value_name = "N")]
    pub report_replications: u32,

    /// Random seed of the proposals and the simulations. The same seed gives
    /// the same fitted file. Its own option: the fit never uses the scenario's
    /// seed, so that the fitted file's command reproduces it.
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
    pub parameters: FixedParameters,

    #[command(flatten)]
    pub common: Common,
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
    pub parameters: FixedParameters,

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
    /// an update under a second on two cores; more narrow the intervals. Its
    /// own option: the page needs a quick default, not the scenario's.
    #[arg(long, short = 'n', default_value_t = 20, value_name = "N")]
    pub replications: u32,

    #[command(flatten)]
    pub seed: Seed,

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

/// Print `text` unless quiet.
fn say(quiet: bool, text: impl std::fmt::Display) {
    if !quiet {
        println!("{text}");
    }
}

/// `detasim serve`: load and run the baseline → listen → serve until Ctrl-C.
pub fn serve(args: ServeArgs) -> Result<()> {
    let opts = crate::serve::Options {
        scenario: args.scenario,
        data_dir: args.common.data_dir.clone(),
        host: args.host,
        port: args.port,
        replications: args.replications,
        seed: args.seed.seed,
        threads: args.common.threads,
        lang: args.lang,
        log: !args.common.quiet.quiet,
    };
    crate::serve::serve_until_stopped(&opts, args.common.execution().feedback)
}

/// `detasim run`: load → simulate → summarise → write → report (or one shard for `merge`).
pub fn run(args: RunArgs) -> Result<()> {
    let sampling = args.sampling.with(&args.parameters);
    let (scenario, out, execution) = (args.scenario, args.out, args.common.execution());
    let opts = run::RunOptions {
        scenario,
        out,
        sampling,
        execution,
    };
    if let Some(shard) = args.shard {
        say(args.common.quiet.quiet, run::run_shard(&opts, shard)?);
        return Ok(());
    }
    let done = run::run(&opts)?;
    if let Some(lang) = args.report.lang {
        crate::report::report_run(&done.folder, lang, false)?;
    }
    say(args.common.quiet.quiet, done);
    Ok(())
}

/// `detasim merge`: check the shard folders → combine → write what the unsharded command writes.
pub fn merge(args: MergeArgs) -> Result<()> {
    let written = merge::merge(&args.shards, args.out.as_deref())?;
    let n = args.shards.len();
    say(
        args.quiet.quiet,
        format!("merged {n} shards\nResults: {}", written.display()),
    );
    Ok(())
}

/// `detasim calibrate`: load → fit → write the fit → report.
pub fn calibrate(args: CalibrateArgs) -> Result<()> {
    let opts = calibration::CalibrateOptions {
        scenario: args.scenario,
        targets: args.targets,
        priors: args.priors,
        particles: args.particles,
        generations: args.generations,
        replications: args.replications,
        report_replications: args.report_replications,
        seed: args.seed,
        out: args.out,
        existing: calibration::Existing::replace_if(args.replace),
        execution: args.common.execution(),
    };
    say(args.common.quiet.quiet, calibration::calibrate(&opts)?);
    Ok(())
}

/// `detasim validate`: load → simulate → compare with the targets → write → exit 1 on a miss.
pub fn validate(args: ValidateArgs) -> Result<()> {
    let sampling = args.sampling.with(&args.parameters);
    let (scenario, targets, out, execution) = (args.scenario, args.targets, args.out, args.common.execution());
    let v = validate::validate(&validate::ValidateOptions {
        scenario,
        targets,
        out,
        sampling,
        execution,
    })?;
    println!("{}", crate::calibrate::report::render(&v.checks));
    let report = v.folder.join("validation.csv");
    if v.missed() > 0 {
        let (missed, total) = (v.missed(), v.fit_targets());
        return Err(Error::TargetsMissed { missed, total, report });
    }
    say(args.common.quiet.quiet, format!("\nReport: {}", report.display()));
    Ok(())
}

/// `detasim compare`: run every scenario with the base's seed and
/// replications → paired differences → write → print.
pub fn compare(args: CompareArgs) -> Result<()> {
    let sampling = args.sampling.with(&args.parameters);
    let (scenarios, out, execution) = (args.scenarios, args.out, args.common.execution());
    let done = compare::run(&compare::CompareOptions {
        scenarios,
        out,
        sampling,
        nesting: args.nesting.into(),
        execution,
    })?;
    if let Some(lang) = args.report.lang {
        crate::report::report_folder(&done.folder, lang, false)?;
    }
    say(args.common.quiet.quiet, done);
    Ok(())
}

/// `detasim sweep analyze`: read the design and results → indices → write → print.
pub fn analyze(args: AnalyzeArgs) -> Result<()> {
    let opts = analyze::AnalyzeOptions {
        method: args.method.into(),
        design: args.design,
        results: args.results,
        output: args.output,
        levels: args.levels,
        bootstrap: args.bootstrap,
        seed: args.seed,
        out: args.out,
    };
    say(args.quiet.quiet, analyze::analyze(&opts)?);
    Ok(())
}

/// `detasim sweep DESIGN.toml`: run every point (or this shard's share),
/// resumable → write → report.
pub fn sweep(args: SweepArgs) -> Result<()> {
    let Some(design) = args.design else {
        return Err(Error::Argument {
            option: "DESIGN",
            value: "(none)".into(),
            problem: "no design file".into(),
            allowed: "detasim sweep DESIGN.toml, or detasim sweep analyze …".into(),
        });
    };
    let start = match args.resume {
        true => sweep_run::Start::Resume,
        false => sweep_run::Start::Fresh,
    };
    let (out, shard, stop_after, execution) = (args.out, args.shard, args.stop_after, args.common.execution());
    let done = sweep_run::run(&sweep_run::SweepOptions {
        design,
        out,
        shard,
        start,
        stop_after,
        execution,
    })?;
    if let (Some(lang), None) = (args.report.lang, args.shard) {
        crate::report::report_folder(&done.folder, lang, false)?;
    }
    say(args.common.quiet.quiet, done);
    Ok(())
}

/// `detasim eval`: read rows → check every point → run each → one row per input row.
pub fn eval(args: EvalArgs) -> Result<()> {
    let opts = eval::EvalOptions {
        rows: args.rows,
        scenario: args.scenario,
        minus: args.minus,
        outputs: args.outputs,
        replications: args.sampling.replications,
        seed: args.sampling.seed.seed,
        out: args.out,
        execution: args.common.execution(),
    };
    let table = eval::eval(&opts)?;
    match opts.out {
        Some(_) => Ok(()),
        None => table.write_to(std::io::stdout(), "(standard output)"),
    }
}

/// `detasim break-even`: Illinois root-finding on the mean with common random
/// numbers → interval from replication noise → print.
pub fn break_even(args: BreakEvenArgs) -> Result<()> {
    let opts = break_even::BreakEvenOptions {
        scenario: args.scenario,
        lever: args.lever,
        metric: args.metric,
        target: args.target,
        low: args.low,
        high: args.high,
        tolerance: args.tolerance,
        replications: args.sampling.replications,
        seed: args.sampling.seed.seed,
        out: args.out,
        execution: args.common.execution(),
    };
    let found = break_even::break_even(&opts)?;
    if let Some(lang) = args.report.lang {
        crate::report::report_folder(&found.folder, lang, false)?;
    }
    println!("{found}");
    say(args.common.quiet.quiet, format!("Results: {}", found.folder.display()));
    Ok(())
}
