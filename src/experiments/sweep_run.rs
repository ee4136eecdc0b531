//! `sweep DESIGN.toml`: run every point of a design (or one shard's share),
//! keeping each finished point in a `.DIR.partial` folder so an interrupted
//! sweep can be resumed, then move the finished folder into place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::engine::{self, with_threads};
use crate::error::{Error, Result};
use crate::experiments::run::Execution;
use crate::experiments::shard::{self, Shard, ShardInfo};
use crate::experiments::sweep::{Method, Sweep, write_table};
use crate::input::scenario::ParameterMode;
use crate::output::csv_files::num;
use crate::output::folder::destination;
use crate::output::manifest::{Manifest, Provenance};
use crate::progress;

/// Whether a sweep starts afresh or finishes an interrupted one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A new sweep; an interrupted one in the same place is an error.
    Fresh,
    /// Keep the points the `.DIR.partial` folder holds and compute the rest.
    Resume,
}

/// What `sweep` needs.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    pub design: PathBuf,
    /// Folder to create (default: a new folder under the project's `outputs/`).
    pub out: Option<PathBuf>,
    /// Compute only this shard's points.
    pub shard: Option<Shard>,
    pub start: Start,
    /// Stop with an error after computing this many points (to test interruption).
    pub stop_after: Option<usize>,
    pub execution: Execution,
}

/// A finished sweep (or shard of one).
#[derive(Debug)]
pub struct SweepOutcome {
    pub folder: PathBuf,
    /// Points in this folder (this shard's, or all).
    pub points: usize,
    /// Points of the whole design.
    pub total: u64,
    pub replications: u32,
    pub wall_seconds: f64,
}

impl std::fmt::Display for SweepOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} of {} points × {} replications in {:.1} s\nResults: {}",
            self.points,
            self.total,
            self.replications,
            self.wall_seconds,
            self.folder.display()
        )
    }
}

/// What a sweep adds to the manifest header.
#[derive(Debug, Serialize)]
struct SweepDetails {
    design_file: String,
    base_scenario: String,
    /// The scenario subtracted when the outputs are paired differences.
    minus_scenario: Option<String>,
    method: Method,
    points: u64,
    shard: Option<Shard>,
    replications_per_point: u32,
    parameters: ParameterMode,
    fitted_file: Option<String>,
}

/// The working folder of a sweep: the points finished so far.
struct Partial {
    dir: PathBuf,
    /// `points.csv`: one row per finished point, appended as each finishes.
    points_file: PathBuf,
    /// Finished points: point index → its result cells.
    done: BTreeMap<u64, Vec<String>>,
}

