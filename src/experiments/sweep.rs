//! Sweeps: a design file names a base scenario, factors (scenario keys by
//! dotted path, including `behaviour.*`, `legal.*` and `region_data.*`
//! overrides), a sampling method and replications per point. Every point is
//! the base scenario with the factors' values on top, run with the same seed
//! (common random numbers across points).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::{Table, Value};

use crate::error::{Error, Result};
use crate::experiments::design;
use crate::input::scenario::Scenario;
use crate::input::toml_layers::{Layers, lookup, read_with_extends};

/// Sampling methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Full factorial.
    Grid,
    /// One factor at a time around the midpoints.
    Oat,
    /// Latin hypercube.
    Lhs,
    /// Saltelli's design for Sobol indices.
    Sobol,
    /// Morris trajectories.
    Morris,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDesign {
    /// The base scenario, relative to the design file.
    pub base: String,
    pub method: Method,
    pub replications: u32,
    pub seed: u64,
    /// Latin hypercube points, or Sobol base samples `N`.
    #[serde(default)]
    pub samples: Option<u32>,
    /// Values per interval factor (grid, one-at-a-time) or grid levels (Morris).
    #[serde(default)]
    pub levels: Option<u32>,
    /// Morris trajectories.
    #[serde(default)]
    pub trajectories: Option<u32>,
    /// Metrics summarised in results.csv.
    pub outputs: Vec<String>,
    /// A second scenario, relative to the design file: each point is run on
    /// `base` and on `minus` with the same factor values, seed and
    /// replications, and each output is the paired difference `base − minus`
    /// per replication (columns `<metric>_diff_mean`, …).
    #[serde(default)]
    pub minus: Option<String>,
    pub factors: Vec<RawFactor>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFactor {
    /// Dotted path of a scenario key, e.g. `werkbedrijf.fee.level` or `behaviour.employer.sigma`.
    pub path: String,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    /// Explicit values (grid and one-at-a-time only).
    #[serde(default)]
    pub values: Option<Vec<f64>>,
}

/// Whether the key at dotted `path` of a scenario (or of its behaviour,
/// legal or region data, under `behaviour.`, `legal.`, `region_data.`) holds
/// a whole number; `None` if there is no such key.
pub fn key_is_integer(scenario: &Scenario, path: &str) -> Option<bool> {
    let segments: Vec<String> = path.split('.').map(str::to_string).collect();
    let current = lookup(&scenario.provenance.resolved, &segments).or_else(|| {
        let (section, rest) = segments.split_first()?;
        let data = match section.as_str() {
            "behaviour" => "behaviour",
            "legal" => "legal",
            "region_data" => "region",
            _ => return None,
        };
        lookup(scenario.provenance.resolved_data.get(data)?.as_table()?, rest)
    })?;
    Some(matches!(current, Value::Integer(_)) || current.get("value").is_some_and(|v| matches!(v, Value::Integer(_))))
}

/// A validated sweep: its points, ready to run.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub path: PathBuf,
    pub base: PathBuf,
    pub method: Method,
    pub replications: u32,
    pub seed: u64,
    pub levels: u32,
    pub factors: Vec<String>,
    /// Whether each factor takes whole numbers (its key is an integer in the scenario).
    pub integer: Vec<bool>,
    pub outputs: Vec<String>,
    /// The scenario subtracted, when the outputs are paired differences.
    pub minus: Option<PathBuf>,
    pub points: Vec<Vec<f64>>,
}

