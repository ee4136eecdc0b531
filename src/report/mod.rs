//! Reports a council member can read: `report.html` in an output folder
//! (run, compare, sweep, validation, calibration, break-even), self-contained
//! (charts inline as SVG, also saved as SVG and PNG), printable, Dutch by
//! default. Built only from the folder's summary files.

pub mod charts;
pub mod format;
mod glossary;
mod robustness;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use format::{Lang, euro, number, percent};

/// A CSV file as strings: header and rows.
pub(crate) struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    pub(crate) fn read(path: &Path) -> Result<Csv> {
        let mut r = csv::Reader::from_path(path).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(source) => Error::Read {
                path: path.to_path_buf(),
                what: "a result file",
                hint: Some("report takes a folder written by `detasim run`".into()),
                source,
            },
            other => Error::invalid(
                path,
                "file",
                format!("{other:?}"),
                "not a CSV file",
                "a file written by detasim",
            ),
        })?;
        let header = r
            .headers()
            .map_err(|e| Error::Csv {
                path: path.to_path_buf(),
                source: e,
            })?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| Error::Csv {
                path: path.to_path_buf(),
                source: e,
            })?;
            rows.push(rec.iter().map(str::to_string).collect());
        }
        Ok(Csv { header, rows })
    }

    pub(crate) fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

fn f(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

pub(crate) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Words of the report in both languages.
pub(crate) fn t(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

pub(crate) use crate::observe::registry::Unit;
use crate::observe::registry::{MetricDef, PlaceKind, shown_at};

/// A difference of two values in a metric's unit, in the report's
/// language: shares in percentage points, the rest as [`show`].
pub(crate) fn show_difference(x: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Share => format::percentage_points(x, lang),
        _ => show(x, unit, lang),
    }
}

/// A value in a metric's unit, in the report's language.
pub(crate) fn show(x: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Count | Unit::Months => number(x, 0, lang),
        Unit::Share => percent(x, lang),
        Unit::Euro => euro(x, lang),
        Unit::Ratio => number(x, 2, lang),
    }
}

/// A metric's unit as an axis reads it.
pub(crate) fn unit_words(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Count => t(lang, "aantal", "count"),
        Unit::Months => t(lang, "maanden", "months"),
        Unit::Share => t(lang, "aandeel", "share"),
        Unit::Euro => "€",
        Unit::Ratio => t(lang, "verhouding", "ratio"),
    }
}

/// The metrics of the first page (the registry's key figures): id, Dutch
/// and English label, unit, in their rank order.
pub(crate) fn key_figures() -> Vec<(&'static str, &'static str, &'static str, Unit)> {
    shown_at(PlaceKind::KeyFigure)
        .into_iter()
        .map(|d| (d.id, d.label.nl, d.label.en, d.unit))
        .collect()
}

/// The yearly metrics shown as fan charts (the registry's fans): id, Dutch
/// and English title, Dutch and English unit, in their rank order.
pub(crate) fn fans() -> Vec<(&'static str, &'static str, &'static str, &'static str, &'static str)> {
    shown_at(PlaceKind::Fan)
        .into_iter()
        .filter_map(|d: &MetricDef| d.fan().map(|f| (d.id, f.title.nl, f.title.en, f.axis.nl, f.axis.en)))
        .collect()
}

/// The states of a life path in the order of `State` (its `as usize`): the
/// id in trajectories.csv, the Dutch and the English label.
pub(crate) const LIFE_STATES: [(&str, &str, &str); 7] = [
    ("bijstand", "bijstand", "bijstand"),
    ("detached", "gedetacheerd", "detached"),
    ("idle", "leegloop", "idle"),
    ("employed", "in dienst", "employed"),
    ("ww", "WW", "ww"),
    ("beschut", "beschut", "beschut"),
    ("exited", "uit beeld", "exited"),
];

/// The legend of a life-path chart.
pub(crate) fn life_state_labels(lang: Lang) -> Vec<String> {
    LIFE_STATES
        .iter()
        .map(|(_, nl, en)| t(lang, nl, en).to_string())
        .collect()
}

/// A small inline script: records how many charts were laid out with a
/// non-zero size on `<body data-charts="drawn/total">`, for the browser test.
const CHART_CHECK: &str = "<script>window.addEventListener('load',function(){var f=document.querySelectorAll('figure.chart svg');var n=0;f.forEach(function(s){var r=s.getBoundingClientRect();if(r.width>0&&r.height>0){n++;}});document.body.setAttribute('data-charts',n+'/'+f.length);});</script>\n";

/// Write `report.html` (and the charts as SVG files in `charts/`) into a run folder.
pub fn report_run(folder: &Path, lang: Lang, replace: bool) -> Result<PathBuf> {
    let out = folder.join("report.html");
    if out.exists() && !replace {
        return Err(Error::ReportExists { path: out });
    }
    let summary = Csv::read(&folder.join("summary.csv"))?;
    let yearly = Csv::read(&folder.join("yearly.csv"))?;
    let reps = Csv::read(&folder.join("replications.csv"))?;
    let traj = Csv::read(&folder.join("trajectories.csv")).ok();
    let manifest = read_manifest(folder);
    let chart_error = |e: String| {
        Error::invalid(
            folder,
            "charts",
            e,
            "a chart could not be drawn",
            "result files written by detasim",
        )
    };
    let mut charts: Vec<(String, String)> = Vec::new();
    run_fan_charts(&mut charts, &yearly, lang).map_err(chart_error)?;
    run_cost_chart(&mut charts, &yearly, lang).map_err(chart_error)?;
    run_route_charts(&mut charts, &summary, lang).map_err(chart_error)?;
    run_histograms(&mut charts, &reps, lang).map_err(chart_error)?;
    if let Some(tr) = &traj {
        run_life_paths(&mut charts, tr, lang).map_err(chart_error)?;
    }

    // the page
    let scenario = manifest["scenario_name"].as_str().unwrap_or("scenario").to_string();
    let replications = manifest["replications"].as_u64().unwrap_or(reps.rows.len() as u64);
    let mut html = page_head(lang, &format!("detasim — {scenario}"));
    html.push_str(&format!(
        "<h1>{} — {}</h1>\n",
        t(
            lang,
            "Detachering in de Participatiewet",
            "Detachering under the Participatiewet"
        ),
        html_escape(&scenario)
    ));
    run_key_findings(&mut html, &summary, replications, lang);
    html.push_str(&format!("<h2>{}</h2>\n", t(lang, "Grafieken", "Charts")));
    put_charts(folder, &mut html, &charts)?;
    levers_and_legal(&mut html, &manifest, lang);
    html.push_str(&page_foot(lang, &manifest));
    finish(folder, html)
}

/// The fan charts of the registry's yearly metrics.
fn run_fan_charts(charts: &mut Vec<(String, String)>, yearly: &Csv, lang: Lang) -> std::result::Result<(), String> {
    // fan charts over the years
    let bands = |metric: &str| -> Vec<charts::Band> {
        let (Some(y), Some(m)) = (yearly.col("year"), yearly.col("metric")) else {
            return Vec::new();
        };
        let q: Vec<usize> = ["p5", "p25", "p50", "p75", "p95"]
            .iter()
            .filter_map(|c| yearly.col(c))
            .collect();
        yearly
            .rows
            .iter()
            .filter(|r| r[m] == metric)
            .map(|r| charts::Band {
                year: r[y].parse().unwrap_or(0),
                q: [f(&r[q[0]]), f(&r[q[1]]), f(&r[q[2]]), f(&r[q[3]]), f(&r[q[4]])],
            })
            .collect()
    };
    for (metric, title_nl, title_en, unit_nl, unit_en) in fans() {
        let (title, unit) = (t(lang, title_nl, title_en), t(lang, unit_nl, unit_en));
        let b = bands(metric);
        if !b.is_empty() {
            let title = format!(
                "{title} — {}",
                t(lang, "mediaan, 50% en 90% banden", "median, 50% and 90% bands")
            );
            charts.push((format!("fan-{metric}"), charts::fan(&title, unit, &b, lang)?));
        }
    }
    Ok(())
}

