//! `eval`: rows of factor values from an external driver (EMA Workbench,
//! SALib) → one result row per input row.

use std::path::PathBuf;

use crate::engine::{self, with_threads};
use crate::error::{Error, Result};
use crate::experiments::run::Execution;
use crate::experiments::sweep::{Sweep, results_table, run_points, write_table};
use crate::experiments::tables::Table;
use crate::input::scenario::Scenario;
use crate::progress;

/// What `eval` needs.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// CSV of points: a header of dotted scenario keys, one row per point.
    pub rows: PathBuf,
    /// The scenario the values are set on.
    pub scenario: PathBuf,
    /// A second scenario the same values are set on: the outputs are then
    /// the paired differences `scenario − minus` per replication.
    pub minus: Option<PathBuf>,
    /// The output metrics.
    pub outputs: Vec<String>,
    /// Replications per row (default: the scenario's).
    pub replications: Option<u32>,
    /// Seed, the same for every row (default: the scenario's).
    pub seed: Option<u64>,
    /// File to write (it must not exist yet); `None`: only return the table.
    pub out: Option<PathBuf>,
    pub execution: Execution,
}

/// The results: the input columns, then per output metric its mean, sd, p5,
/// p50 and p95 (`<metric>_diff_<stat>` with `--minus`).
#[derive(Debug)]
pub struct EvalTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl EvalTable {
    /// Write the table as CSV to `w` (`name` says where, for errors).
    pub fn write_to(&self, w: impl std::io::Write, name: &str) -> Result<()> {
        let path = PathBuf::from(name);
        let e = |source| Error::Csv {
            path: path.clone(),
            source,
        };
        let mut w = csv::Writer::from_writer(w);
        w.write_record(&self.header).map_err(e)?;
        for r in &self.rows {
            w.write_record(r).map_err(e)?;
        }
        w.flush().map_err(|err| Error::write(&path, "the results", err))
    }
}

/// Read rows → check every point → run each → the table (written to `out` if given).
pub fn eval(opts: &EvalOptions) -> Result<EvalTable> {
    with_threads(opts.execution.threads, || ())?;
    let table = Table::read(&opts.rows, "the rows to evaluate")?;
    let base = Scenario::load(&opts.scenario, opts.execution.data_dir())?;
    let names = crate::observe::registry::MetricSet::for_scenario(&base).names();
    for o in &opts.outputs {
        if !names.contains(o) {
            return Err(Error::Argument {
                option: "--output",
                value: o.clone(),
                problem: "not a metric the model produces".into(),
                allowed: "a metric id of summary.csv".into(),
            });
        }
    }
    if let Some(out) = &opts.out
        && out.exists()
    {
        return Err(Error::OutputExists { path: out.clone() });
    }
    let sweep = Sweep::from_rows(
        &opts.rows,
        (&opts.scenario, opts.minus.as_deref()),
        opts.execution.data_dir(),
        table.columns.clone(),
        table.rows.clone(),
        opts.outputs.clone(),
        opts.replications.unwrap_or(base.replications),
        opts.seed.unwrap_or(base.seed),
    )?;
    let progress = progress::bar(opts.execution.feedback, None, "evaluating", "simulations");
    let results = run_points(&sweep, opts.execution.data_dir(), |s| {
        with_threads(opts.execution.threads, || engine::run(s, &progress)).expect("thread count checked")
    })?;
    progress.finish_and_clear();
    let (header, rows) = results_table(&sweep, &results);
    if let Some(out) = &opts.out {
        let tmp = out.with_extension("partial");
        write_table(&tmp, &header, &rows)?;
        std::fs::rename(&tmp, out).map_err(|e| Error::write(out, "the results", e))?;
    }
    Ok(EvalTable { header, rows })
}
