//! Comparing scenarios: every scenario is run with the same seed and
//! replications, so replication `r` of each scenario shares its random draws
//! (and its parameter draw) wherever the logic has not diverged. Differences
//! are paired by replication. The design is nested: `D` parameter draws, each
//! with `K` replications, so that each difference's robustness to the
//! parameters can be assessed ([`crate::experiments::robustness`]).

use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::engine::RunResults;
use crate::experiments::cost_effectiveness::{CostEffectiveness, Quadrant, cost_effectiveness};
use crate::experiments::robustness::{Draws, Robustness, Verdict, robustness};
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
    /// 95% confidence interval of the mean paired difference (Student's t;
    /// over the per-draw means when several replications share a parameter
    /// draw, since those are not independent).
    pub diff_ci95_low: f64,
    pub diff_ci95_high: f64,
    /// Share of replications in which this scenario is better than the base
    /// (ties count half); `NaN` for metrics without a better direction.
    pub p_better: f64,
}

/// Compare each scenario's results with the base's (the first), metric by
/// metric; `per_draw` replications share a parameter draw.
pub fn compare(names: &[String], results: &[RunResults], per_draw: u64) -> Vec<ComparedMetric> {
    let base = &results[0];
    let mut out = Vec::new();
    for (k, metric) in base.metric_names.iter().enumerate() {
        for (name, r) in names.iter().zip(results) {
            let Some(j) = r.metric_names.iter().position(|m| m == metric) else {
                continue;
            };
            let values: Vec<f64> = r.rows.iter().map(|row| row[j]).collect();
            let paired: Vec<(u64, f64)> = r
                .replications
                .iter()
                .zip(r.rows.iter().zip(&base.rows))
                .map(|(rep, (o, b))| (*rep, o[j] - b[k]))
                .filter(|d| d.1.is_finite())
                .collect();
            let diffs: Vec<f64> = paired.iter().map(|d| d.1).collect();
            let (mean, low, high) = match per_draw_means(&paired, per_draw) {
                Some(means) => {
                    let (_, low, high) = mean_ci(&means);
                    (diffs.iter().sum::<f64>() / diffs.len() as f64, low, high)
                }
                None => mean_ci(&diffs),
            };
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

/// The mean paired difference of each parameter draw, when draws hold
/// several replications and there are at least two draws; `None` otherwise.
fn per_draw_means(paired: &[(u64, f64)], per_draw: u64) -> Option<Vec<f64>> {
    if per_draw < 2 {
        return None;
    }
    let mut means: Vec<(u64, f64, f64)> = Vec::new();
    for &(rep, d) in paired {
        let draw = rep / per_draw;
        match means.last_mut() {
            Some(last) if last.0 == draw => {
                last.1 += d;
                last.2 += 1.0;
            }
            _ => means.push((draw, d, 1.0)),
        }
    }
    (means.len() >= 2).then(|| means.iter().map(|m| m.1 / m.2).collect())
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

/// `compare.csv`: one row per metric and scenario, then one per
/// cost-effectiveness ratio and scenario (not the base): the ratio in
/// `diff_mean`, its bootstrap interval in `diff_ci95_low`/`diff_ci95_high`,
/// empty summary cells, and its quadrant in `cost_effectiveness` (empty on
/// the metric rows).
pub fn write_csv(
    path: &std::path::Path,
    rows: &[ComparedMetric],
    ce: &[CostEffectiveness],
    robust: &[Robustness],
) -> crate::error::Result<()> {
    use crate::error::Error;
    use crate::output::csv_files::{SUMMARY_COLUMNS, num, summary_cells};
    let e = |source| Error::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut w = csv::Writer::from_path(path).map_err(e)?;
    let mut header = vec!["scenario"];
    header.extend(SUMMARY_COLUMNS);
    header.extend([
        "diff_mean",
        "diff_ci95_low",
        "diff_ci95_high",
        "p_better",
        "cost_effectiveness",
        "sign_robustness",
        "decided_by",
        "verdict",
    ]);
    w.write_record(&header).map_err(e)?;
    for r in rows {
        let mut rec = vec![r.scenario.clone(), r.metric.clone()];
        rec.extend(summary_cells(&r.summary));
        rec.extend([r.diff_mean, r.diff_ci95_low, r.diff_ci95_high, r.p_better].map(num));
        rec.push(String::new());
        match robust.iter().find(|x| x.scenario == r.scenario && x.metric == r.metric) {
            Some(x) => rec.extend([
                num(x.sign_robustness()),
                x.decided_by_cell(),
                x.verdict.id().to_string(),
            ]),
            None => rec.extend([String::new(), String::new(), String::new()]),
        }
        w.write_record(&rec).map_err(e)?;
    }
    let no_summary = summarize(&[]);
    for c in ce {
        let mut rec = vec![c.scenario.clone(), c.def.id.to_string()];
        rec.extend(summary_cells(&no_summary));
        rec.extend([c.ratio, c.ci95_low, c.ci95_high, f64::NAN].map(num));
        rec.push(c.quadrant.id().to_string());
        rec.extend([String::new(), String::new(), String::new()]);
        w.write_record(&rec).map_err(e)?;
    }
    w.flush().map_err(|err| Error::write(path, "compare.csv", err))
}

/// The table printed on stdout: key metrics, each scenario's median and 90%
/// interval, and its paired difference against the base.
pub fn render(rows: &[ComparedMetric], robust: &[Robustness], base: &str) -> String {
    use crate::observe::registry::{PlaceKind, shown_at};
    use crate::output::table::format;
    let mut lines = vec![format!(
        "{:<28} {:<22} {:>14} {:>31}   {:>38}  {:>8}  {}",
        "metric",
        "scenario",
        "median",
        "90% interval",
        format!("difference from {base} (95% CI)"),
        "p_better",
        "sign robust"
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
            let verdict = robust
                .iter()
                .find(|x| x.scenario == r.scenario && x.metric == r.metric)
                .filter(|x| x.verdict != Verdict::NotTested)
                .map(|x| format!("{} ({}/{})", x.verdict.id(), x.agreeing, x.draws))
                .unwrap_or_default();
            lines.push(format!(
                "{:<28} {:<22} {:>14} {:>31}   {:>38}  {:>8}  {}",
                metric,
                r.scenario,
                format(r.summary.p50, unit),
                format!("{} – {}", format(r.summary.p5, unit), format(r.summary.p95, unit)),
                diff,
                p,
                verdict
            ));
        }
    }
    lines.join("\n")
}

/// The cost-effectiveness block of the stdout table: each ratio and
/// scenario, the ratio with its 95% interval, or the quadrant in words.
pub fn render_cost_effectiveness(ce: &[CostEffectiveness], base: &str) -> String {
    use crate::observe::registry::Unit;
    use crate::output::table::format;
    let mut lines = vec![format!(
        "{:<44} {:<22} {}",
        format!("cost-effectiveness against {base}"),
        "scenario",
        "ratio of mean paired differences (95% bootstrap interval)"
    )];
    for c in ce {
        let euro = |v: f64| format(v, Unit::Euro);
        let what = match c.quadrant {
            Quadrant::Dominant => format!(
                "dominant: {} cheaper and {:.1} more {} (no ratio)",
                euro(-c.cost_diff),
                c.effect_diff,
                c.def.effect_units.en
            ),
            Quadrant::Dominated => format!(
                "dominated: {} dearer and {:.1} fewer {} (no ratio)",
                euro(c.cost_diff),
                -c.effect_diff,
                c.def.effect_units.en
            ),
            Quadrant::NoEffect => "no difference in effect (no ratio)".to_string(),
            Quadrant::NoData => "no data: no replication has both metrics".to_string(),
            q => {
                let interval = if c.ci95_low.is_finite() {
                    format!("({} – {})", euro(c.ci95_low), euro(c.ci95_high))
                } else if c.pairs < 2 {
                    "(no interval from one replication)".to_string()
                } else {
                    "(interval unbounded: the effect's sign is uncertain)".to_string()
                };
                let kind = if q == Quadrant::DearerAndBetter {
                    format!("extra cost per extra {}", c.def.effect_unit.en)
                } else {
                    format!("saving per {} given up", c.def.effect_unit.en)
                };
                format!("{} {interval}, {kind}", euro(c.ratio))
            }
        };
        lines.push(format!("{:<44} {:<22} {}", c.def.id, c.scenario, what));
    }
    lines.join("\n")
}

/// What `compare` needs.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// The base scenario, then the scenarios compared with it.
    pub scenarios: Vec<std::path::PathBuf>,
    /// Folder to create (default: a new folder under the project's `outputs/`).
    pub out: Option<std::path::PathBuf>,
    /// Applied to the base; its seed and replications are used for every scenario.
    pub sampling: crate::experiments::run::Sampling,
    /// The nested design: parameter draws and replications per draw.
    pub nesting: Nesting,
    pub execution: crate::experiments::run::Execution,
}

/// The nested design of a comparison: `draws` joint parameter draws (default:
/// the base's replications divided among them), each with `per_draw`
/// replications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nesting {
    pub draws: Option<u32>,
    pub per_draw: u32,
}

impl Nesting {
    /// Replications per draw when none is asked for.
    pub const DEFAULT_PER_DRAW: u32 = 5;

    /// The replications of the comparison (draws × per draw, or the base's),
    /// checked.
    fn replications(&self, base: u32) -> crate::error::Result<u32> {
        let bad = |option: &'static str, value: u32, allowed: &str| crate::error::Error::Argument {
            option,
            value: value.to_string(),
            problem: "out of range".into(),
            allowed: allowed.into(),
        };
        if !(1..=1000).contains(&self.per_draw) {
            return Err(bad("--replications-per-draw", self.per_draw, "1 to 1000"));
        }
        match self.draws {
            Some(d) if !(1..=100_000).contains(&d) => Err(bad("--draws", d, "1 to 100000")),
            Some(d) => Ok(d * self.per_draw),
            None => Ok(base),
        }
    }
}

/// A finished comparison: its folder, the scenarios' (unique) names and the rows of compare.csv.
#[derive(Debug)]
pub struct CompareOutcome {
    pub folder: std::path::PathBuf,
    pub names: Vec<String>,
    pub rows: Vec<ComparedMetric>,
    /// The cost-effectiveness of each scenario against the base.
    pub cost_effectiveness: Vec<CostEffectiveness>,
    /// The robustness of each difference to the parameters.
    pub robustness: Vec<Robustness>,
}

impl std::fmt::Display for CompareOutcome {
    /// The comparison table and the folder.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", render(&self.rows, &self.robustness, &self.names[0]))?;
        let words = render_robustness(&self.robustness, &self.names[0]);
        if !words.is_empty() {
            writeln!(f, "\n{words}")?;
        }
        if !self.cost_effectiveness.is_empty() {
            writeln!(
                f,
                "\n{}",
                render_cost_effectiveness(&self.cost_effectiveness, &self.names[0])
            )?;
        }
        write!(f, "\nResults: {}", self.folder.display())
    }
}

