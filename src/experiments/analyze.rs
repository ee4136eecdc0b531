//! `sweep analyze`: Sobol indices or Morris statistics of one output column
//! of a design and its results (made by `sweep` or elsewhere, e.g. SALib).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::experiments::sensitivity;
use crate::experiments::tables::Table;
use crate::output::csv_files::num;
use crate::output::folder::{Staged, destination};

/// Sensitivity methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnalysisMethod {
    /// Sobol indices from a Saltelli design of N·(D + 2) rows.
    Sobol,
    /// Morris statistics from trajectories of D + 1 rows.
    Morris,
}

/// What `sweep analyze` needs.
#[derive(Debug, Clone)]
pub struct AnalyzeOptions {
    pub method: AnalysisMethod,
    /// Design CSV: one column per factor, one row per point.
    pub design: PathBuf,
    /// Results CSV: the design's columns, then output columns, rows in the design's order.
    pub results: PathBuf,
    /// The output column to analyse.
    pub output: String,
    /// Morris: levels of the grid the trajectories were drawn on.
    pub levels: u32,
    /// Sobol: bootstrap resamples for the confidence intervals.
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
    /// Folder to create (default: a new folder under `outputs/` of the working directory).
    pub out: Option<PathBuf>,
}

/// The indices written: `indices.csv` in `folder`, its header and rows.
#[derive(Debug)]
pub struct Indices {
    pub folder: PathBuf,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl std::fmt::Display for Indices {
    /// The indices as a tab-separated table (numbers to 4 decimals) and the file.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.header.join("\t"))?;
        for r in &self.rows {
            let cells: Vec<String> = r
                .iter()
                .map(|c| {
                    c.parse::<f64>()
                        .map(|v| format!("{v:.4}"))
                        .unwrap_or_else(|_| c.clone())
                })
                .collect();
            writeln!(f, "{}", cells.join("\t"))?;
        }
        write!(f, "\nIndices: {}", self.folder.join("indices.csv").display())
    }
}

/// Read the design and results → check they belong together → indices → write indices.csv.
pub fn analyze(opts: &AnalyzeOptions) -> Result<Indices> {
    let design = Table::read(&opts.design, "the design")?;
    let results = Table::read(&opts.results, "the results")?;
    let d = design.columns.len();
    check_results(&opts.results, &design, &results)?;
    let Some(k) = results.column(&opts.output).filter(|k| *k >= d) else {
        return Err(Error::Argument {
            option: "--output",
            value: opts.output.clone(),
            problem: "no such output column in the results".into(),
            allowed: results.columns[d..].join(", "),
        });
    };
    let y: Vec<f64> = results.rows.iter().map(|r| r[k]).collect();
    let bad = |message: String| Error::invalid(&opts.design, "rows", design.rows.len(), message, "the method's layout");
    let (header, rows): (Vec<&str>, Vec<Vec<String>>) = match opts.method {
        AnalysisMethod::Sobol => {
            let idx = sensitivity::sobol(&design.columns, &y, opts.bootstrap, opts.seed).map_err(bad)?;
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
            let idx = sensitivity::morris(&design.columns, &design.rows, &y, opts.levels).map_err(bad)?;
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
    let dest = destination(opts.out.as_deref(), &outputs, &format!("sensitivity-{}", opts.output))?;
    let staged = Staged::new(dest)?;
    crate::experiments::sweep::write_csv(&staged.file("indices.csv"), &header, &rows, "indices.csv")?;
    Ok(Indices {
        folder: staged.commit()?,
        header,
        rows,
    })
}

/// The results must start with the design's columns and rows, in its order.
fn check_results(path: &Path, design: &Table, results: &Table) -> Result<()> {
    let d = design.columns.len();
    if results.columns.len() < d || results.columns[..d] != design.columns[..] {
        return Err(Error::invalid(
            path,
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
            path,
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
                path,
                format!("row {}", r + 2),
                format!("{:?}", &b[..d]),
                "the factor values differ from the design's row",
                format!("{a:?}"),
            ));
        }
    }
    Ok(())
}
