//! What the page shows after an update, built from a [`Comparison`] only:
//! the key metrics of the baseline and the variant with their intervals and
//! paired differences, fan charts of both, a forest plot of the differences
//! and a few life paths. Numbers are sent both raw (for scripts and tests)
//! and formatted for the page's language.

use serde::Serialize;

use crate::engine::RunResults;
use crate::experiments::compare::{Better, ComparedMetric, better, compare};
use crate::model::person::PersonId;
use crate::report::charts::{self, Band};
use crate::report::format::{Lang, number};
use crate::report::{Lookup, Unit, chart_scale, fans, key_figures, life_state_labels, route_bars_chart, show, t};
use crate::serve::levers;
use crate::serve::session::Comparison;
use crate::summary::quantile_sorted;

/// Life paths shown per scenario.
const LIFE_PATHS: usize = 12;

/// Metrics the page shows after the registry's key figures: what a trainer
/// asks about detachering — how many detacheringen end in a conversion or
/// early, how many detachees are back on bijstand within two years of the
/// start, and how many regular jobs the werkbedrijf mediated.
pub const TRAINER_METRICS: [&str; 4] = [
    "conversion_share",
    "early_end_share",
    "relapse_24m_detachering",
    "regular_jobs_mediated",
];

/// The metrics of the page in their order: the key figures, then
/// [`TRAINER_METRICS`] with their registry labels and units.
pub fn shown_metrics() -> Vec<(&'static str, &'static str, &'static str, Unit)> {
    let mut shown = key_figures();
    for id in TRAINER_METRICS {
        if let Some(d) = crate::observe::registry::find(id)
            && !shown.iter().any(|k| k.0 == id)
        {
            shown.push((d.id, d.label.nl, d.label.en, d.unit));
        }
    }
    shown
}

/// The answer to one update.
#[derive(Debug, Serialize)]
pub struct View {
    pub status: &'static str,
    pub seq: u64,
    pub scenario: String,
    pub seed: u64,
    pub replications: u32,
    /// Simulation time of this update, in seconds.
    pub seconds: f64,
    /// Person-months the variant simulated (warm-up included); 0 when it
    /// equals the baseline, whose results are reused.
    pub person_months: u64,
    pub changes: Vec<Change>,
    pub metrics: Vec<MetricView>,
    /// One plain-language sentence per metric that clearly moved.
    pub findings: Vec<String>,
    pub charts: Vec<Chart>,
}

/// A lever that differs from the scenario, in the page's words.
#[derive(Debug, Serialize)]
pub struct Change {
    pub key: String,
    pub label: String,
    /// The scenario's value (a choice by its label).
    pub from: String,
    /// The page's value.
    pub to: String,
}

/// Median and the 90% range over replications, and the mean.
#[derive(Debug, Serialize)]
pub struct Spread {
    pub mean: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    /// `median (p5 – p95)` in the page's language.
    pub text: String,
    /// The median, formatted.
    pub median_text: String,
    /// `p5 – p95`, formatted.
    pub range_text: String,
}

/// One key metric, baseline against variant.
#[derive(Debug, Serialize)]
pub struct MetricView {
    pub id: String,
    pub label: String,
    /// `"higher"` or `"lower"` is better, or `null`.
    pub better: Option<&'static str>,
    pub base: Spread,
    pub variant: Spread,
    /// Mean paired difference (variant − baseline) and its 95% interval.
    pub diff_mean: f64,
    pub diff_low: f64,
    pub diff_high: f64,
    pub diff_text: String,
    /// The mean paired difference alone, formatted.
    pub diff_mean_text: String,
    /// Its 95% interval, formatted.
    pub diff_range_text: String,
    /// Share of replications in which the variant is better.
    pub p_better: Option<f64>,
    /// `"better"`, `"worse"` (interval excludes zero) or `"unclear"`.
    pub verdict: &'static str,
}

/// A chart as inline SVG.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub id: String,
    pub svg: String,
}

