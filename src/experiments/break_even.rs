//! `break-even`: the lever value at which the mean of a metric reaches a
//! target. Every evaluation uses the same seed and replications (common
//! random numbers), so the mean is a smooth function of the lever, and the
//! Illinois root-finder ([`root::illinois`]) narrows the bracket.

use std::cell::RefCell;
use std::path::PathBuf;

use indicatif::ProgressBar;
use serde::Serialize;

use crate::engine::{self, with_threads};
use crate::error::{Error, Result};
use crate::experiments::root::{self, Point, Search};
use crate::experiments::run::Execution;
use crate::experiments::sweep::{Sweep, write_table};
use crate::input::scenario::Scenario;
use crate::output::csv_files::num;
use crate::output::folder::{Staged, destination};
use crate::output::manifest::{Manifest, Provenance};
use crate::progress;

/// Evaluations at most, the two ends of the bracket included.
const MAX_EVALUATIONS: u32 = 60;

/// What `break-even` needs.
#[derive(Debug, Clone)]
pub struct BreakEvenOptions {
    pub scenario: PathBuf,
    /// The lever, a dotted scenario key (e.g. `werkbedrijf.fee.level`).
    pub lever: String,
    /// The metric (an id of summary.csv).
    pub metric: String,
    /// The value the metric's mean must reach.
    pub target: f64,
    /// The bracket to search.
    pub low: f64,
    pub high: f64,
    /// Stop when the bracket is narrower than this (units of the lever).
    pub tolerance: f64,
    /// Replications per evaluation (default: the scenario's).
    pub replications: Option<u32>,
    /// Seed of every evaluation (default: the scenario's).
    pub seed: Option<u64>,
    /// Folder to create (default: a new folder under the project's `outputs/`).
    pub out: Option<PathBuf>,
    pub execution: Execution,
}

/// The lever value found.
#[derive(Debug)]
pub struct BreakEven {
    pub folder: PathBuf,
    pub lever: String,
    pub metric: String,
    pub target: f64,
    /// The lever value.
    pub value: f64,
    /// The 95% interval of the value from the replication noise of the mean.
    pub interval: (f64, f64),
    /// Mean minus target at the value.
    pub residual: f64,
    pub evaluations: u32,
    pub replications: u32,
    pub seed: u64,
}

impl std::fmt::Display for BreakEven {
    /// One sentence: the value, its interval and how it was found.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "The mean of {} reaches {} at {} = {:.4} (95% interval from replication noise {:.4} – {:.4}; mean − target there {:.4}; {} evaluations of {} replications, seed {})",
            self.metric,
            self.target,
            self.lever,
            self.value,
            self.interval.0,
            self.interval.1,
            self.residual,
            self.evaluations,
            self.replications,
            self.seed
        )
    }
}

/// What `break-even` adds to the manifest header.
#[derive(Debug, Serialize)]
struct BreakEvenDetails {
    lever: String,
    metric: String,
    target: f64,
    value: f64,
    interval: [f64; 2],
    evaluations: u32,
}

/// One evaluation: the lever value, the metric's mean and the half-width of its 95% interval.
type Evaluation = (f64, f64, f64);

