//! Comparing scenarios: every scenario is run with the same seed and
//! replications, so replication `r` of each scenario shares its random draws
//! (and, with a fitted posterior, its parameter draw) wherever the logic has
//! not diverged. Differences are paired by replication.

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::engine::RunResults;
use crate::summary::{Summary, summarize};

pub use crate::observe::registry::{Better, better};

/// One scenario's distribution of one metric and its paired difference against the base.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparedMetric {
    pub scenario: String,
    pub metric: String,
    pub summary: Summary,
    /// Mean of `other[r] − base[r]` over replications where both exist.
    pub diff_mean: f64,
    /// 95% confidence interval of the mean paired difference (Student's t).
    pub diff_ci95_low: f64,
    pub diff_ci95_high: f64,
    /// Share of replications in which this scenario is better than the base
    /// (ties count half); `NaN` for metrics without a better direction.
    pub p_better: f64,
}

/// Compare each scenario's results with the base's (the first), metric by metric.
pub fn compare(names: &[String], results: &[RunResults]) -> Vec<ComparedMetric> {
    let base = &results[0];
    let mut out = Vec::new();
    for (k, metric) in base.metric_names.iter().enumerate() {
        for (name, r) in names.iter().zip(results) {
            let Some(j) = r.metric_names.iter().position(|m| m == metric) else {
                continue;
            };
            let values: Vec<f64> = r.rows.iter().map(|row| row[j]).collect();
            let diffs: Vec<f64> = r
                .rows
                .iter()
                .zip(&base.rows)
                .map(|(o, b)| o[j] - b[k])
                .filter(|d| d.is_finite())
                .collect();
            let (mean, low, high) = mean_ci(&diffs);
            let p_better = match better(metric) {
                None => f64::NAN,
                Some(dir) if !diffs.is_empty() => {
                    let score: f64 = diffs
                        .iter()
                        .map(|d| {
                            let d = if dir == Better::Higher { *d } else { -*d };
                            if d > 0.0 {
                                1.0
                            } else if d == 0.0 {
                                0.5
                            } else {
                                0.0
                            }
                        })
                        .sum();
                    score / diffs.len() as f64
                }
                Some(_) => f64::NAN,
            };
            out.push(ComparedMetric {
                scenario: name.clone(),
                metric: metric.clone(),
                summary: summarize(&values),
                diff_mean: mean,
                diff_ci95_low: low,
                diff_ci95_high: high,
                p_better,
            });
        }
    }
    out
}

/// Mean and 95% confidence interval (Student's t); exact zeros stay zeros.
fn mean_ci(x: &[f64]) -> (f64, f64, f64) {
    let n = x.len();
    if n == 0 {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return (mean, mean, mean);
    }
    let sd = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).expect("positive degrees of freedom");
    let half = t.inverse_cdf(0.975) * sd / (n as f64).sqrt();
    (mean, mean - half, mean + half)
}

/// `compare.csv`: one row per metric and scenario.
pub fn write_csv(path: &std::path::Path, rows: &[ComparedMetric]) -> crate::error::Result<()> {
    use crate::error::Error;
    use crate::output::csv_files::{SUMMARY_COLUMNS, num, summary_cells};
    let e = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(e)?;
    let mut header = vec!["scenario"];
    header.extend(SUMMARY_COLUMNS);
    header.extend(["diff_mean", "diff_ci95_low", "diff_ci95_high", "p_better"]);
    w.write_record(&header).map_err(e)?;
    for r in rows {
        let mut rec = vec![r.scenario.clone(), r.metric.clone()];
        rec.extend(summary_cells(&r.summary));
        rec.extend([r.diff_mean, r.diff_ci95_low, r.diff_ci95_high, r.p_better].map(num));
        w.write_record(&rec).map_err(e)?;
    }
    w.flush().map_err(|err| Error::write(path, "compare.csv", err))
}

/// The table printed on stdout: key metrics, each scenario's median and 90%
/// interval, and its paired difference against the base.
pub fn render(rows: &[ComparedMetric], base: &str) -> String {
    use crate::observe::registry::{PlaceKind, shown_at};
    use crate::output::table::format;
    let mut lines = vec![format!(
        "{:<28} {:<22} {:>14} {:>31}   {:>38}  {:>8}",
        "metric",
        "scenario",
        "median",
        "90% interval",
        format!("difference from {base} (95% CI)"),
        "p_better"
    )];
    for def in shown_at(PlaceKind::Headline) {
        let (metric, unit) = (def.id, def.unit);
        for r in rows.iter().filter(|r| r.metric == metric) {
            let diff = if r.scenario == base {
                String::new()
            } else {
                format!(
                    "{} ({} – {})",
                    format(r.diff_mean, unit),
                    format(r.diff_ci95_low, unit),
                    format(r.diff_ci95_high, unit)
                )
            };
            let p = if r.scenario == base || !r.p_better.is_finite() {
                String::new()
            } else {
                format!("{:.0}%", 100.0 * r.p_better)
            };
            lines.push(format!(
                "{:<28} {:<22} {:>14} {:>31}   {:>38}  {:>8}",
                metric,
                r.scenario,
                format(r.summary.p50, unit),
                format!("{} – {}", format(r.summary.p5, unit), format(r.summary.p95, unit)),
                diff,
                p
            ));
        }
    }
    lines.join("\n")
}