/// Municipal cost by category, stacked per year.
fn run_cost_chart(charts: &mut Vec<(String, String)>, yearly: &Csv, lang: Lang) -> std::result::Result<(), String> {
    // stacked municipal cost by category
    if let (Some(y), Some(m), Some(mean)) = (yearly.col("year"), yearly.col("metric"), yearly.col("mean")) {
        let mut years: Vec<i32> = yearly.rows.iter().filter_map(|r| r[y].parse().ok()).collect();
        years.dedup();
        let categories: Vec<(String, Vec<f64>)> = crate::observe::metrics::MUNICIPAL_CATEGORIES
            .iter()
            .map(|(name, _)| {
                let id = format!("municipal_cost_{name}");
                let values = years
                    .iter()
                    .map(|yr| {
                        yearly
                            .rows
                            .iter()
                            .find(|r| r[m] == id && r[y] == yr.to_string())
                            .map_or(0.0, |r| f(&r[mean]))
                    })
                    .collect();
                (name.replace('_', " "), values)
            })
            .collect();
        let title = t(
            lang,
            "Kosten gemeenten per categorie (gemiddelde)",
            "Municipal cost by category (mean)",
        );
        charts.push((
            "municipal-cost-categories".into(),
            charts::stacked_bars(title, "€", &years, &categories, lang)?,
        ));
    }
    Ok(())
}

/// Histograms over replications of the registry's histogram metrics.
fn run_histograms(charts: &mut Vec<(String, String)>, reps: &Csv, lang: Lang) -> std::result::Result<(), String> {
    // histograms of end-of-horizon outcomes
    for (metric, nl, en) in shown_at(PlaceKind::Histogram)
        .iter()
        .map(|d| (d.id, d.label.nl, d.label.en))
    {
        if let Some(c) = reps.col(metric) {
            let values: Vec<f64> = reps.rows.iter().map(|r| f(&r[c])).collect();
            let title = format!(
                "{} — {}",
                t(lang, nl, en),
                t(lang, "verdeling over replicaties", "distribution over replications")
            );
            charts.push((format!("hist-{metric}"), charts::histogram(&title, "", &values, lang)?));
        }
    }
    Ok(())
}

/// The life paths of the sampled persons.
fn run_life_paths(charts: &mut Vec<(String, String)>, tr: &Csv, lang: Lang) -> std::result::Result<(), String> {
    // life paths
    if let (Some(p), Some(s)) = (tr.col("person"), tr.col("state")) {
        let mut persons: Vec<(String, Vec<usize>)> = Vec::new();
        for r in &tr.rows {
            let k = LIFE_STATES.iter().position(|(id, _, _)| *id == r[s]).unwrap_or(6);
            match persons.iter_mut().find(|(id, _)| *id == r[p]) {
                Some((_, path)) => path.push(k),
                None => persons.push((r[p].clone(), vec![k])),
            }
        }
        let names = life_state_labels(lang);
        let title = t(
            lang,
            "Levenslopen: toestand per maand van een steekproef personen",
            "Life paths: state per month of a sample of persons",
        );
        charts.push(("life-paths".into(), charts::life_paths(title, &names, &persons, lang)?));
    }

    Ok(())
}

/// The routes out of bijstand whose relapse the registry follows, in the
/// order of the legends: the route's part of the metric id
/// (`relapse_<months>m_<route>`), its Dutch and English name, and the months
/// after the start of the route at which relapse is measured.
pub(crate) const ROUTES: [(&str, &str, &str, &[u32]); 6] = [
    ("self_found", "zelf gevonden", "found unaided", &[6, 12, 24]),
    ("direct_lks", "direct met LKS", "direct with LKS", &[6, 12, 24]),
    ("direct_no_lks", "direct zonder LKS", "direct without LKS", &[6, 12, 24]),
    ("detachering", "detachering", "detachering", &[6, 12, 24]),
    ("beschut", "beschut werk", "beschut werk", &[6, 12, 24]),
    ("after_conversion", "na omzetting", "after conversion", &[12, 24]),
];

/// The id of a route's relapse metric after `months` months.
pub(crate) fn route_metric(route: &str, months: u32) -> String {
    format!("relapse_{months}m_{route}")
}

/// The detachering outcomes charted in the run and compare reports.
pub(crate) const DETACHERING_OUTCOMES: [&str; 3] = ["conversion_share", "early_end_share", "months_to_conversion"];

/// What a chart shows where nothing could be measured.
fn no_data(lang: Lang) -> &'static str {
    t(lang, "geen gegevens", "no data")
}

/// A label with its first letter in upper case, as a chart title starts.
fn sentence(label: &str) -> String {
    let mut c = label.chars();
    c.next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(c).collect())
}

/// The registry's label of a metric in the page's language, or the id if
/// the registry does not know it (a bug the report tests catch).
fn label_of(metric: &str, lang: Lang) -> String {
    crate::observe::registry::find(metric)
        .map_or_else(|| metric.to_string(), |d| t(lang, d.label.nl, d.label.en).to_string())
}

/// The scale of a metric on a chart: shares as percentages (×100), the rest as they are.
pub(crate) fn chart_scale(metric: &str) -> f64 {
    match crate::observe::registry::find(metric).map(|d| d.unit) {
        Some(Unit::Share) => 100.0,
        _ => 1.0,
    }
}

/// The 5th, 25th, 50th, 75th and 95th percentile of a metric in a summary
/// table (summary.csv, or compare.csv for one `scenario`), in the chart's
/// scale (shares as percentages); NaN where the table has no value.
fn quantile_lookup<'a>(csv: &'a Csv, scenario: Option<&'a str>) -> impl Fn(&str) -> [f64; 5] + 'a {
    let (me, sc) = (csv.col("metric"), csv.col("scenario"));
    let cols = ["p5", "p25", "p50", "p75", "p95"].map(|c| csv.col(c));
    move |metric: &str| {
        let row = csv
            .rows
            .iter()
            .find(|r| me.is_some_and(|m| r[m] == metric) && scenario.is_none_or(|s| sc.is_some_and(|c| r[c] == s)));
        let scale = chart_scale(metric);
        row.map_or([f64::NAN; 5], |r| {
            cols.map(|c| c.map_or(f64::NAN, |c| scale * f(&r[c])))
        })
    }
}

/// The relapse curves by route: per route the median and 90% band of the
/// share back on bijstand within 6, 12 and 24 months of the start of the
/// route (each point over the exits that can be followed that long).
fn route_curves_chart(q: &dyn Fn(&str) -> [f64; 5], lang: Lang) -> std::result::Result<String, String> {
    let curves: Vec<charts::Curve> = ROUTES
        .iter()
        .map(|(route, nl, en, months)| charts::Curve {
            name: t(lang, nl, en).to_string(),
            dashed: *route == "after_conversion",
            points: months
                .iter()
                .map(|m| {
                    let v = q(&route_metric(route, *m));
                    (f64::from(*m), [v[0], v[2], v[4]])
                })
                .collect(),
        })
        .collect();
    charts::band_lines(
        t(
            lang,
            "Terugval in de bijstand per route (mediaan en 90%-band)",
            "Relapse into bijstand by route (median and 90% band)",
        ),
        t(
            lang,
            "maanden na de start van de route (of na de omzetting)",
            "months since the start of the route (or the conversion)",
        ),
        t(lang, "terug in de bijstand (%)", "back on bijstand (%)"),
        (6.0, 24.0),
        &curves,
        no_data(lang),
        lang,
    )
}

/// The detachering outcomes as box plots (5–25–50–75–95%), one panel per
/// outcome titled with its registry label, one row per named lookup (the
/// run, or each scenario of a comparison).
fn outcome_panels(rows: &[(String, Lookup)], lang: Lang) -> std::result::Result<String, String> {
    let panels: Vec<charts::Panel> = DETACHERING_OUTCOMES
        .iter()
        .map(|metric| {
            let unit = match crate::observe::registry::find(metric).map(|d| d.unit) {
                Some(Unit::Share) => "%",
                _ => t(lang, "maanden", "months"),
            };
            charts::Panel {
                title: format!("{} ({unit})", sentence(&label_of(metric, lang))),
                unit: if unit == "%" {
                    "%".to_string()
                } else {
                    format!(" {unit}")
                },
                rows: rows.iter().map(|(name, q)| (name.clone(), q(metric))).collect(),
            }
        })
        .collect();
    charts::box_panels(
        t(
            lang,
            "Detacheringen: omzetting en voortijdig einde (5–25–50–75–95%)",
            "Detacheringen: conversion and early end (5–25–50–75–95%)",
        ),
        &panels,
        no_data(lang),
        lang,
    )
}

