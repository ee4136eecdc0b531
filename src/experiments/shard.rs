//! Scaling out: `--shard I/N` makes a run or a sweep compute a deterministic
//! share of its work (replications, or sweep points, `k` with
//! `k mod N = I − 1`), written to a shard folder; `merge` combines the shard
//! folders into exactly the CSV files the unsharded command writes.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::engine::RunResults;
use crate::error::{Error, Result};
use crate::experiments::tables::Table;
use crate::output::csv_files::num;

/// The `I/N` of `--shard`: shard `index` (from 1) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// Parse `I/N` with `1 ≤ I ≤ N` (for clap).
    pub fn parse(s: &str) -> std::result::Result<Shard, String> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not of the form I/N, e.g. 3/10"))?;
        let index: u32 = i.trim().parse().map_err(|_| format!("`{i}` is not a whole number"))?;
        let count: u32 = n.trim().parse().map_err(|_| format!("`{n}` is not a whole number"))?;
        if count == 0 || index == 0 || index > count {
            return Err(format!("shard {index} of {count}: I must be from 1 to N"));
        }
        Ok(Shard { index, count })
    }

    /// The items (replications or points) of this shard out of `total`.
    pub fn items(&self, total: u64) -> Vec<u64> {
        (0..total)
            .filter(|k| k % self.count as u64 == (self.index - 1) as u64)
            .collect()
    }
}

/// What a shard folder holds (`shard.json`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ShardInfo {
    /// `run` or `sweep`.
    pub kind: String,
    pub shard: Shard,
    /// Replications of the whole run, or points of the whole sweep.
    pub total: u64,
    pub seed: u64,
    /// The command that made this shard.
    pub command: String,
}

pub const SHARD_FILE: &str = "shard.json";
pub const YEARLY_ROWS: &str = "yearly-replications.csv";
pub const POINT_ROWS: &str = "points.csv";
pub const DESIGN_POINTS: &str = "design-points.csv";

pub fn write_info(path: &Path, info: &ShardInfo) -> Result<()> {
    let text = serde_json::to_string_pretty(info).expect("shard info serialises");
    std::fs::write(path, text + "\n").map_err(|e| Error::write(path, "shard.json", e))
}

/// Read a shard folder's `shard.json`.
pub fn read_info(dir: &Path) -> Result<ShardInfo> {
    let path = dir.join(SHARD_FILE);
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        what: "a shard folder's shard.json",
        hint: Some("merge takes folders written with --shard I/N".into()),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::invalid(
            &path,
            "shard.json",
            e.to_string(),
            "not a shard description",
            "a shard.json written by detasim",
        )
    })
}

/// `yearly-replications.csv`: per replication, every yearly value, columns `year:metric`.
pub fn write_yearly_rows(path: &Path, r: &RunResults) -> Result<()> {
    let mut header = vec!["replication".to_string()];
    for y in &r.years {
        for n in &r.yearly_names {
            header.push(format!("{y}:{n}"));
        }
    }
    let rows: Vec<Vec<String>> = r
        .replications
        .iter()
        .zip(&r.yearly_rows)
        .map(|(i, row)| {
            std::iter::once(i.to_string())
                .chain(row.iter().map(|v| num(*v)))
                .collect()
        })
        .collect();
    crate::experiments::sweep::write_table(path, &header, &rows)
}

/// Read the shard folders of one run and check that together they are the
/// whole run, each shard once: the same scenario, seed and size, shards 1..N.
fn check_set(dirs: &[PathBuf], kind: &str) -> Result<Vec<ShardInfo>> {
    let infos: Vec<ShardInfo> = dirs.iter().map(|d| read_info(d)).collect::<Result<_>>()?;
    let first = &infos[0];
    let scenario0 = std::fs::read(dirs[0].join(if kind == "run" { "scenario.toml" } else { "design.toml" })).ok();
    for (d, info) in dirs.iter().zip(&infos) {
        let same = info.kind == kind
            && info.shard.count == first.shard.count
            && info.total == first.total
            && info.seed == first.seed
            && std::fs::read(d.join(if kind == "run" { "scenario.toml" } else { "design.toml" })).ok() == scenario0;
        if !same {
            return Err(Error::invalid(
                &d.join(SHARD_FILE),
                "shard",
                format!("{}/{}", info.shard.index, info.shard.count),
                "this shard belongs to another run (kind, scenario, seed, size or shard count differ)",
                format!(
                    "shards of one {kind} with the same scenario and seed as {}",
                    dirs[0].display()
                ),
            ));
        }
    }
    let mut seen = vec![false; first.shard.count as usize];
    for (d, info) in dirs.iter().zip(&infos) {
        let i = info.shard.index as usize - 1;
        if seen[i] {
            return Err(Error::invalid(
                &d.join(SHARD_FILE),
                "shard",
                format!("{}/{}", info.shard.index, info.shard.count),
                "given twice",
                "each shard once",
            ));
        }
        seen[i] = true;
    }
    if let Some(missing) = seen.iter().position(|s| !s) {
        return Err(Error::Argument {
            option: "SHARD_DIR",
            value: format!("{} folders", dirs.len()),
            problem: format!("shard {}/{} is missing", missing + 1, first.shard.count),
            allowed: format!("all {} shard folders of the run", first.shard.count),
        });
    }
    Ok(infos)
}