/// Check the bracket → Illinois root-finding on the mean with common random
/// numbers → interval from replication noise → break-even.csv and the manifest.
pub fn break_even(opts: &BreakEvenOptions) -> Result<BreakEven> {
    with_threads(opts.execution.threads, || ())?;
    if opts.low >= opts.high || !opts.low.is_finite() || !opts.high.is_finite() {
        return Err(Error::Argument {
            option: "--low/--high",
            value: format!("{} / {}", opts.low, opts.high),
            problem: "not a bracket".into(),
            allowed: "finite numbers with low < high".into(),
        });
    }
    let base = Scenario::load(&opts.scenario, opts.execution.data_dir())?;
    let k = metric_index(&base, &opts.metric)?;
    let dest = destination(
        opts.out.as_deref(),
        &base.data_dir.join("outputs"),
        &format!("break-even-{}", opts.metric),
    )?;
    let replications = opts.replications.unwrap_or(base.replications);
    let seed = opts.seed.unwrap_or(base.seed);
    let progress = progress::bar(opts.execution.feedback, None, "searching", "simulations");
    let trace = RefCell::new(Vec::<Evaluation>::new());
    let search = root::illinois(
        |x| {
            let (x, mean, half) = evaluate(opts, k, replications, seed, x, &progress)?;
            trace.borrow_mut().push((x, mean, half));
            Ok(Point {
                x,
                f: mean - opts.target,
            })
        },
        opts.low,
        opts.high,
        opts.tolerance,
        MAX_EVALUATIONS,
    )?;
    progress.finish_and_clear();
    let (at, evaluations, low, high) = match search {
        Search::Root {
            at,
            evaluations,
            low,
            high,
        } => (at, evaluations, low, high),
        Search::NoSignChange { low, high } => return Err(no_crossing(opts, low, high)),
    };
    // the average slope over the bracket: with common random numbers the mean
    // moves in small steps, so a local slope would understate the noise
    let slope = (high.f - low.f) / (high.x - low.x);
    // the half-width at the value: that of the last step (none without a step)
    let half = if evaluations > 2 {
        trace.borrow().last().map_or(0.0, |e| e.2)
    } else {
        0.0
    };
    // interval from replication noise: the lever values at which the mean is
    // within its 95% interval of the target, by the slope
    let spread = if slope.is_finite() && slope != 0.0 {
        (half / slope).abs()
    } else {
        f64::NAN
    };
    let x = at.x;
    let staged = Staged::new(dest)?;
    write_trace(&staged, trace.into_inner())?;
    let provenance = Provenance::now(&base.data_dir, seed)
        .reproduce(format!(
            "cargo run --release -- break-even {} --lever {} --metric {} --target {} --low {} --high {} -n {replications} -s {seed}",
            opts.scenario.display(),
            opts.lever,
            opts.metric,
            opts.target,
            opts.low,
            opts.high
        ))
        .replications(replications);
    let details = BreakEvenDetails {
        lever: opts.lever.clone(),
        metric: opts.metric.clone(),
        target: opts.target,
        value: x,
        interval: [x - spread, x + spread],
        evaluations,
    };
    Manifest::new(provenance, details, &["break-even.csv", "manifest.json"]).write(&staged.file("manifest.json"))?;
    Ok(BreakEven {
        folder: staged.commit()?,
        lever: opts.lever.clone(),
        metric: opts.metric.clone(),
        target: opts.target,
        value: x,
        interval: (x - spread, x + spread),
        residual: at.f,
        evaluations,
        replications,
        seed,
    })
}

/// The column of `metric` in a run's metrics.
fn metric_index(base: &Scenario, metric: &str) -> Result<usize> {
    let names = crate::observe::registry::MetricSet::for_scenario(base).names();
    names.iter().position(|n| n == metric).ok_or_else(|| Error::Argument {
        option: "--metric",
        value: metric.to_string(),
        problem: "not a metric the model produces".into(),
        allowed: "a metric id of summary.csv".into(),
    })
}

/// The error for a bracket in which the mean does not cross the target.
fn no_crossing(opts: &BreakEvenOptions, low: Point, high: Point) -> Error {
    Error::Argument {
        option: "--low/--high",
        value: format!("{} / {}", low.x, high.x),
        problem: format!(
            "the mean of {} minus the target has the same sign at both ends ({:.4} and {:.4}): no crossing in this bracket",
            opts.metric, low.f, high.f
        ),
        allowed: "a bracket where the metric's mean crosses the target".into(),
    }
}

/// Run the scenario with the lever at `x`: the lever value as run (rounded
/// for a whole-number key), the mean of metric `k` and its 95% half-width.
fn evaluate(
    opts: &BreakEvenOptions,
    k: usize,
    replications: u32,
    seed: u64,
    x: f64,
    progress: &ProgressBar,
) -> Result<Evaluation> {
    let data_dir = opts.execution.data_dir();
    let sweep = Sweep::from_rows(
        &PathBuf::from(format!("--lever {}", opts.lever)),
        (&opts.scenario, None),
        data_dir,
        vec![opts.lever.clone()],
        vec![vec![x]],
        vec![opts.metric.clone()],
        replications,
        seed,
    )?;
    let s = sweep.scenario(0, data_dir)?;
    let r = with_threads(opts.execution.threads, || engine::run(&s, &ProgressBar::hidden()))?;
    progress.inc(1);
    let values: Vec<f64> = r.rows.iter().map(|row| row[k]).collect();
    let sm = crate::summary::summarize(&values);
    Ok((sweep.points[0][0], sm.mean, 0.5 * (sm.ci95_high - sm.ci95_low)))
}

/// `break-even.csv`: every evaluation, by lever value.
fn write_trace(staged: &Staged, mut points: Vec<Evaluation>) -> Result<()> {
    points.sort_by(|p, q| p.0.total_cmp(&q.0));
    let rows: Vec<Vec<String>> = points
        .iter()
        .map(|(x, m, h)| vec![num(*x), num(*m), num(m - h), num(m + h)])
        .collect();
    let header: Vec<String> = ["lever_value", "mean", "ci95_low", "ci95_high"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    write_table(&staged.file("break-even.csv"), &header, &rows)
}