/// The run's relapse curves by route and its detachering outcomes, from summary.csv.
fn run_route_charts(charts: &mut Vec<(String, String)>, summary: &Csv, lang: Lang) -> std::result::Result<(), String> {
    let q = quantile_lookup(summary, None);
    charts.push(("route-relapse".into(), route_curves_chart(&q, lang)?));
    charts.push((
        "detachering-outcomes".into(),
        outcome_panels(&[(String::new(), &q)], lang)?,
    ));
    Ok(())
}

/// Quantiles of a metric by id (5–25–50–75–95%, shares as percentages),
/// of one run or one scenario.
pub(crate) type Lookup<'a> = &'a dyn Fn(&str) -> [f64; 5];

/// Relapse by route `months` months after its start, as bars per scenario
/// (each row a scenario's name and its [`Lookup`]) with their 90% range; a
/// scenario without a value for a route shows "no data" there.
pub(crate) fn route_bars_chart(
    months: u32,
    rows: &[(String, Lookup)],
    lang: Lang,
) -> std::result::Result<String, String> {
    let groups: Vec<String> = ROUTES
        .iter()
        .map(|(_, nl, en, _)| t(lang, nl, en).to_string())
        .collect();
    let series: Vec<(String, Vec<[f64; 3]>)> = rows
        .iter()
        .map(|(s, q)| {
            let values = ROUTES
                .iter()
                .map(|(route, ..)| {
                    let v = q(&route_metric(route, months));
                    [v[0], v[2], v[4]]
                })
                .collect();
            (s.clone(), values)
        })
        .collect();
    let title = format!(
        "{} {}",
        sentence(&label_of(&format!("relapse_{months}m"), lang)),
        t(
            lang,
            "per route en scenario (mediaan, 90%-interval)",
            "by route and scenario (median, 90% range)"
        )
    );
    charts::grouped_bars(
        &title,
        t(lang, "terug in de bijstand (%)", "back on bijstand (%)"),
        &groups,
        &series,
        no_data(lang),
        lang,
    )
}

/// A comparison's relapse by route at 12 and 24 months (bars per scenario
/// with their 90% range) and its detachering outcomes per scenario, from
/// compare.csv; scenarios without a value show "no data".
fn compare_route_charts(
    charts: &mut Vec<(String, String)>,
    csv: &Csv,
    scenarios: &[String],
    lang: Lang,
) -> std::result::Result<(), String> {
    let lookups: Vec<_> = scenarios
        .iter()
        .map(|s| quantile_lookup(csv, Some(s.as_str())))
        .collect();
    let rows: Vec<(String, Lookup)> = scenarios
        .iter()
        .zip(&lookups)
        .map(|(s, q)| (s.clone(), q as Lookup))
        .collect();
    for months in [12, 24] {
        charts.push((
            format!("route-relapse-{months}m"),
            route_bars_chart(months, &rows, lang)?,
        ));
    }
    charts.push(("detachering-outcomes".into(), outcome_panels(&rows, lang)?));
    Ok(())
}

/// The key findings: each key figure's median and 90% range.
fn run_key_findings(html: &mut String, summary: &Csv, replications: u64, lang: Lang) {
    let stat = |metric: &str, col: &str| -> f64 {
        let (Some(c), Some(m)) = (summary.col(col), summary.col("metric")) else {
            return f64::NAN;
        };
        summary
            .rows
            .iter()
            .find(|r| r[m] == metric)
            .map_or(f64::NAN, |r| f(&r[c]))
    };
    html.push_str(&format!(
        "<h2 style=\"page-break-before:avoid\">{}</h2>\n<ul>\n",
        t(lang, "Belangrijkste uitkomsten", "Key findings")
    ));
    for (metric, nl, en, kind) in key_figures() {
        let (p50, p5, p95) = (stat(metric, "p50"), stat(metric, "p5"), stat(metric, "p95"));
        if p50.is_finite() {
            html.push_str(&format!(
                "<li>{}: {} {} ({} {} {} {})</li>\n",
                t(lang, nl, en),
                t(lang, "naar verwachting", "most likely"),
                show(p50, kind, lang),
                t(
                    lang,
                    "in 9 van de 10 gesimuleerde toekomsten tussen",
                    "in 9 of 10 simulated futures between"
                ),
                show(p5, kind, lang),
                t(lang, "en", "and"),
                show(p95, kind, lang)
            ));
        }
    }
    html.push_str(&format!(
        "</ul>\n<p>{} {} {}.</p>\n",
        t(lang, "Gebaseerd op", "Based on"),
        number(replications as f64, 0, lang),
        t(lang, "gesimuleerde toekomsten (replicaties); de spreiding toont hoe zeker de uitkomsten zijn, inclusief onzekerheid over gedrag", "simulated futures (replications); the spread shows how sure the outcomes are, including uncertainty about behaviour")
    ));
}

/// The scenario's levers and the legal amounts in force at the start.
fn levers_and_legal(html: &mut String, manifest: &serde_json::Value, lang: Lang) {
    html.push_str(&format!(
        "<h2>{}</h2>\n<p>{}: <code>{}</code> ({})</p>\n<table>\n",
        t(
            lang,
            "Aannames: de beleidsknoppen van het scenario",
            "Assumptions: the scenario's levers"
        ),
        t(lang, "Bron", "Source"),
        html_escape(manifest["scenario_file"].as_str().unwrap_or("?")),
        t(
            lang,
            "het scenariobestand; de toelichting bij elke knop staat daarin en in de README",
            "the scenario file; each lever is explained there and in the README"
        )
    ));
    let mut levers = Vec::new();
    flatten("", &manifest["scenario"], &mut levers);
    for (k, v) in levers {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td></tr>\n",
            html_escape(&k),
            html_escape(&v)
        ));
    }
    html.push_str("</table>\n");
    let start = manifest["scenario"]["start"].as_str().unwrap_or("9999-12");
    html.push_str(&format!(
        "<h3>{} ({start})</h3>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
        t(
            lang,
            "Wettelijke bedragen en regels bij de start",
            "Legal amounts and rules at the start"
        ),
        t(lang, "grootheid", "item"),
        t(lang, "waarde", "value"),
        t(lang, "eenheid", "unit"),
        t(lang, "bron", "source")
    ));
    for (k, value, unit, source) in legal_rows(&manifest["data"]["legal"], start) {
        html.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>\n",
            html_escape(&k),
            number(value, if value.abs() < 10.0 { 4 } else { 2 }, lang),
            html_escape(&unit),
            html_escape(&source)
        ));
    }
    html.push_str("</table>\n");
}

/// The start of a page: HTML head with print styles, and the body's opening.
fn page_head(lang: Lang, title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}} \
         table{{border-collapse:collapse}} td,th{{border-bottom:1px solid #ccc;padding:.25em .6em;text-align:left}} \
         td.n{{text-align:right}} figure{{margin:1.5em 0;page-break-inside:avoid}} svg{{max-width:100%;height:auto}} \
         @media print{{body{{margin:0}} h2{{page-break-before:always}}}}</style></head><body>\n",
        if lang == Lang::Nl { "nl" } else { "en" },
        html_escape(title)
    )
}

