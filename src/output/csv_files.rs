//! The CSV files of a run. Plain comma-separated UTF-8 with a header row,
//! `.` as decimal separator and no thousands separator, so they open cleanly
//! in pandas and Excel. A value that does not exist (a ratio over zero) is an
//! empty cell. Numbers are printed in Rust's shortest round-trip form, so the
//! bytes are the same on every machine.

use std::path::Path;

use crate::engine::RunResults;
use crate::error::{Error, Result};
use crate::summary::{Summary, summarize};

pub const SUMMARY_COLUMNS: [&str; 10] = [
    "metric",
    "mean",
    "sd",
    "p5",
    "p25",
    "p50",
    "p75",
    "p95",
    "ci95_low",
    "ci95_high",
];

/// A number as written to CSV: empty when not finite.
pub fn num(x: f64) -> String {
    if x.is_finite() { format!("{x}") } else { String::new() }
}

/// The cells of a summary, in the order of `SUMMARY_COLUMNS` after `metric`.
pub fn summary_cells(s: &Summary) -> [String; 9] {
    [s.mean, s.sd, s.p5, s.p25, s.p50, s.p75, s.p95, s.ci95_low, s.ci95_high].map(num)
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>> {
    csv::Writer::from_path(path).map_err(|source| Error::Csv {
        path: path.to_path_buf(),
        source,
    })
}

fn csv_err(path: &Path) -> impl Fn(csv::Error) -> Error + '_ {
    move |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    }
}

/// Per metric, its summary over replications.
pub fn metric_summaries(r: &RunResults) -> Vec<(String, Summary)> {
    r.metric_names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let values: Vec<f64> = r.rows.iter().map(|row| row[k]).collect();
            (name.clone(), summarize(&values))
        })
        .collect()
}

/// `summary.csv`: one row per metric.
pub fn write_summary(path: &Path, summaries: &[(String, Summary)]) -> Result<()> {
    let mut w = writer(path)?;
    let e = csv_err(path);
    w.write_record(SUMMARY_COLUMNS).map_err(&e)?;
    for (name, s) in summaries {
        let mut rec = vec![name.clone()];
        rec.extend(summary_cells(s));
        w.write_record(&rec).map_err(&e)?;
    }
    w.flush().map_err(|e| Error::write(path, "summary.csv", e))
}

/// `yearly.csv`: one row per year and metric.
pub fn write_yearly(path: &Path, r: &RunResults) -> Result<()> {
    let mut w = writer(path)?;
    let e = csv_err(path);
    let mut header = vec!["year"];
    header.extend(SUMMARY_COLUMNS);
    w.write_record(&header).map_err(&e)?;
    let k_n = r.yearly_names.len();
    for (y, year) in r.years.iter().enumerate() {
        for (k, name) in r.yearly_names.iter().enumerate() {
            let values: Vec<f64> = r.yearly_rows.iter().map(|row| row[y * k_n + k]).collect();
            let mut rec = vec![year.to_string(), name.clone()];
            rec.extend(summary_cells(&summarize(&values)));
            w.write_record(&rec).map_err(&e)?;
        }
    }
    w.flush().map_err(|e| Error::write(path, "yearly.csv", e))
}

/// `replications.csv`: one row per replication, one column per metric.
pub fn write_replications(path: &Path, r: &RunResults) -> Result<()> {
    let mut w = writer(path)?;
    let e = csv_err(path);
    let mut header = vec!["replication".to_string()];
    header.extend(r.metric_names.iter().cloned());
    w.write_record(&header).map_err(&e)?;
    for (i, row) in r.replications.iter().zip(&r.rows) {
        let mut rec = vec![i.to_string()];
        rec.extend(row.iter().map(|x| num(*x)));
        w.write_record(&rec).map_err(&e)?;
    }
    w.flush().map_err(|e| Error::write(path, "replications.csv", e))
}

/// `trajectories.csv`: the sampled persons of replication 0, month by month.
pub fn write_trajectories(path: &Path, r: &RunResults) -> Result<()> {
    let mut w = writer(path)?;
    let e = csv_err(path);
    w.write_record([
        "replication",
        "person",
        "month",
        "state",
        "contract",
        "segment",
        "municipality",
        "loonwaarde",
        "readiness",
        "hours_per_week",
        "gross_work_eur",
        "net_work_eur",
        "bijstand_eur",
        "ww_eur",
        "norm_eur",
        "income_secure",
    ])
    .map_err(&e)?;
    for t in &r.trajectories {
        let secure = t.income.net_work >= t.income.norm && t.income.bijstand == 0.0;
        w.write_record([
            "0".to_string(),
            t.person.to_string(),
            t.month.to_string(),
            t.state.id().to_string(),
            format!("{:?}", t.contract).to_lowercase(),
            format!("{:?}", t.segment).to_lowercase(),
            t.municipality.to_string(),
            num(round6(t.loonwaarde)),
            num(round6(t.readiness)),
            num(round6(t.hours_per_week)),
            num(round2(t.income.gross_work)),
            num(round2(t.income.net_work)),
            num(round2(t.income.bijstand)),
            num(round2(t.income.ww)),
            num(round2(t.income.norm)),
            u8::from(secure).to_string(),
        ])
        .map_err(&e)?;
    }
    w.flush().map_err(|e| Error::write(path, "trajectories.csv", e))
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}