impl Sweep {
    /// Read and check a design file and generate its points. Every point is
    /// loaded as a scenario here, so a value a scenario would reject stops the
    /// sweep before anything runs.
    pub fn load(path: &Path, data_dir: Option<&Path>) -> Result<Sweep> {
        let layers: Layers = read_with_extends(path, "the sweep design")?;
        let raw: RawDesign = layers.deserialize()?;
        let bad = |key: String, value: String, problem: &str, allowed: String| {
            Error::invalid(path, key, value, problem, allowed)
        };
        let base = path.parent().unwrap_or(Path::new(".")).join(&raw.base);
        let minus = raw
            .minus
            .as_ref()
            .map(|m| path.parent().unwrap_or(Path::new(".")).join(m));
        let scenario = Scenario::load(&base, data_dir)?;
        if raw.factors.is_empty() {
            return Err(bad(
                "factors".into(),
                "[]".into(),
                "no factors",
                "at least one [[factors]]".into(),
            ));
        }
        if raw.replications == 0 {
            return Err(bad(
                "replications".into(),
                "0".into(),
                "value out of range",
                "1 or more".into(),
            ));
        }
        check_outputs(
            path,
            &raw.outputs,
            &crate::observe::registry::MetricSet::for_scenario(&scenario),
        )?;
        let levels = raw.levels.unwrap_or(4);
        let Factors {
            paths: factors,
            integer,
            bounds,
            value_lists,
        } = Factors::read(path, &raw, &scenario, levels)?;
        let need = |name: &str, v: Option<u32>| -> Result<usize> {
            match v {
                Some(n) if n >= 2 => Ok(n as usize),
                other => Err(bad(
                    name.into(),
                    format!("{other:?}"),
                    "missing or too small for this method",
                    "a whole number of at least 2".into(),
                )),
            }
        };
        let mut points = match raw.method {
            Method::Grid => design::grid(&value_lists),
            Method::Oat => {
                let mid: Vec<f64> = bounds.iter().map(|(lo, hi)| 0.5 * (lo + hi)).collect();
                design::one_at_a_time(&value_lists, &mid)
            }
            Method::Lhs => design::latin_hypercube(&bounds, need("samples", raw.samples)?, raw.seed),
            Method::Sobol => design::saltelli(&bounds, need("samples", raw.samples)?, raw.seed),
            Method::Morris => design::morris(&bounds, need("trajectories", raw.trajectories)?, levels, raw.seed),
        };
        for p in &mut points {
            for (v, is_int) in p.iter_mut().zip(&integer) {
                if *is_int {
                    *v = v.round();
                }
            }
        }
        let sweep = Sweep {
            path: path.to_path_buf(),
            base,
            method: raw.method,
            replications: raw.replications,
            seed: raw.seed,
            levels,
            factors,
            integer,
            outputs: raw.outputs.clone(),
            minus,
            points,
        };
        sweep.check_points(data_dir)?;
        Ok(sweep)
    }

    /// A sweep over given points (rows of factor values), e.g. from an
    /// external driver; every point is checked as a scenario.
    #[allow(clippy::too_many_arguments)]
    pub fn from_rows(
        origin: &Path,
        (base, minus): (&Path, Option<&Path>),
        data_dir: Option<&Path>,
        factors: Vec<String>,
        points: Vec<Vec<f64>>,
        outputs: Vec<String>,
        replications: u32,
        seed: u64,
    ) -> Result<Sweep> {
        let scenario = Scenario::load(base, data_dir)?;
        let mut integer = Vec::new();
        for f in &factors {
            let Some(is_int) = key_is_integer(&scenario, f) else {
                return Err(Error::invalid(
                    origin,
                    "header",
                    format!("\"{f}\""),
                    "no such key in the base scenario or its data",
                    "dotted scenario paths such as \"werkbedrijf.fee.level\" as column names",
                ));
            };
            integer.push(is_int);
        }
        let mut points = points;
        for p in &mut points {
            for (v, is_int) in p.iter_mut().zip(&integer) {
                if *is_int {
                    *v = v.round();
                }
            }
        }
        let sweep = Sweep {
            path: origin.to_path_buf(),
            base: base.to_path_buf(),
            method: Method::Grid,
            replications,
            seed,
            levels: 0,
            factors,
            integer,
            outputs,
            minus: minus.map(Path::to_path_buf),
            points,
        };
        sweep.check_points(data_dir)?;
        Ok(sweep)
    }