/// What every report's numbers are (docs/ODD.md §4, "What the numbers are"):
/// gross effects within the simulated caseload and the openings the region
/// gives, without displacement or deadweight outside it.
pub(crate) const GROSS_EFFECTS_NL: &str = "Wat de cijfers zijn: bruto-effecten binnen de gesimuleerde doelgroep en de vacatures die de regio biedt. Binnen de doelgroep telt de vergelijking mee dat iemand ook zonder het beleid werk had kunnen vinden. Niet gemodelleerd zijn verdringing (de baan die een kandidaat uit de bijstand krijgt, gaat niet naar iemand buiten de doelgroep, die dan zonder werk kan blijven) en deadweight bij werkgevers buiten het model (een werkgever die ook zonder regeling iemand had aangenomen), noch effecten elders op de arbeidsmarkt. Een verschil tussen scenario's is dus het verschil voor deze doelgroep, niet voor de hele arbeidsmarkt.";
/// The English of [`GROSS_EFFECTS_NL`].
pub(crate) const GROSS_EFFECTS_EN: &str = "What the numbers are: gross effects within the simulated caseload and the openings the region gives. Within the caseload, the comparison does count that someone could have found work without the policy. Not modelled are displacement (the job a candidate from bijstand gets does not go to someone outside the caseload, who may then stay without work), deadweight at employers outside the model (an employer who would have hired someone without the scheme), and effects elsewhere in the labour market. A difference between scenarios is therefore the difference for this caseload, not for the labour market as a whole.";

/// The method section, the reproducibility block and the end of a page.
fn page_foot(lang: Lang, manifest: &serde_json::Value) -> String {
    let method = format!(
        "<h2>{}</h2>\n<p>{}</p>\n",
        t(lang, "Methode", "Method"),
        t(
            lang,
            "Een agent-gebaseerd Monte Carlo-model volgt werkzoekenden, werkgevers, werkbedrijven en gemeenten van één arbeidsmarktregio maand voor maand. Wettelijke bedragen volgen de kalender; gedragsparameters zijn geschat op waargenomen cijfers (ABC-SMC) en worden voor elke groep replicaties opnieuw getrokken — de geschatte uit hun a-posterioriverdeling, de overige uit hun a-priorispreiding — zodat de spreiding ook onzekerheid over gedrag bevat. Scenario's worden met dezelfde toevalsgetallen doorgerekend, zodat verschillen gepaard zijn. Zie docs/ODD.md voor het volledige model en de bronnen.",
            "An agent-based Monte Carlo model follows job seekers, employers, werkbedrijven and municipalities of one labour-market region month by month. Legal amounts follow the calendar; behavioural parameters are fitted to observed figures (ABC-SMC) and drawn anew for every group of replications — the fitted ones from their posterior, the others from their prior range — so the spread includes uncertainty about behaviour. Scenarios are run with the same random numbers, so differences are paired. See docs/ODD.md for the full model and its sources.",
        )
    ) + &format!(
        "<p id=\"gross-effects\">{}</p>\n",
        t(lang, GROSS_EFFECTS_NL, GROSS_EFFECTS_EN)
    );
    method
        + &glossary::section(lang)
        + &format!(
            "<h2>{}</h2>\n<table>\n<tr><td>{}</td><td>{}</td></tr>\n<tr><td>seed</td><td>{}</td></tr>\n<tr><td>{}</td><td><code>{}</code></td></tr>\n<tr><td>git</td><td>{}</td></tr>\n</table>\n{CHART_CHECK}</body></html>\n",
            t(lang, "Reproduceerbaarheid", "Reproducibility"),
            t(lang, "versie", "version"),
            html_escape(manifest["version"].as_str().unwrap_or("?")),
            manifest["seed"],
            t(lang, "commando", "command"),
            html_escape(manifest["reproduce"].as_str().unwrap_or("?")),
            html_escape(manifest["git_commit"].as_str().unwrap_or("?")),
        )
}

/// Where charts are written until the page is complete; [`finish`] moves
/// the folder to `charts/`, so an interrupted report leaves no partial
/// `charts/` behind.
const CHARTS_PARTIAL: &str = ".charts.partial";

/// Write charts (SVG and PNG) to the staging folder and as figures into the page.
fn put_charts(folder: &Path, html: &mut String, charts: &[(String, String)]) -> Result<()> {
    let chart_dir = folder.join(CHARTS_PARTIAL);
    if chart_dir.exists() {
        // left by an interrupted report
        std::fs::remove_dir_all(&chart_dir).map_err(|e| Error::write(&chart_dir, "the charts folder", e))?;
    }
    std::fs::create_dir_all(&chart_dir).map_err(|e| Error::write(&chart_dir, "the charts folder", e))?;
    for (name, svg) in charts {
        let p = chart_dir.join(format!("{name}.svg"));
        std::fs::write(&p, svg).map_err(|e| Error::write(&p, "a chart", e))?;
        let png = charts::png(svg).map_err(|e| {
            Error::invalid(
                &p,
                "chart",
                e,
                "could not be rendered as PNG",
                "an SVG chart written by detasim",
            )
        })?;
        let p = chart_dir.join(format!("{name}.png"));
        std::fs::write(&p, png).map_err(|e| Error::write(&p, "a chart", e))?;
        html.push_str(&format!("<figure id=\"{name}\" class=\"chart\">{svg}</figure>\n"));
    }
    Ok(())
}

/// Move the staged charts to `charts/` (replacing an earlier report's) and
/// write the page atomically as `report.html`. Callers have checked that an
/// existing report may be replaced.
fn finish(folder: &Path, html: String) -> Result<PathBuf> {
    let out = folder.join("report.html");
    let tmp = folder.join(".report.html.partial");
    std::fs::write(&tmp, html).map_err(|e| Error::write(&tmp, "report.html", e))?;
    let staged = folder.join(CHARTS_PARTIAL);
    if staged.is_dir() {
        let charts = folder.join("charts");
        if charts.exists() {
            std::fs::remove_dir_all(&charts).map_err(|e| Error::write(&charts, "the charts folder", e))?;
        }
        std::fs::rename(&staged, &charts).map_err(|e| Error::write(&charts, "the charts folder", e))?;
    }
    std::fs::rename(&tmp, &out).map_err(|e| Error::write(&out, "report.html", e))?;
    Ok(out)
}

/// Write `report.html` into any output folder: a run, a comparison, or a
/// validation against calibration targets (recognised by their files).
pub fn report_folder(folder: &Path, lang: Lang, replace: bool) -> Result<PathBuf> {
    let out = folder.join("report.html");
    if out.exists() && !replace {
        return Err(Error::ReportExists { path: out });
    }
    let fits: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".fit.csv"))
        .collect();
    if folder.join("break-even.csv").exists() {
        report_break_even(folder, lang)
    } else if folder.join("compare.csv").exists() {
        report_compare(folder, lang)
    } else if folder.join("validation.csv").exists() {
        report_targets(folder, lang, &[folder.join("validation.csv")])
    } else if folder.join("results.csv").exists() && folder.join("design.csv").exists() {
        report_sweep(folder, lang)
    } else if !fits.is_empty() {
        let mut fits = fits;
        fits.sort();
        report_targets(folder, lang, &fits)
    } else {
        report_run(folder, lang, replace)
    }
}