/// A scenario of a comparison, as the manifest lists it.
#[derive(Debug, serde::Serialize)]
struct ComparedScenario {
    name: String,
    file: String,
    resolved: String,
    parameters: crate::input::scenario::ParameterMode,
    fitted_file: Option<String>,
}

/// What `compare` adds to the manifest header.
#[derive(Debug, serde::Serialize)]
struct CompareDetails {
    scenarios: Vec<ComparedScenario>,
    /// Parameter draws and replications per draw of the nested design.
    parameter_draws: usize,
    replications_per_draw: u32,
    /// The parameters drawn per draw (posterior and prior), for `decided_by`.
    drawn_parameters: Vec<String>,
}

/// Names for the scenarios, unique: a repeated name gets `-2`, `-3`, ….
fn unique_names(scenarios: &[crate::input::scenario::Scenario]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for s in scenarios {
        let mut name = s.name.clone();
        let mut k = 2;
        while names.contains(&name) {
            name = format!("{}-{k}", s.name);
            k += 1;
        }
        names.push(name);
    }
    names
}

/// `compare`: load every scenario → run each with the base's seed and
/// replications → paired differences → write compare.csv, the resolved
/// scenarios and the manifest.
pub fn run(opts: &CompareOptions) -> crate::error::Result<CompareOutcome> {
    use crate::experiments::run::{load_scenario, simulate};
    use crate::output::folder::{Staged, destination};
    use crate::output::manifest::{Manifest, Provenance, resolved_scenario_toml};
    if opts.scenarios.len() < 2 {
        return Err(crate::error::Error::Argument {
            option: "SCENARIO",
            value: format!("{} scenario(s)", opts.scenarios.len()),
            problem: "a comparison needs a base and at least one scenario to compare with it".into(),
            allowed: "two or more scenario files, the base first".into(),
        });
    }
    let mut scenarios = Vec::new();
    for path in &opts.scenarios {
        scenarios.push(load_scenario(path, opts.execution.data_dir(), &opts.sampling)?);
    }
    let seed = scenarios[0].seed;
    let replications = opts.nesting.replications(scenarios[0].replications)?;
    let per_draw = opts.nesting.per_draw;
    for s in &mut scenarios {
        s.seed = seed;
        s.replications = replications;
        s.replications_per_draw = per_draw;
    }
    let names = unique_names(&scenarios);
    let dest = destination(
        opts.out.as_deref(),
        &scenarios[0].data_dir.join("outputs"),
        &format!("compare-{}", names.join("-vs-")),
    )?;
    let started = std::time::Instant::now();
    let mut results = Vec::new();
    for s in &scenarios {
        results.push(simulate(s, &opts.execution)?);
    }
    let rows = compare(&names, &results, u64::from(per_draw));
    let ce = cost_effectiveness(&names, &results, seed);
    let draws = parameter_draws(&scenarios[0]);
    let robust = robustness(&names, &results, &draws);

    let staged = Staged::new(dest.clone())?;
    write_csv(&staged.file("compare.csv"), &rows, &ce, &robust)?;
    let mut files = vec!["compare.csv", "manifest.json"];
    if !draws.values.is_empty() {
        crate::experiments::robustness::write_draws_csv(&staged.file("draws.csv"), &draws)?;
        crate::experiments::robustness::write_draw_differences_csv(&staged.file("draw_differences.csv"), &robust)?;
        files.extend(["draws.csv", "draw_differences.csv"]);
    }
    let mut entries = Vec::new();
    for (i, (s, name)) in scenarios.iter().zip(&names).enumerate() {
        let file = format!("scenario-{}-{name}.toml", i + 1);
        let p = staged.file(&file);
        std::fs::write(&p, resolved_scenario_toml(s)).map_err(|e| crate::error::Error::write(&p, "a scenario", e))?;
        entries.push(ComparedScenario {
            name: name.clone(),
            file: s.path.display().to_string(),
            resolved: file,
            parameters: s.provenance.parameter_mode,
            fitted_file: s.provenance.posterior.as_ref().map(|p| p.path.display().to_string()),
        });
    }
    let rerun: Vec<String> = entries
        .iter()
        .map(|e| dest.join(&e.resolved).display().to_string())
        .collect();
    let provenance = Provenance::now(&scenarios[0].data_dir, seed)
        .reproduce(format!(
            "cargo run --release -- compare {} --seed {seed} --replications {replications} --replications-per-draw {per_draw}{}",
            rerun.join(" "),
            match scenarios[0].provenance.parameter_mode {
                crate::input::scenario::ParameterMode::PointEstimate => " --fixed-parameters",
                _ => "",
            }
        ))
        .replications(replications)
        .timing(results[0].threads, started.elapsed().as_secs_f64());
    let details = CompareDetails {
        scenarios: entries,
        parameter_draws: draws.values.len(),
        replications_per_draw: per_draw,
        drawn_parameters: draws.parameters.clone(),
    };
    Manifest::new(provenance, details, &files).write(&staged.file("manifest.json"))?;
    Ok(CompareOutcome {
        folder: staged.commit()?,
        names,
        rows,
        cost_effectiveness: ce,
        robustness: robust,
    })
}