    /// Load every point as a scenario (on `minus` too), so a value a
    /// scenario would reject stops the sweep before anything runs; the
    /// outputs must be metrics of `minus` as well.
    fn check_points(&self, data_dir: Option<&Path>) -> Result<()> {
        for i in 0..self.points.len() {
            self.scenario(i, data_dir)?;
            if let Some(m) = &self.minus {
                let s = self.scenario_of(m, i, data_dir)?;
                if i == 0 {
                    check_outputs(
                        &self.path,
                        &self.outputs,
                        &crate::observe::registry::MetricSet::for_scenario(&s),
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The columns of each output's statistics: `<metric>_<stat>`, or
    /// `<metric>_diff_<stat>` when the outputs are paired differences.
    pub fn output_columns(&self) -> Vec<String> {
        let diff = if self.minus.is_some() { "diff_" } else { "" };
        self.outputs
            .iter()
            .flat_map(|o| OUTPUT_STATS.iter().map(move |stat| format!("{o}_{diff}{stat}")))
            .collect()
    }

    /// Runs per point: the replications, twice for a difference.
    pub fn runs_per_point(&self) -> u64 {
        u64::from(self.replications) * if self.minus.is_some() { 2 } else { 1 }
    }

    /// Run point `i` (`run` simulates one scenario) and summarise each
    /// output over the replications: mean, sd, p5, p50, p95 of the metric,
    /// or of the paired difference `base − minus` replication by replication.
    pub fn evaluate_point(
        &self,
        i: usize,
        data_dir: Option<&Path>,
        run: &dyn Fn(&Scenario) -> Result<crate::engine::RunResults>,
    ) -> Result<Vec<f64>> {
        let r = run(&self.scenario(i, data_dir)?)?;
        let other = match &self.minus {
            Some(m) => Some(run(&self.scenario_of(m, i, data_dir)?)?),
            None => None,
        };
        let column = |r: &crate::engine::RunResults, o: &str| -> Vec<f64> {
            let k = r
                .metric_names
                .iter()
                .position(|n| n == o)
                .expect("outputs are checked against the metric ids");
            r.rows.iter().map(|row| row[k]).collect()
        };
        let mut row = Vec::with_capacity(self.outputs.len() * OUTPUT_STATS.len());
        for o in &self.outputs {
            let mut values = column(&r, o);
            if let Some(other) = &other {
                for (v, w) in values.iter_mut().zip(column(other, o)) {
                    *v -= w;
                }
            }
            let s = crate::summary::summarize(&values);
            row.extend([s.mean, s.sd, s.p5, s.p50, s.p95]);
        }
        Ok(row)
    }

    /// The scenario of point `i`: the base with the point's values, the
    /// design's seed and replications.
    pub fn scenario(&self, i: usize, data_dir: Option<&Path>) -> Result<Scenario> {
        self.scenario_of(&self.base, i, data_dir)
    }

    /// Point `i` on the scenario at `file` (the base, or `minus`).
    fn scenario_of(&self, file: &Path, i: usize, data_dir: Option<&Path>) -> Result<Scenario> {
        let mut table = Table::new();
        for ((path, v), is_int) in self.factors.iter().zip(&self.points[i]).zip(&self.integer) {
            let value = if *is_int {
                Value::Integer(*v as i64)
            } else {
                Value::Float(*v)
            };
            crate::input::toml_layers::insert_dotted(&mut table, path, value);
        }
        let origin = PathBuf::from(format!("{} (design point {})", self.path.display(), i + 1));
        let mut s = Scenario::load_with(file, data_dir, Some((origin, table)))?;
        s.seed = self.seed;
        s.replications = self.replications;
        Ok(s)
    }
}

/// Every output must be a metric the model produces (`known`), and there must be one.
fn check_outputs(path: &Path, outputs: &[String], known: &crate::observe::registry::MetricSet) -> Result<()> {
    let bad =
        |key: String, value: String, problem: &str, allowed: String| Error::invalid(path, key, value, problem, allowed);
    for (i, o) in outputs.iter().enumerate() {
        if !known.contains(o) {
            return Err(bad(
                format!("outputs.{i}"),
                format!("\"{o}\""),
                "not a metric the model produces",
                "a metric id of summary.csv".into(),
            ));
        }
    }
    if outputs.is_empty() {
        return Err(bad(
            "outputs".into(),
            "[]".into(),
            "no outputs",
            "at least one metric id".into(),
        ));
    }
    Ok(())
}

/// The factors of a design, checked against the base scenario.
struct Factors {
    /// Dotted scenario paths.
    paths: Vec<String>,
    /// Whether each takes whole numbers.
    integer: Vec<bool>,
    /// `(min, max)` of each.
    bounds: Vec<(f64, f64)>,
    /// The values of each on a grid (its `values`, or `levels` from min to max).
    value_lists: Vec<Vec<f64>>,
}

impl Factors {
    fn read(path: &Path, raw: &RawDesign, scenario: &Scenario, levels: u32) -> Result<Factors> {
        let bad = |key: String, value: String, problem: &str, allowed: String| {
            Error::invalid(path, key, value, problem, allowed)
        };
        let mut factors = Vec::new();
        let mut integer = Vec::new();
        let mut bounds = Vec::new();
        let mut value_lists = Vec::new();
        for (i, f) in raw.factors.iter().enumerate() {
            let key = |k: &str| format!("factors.{i}.{k}");
            let Some(is_int) = key_is_integer(scenario, &f.path) else {
                return Err(bad(
                    key("path"),
                    format!("\"{}\"", f.path),
                    "no such key in the base scenario or its data",
                    "a dotted path such as \"werkbedrijf.fee.level\" or \"behaviour.employer.sigma\"".into(),
                ));
            };
            factors.push(f.path.clone());
            integer.push(is_int);
            match (&f.values, f.min, f.max) {
                (Some(v), None, None) if !v.is_empty() => {
                    if matches!(raw.method, Method::Lhs | Method::Sobol | Method::Morris) {
                        return Err(bad(
                            key("values"),
                            format!("{v:?}"),
                            "a list of values needs a grid or one-at-a-time design",
                            "min and max for lhs, sobol and morris".into(),
                        ));
                    }
                    bounds.push((
                        v.iter().cloned().fold(f64::INFINITY, f64::min),
                        v.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
                    ));
                    value_lists.push(v.clone());
                }
                (None, Some(lo), Some(hi)) if lo < hi => {
                    bounds.push((lo, hi));
                    let n = levels.max(2);
                    value_lists.push((0..n).map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64).collect());
                }
                _ => {
                    return Err(bad(
                        format!("factors.{i}"),
                        f.path.clone(),
                        "a factor needs either values or min < max",
                        "`min` and `max` (min < max), or a non-empty `values` list".into(),
                    ));
                }
            }
        }
        Ok(Factors {
            paths: factors,
            integer,
            bounds,
            value_lists,
        })
    }
}

/// Run every point of a sweep (each with its replications, in parallel over
/// replications) and summarise each output: mean, sd, p5, p50, p95 per point
/// ([`Sweep::evaluate_point`]).
pub fn run_points(
    sweep: &Sweep,
    data_dir: Option<&Path>,
    run: impl Fn(&Scenario) -> crate::engine::RunResults,
) -> Result<Vec<Vec<f64>>> {
    (0..sweep.points.len())
        .map(|i| sweep.evaluate_point(i, data_dir, &|s| Ok(run(s))))
        .collect()
}

/// The statistics written per output.
pub const OUTPUT_STATS: [&str; 5] = ["mean", "sd", "p5", "p50", "p95"];

/// The header and rows of `results.csv`: the factors, then each output's statistics.
pub fn results_table(sweep: &Sweep, results: &[Vec<f64>]) -> (Vec<String>, Vec<Vec<String>>) {
    use crate::output::csv_files::num;
    let mut header = sweep.factors.clone();
    header.extend(sweep.output_columns());
    let rows = sweep
        .points
        .iter()
        .zip(results)
        .map(|(p, r)| p.iter().chain(r).map(|v| num(*v)).collect())
        .collect();
    (header, rows)
}

/// Write a CSV table.
pub fn write_table(path: &Path, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    write_csv(path, header, rows, "a table")
}

/// Write a CSV file of a header and rows of cells; `what` names the file in
/// a write error.
pub fn write_csv<H: AsRef<[u8]>>(path: &Path, header: &[H], rows: &[Vec<String>], what: &'static str) -> Result<()> {
    let e = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(e)?;
    w.write_record(header).map_err(e)?;
    for r in rows {
        w.write_record(r).map_err(e)?;
    }
    w.flush().map_err(|err| Error::write(path, what, err))
}