/// The distinct values, in order of first appearance.
fn distinct<'a>(values: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// The report of a comparison folder (compare.csv).
fn report_compare(folder: &Path, lang: Lang) -> Result<PathBuf> {
    let csv = Csv::read(&folder.join("compare.csv"))?;
    let manifest = read_manifest(folder);
    let col = |n: &str| {
        csv.col(n).ok_or_else(|| {
            Error::invalid(
                &folder.join("compare.csv"),
                "header",
                n,
                "a column is missing",
                "a compare.csv written by detasim",
            )
        })
    };
    let (sc, me) = (col("scenario")?, col("metric")?);
    let q: Vec<usize> = ["p5", "p25", "p50", "p75", "p95"]
        .iter()
        .map(|c| col(c))
        .collect::<Result<_>>()?;
    let (dm, dl, dh, pb) = (
        col("diff_mean")?,
        col("diff_ci95_low")?,
        col("diff_ci95_high")?,
        col("p_better")?,
    );
    let scenarios = distinct(csv.rows.iter().map(|r| &r[sc]));
    let base = scenarios.first().cloned().unwrap_or_default();
    let chart_error = |e: String| {
        Error::invalid(
            folder,
            "charts",
            e,
            "a chart could not be drawn",
            "result files written by detasim",
        )
    };
    let mut charts = Vec::new();
    let mut findings = Vec::new();
    for (metric, nl, en, kind) in key_figures() {
        let rows: Vec<&Vec<String>> = csv.rows.iter().filter(|r| r[me] == metric).collect();
        if rows.is_empty() {
            continue;
        }
        let items: Vec<(String, [f64; 5])> = rows
            .iter()
            .map(|r| {
                (
                    r[sc].clone(),
                    [f(&r[q[0]]), f(&r[q[1]]), f(&r[q[2]]), f(&r[q[3]]), f(&r[q[4]])],
                )
            })
            .collect();
        charts.push((
            format!("box-{metric}"),
            charts::boxes(
                &format!(
                    "{} — {}",
                    t(lang, nl, en),
                    t(lang, "per scenario (5–25–50–75–95%)", "by scenario (5–25–50–75–95%)")
                ),
                &items,
                lang,
            )
            .map_err(chart_error)?,
        ));
        for r in rows.iter().filter(|r| r[sc] != base) {
            findings.push(compare_finding(r, [sc, dm, dl, dh, pb], t(lang, nl, en), kind, lang));
        }
    }
    for s in scenarios.iter().filter(|s| **s != base) {
        charts.push((
            format!("forest-{s}"),
            forest_chart(&csv, [sc, me, dm, dl, dh], s, &base, lang).map_err(chart_error)?,
        ));
    }
    compare_route_charts(&mut charts, &csv, &scenarios, lang).map_err(chart_error)?;
    let mut html = page_head(lang, &format!("detasim — {}", scenarios.join(" vs ")));
    html.push_str(&format!(
        "<h1>{}: {}</h1>\n",
        t(lang, "Scenariovergelijking", "Scenario comparison"),
        html_escape(&scenarios.join(", "))
    ));
    html.push_str(&format!(
        "<h2 style=\"page-break-before:avoid\">{} {}</h2>\n<ul>\n{}\n</ul>\n<p>{}</p>\n",
        t(lang, "Belangrijkste verschillen ten opzichte van", "Key differences from"),
        html_escape(&base),
        findings.join("\n"),
        t(lang, "Alle scenario's zijn met dezelfde toevalsgetallen doorgerekend, zodat verschillen per replicatie gepaard zijn.", "All scenarios were run with the same random numbers, so differences are paired by replication.")
    ));
    robustness_section(&mut html, &mut charts, (folder, &manifest), &csv, &base, lang).map_err(chart_error)?;
    cost_effectiveness_section(&mut html, &csv, &base, &manifest, lang);
    html.push_str(&format!("<h2>{}</h2>\n", t(lang, "Grafieken", "Charts")));
    put_charts(folder, &mut html, &charts)?;
    html.push_str(&page_foot(lang, &manifest));
    finish(folder, html)
}

/// The robustness section of a comparison: how many key-figure differences
/// keep their sign across the plausible parameter worlds, and in words each
/// one that does not, with the chart of the difference against the
/// parameter that decides it (the first few). Folders without the
/// robustness columns (fixed parameters, or written before the analysis):
/// no section.
fn robustness_section(
    html: &mut String,
    charts: &mut Vec<(String, String)>,
    (folder, manifest): (&Path, &serde_json::Value),
    csv: &Csv,
    base: &str,
    lang: Lang,
) -> std::result::Result<(), String> {
    use robustness::{DrawData, Judged, decider_chart, words};
    const CHARTS: usize = 6;
    let (Some(sc), Some(me), Some(sr), Some(db), Some(ve)) = (
        csv.col("scenario"),
        csv.col("metric"),
        csv.col("sign_robustness"),
        csv.col("decided_by"),
        csv.col("verdict"),
    ) else {
        return Ok(());
    };
    let data = DrawData::read(folder);
    let mut judged = Vec::new();
    for (metric, nl, en, kind) in key_figures() {
        for r in csv.rows.iter().filter(|r| r[me] == metric && r[sc] != base) {
            if let Some(j) = Judged::parse(&r[ve], &r[sr], &r[db]).filter(|j| j.verdict != "not_tested") {
                judged.push((r[sc].as_str(), metric, t(lang, nl, en), kind, j));
            }
        }
    }
    if judged.is_empty() {
        return Ok(());
    }
    let robust = judged.iter().filter(|j| j.4.verdict == "robust").count();
    let mut items = Vec::new();
    for (scenario, metric, label, kind, j) in &judged {
        let points = match (&data, j.decider()) {
            (Some(d), Some(p)) => d.points(scenario, metric, p),
            _ => Vec::new(),
        };
        let in_manifest = manifest["parameter_draws"].as_u64().unwrap_or(0) as usize;
        let draws = data.as_ref().map_or(in_manifest, |d| d.draws(scenario, metric));
        let chance = data.as_ref().is_some_and(|d| d.within_chance(scenario, metric));
        let (theta, means): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
        let line = (!points.is_empty()).then(|| crate::experiments::robustness::Line::fit(&theta, &means));
        if j.verdict != "robust" {
            items.push(format!(
                "<li>{} — {label}: {}</li>",
                html_escape(scenario),
                html_escape(&words(j, draws, line, chance, lang))
            ));
        }
        let shown = charts.iter().filter(|c| c.0.starts_with("decided-")).count();
        if let Some(p) = j.decider().filter(|_| points.len() >= 2 && shown < CHARTS) {
            let title = format!(
                "{scenario} − {base}: {label} — {}",
                t(lang, "verschil per parameterwereld", "difference per parameter world")
            );
            let y = format!("{} ({})", t(lang, "verschil", "difference"), unit_words(*kind, lang));
            charts.push((
                format!("decided-{scenario}-{metric}"),
                decider_chart(&title, &y, p, &points, lang)?,
            ));
        }
    }
    html.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n<ul>\n{}\n</ul>\n",
        t(lang, "Hoe zeker is het teken van elk verschil?", "How certain is the sign of each difference?"),
        match lang {
            Lang::Nl => format!(
                "Elk scenario is doorgerekend in plausibele parameterwerelden: trekkingen van de onzekere gedragsparameters uit hun a-posteriori- of a-priori-verdeling, gelijk voor alle scenario's. {robust} van de {} verschillen in kerncijfers hebben in minstens 90% van die werelden hetzelfde teken (robuust); de andere staan hieronder, met de parameter die het verschil bepaalt als die er is.",
                judged.len()
            ),
            Lang::En => format!(
                "Every scenario was run in plausible parameter worlds: draws of the uncertain behavioural parameters from their posterior or prior, the same for every scenario. {robust} of the {} differences in key figures have the same sign in at least 90% of those worlds (robust); the others are listed below, with the parameter that decides the difference where there is one.",
                judged.len()
            ),
        },
        items.join("\n")
    ));
    Ok(())
}

