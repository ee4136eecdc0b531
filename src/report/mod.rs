//! Reports a council member can read: `report.html` in a run's output
//! folder, self-contained (charts inline as SVG, no network), printable,
//! Dutch by default. Built only from the folder's summary files.
//!
//! This first version covers run folders; reports of compare, sweep and
//! calibration folders, PNG copies of the charts and the browser test are
//! still to come (issue 5).

pub mod charts;
pub mod format;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use format::{Lang, euro, number, percent};

/// A CSV file as strings: header and rows.
struct Csv {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    fn read(path: &Path) -> Result<Csv> {
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

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

fn f(s: &str) -> f64 {
    s.parse().unwrap_or(f64::NAN)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Words of the report in both languages.
fn t(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// How a metric is shown.
#[derive(Clone, Copy)]
enum Kind {
    Count,
    Share,
    Euro,
}

fn show(x: f64, kind: Kind, lang: Lang) -> String {
    match kind {
        Kind::Count => number(x, 0, lang),
        Kind::Share => percent(x, lang),
        Kind::Euro => euro(x, lang),
    }
}

/// Key metrics of the first page: id, Dutch and English label, kind.
const KEY: [(&str, &str, &str, Kind); 9] = [
    (
        "placements_total",
        "plaatsingen in werk",
        "placements into work",
        Kind::Count,
    ),
    (
        "placements_detachering",
        "detacheringen gestart",
        "detacheringen started",
        Kind::Count,
    ),
    (
        "conversions",
        "omzettingen naar direct dienstverband",
        "conversions to direct employment",
        Kind::Count,
    ),
    (
        "lasting_placements",
        "duurzame plaatsingen (12 maanden werk)",
        "lasting placements (12 months of work)",
        Kind::Count,
    ),
    (
        "income_secure_share",
        "aandeel maanden met bestaanszekerheid",
        "share of months with a secure income",
        Kind::Share,
    ),
    (
        "relapse_12m",
        "terugval in de bijstand binnen 12 maanden",
        "relapse into bijstand within 12 months",
        Kind::Share,
    ),
    ("municipal_cost_total", "kosten gemeenten", "municipal cost", Kind::Euro),
    (
        "werkbedrijf_result_total",
        "resultaat werkbedrijf(en)",
        "werkbedrijf result",
        Kind::Euro,
    ),
    ("uwv_cost_total", "kosten UWV", "UWV cost", Kind::Euro),
];

/// A small inline script: records how many charts were laid out with a
/// non-zero size on `<body data-charts="drawn/total">`, for the browser test.
const CHART_CHECK: &str = "<script>window.addEventListener('load',function(){var f=document.querySelectorAll('figure.chart svg');var n=0;f.forEach(function(s){var r=s.getBoundingClientRect();if(r.width>0&&r.height>0){n++;}});document.body.setAttribute('data-charts',n+'/'+f.length);});</script>\n";

/// Write `report.html` (and the charts as SVG files in `charts/`) into a run folder.
pub fn report_run(folder: &Path, lang: Lang, replace: bool) -> Result<PathBuf> {
    let out = folder.join("report.html");
    if out.exists() && !replace {
        return Err(Error::OutputExists { path: out });
    }
    let summary = Csv::read(&folder.join("summary.csv"))?;
    let yearly = Csv::read(&folder.join("yearly.csv"))?;
    let reps = Csv::read(&folder.join("replications.csv"))?;
    let traj = Csv::read(&folder.join("trajectories.csv")).ok();
    let manifest: serde_json::Value = std::fs::read_to_string(folder.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or(serde_json::Value::Null);
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
    let mut charts: Vec<(String, String)> = Vec::new();
    let chart_error = |e: String| {
        Error::invalid(
            folder,
            "charts",
            e,
            "a chart could not be drawn",
            "result files written by detasim",
        )
    };

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
    let fans = [
        (
            "in_work_end",
            t(
                lang,
                "Personen aan het werk (eind van het jaar)",
                "Persons in work (end of year)",
            ),
            t(lang, "personen", "persons"),
        ),
        (
            "banenafspraak_jobs_end",
            t(
                lang,
                "Banen banenafspraak (25,5 uur)",
                "Banenafspraak jobs (25.5 hours)",
            ),
            t(lang, "banen", "jobs"),
        ),
        (
            "municipal_cost_total",
            t(lang, "Kosten gemeenten per jaar", "Municipal cost per year"),
            "€",
        ),
        (
            "werkbedrijf_result_total",
            t(lang, "Resultaat werkbedrijf per jaar", "Werkbedrijf result per year"),
            "€",
        ),
    ];
    for (metric, title, unit) in fans {
        let b = bands(metric);
        if !b.is_empty() {
            let title = format!(
                "{title} — {}",
                t(lang, "mediaan, 50% en 90% banden", "median, 50% and 90% bands")
            );
            charts.push((
                format!("fan-{metric}"),
                charts::fan(&title, unit, &b, lang).map_err(chart_error)?,
            ));
        }
    }
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
            charts::stacked_bars(title, "€", &years, &categories, lang).map_err(chart_error)?,
        ));
    }
    // histograms of end-of-horizon outcomes
    for (metric, nl, en, _) in KEY.iter().take(6) {
        if let Some(c) = reps.col(metric) {
            let values: Vec<f64> = reps.rows.iter().map(|r| f(&r[c])).collect();
            let title = format!(
                "{} — {}",
                t(lang, nl, en),
                t(lang, "verdeling over replicaties", "distribution over replications")
            );
            charts.push((
                format!("hist-{metric}"),
                charts::histogram(&title, "", &values, lang).map_err(chart_error)?,
            ));
        }
    }
    // life paths
    if let Some(tr) = &traj
        && let (Some(p), Some(s)) = (tr.col("person"), tr.col("state"))
    {
        let states = ["bijstand", "detached", "idle", "employed", "ww", "beschut", "exited"];
        let labels_nl = [
            "bijstand",
            "gedetacheerd",
            "leegloop",
            "in dienst",
            "WW",
            "beschut",
            "uit beeld",
        ];
        let mut persons: Vec<(String, Vec<usize>)> = Vec::new();
        for r in &tr.rows {
            let k = states.iter().position(|x| *x == r[s]).unwrap_or(6);
            match persons.iter_mut().find(|(id, _)| *id == r[p]) {
                Some((_, path)) => path.push(k),
                None => persons.push((r[p].clone(), vec![k])),
            }
        }
        let names: Vec<String> = match lang {
            Lang::Nl => labels_nl.iter().map(|x| x.to_string()).collect(),
            Lang::En => states.iter().map(|x| x.to_string()).collect(),
        };
        let title = t(
            lang,
            "Levenslopen: toestand per maand van een steekproef personen",
            "Life paths: state per month of a sample of persons",
        );
        charts.push((
            "life-paths".into(),
            charts::life_paths(title, &names, &persons, lang).map_err(chart_error)?,
        ));
    }

    // the page
    let scenario = manifest["scenario_name"].as_str().unwrap_or("scenario").to_string();
    let replications = manifest["replications"].as_u64().unwrap_or(reps.rows.len() as u64);
    let mut html = String::new();
    html.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}} \
         table{{border-collapse:collapse}} td,th{{border-bottom:1px solid #ccc;padding:.25em .6em;text-align:left}} \
         td.n{{text-align:right}} figure{{margin:1.5em 0;page-break-inside:avoid}} svg{{max-width:100%;height:auto}} \
         @media print{{body{{margin:0}} h2{{page-break-before:always}}}}</style></head><body>\n",
        if lang == Lang::Nl { "nl" } else { "en" },
        html_escape(&format!("detasim — {scenario}"))
    ));
    html.push_str(&format!(
        "<h1>{} — {}</h1>\n",
        t(
            lang,
            "Detachering in de Participatiewet",
            "Detachering under the Participatiewet"
        ),
        html_escape(&scenario)
    ));
    html.push_str(&format!(
        "<h2 style=\"page-break-before:avoid\">{}</h2>\n<ul>\n",
        t(lang, "Belangrijkste uitkomsten", "Key findings")
    ));
    for (metric, nl, en, kind) in KEY {
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
    html.push_str(&format!("<h2>{}</h2>\n", t(lang, "Grafieken", "Charts")));
    let chart_dir = folder.join("charts");
    std::fs::create_dir_all(&chart_dir).map_err(|e| Error::write(&chart_dir, "the charts folder", e))?;
    for (name, svg) in &charts {
        let p = chart_dir.join(format!("{name}.svg"));
        std::fs::write(&p, svg).map_err(|e| Error::write(&p, "a chart", e))?;
        html.push_str(&format!("<figure id=\"{name}\" class=\"chart\">{svg}</figure>\n"));
    }
    html.push_str(&format!(
        "<h2>{}</h2>\n<table>\n",
        t(
            lang,
            "Aannames: de beleidsknoppen van het scenario",
            "Assumptions: the scenario's levers"
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
    html.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n",
        t(lang, "Methode", "Method"),
        t(
            lang,
            "Een agent-gebaseerd Monte Carlo-model volgt werkzoekenden, werkgevers, werkbedrijven en gemeenten van één arbeidsmarktregio maand voor maand. Wettelijke bedragen volgen de kalender; gedragsparameters zijn geschat op waargenomen cijfers (ABC-SMC) en per replicatie getrokken uit hun posterior. Zie docs/ODD.md voor het volledige model en de bronnen.",
            "An agent-based Monte Carlo model follows job seekers, employers, werkbedrijven and municipalities of one labour-market region month by month. Legal amounts follow the calendar; behavioural parameters are fitted to observed figures (ABC-SMC) and drawn from their posterior per replication. See docs/ODD.md for the full model and its sources.",
        )
    ));
    html.push_str(&format!(
        "<h2>{}</h2>\n<table>\n<tr><td>{}</td><td>{}</td></tr>\n<tr><td>{}</td><td>{}</td></tr>\n<tr><td>{}</td><td><code>{}</code></td></tr>\n<tr><td>{}</td><td>{}</td></tr>\n</table>\n{CHART_CHECK}</body></html>\n",
        t(lang, "Reproduceerbaarheid", "Reproducibility"),
        t(lang, "versie", "version"),
        html_escape(manifest["version"].as_str().unwrap_or("?")),
        "seed",
        manifest["seed"],
        t(lang, "commando", "command"),
        html_escape(manifest["reproduce"].as_str().unwrap_or("?")),
        "git",
        html_escape(manifest["git_commit"].as_str().unwrap_or("?")),
    ));
    let tmp = folder.join(".report.html.partial");
    std::fs::write(&tmp, html).map_err(|e| Error::write(&tmp, "report.html", e))?;
    std::fs::rename(&tmp, &out).map_err(|e| Error::write(&out, "report.html", e))?;
    Ok(out)
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