/// The parameter draws of the base's replications (common to every
/// scenario: same seed), empty when its parameters are fixed.
fn parameter_draws(base: &crate::input::scenario::Scenario) -> Draws {
    let n = base.draw_of(u64::from(base.replications) - 1) + 1;
    let mut draws = Draws {
        per_draw: u64::from(base.replications_per_draw),
        ..Draws::default()
    };
    for d in 0..n {
        let Some(values) = base.parameter_draw(d) else {
            return Draws::default();
        };
        if draws.parameters.is_empty() {
            draws.parameters = values.iter().map(|v| v.0.clone()).collect();
        }
        draws.values.push(values.into_iter().map(|v| v.1).collect());
    }
    draws
}

/// The robustness of the headline differences in words, one line per
/// metric and scenario whose verdict is not `robust`, after a line that
/// counts the robust ones.
pub fn render_robustness(robust: &[Robustness], base: &str) -> String {
    use crate::experiments::robustness::words_en;
    use crate::observe::registry::{PlaceKind, shown_at};
    let headline: Vec<&Robustness> = shown_at(PlaceKind::Headline)
        .into_iter()
        .flat_map(|def| robust.iter().filter(move |r| r.metric == def.id))
        .collect();
    if headline.is_empty() || headline.iter().all(|r| r.verdict == Verdict::NotTested) {
        return String::new();
    }
    let n_robust = headline.iter().filter(|r| r.verdict == Verdict::Robust).count();
    let mut lines = vec![format!(
        "robustness against {base}: {n_robust} of {} headline differences have the same sign in at least 90% of the plausible parameter worlds",
        headline.len()
    )];
    for r in headline.iter().filter(|r| r.verdict != Verdict::Robust) {
        lines.push(format!("  {:<28} {:<22} {}", r.metric, r.scenario, words_en(r)));
    }
    lines.join("\n")
}