/// The cost-effectiveness section of a comparison: for each ratio of
/// [`crate::observe::registry::COST_EFFECTIVENESS`] and scenario, the extra
/// municipal cost per extra unit of effect with its 95% interval, or in
/// words why there is no ratio (dominant, dominated, no effect), read from
/// compare.csv's ratio rows and the cost and effect rows beside them (and
/// the replications from the manifest: one gives no interval).
/// Folders written before the ratios existed have no such rows: no section.
fn cost_effectiveness_section(html: &mut String, csv: &Csv, base: &str, manifest: &serde_json::Value, lang: Lang) {
    let replications = manifest["replications"].as_u64().unwrap_or(0);
    use crate::observe::registry::COST_EFFECTIVENESS;
    let (Some(sc), Some(me), Some(dm), Some(dl), Some(dh), Some(ce)) = (
        csv.col("scenario"),
        csv.col("metric"),
        csv.col("diff_mean"),
        csv.col("diff_ci95_low"),
        csv.col("diff_ci95_high"),
        csv.col("cost_effectiveness"),
    ) else {
        return;
    };
    let diff = |scenario: &str, metric: &str| -> f64 {
        csv.rows
            .iter()
            .find(|r| r[sc] == scenario && r[me] == metric)
            .map_or(f64::NAN, |r| f(&r[dm]))
    };
    let mut rows = String::new();
    for def in COST_EFFECTIVENESS {
        for r in csv.rows.iter().filter(|r| r[me] == def.id) {
            let scenario = &r[sc];
            let cost = diff(scenario, def.cost.def().id);
            let effect = diff(scenario, def.effect.def().id);
            let units = t(lang, def.effect_units.nl, def.effect_units.en);
            let unit = t(lang, def.effect_unit.nl, def.effect_unit.en);
            let what = cost_effectiveness_words(
                &r[ce],
                [f(&r[dm]), f(&r[dl]), f(&r[dh])],
                (cost, effect),
                (unit, units),
                replications,
                lang,
            );
            rows.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                html_escape(scenario),
                t(lang, def.label.nl, def.label.en),
                euro(cost, lang),
                number(effect, 1, lang),
                what
            ));
        }
    }
    if rows.is_empty() {
        return;
    }
    let cost_header = format!(
        "{} {}",
        t(lang, "verschil in kosten t.o.v.", "difference in cost from"),
        html_escape(base)
    );
    html.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{cost_header}</th><th>{}</th><th>{}</th></tr>\n{rows}</table>\n",
        t(lang, "Kosteneffectiviteit", "Cost-effectiveness"),
        t(
            lang,
            "Extra kosten van de gemeenten (over de hele periode) per extra duurzame plaatsing of extra banenafspraakbaan (aan het eind), ten opzichte van het basisscenario: het verschil in gemiddelde kosten gedeeld door het verschil in gemiddeld effect, met een 95%-interval uit een gepaarde bootstrap over de replicaties. Is een scenario goedkoper én beter, dan heet het dominant; duurder én slechter: gedomineerd. Dan heeft een verhouding geen betekenis.",
            "Extra municipal cost (over the whole period) per extra lasting placement or extra banenafspraak job (at the end), against the base scenario: the difference in mean cost over the difference in mean effect, with a 95% interval from a paired bootstrap over replications. A scenario cheaper and better is dominant; dearer and worse, dominated. Then a ratio has no meaning.",
        ),
        t(lang, "scenario", "scenario"),
        t(lang, "maat", "measure"),
        t(lang, "verschil in effect", "difference in effect"),
        t(lang, "kosteneffectiviteit", "cost-effectiveness"),
    ));
}

/// The cost-effectiveness of one ratio and scenario in words: the price (or
/// saving) per unit with its interval, or why there is no ratio; `mark` is
/// compare.csv's `cost_effectiveness`, `ratio_interval` the ratio and its
/// 95% bounds, `diffs` the mean paired differences of cost and effect, and
/// `units` the effect's unit in the singular and the plural, and
/// `replications` the comparison's (one gives no interval).
fn cost_effectiveness_words(
    mark: &str,
    ratio_interval: [f64; 3],
    diffs: (f64, f64),
    units: (&str, &str),
    replications: u64,
    lang: Lang,
) -> String {
    let ratio = ratio_interval[0];
    let (cost, effect) = diffs;
    let (unit, units) = units;
    match mark {
        "dominant" => format!(
            "{}: {} {} {} {} {units}",
            t(lang, "dominant", "dominant"),
            euro(-cost, lang),
            t(lang, "goedkoper en", "cheaper and"),
            number(effect, 1, lang),
            t(lang, "meer", "more"),
        ),
        "dominated" => format!(
            "{}: {} {} {} {} {units}",
            t(lang, "gedomineerd", "dominated"),
            euro(cost, lang),
            t(lang, "duurder en", "dearer and"),
            number(-effect, 1, lang),
            t(lang, "minder", "fewer"),
        ),
        "no_effect" => t(lang, "geen verschil in effect", "no difference in effect").to_string(),
        "no_data" => t(lang, "geen gegevens", "no data").to_string(),
        kind => {
            let [_, low, high] = ratio_interval;
            let interval = if low.is_finite() && high.is_finite() {
                format!(
                    "{} {} {} {}",
                    t(lang, "95%-interval", "95% interval"),
                    euro(low, lang),
                    t(lang, "tot", "to"),
                    euro(high, lang)
                )
            } else if replications < 2 {
                t(
                    lang,
                    "geen interval bij één replicatie",
                    "no interval from one replication",
                )
                .to_string()
            } else {
                t(
                    lang,
                    "interval onbegrensd: het teken van het effect is onzeker",
                    "interval unbounded: the sign of the effect is uncertain",
                )
                .to_string()
            };
            let per = if kind == "cheaper_and_worse" {
                format!(
                    "{} {unit} {}",
                    t(lang, "besparing per", "saving per"),
                    t(lang, "minder", "given up")
                )
            } else {
                format!("{} {unit}", t(lang, "per extra", "per extra"))
            };
            format!("{} {per} ({interval})", euro(ratio, lang))
        }
    }
}

/// One line of a comparison's findings: a scenario's paired difference in a
/// key figure with its interval and `p_better`; `cols` are the columns of
/// scenario, `diff_mean`, `diff_ci95_low`, `diff_ci95_high` and `p_better`.
fn compare_finding(r: &[String], cols: [usize; 5], label: &str, kind: Unit, lang: Lang) -> String {
    let [sc, dm, dl, dh, pb] = cols;
    let p = f(&r[pb]);
    format!(
        "<li>{} — {}: {}{} ({} {} {} {}){}</li>",
        html_escape(&r[sc]),
        label,
        if f(&r[dm]) >= 0.0 { "+" } else { "" },
        show_difference(f(&r[dm]), kind, lang),
        t(lang, "95%-interval", "95% interval"),
        show_difference(f(&r[dl]), kind, lang),
        t(lang, "tot", "to"),
        show_difference(f(&r[dh]), kind, lang),
        if p.is_finite() {
            format!(
                "; {} {}",
                t(lang, "beter in", "better in"),
                percent(p, lang) + t(lang, " van de replicaties", " of replications")
            )
        } else {
            String::new()
        }
    )
}

/// The forest plot of one scenario's paired differences in the key figures
/// that are counts; `cols` are the columns of scenario, metric, `diff_mean`,
/// `diff_ci95_low` and `diff_ci95_high`.
fn forest_chart(csv: &Csv, cols: [usize; 5], s: &str, base: &str, lang: Lang) -> std::result::Result<String, String> {
    let [sc, me, dm, dl, dh] = cols;
    let items: Vec<(String, f64, f64, f64)> = csv
        .rows
        .iter()
        .filter(|r| r[sc] == *s && key_figures().iter().any(|k| k.0 == r[me] && k.3 == Unit::Count))
        .map(|r| (r[me].clone(), f(&r[dm]), f(&r[dl]), f(&r[dh])))
        .collect();
    let title = format!(
        "{s} − {base}: {}",
        t(
            lang,
            "gepaarde verschillen (aantallen, 95%-interval)",
            "paired differences (counts, 95% interval)"
        )
    );
    charts::forest(&title, &items, lang)
}