/// `sweep`: load and check every point → run each (or this shard's share),
/// keeping each finished point → write → move into place.
pub fn run(opts: &SweepOptions) -> Result<SweepOutcome> {
    with_threads(opts.execution.threads, || ())?;
    let data_dir = opts.execution.data_dir();
    let sweep = Sweep::load(&opts.design, data_dir)?;
    let first = sweep.scenario(0, data_dir)?;
    let stem = opts
        .design
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let label = match opts.shard {
        Some(sh) => format!("sweep-{stem}-shard-{}-of-{}", sh.index, sh.count),
        None => format!("sweep-{stem}"),
    };
    if opts.start == Start::Resume && opts.out.is_none() {
        return Err(Error::Argument {
            option: "--resume",
            value: "without --out".into(),
            problem: "resuming needs the folder the interrupted sweep was writing".into(),
            allowed: "--resume with the same --out DIR as the interrupted sweep".into(),
        });
    }
    let dest = destination(opts.out.as_deref(), &first.data_dir.join("outputs"), &label)?;
    let mut partial = open_partial(opts, &dest)?;
    let total = sweep.points.len() as u64;
    let mine: Vec<u64> = match opts.shard {
        Some(sh) => sh.items(total),
        None => (0..total).collect(),
    };
    let header = points_header(&sweep);
    let started = std::time::Instant::now();
    compute_points(opts, &sweep, &mine, &header, &dest, &mut partial)?;
    let files = write_results(opts, &sweep, &mine, &header, &partial)?;
    let provenance = Provenance::now(&first.data_dir, sweep.seed)
        .reproduce(format!("cargo run --release -- sweep {}", opts.design.display()))
        .replications(sweep.replications)
        .timing(rayon::current_num_threads(), started.elapsed().as_secs_f64());
    let details = SweepDetails {
        design_file: opts.design.display().to_string(),
        base_scenario: sweep.base.display().to_string(),
        minus_scenario: sweep.minus.as_ref().map(|m| m.display().to_string()),
        method: sweep.method,
        points: total,
        shard: opts.shard,
        replications_per_point: sweep.replications,
        parameters: first.provenance.parameter_mode,
        fitted_file: first
            .provenance
            .posterior
            .as_ref()
            .map(|p| p.path.display().to_string()),
    };
    Manifest::new(provenance, details, &files).write(&partial.dir.join("manifest.json"))?;
    if dest.exists() {
        return Err(Error::OutputExists { path: dest });
    }
    std::fs::rename(&partial.dir, &dest).map_err(|e| Error::write(&dest, "the sweep folder", e))?;
    Ok(SweepOutcome {
        folder: dest,
        points: mine.len(),
        total,
        replications: sweep.replications,
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

/// The header of `points.csv`: the point index, the factors, each output's statistics.
fn points_header(sweep: &Sweep) -> Vec<String> {
    let mut header = vec!["point".to_string()];
    header.extend(sweep.factors.iter().cloned());
    header.extend(sweep.output_columns());
    header
}

/// The `.DIR.partial` folder beside `dest`: created with a copy of the
/// design, or (resuming) checked against the design and read back.
fn open_partial(opts: &SweepOptions, dest: &Path) -> Result<Partial> {
    let design_path = &opts.design;
    let parent = dest.parent().map(Path::to_path_buf).unwrap_or_default();
    let leaf = dest
        .file_name()
        .map(|l| l.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = parent.join(format!(".{leaf}.partial"));
    let design_copy = dir.join("design.toml");
    let design_bytes = std::fs::read(design_path).map_err(|source| Error::Read {
        path: design_path.clone(),
        what: "the sweep design",
        hint: None,
        source,
    })?;
    let mut done: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let points_file = dir.join(shard::POINT_ROWS);
    if dir.exists() {
        if opts.start != Start::Resume {
            return Err(Error::Argument {
                option: "--out",
                value: dest.display().to_string(),
                problem: format!("an interrupted sweep is in {}", dir.display()),
                allowed: "--resume to finish it, or remove that folder".into(),
            });
        }
        if std::fs::read(&design_copy).ok().as_deref() != Some(&design_bytes[..]) {
            return Err(Error::invalid(
                design_path,
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
        std::fs::create_dir_all(&dir).map_err(|e| Error::write(&dir, "the sweep's working folder", e))?;
        std::fs::write(&design_copy, &design_bytes).map_err(|e| Error::write(&design_copy, "design.toml", e))?;
    }
    Ok(Partial { dir, points_file, done })
}

/// Run the points of `mine` not yet done, appending each to `points.csv` as it finishes.
fn compute_points(
    opts: &SweepOptions,
    sweep: &Sweep,
    mine: &[u64],
    header: &[String],
    dest: &Path,
    partial: &mut Partial,
) -> Result<()> {
    let points_file = &partial.points_file;
    let new_file = !points_file.exists();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(points_file)
        .map_err(|e| Error::write(points_file, "the sweep's finished points", e))?;
    let mut appender = csv::Writer::from_writer(file);
    let csv_error = |e| Error::Csv {
        path: points_file.clone(),
        source: e,
    };
    if new_file {
        appender.write_record(header).map_err(csv_error)?;
        appender
            .flush()
            .map_err(|e| Error::write(points_file, "points.csv", e))?;
    }
    let todo: Vec<u64> = mine.iter().copied().filter(|k| !partial.done.contains_key(k)).collect();
    let total_runs = todo.len() as u64 * sweep.runs_per_point();
    let progress = progress::bar(opts.execution.feedback, Some(total_runs), "sweep", "runs");
    for (n_done, &k) in todo.iter().enumerate() {
        if opts.stop_after.is_some_and(|stop| n_done >= stop) {
            progress.finish_and_clear();
            return Err(Error::Argument {
                option: "--stop-after",
                value: n_done.to_string(),
                problem: format!("stopped as asked; resume with --resume --out {}", dest.display()),
                allowed: "(a testing option)".into(),
            });
        }
        let run =
            |s: &crate::input::scenario::Scenario| with_threads(opts.execution.threads, || engine::run(s, &progress));
        let stats = sweep.evaluate_point(k as usize, opts.execution.data_dir(), &run)?;
        let mut cells: Vec<String> = sweep.points[k as usize].iter().map(|v| num(*v)).collect();
        cells.extend(stats.into_iter().map(num));
        let mut rec = vec![k.to_string()];
        rec.extend(cells.iter().cloned());
        appender.write_record(&rec).map_err(csv_error)?;
        appender
            .flush()
            .map_err(|e| Error::write(points_file, "points.csv", e))?;
        partial.done.insert(k, cells);
    }
    progress.finish_and_clear();
    Ok(())
}

/// The finished sweep's files in the working folder (a shard's: its design
/// points, result rows and shard file). Returns the folder's file names.
fn write_results(
    opts: &SweepOptions,
    sweep: &Sweep,
    mine: &[u64],
    header: &[String],
    partial: &Partial,
) -> Result<Vec<&'static str>> {
    let design_rows: Vec<(u64, Vec<String>)> = mine
        .iter()
        .map(|k| (*k, sweep.points[*k as usize].iter().map(|v| num(*v)).collect()))
        .collect();
    let mut files: Vec<&str> = vec!["design.toml", "manifest.json"];
    let done = &partial.done;
    match opts.shard {
        Some(sh) => {
            let mut h = vec!["point".to_string()];
            h.extend(sweep.factors.iter().cloned());
            let rows: Vec<Vec<String>> = design_rows
                .iter()
                .map(|(k, r)| std::iter::once(k.to_string()).chain(r.iter().cloned()).collect())
                .collect();
            write_table(&partial.dir.join(shard::DESIGN_POINTS), &h, &rows)?;
            // points.csv in point order
            let rows: Vec<Vec<String>> = mine
                .iter()
                .map(|k| std::iter::once(k.to_string()).chain(done[k].iter().cloned()).collect())
                .collect();
            write_table(&partial.points_file, header, &rows)?;
            let info = ShardInfo {
                kind: "sweep".into(),
                shard: sh,
                total: sweep.points.len() as u64,
                seed: sweep.seed,
                command: std::env::args().collect::<Vec<_>>().join(" "),
            };
            shard::write_info(&partial.dir.join(shard::SHARD_FILE), &info)?;
            files.extend([shard::SHARD_FILE, shard::DESIGN_POINTS, shard::POINT_ROWS]);
        }
        None => {
            let rows: Vec<Vec<String>> = design_rows.iter().map(|(_, r)| r.clone()).collect();
            write_table(&partial.dir.join("design.csv"), &sweep.factors, &rows)?;
            let results: Vec<Vec<String>> = mine.iter().map(|k| done[k].clone()).collect();
            write_table(&partial.dir.join("results.csv"), &header[1..], &results)?;
            let points_file = &partial.points_file;
            std::fs::remove_file(points_file).map_err(|e| Error::write(points_file, "points.csv", e))?;
            files.extend(["design.csv", "results.csv"]);
        }
    }
    Ok(files)
}