/// Merge the shards of a run into the results of the whole run. The
/// trajectories (of replication 0) are copied as written by their shard.
pub fn merge_runs(dirs: &[PathBuf]) -> Result<(ShardInfo, RunResults, PathBuf)> {
    let infos = check_set(dirs, "run")?;
    let mut rows: Vec<(u64, Vec<f64>, Vec<f64>)> = Vec::new();
    let mut metric_names = Vec::new();
    let mut yearly_header = Vec::new();
    let mut trajectories = None;
    for d in dirs {
        let reps = Table::read(&d.join("replications.csv"), "a shard's replications")?;
        let yearly = Table::read(&d.join(YEARLY_ROWS), "a shard's yearly rows")?;
        if metric_names.is_empty() {
            metric_names = reps.columns[1..].to_vec();
            yearly_header = yearly.columns[1..].to_vec();
        }
        for (r, y) in reps.rows.iter().zip(&yearly.rows) {
            rows.push((r[0] as u64, r[1..].to_vec(), y[1..].to_vec()));
        }
        if d.join("trajectories.csv").exists() {
            trajectories = Some(d.join("trajectories.csv"));
        }
    }
    rows.sort_by_key(|r| r.0);
    let mut years = Vec::new();
    let mut yearly_names = Vec::new();
    for h in &yearly_header {
        let (y, n) = h.split_once(':').unwrap_or(("0", h));
        let y: i32 = y.parse().unwrap_or(0);
        if !years.contains(&y) {
            years.push(y);
        }
        if !yearly_names.contains(&n.to_string()) {
            yearly_names.push(n.to_string());
        }
    }
    let results = RunResults {
        replications: rows.iter().map(|r| r.0).collect(),
        metric_names,
        rows: rows.iter().map(|r| r.1.clone()).collect(),
        yearly_names,
        years,
        yearly_rows: rows.iter().map(|r| r.2.clone()).collect(),
        trajectories: Vec::new(),
        person_months: 0,
        threads: 0,
        wall_seconds: 0.0,
    };
    let trajectories = trajectories.unwrap_or_else(|| dirs[0].join("trajectories.csv"));
    Ok((infos[0].clone(), results, trajectories))
}

/// A merged sweep: the header and rows of design.csv and results.csv, in point order.
#[derive(Debug, Clone)]
pub struct MergedSweep {
    pub info: ShardInfo,
    pub design_header: Vec<String>,
    pub design_rows: Vec<Vec<String>>,
    pub results_header: Vec<String>,
    pub results_rows: Vec<Vec<String>>,
}

/// Merge the shards of a sweep: the design's rows and the results' rows, in point order.
pub fn merge_sweeps(dirs: &[PathBuf]) -> Result<MergedSweep> {
    let infos = check_set(dirs, "sweep")?;
    let mut design_header = Vec::new();
    let mut results_header = Vec::new();
    let mut rows: Vec<(u64, Vec<String>, Vec<String>)> = Vec::new();
    for d in dirs {
        let path = d.join(POINT_ROWS);
        let mut reader = csv::Reader::from_path(&path).map_err(|e| Error::Csv {
            path: path.clone(),
            source: e,
        })?;
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| Error::Csv {
                path: path.clone(),
                source: e,
            })?
            .iter()
            .map(str::to_string)
            .collect();
        // columns: point, then the design's factors (as in design-points.csv), then the outputs
        let design_path = d.join(DESIGN_POINTS);
        let n_factors = csv::Reader::from_path(&design_path)
            .and_then(|mut r| r.headers().map(|h| h.len()))
            .map_err(|e| Error::Csv {
                path: design_path.clone(),
                source: e,
            })?
            - 1;
        if design_header.is_empty() {
            design_header = header[1..1 + n_factors].to_vec();
            results_header = header[1..].to_vec();
        }
        for rec in reader.records() {
            let rec = rec.map_err(|e| Error::Csv {
                path: path.clone(),
                source: e,
            })?;
            let cells: Vec<String> = rec.iter().map(str::to_string).collect();
            let point: u64 = cells[0]
                .parse()
                .map_err(|_| Error::invalid(&path, "point", &cells[0], "not a point number", "a whole number"))?;
            rows.push((point, cells[1..1 + n_factors].to_vec(), cells[1..].to_vec()));
        }
    }
    rows.sort_by_key(|r| r.0);
    if rows.len() as u64 != infos[0].total || rows.iter().enumerate().any(|(i, r)| r.0 != i as u64) {
        return Err(Error::Argument {
            option: "SHARD_DIR",
            value: format!("{} points", rows.len()),
            problem: "the shards do not hold every point of the sweep once".into(),
            allowed: format!("{} points", infos[0].total),
        });
    }
    Ok(MergedSweep {
        info: infos[0].clone(),
        design_header,
        design_rows: rows.iter().map(|r| r.1.clone()).collect(),
        results_header,
        results_rows: rows.iter().map(|r| r.2.clone()).collect(),
    })
}