/// The report of target checks — a validation folder (validation.csv) or a
/// calibration folder (one `<region>.fit.csv` per fitted region): each target
/// against the simulated median and 90% interval.
fn report_targets(folder: &Path, lang: Lang, files: &[PathBuf]) -> Result<PathBuf> {
    let manifest = read_manifest(folder);
    let chart_error = |e: String| {
        Error::invalid(
            folder,
            "charts",
            e,
            "a chart could not be drawn",
            "result files written by detasim",
        )
    };
    let mut html = page_head(lang, "detasim — targets");
    html.push_str(&format!(
        "<h1>{}</h1>\n",
        t(lang, "Toets aan waargenomen cijfers", "Check against observed figures")
    ));
    for file in files {
        let csv = Csv::read(file)?;
        let col = |n: &str| {
            csv.col(n).ok_or_else(|| {
                Error::invalid(
                    file,
                    "header",
                    n,
                    "a column is missing",
                    "a table written by detasim validate or calibrate",
                )
            })
        };
        let (tg, ob, tol, med, p5, p95, within) = (
            col("target")?,
            col("observed")?,
            col("tolerance")?,
            col("median")?,
            col("p5")?,
            col("p95")?,
            col("within")?,
        );
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().replace(".fit.csv", "").replace(".csv", ""))
            .unwrap_or_default();
        let role = csv.col("role");
        let is_holdout = |r: &Vec<String>| role.is_some_and(|c| r[c] == "holdout");
        let mut charts = Vec::new();
        let mut rows_html = String::new();
        for r in &csv.rows {
            let (o, t_, m) = (f(&r[ob]), f(&r[tol]), f(&r[med]));
            let items = vec![
                (
                    t(lang, "gesimuleerd", "simulated").to_string(),
                    [f(&r[p5]), f(&r[p5]), m, f(&r[p95]), f(&r[p95])],
                ),
                (
                    t(lang, "waargenomen ± tolerantie", "observed ± tolerance").to_string(),
                    [o - t_, o - t_, o, o + t_, o + t_],
                ),
            ];
            charts.push((
                format!("{name}-target-{}", r[tg]),
                charts::boxes(&r[tg], &items, lang).map_err(chart_error)?,
            ));
            rows_html.push_str(&format!(
                "<tr><td>{}{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
                html_escape(&r[tg]),
                if is_holdout(r) {
                    t(lang, " (controle, niet gebruikt bij het fitten)", " (holdout, not used in fitting)")
                } else {
                    ""
                },
                number(o, 3, lang),
                number(t_, 3, lang),
                number(m, 3, lang),
                if r[within] == "yes" { t(lang, "ja", "yes") } else { t(lang, "NEE", "NO") }
            ));
        }
        let fit_rows = csv.rows.iter().filter(|r| !is_holdout(r)).count();
        let missed = csv.rows.iter().filter(|r| !is_holdout(r) && r[within] != "yes").count();
        let said = format!(
            "{} {} {fit_rows} {}.{}",
            fit_rows - missed,
            t(lang, "van de", "of"),
            t(
                lang,
                "doelen liggen binnen hun tolerantie",
                "targets lie within their tolerance"
            ),
            holdout_words(&csv, within, lang)
        );
        html.push_str(&target_table(&name, &said, &rows_html, lang));
        posterior_section(
            &mut html,
            &file.with_extension("").with_extension("posterior.csv"),
            lang,
        )?;
        put_charts(folder, &mut html, &charts)?;
    }
    html.push_str(&page_foot(lang, &manifest));
    finish(folder, html)
}

/// A region's target table: its heading, what it says in a sentence, and the rows.
fn target_table(name: &str, said: &str, rows_html: &str, lang: Lang) -> String {
    format!(
        "<h2 style=\"page-break-before:avoid\">{}</h2>\n<p>{said}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n{rows_html}</table>\n",
        html_escape(name),
        t(lang, "doel", "target"),
        t(lang, "waargenomen", "observed"),
        t(lang, "tolerantie", "tolerance"),
        t(lang, "mediaan gesimuleerd", "simulated median"),
        t(lang, "binnen", "within")
    )
}

/// The sentence on the holdout figures of a target table (empty without any).
fn holdout_words(csv: &Csv, within: usize, lang: Lang) -> String {
    let Some(role) = csv.col("role") else {
        return String::new();
    };
    let held: Vec<&Vec<String>> = csv.rows.iter().filter(|r| r[role] == "holdout").collect();
    if held.is_empty() {
        return String::new();
    }
    let ok = held.iter().filter(|r| r[within] == "yes").count();
    match lang {
        Lang::Nl => format!(
            " Daarnaast {ok} van de {} controlecijfers die het fitten niet heeft gezien: een toets van het model tegen gegevens die het niet kent.",
            held.len()
        ),
        Lang::En => format!(
            " Besides, {ok} of {} holdout figures the fit has not seen: a test of the model against data it does not know.",
            held.len()
        ),
    }
}

/// What the targets taught the fit (`<region>.posterior.csv` beside the fit
/// report, written by `calibrate`): per fitted parameter the prior range,
/// the posterior mean and 90% interval, the width ratio and whether the
/// targets informed it, and the effective sample size. Absent file: nothing.
fn posterior_section(html: &mut String, path: &Path, lang: Lang) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    let csv = Csv::read(path)?;
    let col = |n: &str| {
        csv.col(n).ok_or_else(|| {
            Error::invalid(
                path,
                "header",
                n,
                "a column is missing",
                "a posterior summary written by detasim calibrate",
            )
        })
    };
    let (pa, lo, hi, mean, p5, p95, ratio, informed, ess) = (
        col("parameter")?,
        col("prior_min")?,
        col("prior_max")?,
        col("posterior_mean")?,
        col("posterior_p5")?,
        col("posterior_p95")?,
        col("width_ratio")?,
        col("informed")?,
        col("effective_sample_size")?,
    );
    let value = |x: f64| number(x, crate::summary::short_decimals(x), lang);
    let mut rows = String::new();
    for r in &csv.rows {
        rows.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{} – {}</td><td class=\"n\">{}</td><td class=\"n\">{} – {}</td><td class=\"n\">{}</td><td>{}</td></tr>\n",
            html_escape(&r[pa]),
            value(f(&r[lo])),
            value(f(&r[hi])),
            value(f(&r[mean])),
            value(f(&r[p5])),
            value(f(&r[p95])),
            number(f(&r[ratio]), 2, lang),
            if r[informed] == "yes" {
                t(lang, "ja", "yes")
            } else {
                t(lang, "niet geïnformeerd door de doelen", "not informed by the targets")
            }
        ));
    }
    let n_informed = csv.rows.iter().filter(|r| r[informed] == "yes").count();
    let ess = csv.rows.first().map_or(f64::NAN, |r| f(&r[ess]));
    html.push_str(&format!(
        "<h3>{}</h3>\n<p>{}</p>\n<table>\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n{rows}</table>\n",
        t(lang, "Wat de doelen over de parameters zeggen", "What the targets say about the parameters"),
        match lang {
            Lang::Nl => format!(
                "{n_informed} van de {} gefitte parameters worden door de doelen ingeperkt (spreiding a posteriori minder dan 0,8 × die a priori); de andere houden vrijwel hun a-priorionzekerheid, en die wordt in elke run en vergelijking meegenomen. Effectieve steekproefgrootte van de gewogen deeltjes: {}.",
                csv.rows.len(),
                number(ess, 0, lang)
            ),
            Lang::En => format!(
                "{n_informed} of {} fitted parameters are narrowed by the targets (posterior spread below 0.8 × the prior's); the others keep nearly their prior uncertainty, which every run and comparison carries. Effective sample size of the weighted particles: {}.",
                csv.rows.len(),
                number(ess, 0, lang)
            ),
        },
        t(lang, "parameter", "parameter"),
        t(lang, "a priori", "prior"),
        t(lang, "a posteriori (gemiddelde)", "posterior (mean)"),
        t(lang, "a posteriori 90%", "posterior 90%"),
        t(lang, "breedteverhouding", "width ratio"),
        t(lang, "geïnformeerd", "informed")
    ));
    Ok(())
}

/// Bootstrap resamples and seed of the Sobol intervals in a sweep report (as
/// `sweep analyze`'s defaults, so the report shows the same intervals).
const REPORT_BOOTSTRAP: usize = 1000;
const REPORT_BOOTSTRAP_SEED: u64 = 1;

/// The Sobol indices of one output: a bar chart and a table.
fn sobol_section(
    charts: &mut Vec<(String, String)>,
    tables: &mut String,
    factors: &[String],
    y: &[f64],
    name: &str,
    lang: Lang,
) -> std::result::Result<(), String> {
    use crate::experiments::sensitivity;
    let idx = sensitivity::sobol(factors, y, REPORT_BOOTSTRAP, REPORT_BOOTSTRAP_SEED)?;
    let rows: Vec<(String, [f64; 3], [f64; 3])> = idx
        .iter()
        .map(|i| {
            (
                i.factor.clone(),
                [i.s1, i.s1_low, i.s1_high],
                [i.st, i.st_low, i.st_high],
            )
        })
        .collect();
    let title = format!(
        "{name}: {}",
        t(
            lang,
            "Sobol-indices (eerste orde en totaal, 95%-interval)",
            "Sobol indices (first order and total, 95% interval)"
        )
    );
    charts.push((format!("sobol-{name}"), charts::index_bars(&title, &rows, lang)?));
    tables.push_str(&format!(
        "<h3>{}</h3>\n<table>\n<tr><th>factor</th><th>S1</th><th>ST</th></tr>\n",
        html_escape(name)
    ));
    for i in &idx {
        tables.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{} ({} – {})</td><td class=\"n\">{} ({} – {})</td></tr>\n",
            html_escape(&i.factor),
            number(i.s1, 2, lang),
            number(i.s1_low, 2, lang),
            number(i.s1_high, 2, lang),
            number(i.st, 2, lang),
            number(i.st_low, 2, lang),
            number(i.st_high, 2, lang)
        ));
    }
    tables.push_str("</table>\n");
    Ok(())
}