/// Build the page's view of a comparison.
pub fn build(c: &Comparison, seq: u64, lang: Lang) -> Result<View, String> {
    let names = [
        t(lang, "basis", "baseline").to_string(),
        t(lang, "uw keuze", "your choice").to_string(),
    ];
    let rows = compare(&names, &[c.base.clone(), c.variant.clone()], 1);
    let mut metrics = Vec::new();
    for (id, nl, en, kind) in shown_metrics() {
        let of = |scenario: &str| rows.iter().find(|r| r.metric == id && r.scenario == scenario);
        let (Some(b), Some(v)) = (of(&names[0]), of(&names[1])) else {
            continue;
        };
        let direction = better(id);
        let verdict = match direction {
            Some(dir) if v.diff_ci95_low > 0.0 || v.diff_ci95_high < 0.0 => {
                if (v.diff_mean > 0.0) == (dir == Better::Higher) {
                    "better"
                } else {
                    "worse"
                }
            }
            _ => "unclear",
        };
        metrics.push(MetricView {
            id: id.to_string(),
            label: t(lang, nl, en).to_string(),
            better: direction.map(|d| if d == Better::Higher { "higher" } else { "lower" }),
            base: spread(&b.summary, kind, lang),
            variant: spread(&v.summary, kind, lang),
            diff_mean: v.diff_mean,
            diff_low: v.diff_ci95_low,
            diff_high: v.diff_ci95_high,
            diff_text: difference_text(v.diff_mean, v.diff_ci95_low, v.diff_ci95_high, kind, lang),
            diff_mean_text: format!("{}{}", signed(v.diff_mean, kind, lang), share_unit(kind, lang)),
            diff_range_text: format!(
                "{} {} {}",
                signed(v.diff_ci95_low, kind, lang),
                t(lang, "tot", "to"),
                signed(v.diff_ci95_high, kind, lang)
            ),
            p_better: v.p_better.is_finite().then_some(v.p_better),
            verdict,
        });
    }
    let findings = metrics
        .iter()
        .filter(|m| m.verdict != "unclear")
        .map(|m| {
            format!(
                "{}: {} {} {} ({}).",
                m.label,
                if m.diff_mean > 0.0 {
                    t(lang, "hoger", "higher")
                } else {
                    t(lang, "lager", "lower")
                },
                t(lang, "dan de basis, gemiddeld", "than the baseline, on average"),
                m.diff_text,
                if m.verdict == "better" {
                    t(lang, "beter", "better")
                } else {
                    t(lang, "slechter", "worse")
                }
            )
        })
        .collect();
    let changes = c
        .changes
        .iter()
        .map(|ch| {
            let lever = levers::lever(&ch.key);
            let describe = |v: &str| lever.map_or_else(|| v.to_string(), |l| l.describe(v, lang));
            Change {
                key: ch.key.clone(),
                label: lever.map_or(ch.key.as_str(), |l| t(lang, l.nl, l.en)).to_string(),
                from: describe(&ch.from),
                to: describe(&ch.to),
            }
        })
        .collect();
    Ok(View {
        status: "ok",
        seq,
        scenario: c.scenario.name.clone(),
        seed: c.scenario.seed,
        replications: c.scenario.replications,
        seconds: c.seconds,
        person_months: if c.changes.is_empty() {
            0
        } else {
            c.variant.person_months
        },
        changes,
        findings,
        charts: charts_of(c, &names, &metrics, &rows, lang)?,
        metrics,
    })
}

fn spread(s: &crate::summary::Summary, kind: Unit, lang: Lang) -> Spread {
    let median_text = show(s.p50, kind, lang);
    let range_text = format!("{} – {}", show(s.p5, kind, lang), show(s.p95, kind, lang));
    Spread {
        mean: s.mean,
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
        text: format!("{median_text} ({range_text})"),
        median_text,
        range_text,
    }
}

/// A difference with its sign: counts and euros as such, shares in
/// percentage points.
fn signed(x: f64, kind: Unit, lang: Lang) -> String {
    let magnitude = match kind {
        Unit::Share => number(100.0 * x.abs(), 1, lang),
        _ => show(x.abs(), kind, lang),
    };
    // no sign on a difference that rounds to zero
    let sign = if !magnitude.chars().any(|c| c.is_ascii_digit() && c != '0') {
        ""
    } else if x > 0.0 {
        "+"
    } else {
        "−"
    };
    format!("{sign}{magnitude}")
}

/// `mean (low to high)` of a paired difference, with the unit of shares.
fn difference_text(mean: f64, low: f64, high: f64, kind: Unit, lang: Lang) -> String {
    let unit = share_unit(kind, lang);
    format!(
        "{}{unit} ({} {} {})",
        signed(mean, kind, lang),
        signed(low, kind, lang),
        t(lang, "tot", "to"),
        signed(high, kind, lang)
    )
}

/// The unit of a difference of shares.
fn share_unit(kind: Unit, lang: Lang) -> &'static str {
    if kind == Unit::Share {
        t(lang, " procentpunt", " percentage points")
    } else {
        ""
    }
}

/// The 5, 25, 50, 75 and 95th percentiles of a yearly metric, per year.
fn bands(r: &RunResults, metric: &str) -> Vec<Band> {
    let Some(k) = r.yearly_names.iter().position(|m| m == metric) else {
        return Vec::new();
    };
    let width = r.yearly_names.len();
    r.years
        .iter()
        .enumerate()
        .map(|(y, &year)| {
            let mut v: Vec<f64> = r
                .yearly_rows
                .iter()
                .map(|row| row[y * width + k])
                .filter(|x| x.is_finite())
                .collect();
            v.sort_by(f64::total_cmp);
            let q = [0.05, 0.25, 0.5, 0.75, 0.95].map(|q| quantile_sorted(&v, q));
            Band { year, q }
        })
        .collect()
}

/// Fan charts of both, the forest plot of differences, and life paths.
fn charts_of(
    c: &Comparison,
    names: &[String; 2],
    metrics: &[MetricView],
    compared: &[ComparedMetric],
    lang: Lang,
) -> Result<Vec<Chart>, String> {
    let mut out = Vec::new();
    for (metric, title_nl, title_en, unit_nl, unit_en) in fans() {
        let (title, unit) = (t(lang, title_nl, title_en), t(lang, unit_nl, unit_en));
        let (b, v) = (bands(&c.base, metric), bands(&c.variant, metric));
        if b.is_empty() {
            continue;
        }
        let svg = charts::fans(
            title,
            unit,
            &[(names[0].as_str(), b.as_slice()), (names[1].as_str(), v.as_slice())],
            lang,
        )?;
        out.push(Chart {
            id: format!("fan-{metric}"),
            svg,
        });
    }
    // paired differences relative to the baseline's mean
    let rows: Vec<(String, f64, f64, f64)> = metrics
        .iter()
        .filter(|m| m.base.mean.is_finite() && m.base.mean.abs() > 1e-9 && m.diff_mean.is_finite())
        .map(|m| {
            let scale = 100.0 / m.base.mean.abs();
            (
                m.label.clone(),
                m.diff_mean * scale,
                m.diff_low * scale,
                m.diff_high * scale,
            )
        })
        .collect();
    out.push(Chart {
        id: "forest".into(),
        svg: charts::forest(
            t(
                lang,
                "Verschil met de basis, in % van het basisgemiddelde (95%-interval)",
                "Difference from the baseline, in % of the baseline mean (95% interval)",
            ),
            &rows,
            lang,
        )?,
    });
    out.push(route_chart(compared, names, lang)?);
    // the same persons in both (replication 0)
    let persons = |r: &RunResults, ids: &[PersonId]| -> Vec<(String, Vec<usize>)> {
        ids.iter()
            .map(|id| {
                let path = r
                    .trajectories
                    .iter()
                    .filter(|row| row.person == *id)
                    .map(|row| row.state as usize)
                    .collect();
                (id.to_string(), path)
            })
            .collect()
    };
    let mut ids: Vec<PersonId> = Vec::new();
    for row in &c.base.trajectories {
        if !ids.contains(&row.person) && c.variant.trajectories.iter().any(|v| v.person == row.person) {
            ids.push(row.person);
            if ids.len() == LIFE_PATHS {
                break;
            }
        }
    }
    if !ids.is_empty() {
        let labels = life_state_labels(lang);
        for (name, r, id) in [
            (&names[0], &c.base, "life-base"),
            (&names[1], &c.variant, "life-variant"),
        ] {
            let title = format!("{}: {}", t(lang, "Levenslopen", "Life paths"), name);
            out.push(Chart {
                id: id.into(),
                svg: charts::life_paths(&title, &labels, &persons(r, &ids), lang)?,
            });
        }
    }
    Ok(out)
}

/// Relapse by route two years after its start, baseline against variant,
/// from the compared summaries (shares as percentages).
fn route_chart(compared: &[ComparedMetric], names: &[String; 2], lang: Lang) -> Result<Chart, String> {
    let quantiles = |scenario: &str, metric: &str| -> [f64; 5] {
        compared
            .iter()
            .find(|r| r.metric == metric && r.scenario == scenario)
            .map_or([f64::NAN; 5], |r| {
                let s = &r.summary;
                [s.p5, s.p25, s.p50, s.p75, s.p95].map(|x| chart_scale(metric) * x)
            })
    };
    let base = |metric: &str| quantiles(&names[0], metric);
    let variant = |metric: &str| quantiles(&names[1], metric);
    let scenarios: [(String, Lookup); 2] = [(names[0].clone(), &base), (names[1].clone(), &variant)];
    Ok(Chart {
        id: "route-relapse-24m".into(),
        svg: route_bars_chart(24, &scenarios, lang)?,
    })
}