/// The report of a sweep folder (design.csv, results.csv, design.toml):
/// Sobol indices or Morris statistics of each output's mean, or for other
/// designs each output's mean against each factor.
fn report_sweep(folder: &Path, lang: Lang) -> Result<PathBuf> {
    use crate::experiments::sensitivity;
    use crate::experiments::tables::Table;
    let manifest = read_manifest(folder);
    let design = Table::read(&folder.join("design.csv"), "the design")?;
    let results = Table::read(&folder.join("results.csv"), "the results")?;
    let settings: toml::Table = std::fs::read_to_string(folder.join("design.toml"))
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or_default();
    let method = settings
        .get("method")
        .and_then(|v| v.as_str())
        .unwrap_or("grid")
        .to_string();
    let levels = settings.get("levels").and_then(|v| v.as_integer()).unwrap_or(4) as u32;
    let chart_error = |e: String| {
        Error::invalid(
            folder,
            "charts",
            e,
            "a chart could not be drawn",
            "result files written by detasim",
        )
    };
    let outputs: Vec<(usize, String)> = results
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.ends_with("_mean"))
        .map(|(i, c)| (i, c.clone()))
        .collect();
    let mut charts = Vec::new();
    let mut tables = String::new();
    for (k, name) in &outputs {
        let y: Vec<f64> = results.rows.iter().map(|r| r[*k]).collect();
        match method.as_str() {
            "sobol" => sobol_section(&mut charts, &mut tables, &design.columns, &y, name, lang).map_err(chart_error)?,
            "morris" => {
                let idx = sensitivity::morris(&design.columns, &design.rows, &y, levels).map_err(chart_error)?;
                let points: Vec<(String, f64, f64)> =
                    idx.iter().map(|i| (i.factor.clone(), i.mu_star, i.sigma)).collect();
                let title = format!("{name}: Morris mu* {} sigma", t(lang, "tegen", "against"));
                charts.push((
                    format!("morris-{name}"),
                    charts::scatter(&title, "mu*", "sigma", &points, lang).map_err(chart_error)?,
                ));
            }
            _ => {
                for (j, factor) in design.columns.iter().enumerate() {
                    let points: Vec<(String, f64, f64)> = design
                        .rows
                        .iter()
                        .zip(&y)
                        .map(|(d, v)| (String::new(), d[j], *v))
                        .collect();
                    let title = format!("{name} — {factor}");
                    charts.push((
                        format!("scatter-{name}-{j}"),
                        charts::scatter(&title, factor, name, &points, lang).map_err(chart_error)?,
                    ));
                }
            }
        }
    }
    let mut html = page_head(lang, "detasim — sweep");
    html.push_str(&format!(
        "<h1>{} ({method})</h1>\n<p>{} {} {}, {} {}.</p>\n",
        t(lang, "Gevoeligheidsanalyse", "Sensitivity analysis"),
        design.rows.len(),
        t(lang, "punten over", "points over"),
        html_escape(&design.columns.join(", ")),
        manifest["replications_per_point"].as_u64().unwrap_or(0),
        t(lang, "replicaties per punt", "replications per point")
    ));
    html.push_str(&tables);
    html.push_str(&format!("<h2>{}</h2>\n", t(lang, "Grafieken", "Charts")));
    put_charts(folder, &mut html, &charts)?;
    html.push_str(&page_foot(lang, &manifest));
    finish(folder, html)
}

/// The report of a break-even folder: the metric against the lever with the
/// target and the break-even value.
fn report_break_even(folder: &Path, lang: Lang) -> Result<PathBuf> {
    use crate::experiments::tables::Table;
    let manifest = read_manifest(folder);
    let table = Table::read(&folder.join("break-even.csv"), "the break-even evaluations")?;
    let points: Vec<(f64, f64, f64, f64)> = table.rows.iter().map(|r| (r[0], r[1], r[2], r[3])).collect();
    let lever = manifest["lever"].as_str().unwrap_or("lever").to_string();
    let metric = manifest["metric"].as_str().unwrap_or("metric").to_string();
    let target = manifest["target"].as_f64().unwrap_or(f64::NAN);
    let value = manifest["value"].as_f64().unwrap_or(f64::NAN);
    let low = manifest["interval"][0].as_f64().unwrap_or(f64::NAN);
    let high = manifest["interval"][1].as_f64().unwrap_or(f64::NAN);
    let chart_error = |e: String| {
        Error::invalid(
            folder,
            "charts",
            e,
            "a chart could not be drawn",
            "result files written by detasim",
        )
    };
    let title = format!("{metric} {} {lever}", t(lang, "tegen", "against"));
    let charts = vec![(
        "break-even".to_string(),
        charts::break_even(&title, &lever, &points, target, value, lang).map_err(chart_error)?,
    )];
    let mut html = page_head(lang, "detasim — break-even");
    html.push_str(&format!(
        "<h1>{}: {}</h1>\n",
        t(lang, "Omslagpunt", "Break-even"),
        html_escape(&lever)
    ));
    html.push_str(&format!(
        "<p>{} {} = <b>{}</b> {} {} {} {} ({} {} {} {}).</p>\n",
        t(lang, "Bij", "At"),
        html_escape(&lever),
        number(value, 3, lang),
        t(lang, "bereikt het gemiddelde van", "the mean of"),
        html_escape(&metric),
        t(lang, "de waarde", "reaches"),
        number(target, 2, lang),
        t(lang, "interval door toevalsvariatie", "interval from replication noise"),
        number(low, 3, lang),
        t(lang, "tot", "to"),
        number(high, 3, lang)
    ));
    put_charts(folder, &mut html, &charts)?;
    html.push_str(&page_foot(lang, &manifest));
    finish(folder, html)
}

fn read_manifest(folder: &Path) -> serde_json::Value {
    std::fs::read_to_string(folder.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null)
}

/// The leaves of a JSON object as `dotted.key = value` rows.
fn flatten(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        serde_json::Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// The legal values in force in month `start` (`YYYY-MM`): for a dated table
/// the last entry from `start` or earlier, for a figure its value; with unit
/// and source. The regimes' rules are left out (the scenario names its regime).
fn legal_rows(legal: &serde_json::Value, start: &str) -> Vec<(String, f64, String, String)> {
    let mut rows = Vec::new();
    let Some(map) = legal.as_object() else { return rows };
    for (k, v) in map {
        let unit = v["unit"].as_str().unwrap_or("").to_string();
        if let Some(values) = v["values"].as_array() {
            let entry = values
                .iter()
                .rfind(|e| e["from"].as_str().is_some_and(|f| f <= start))
                .or_else(|| values.first());
            if let Some(e) = entry {
                rows.push((
                    k.clone(),
                    e["value"].as_f64().unwrap_or(f64::NAN),
                    unit,
                    e["source"].as_str().unwrap_or("").to_string(),
                ));
            }
        } else if let Some(value) = v["value"].as_f64() {
            rows.push((k.clone(), value, unit, v["source"].as_str().unwrap_or("").to_string()));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::LIFE_STATES;
    use crate::model::person::State;

    /// Life paths index `LIFE_STATES` by `State as usize`.
    #[test]
    fn life_states_follow_the_state_order() {
        for s in State::ALL {
            assert_eq!(LIFE_STATES[s as usize].0, s.id());
        }
    }
}
