//! Reports of run folders: every chart is drawn, the page is self-contained,
//! Dutch by default, English on request, and never overwritten silently.

use std::path::{Path, PathBuf};

mod common;
use common::{detasim, project, small_scenario};

fn small_run(dir: &Path) -> PathBuf {
    let sc = small_scenario(dir, "small", 3, 12, "");
    let out = dir.join("run");
    let o = detasim(&["run", sc.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

#[test]
fn a_run_report_has_every_chart_and_no_external_resources() {
    let tmp = tempfile::tempdir().unwrap();
    let run = small_run(tmp.path());
    let o = detasim(&["report", run.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<html lang=\"nl\">"));
    assert!(html.contains("Belangrijkste uitkomsten"));
    for id in [
        "fan-in_work_end",
        "fan-banenafspraak_jobs_end",
        "fan-municipal_cost_total",
        "fan-werkbedrijf_result_total",
        "municipal-cost-categories",
        "hist-placements_total",
        "hist-relapse_12m",
        "life-paths",
    ] {
        let start = html
            .find(&format!("<figure id=\"{id}\""))
            .unwrap_or_else(|| panic!("chart {id} missing"));
        let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
        let marks =
            figure.matches("<rect").count() + figure.matches("<polygon").count() + figure.matches("<polyline").count();
        assert!(figure.contains("<svg") && marks > 3, "chart {id} is empty");
        let file = run.join("charts").join(format!("{id}.svg"));
        assert!(std::fs::metadata(&file).unwrap().len() > 1000, "{id}.svg");
        let png = std::fs::read(run.join("charts").join(format!("{id}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 5000, "{id}.png");
    }
    // nothing is loaded from elsewhere (sources may be cited as text)
    for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(attr), "no external resources: {attr}");
    }
    assert!(!html.contains("<script src") && !html.contains("<link "));
    // Dutch numbers: a euro amount with a space and dots as thousands separators
    assert!(html.contains("€ ") && html.contains("tussen"));
    // the terms a council member meets, defined as the model defines them
    let glossary = &html[html.find("<h2 id=\"glossary\">Begrippen</h2>").expect("a glossary")..];
    for term in [
        "bestaanszekerheid",
        "terugval",
        "duurzame plaatsing",
        "detachering",
        "leegloop",
        "omzetting",
        "loonwaarde",
        "LKS (loonkostensubsidie)",
    ] {
        assert!(glossary.contains(&format!("<dt>{term}</dt><dd>")), "{term} is defined");
    }
    // never overwritten silently; --replace and --lang en
    let o = detasim(&["report", run.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("already has a report") && err.contains("--replace") && !err.contains("another --out"),
        "the message says how to replace it: {err}"
    );
    // a chart the new report does not draw must not linger beside it
    std::fs::write(run.join("charts").join("stale.svg"), "<svg/>").unwrap();
    let o = detasim(&["report", run.to_str().unwrap(), "--lang", "en", "--replace"]);
    assert!(o.status.success());
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    assert!(html.contains("<h2 id=\"glossary\">Terms</h2>") && html.contains("<dt>secure income</dt>"));
    assert!(html.contains("<html lang=\"en\">") && html.contains("Key findings"));
    assert!(
        !run.join("charts").join("stale.svg").exists(),
        "charts/ holds only this report's charts"
    );
    assert!(run.join("charts").join("life-paths.png").exists());
    let left: Vec<_> = std::fs::read_dir(&run)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "no staging files left: {left:?}");
}

#[test]
fn a_folder_without_results_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = detasim(&["report", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("summary.csv") && err.contains("detasim run"), "{err}");
}

#[test]
fn a_comparison_report_says_how_robust_each_sign_is_and_charts_what_decides_it() {
    let tmp = tempfile::tempdir().unwrap();
    let a = small_scenario(tmp.path(), "market", 2, 1, "");
    let b = small_scenario(tmp.path(), "cheap", 2, 1, "[werkbedrijf.fee]\nlevel = 0.6\n");
    let cmp = tmp.path().join("cmp");
    let (a, b, out) = (a.to_str().unwrap(), b.to_str().unwrap(), cmp.to_str().unwrap());
    let o = detasim(&[
        "compare",
        a,
        b,
        "--out",
        out,
        "--draws",
        "8",
        "--replications-per-draw",
        "1",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // make one key figure depend on a drawn parameter by construction: the
    // difference in placements is 100 × (median − θ), positive below the median
    let draws = std::fs::read_to_string(cmp.join("draws.csv")).unwrap();
    let mut lines = draws.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let p = header
        .iter()
        .position(|h| *h == "employer.kappa_detach")
        .expect("a drawn parameter");
    let theta: Vec<f64> = lines.map(|l| l.split(',').nth(p).unwrap().parse().unwrap()).collect();
    let mut sorted = theta.clone();
    sorted.sort_by(f64::total_cmp);
    let mid = (sorted[3] + sorted[4]) / 2.0;
    let diffs = std::fs::read_to_string(cmp.join("draw_differences.csv")).unwrap();
    let mut rewritten: Vec<String> = diffs
        .lines()
        .filter(|l| !l.starts_with("cheap,placements_total,"))
        .map(str::to_string)
        .collect();
    for (d, t) in theta.iter().enumerate() {
        rewritten.push(format!("cheap,placements_total,{d},{}", 100.0 * (mid - t)));
    }
    std::fs::write(cmp.join("draw_differences.csv"), rewritten.join("\n") + "\n").unwrap();
    let csv = std::fs::read_to_string(cmp.join("compare.csv")).unwrap();
    let csv: Vec<String> = csv
        .lines()
        .map(|l| {
            if l.starts_with("cheap,placements_total,") {
                let mut cells: Vec<&str> = l.split(',').collect();
                let n = cells.len();
                cells[n - 3] = "0.5";
                cells[n - 2] = "employer.kappa_detach:0.97";
                cells[n - 1] = "depends";
                cells.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(cmp.join("compare.csv"), csv.join("\n") + "\n").unwrap();

    let o = detasim(&["report", out]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    let section = html
        .split("<h2>Hoe zeker is het teken van elk verschil?</h2>")
        .nth(1)
        .expect("a robustness section");
    let section = &section[..section.find("<h2>").unwrap()];
    assert!(
        section.contains("in minstens 90% van die werelden hetzelfde teken"),
        "{section}"
    );
    let line = section
        .split("<li>")
        .find(|l| l.starts_with("cheap — plaatsingen"))
        .unwrap_or_else(|| panic!("the constructed difference is listed: {section}"));
    assert!(
        line.contains(
            "hangt af van extra aantrekkelijkheid van detachering boven rechtstreekse indiensttreding (euro per uur)"
        ) && line.contains("97% van de variatie")
            && line.contains("hoger dan de basis als die onder ")
            && line.contains("in 4 van de 8 plausibele parameterwerelden"),
        "{line}"
    );
    let said = line
        .split("onder ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .replace(',', ".");
    let said: f64 = said.parse().unwrap();
    assert!(
        (said - mid).abs() < 0.01 * mid.abs().max(1.0),
        "the crossing {said} is the constructed {mid}"
    );
    assert!(
        html.contains("id=\"decided-cheap-placements_total\"")
            && cmp.join("charts/decided-cheap-placements_total.png").exists(),
        "the chart of the difference against its deciding parameter"
    );
}

#[test]
fn comparison_and_validation_folders_get_their_own_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let small = |name: &str, extra: &str| small_scenario(tmp.path(), name, 2, 6, extra);
    let a = small("market", "");
    let b = small("cheap", "[werkbedrijf.fee]\nlevel = 0.6\n");
    let cmp = tmp.path().join("cmp");
    let o = detasim(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        cmp.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = detasim(&["report", cmp.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    assert!(
        html.contains("Scenariovergelijking")
            && html.contains("id=\"forest-cheap\"")
            && html.contains("id=\"box-placements_total\"")
    );
    assert!(
        html.contains("cheap — detacheringen gestart: +"),
        "the direction of the difference is stated"
    );
    // a difference of shares is in percentage points, not per cent
    let secure = html
        .split("<li>")
        .find(|l| l.starts_with("cheap — aandeel maanden met bestaanszekerheid:"))
        .expect("the secure-income finding");
    assert!(
        secure.contains(" procentpunt (95%-interval ") && !secure.contains("%)"),
        "{secure}"
    );
    // the cost-effectiveness of the cheaper fee against the market rate, in words
    let ce = html
        .split("<h2>Kosteneffectiviteit</h2>")
        .nth(1)
        .expect("a cost-effectiveness section");
    let ce = &ce[..ce.find("<h2>").unwrap_or(ce.len())];
    assert!(
        ce.contains("extra kosten gemeenten per extra duurzame plaatsing")
            && ce.contains("extra kosten gemeenten per extra banenafspraakbaan"),
        "{ce}"
    );
    // the row of the cheap fee's ratio says in words what compare.csv marks it
    let csv = std::fs::read_to_string(cmp.join("compare.csv")).unwrap();
    let mark = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[0] == "cheap" && r[1] == "municipal_cost_per_extra_lasting_placement")
        .map(|r| r[15].to_string())
        .expect("a ratio row for the cheap fee");
    let words = match mark.as_str() {
        "dominant" => "dominant: ",
        "dominated" => "gedomineerd: ",
        "dearer_and_better" => " per extra duurzame plaatsing (",
        "cheaper_and_worse" => "besparing per duurzame plaatsing",
        "no_effect" => "geen verschil in effect",
        other => panic!("unexpected mark {other}"),
    };
    let row = ce
        .split("<tr>")
        .find(|r| r.starts_with("<td>cheap</td><td>extra kosten gemeenten per extra duurzame plaatsing</td>"))
        .expect("the cheap fee's row");
    let last_cell = row.rsplit("<td>").next().unwrap();
    assert!(last_cell.contains(words), "{mark}: {last_cell}");
    assert!(
        html.contains("id=\"gross-effects\"") && html.contains("bruto-effecten") && html.contains("verdringing"),
        "the method section says the effects are gross"
    );
    let val = tmp.path().join("val");
    let o = detasim(&["validate", a.to_str().unwrap(), "--out", val.to_str().unwrap(), "-q"]);
    assert!(o.status.code().is_some());
    let o = detasim(&["report", val.to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(val.join("report.html")).unwrap();
    assert!(
        html.contains("Check against observed figures") && html.contains("id=\"validation-target-outflow_to_work\"")
    );
    assert!(html.contains("gross effects within the simulated caseload") && html.contains("displacement"));
}

#[test]
fn sweep_and_calibration_folders_get_their_own_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("base.toml");
    std::fs::write(
        &base,
        format!(
            "extends = \"{}\"\nname = \"base\"\nhorizon_years = 2\nwarmup_years = 1\n",
            project().join("scenarios/baseline.toml").display()
        ),
    )
    .unwrap();
    let design = tmp.path().join("design.toml");
    std::fs::write(
        &design,
        format!(
            "base = \"{}\"\nmethod = \"sobol\"\nsamples = 4\nreplications = 1\nseed = 2\noutputs = [\"placements_detachering\"]\n\
             [[factors]]\npath = \"werkbedrijf.fee.level\"\nmin = 0.5\nmax = 1.3\n[[factors]]\npath = \"behaviour.employer.sigma\"\nmin = 1.5\nmax = 4.0\n",
            base.display()
        ),
    )
    .unwrap();
    let out = tmp.path().join("sweep");
    let o = detasim(&[
        "sweep",
        design.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--report",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Gevoeligheidsanalyse (sobol)") && html.contains("id=\"sobol-placements_detachering_mean\""));
    assert!(html.contains("Methode") && html.contains("Reproduceerbaarheid"));
    // a Morris design: mu* against sigma
    let morris = tmp.path().join("morris.toml");
    std::fs::write(
        &morris,
        std::fs::read_to_string(&design).unwrap().replace(
            "method = \"sobol\"\nsamples = 4",
            "method = \"morris\"\ntrajectories = 3",
        ),
    )
    .unwrap();
    let out = tmp.path().join("morris");
    let o = detasim(&[
        "sweep",
        morris.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--report",
        "en",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Sensitivity analysis (morris)") && html.contains("id=\"morris-placements_detachering_mean\"")
    );
    // a calibration folder: the fit reports beside the fitted files
    let fitted = tmp.path().join("fitted");
    std::fs::create_dir(&fitted).unwrap();
    for e in std::fs::read_dir(project().join("calibration/fitted")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), fitted.join(e.file_name())).unwrap();
    }
    let o = detasim(&["report", fitted.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(fitted.join("report.html")).unwrap();
    assert!(html.contains("gooi-en-vechtstreek") && html.contains("stedendriehoek-noord-veluwe"));
    assert!(html.contains("id=\"gooi-en-vechtstreek-target-relapse_6m\""));
    // what the targets taught, per region: as many rows as fitted parameters, the uninformed flagged
    let gooi = html
        .split("<h2")
        .find(|h| h.contains("gooi-en-vechtstreek</h2>"))
        .unwrap();
    let posterior = std::fs::read_to_string(fitted.join("gooi-en-vechtstreek.posterior.csv")).unwrap();
    let rows: Vec<&str> = posterior.lines().skip(1).collect();
    let uninformed = rows.iter().filter(|r| r.split(',').nth(8) == Some("no")).count();
    assert!(gooi.contains("Wat de doelen over de parameters zeggen"), "{gooi}");
    assert!(
        gooi.contains(&format!(
            "{} van de {} gefitte parameters",
            rows.len() - uninformed,
            rows.len()
        )),
        "{gooi}"
    );
    assert_eq!(gooi.matches("niet geïnformeerd door de doelen").count(), uninformed);
    assert!(gooi.contains("Effectieve steekproefgrootte"));
    // the holdout figures are marked and counted apart
    assert!(
        gooi.contains("scp_finding_work (controle, niet gebruikt bij het fitten)"),
        "{gooi}"
    );
    assert!(gooi.contains("controlecijfers die het fitten niet heeft gezien"));
}

/// The `<figure id="ID">` of a report page, from its opening tag to its end.
fn figure<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<figure id=\"{id}\""))
        .unwrap_or_else(|| panic!("chart {id} missing"));
    &html[start..start + html[start..].find("</figure>").unwrap()]
}

/// The texts a reader sees in a chart: the contents of its `<text>` elements.
fn texts(figure: &str) -> Vec<String> {
    figure
        .split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim().to_string())
        })
        .collect()
}

/// The texts of a chart as one line.
fn visible_text(figure: &str) -> String {
    texts(figure).join(" | ")
}

/// The ids of the per-route and detachering metrics the new charts read:
/// none of them may appear as visible text.
const ROUTE_METRIC_PARTS: [&str; 8] = [
    "relapse_",
    "self_found",
    "direct_lks",
    "direct_no_lks",
    "after_conversion",
    "conversion_share",
    "early_end_share",
    "months_to_conversion",
];

#[test]
fn a_run_report_charts_relapse_by_route_and_the_detachering_outcomes() {
    let tmp = tempfile::tempdir().unwrap();
    let run = small_run(tmp.path());
    let o = detasim(&["report", run.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let curves = figure(&html, "route-relapse");
    let text = visible_text(curves);
    for label in [
        "zelf gevonden",
        "direct met LKS",
        "direct zonder LKS",
        "detachering",
        "beschut werk",
        "na omzetting",
        "terug in de bijstand (%)",
        "maanden na de start van de route",
    ] {
        assert!(text.contains(label), "route chart lacks {label:?}: {text}");
    }
    let ticks = texts(curves);
    for tick in ["6", "12", "24"] {
        assert!(ticks.iter().any(|t| t == tick), "month {tick} on the x axis: {ticks:?}");
    }
    // one median line and one 90% band per route (all followed in a 3-year run)
    assert!(curves.matches("<polyline").count() >= 6, "a line per route");
    assert!(curves.matches("<polygon").count() >= 6, "a band per route");
    assert!(!text.contains("geen gegevens"), "every route has data here: {text}");
    // the Okabe–Ito colours (blue, orange, bluish green)
    for colour in ["#0072B2", "#E69F00", "#009E73"] {
        assert!(curves.contains(colour), "colour {colour}");
    }
    let outcomes = figure(&html, "detachering-outcomes");
    let text = visible_text(outcomes);
    assert!(
        text.contains("Aandeel omgezet") && text.contains("Aandeel voortijdig beëindigd") && text.contains("(%)"),
        "panels titled with the registry's Dutch labels: {text}"
    );
    assert!(text.contains("tot omzetting") && text.contains("(maanden)"), "{text}");
    assert!(outcomes.matches("<rect").count() >= 4, "a box per outcome");
    for id in ROUTE_METRIC_PARTS {
        assert!(
            !visible_text(curves).contains(id),
            "raw metric id {id} in the route chart"
        );
        assert!(!text.contains(id), "raw metric id {id} in the outcome chart");
    }
    for id in ["route-relapse", "detachering-outcomes"] {
        let png = std::fs::read(run.join("charts").join(format!("{id}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG") && png.len() > 5000, "{id}.png");
    }
    // English labels on request
    let o = detasim(&["report", run.to_str().unwrap(), "--lang", "en", "--replace"]);
    assert!(o.status.success());
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let text = visible_text(figure(&html, "route-relapse"));
    assert!(
        text.contains("found unaided") && text.contains("after conversion") && text.contains("back on bijstand (%)"),
        "{text}"
    );
    let text = visible_text(figure(&html, "detachering-outcomes"));
    assert!(text.contains("Share converted"), "{text}");
}

#[test]
fn route_charts_of_a_comparison_show_no_data_where_a_scenario_has_none() {
    let tmp = tempfile::tempdir().unwrap();
    let a = small_scenario(tmp.path(), "met-detachering", 3, 4, "");
    let b = small_scenario(
        tmp.path(),
        "zonder-detachering",
        3,
        4,
        "[werkbedrijf]\ndetachering = \"off\"\n",
    );
    let cmp = tmp.path().join("cmp");
    let o = detasim(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        cmp.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = detasim(&["report", cmp.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(cmp.join("report.html")).unwrap();
    for months in [12, 24] {
        let bars = figure(&html, &format!("route-relapse-{months}m"));
        let text = visible_text(bars);
        assert!(
            text.contains(&format!("Terugval in de bijstand binnen {months} maanden")),
            "titled with the registry's label: {text}"
        );
        for label in [
            "zelf gevonden",
            "direct met LKS",
            "na omzetting",
            "met-detachering",
            "zonder-detachering",
        ] {
            assert!(text.contains(label), "{label:?} in {text}");
        }
        // without detachering nothing is followed after a detachering or a
        // conversion: said in words, not drawn as a zero bar
        assert_eq!(text.matches("geen gegevens").count(), 2, "{text}");
        assert!(bars.matches("<rect").count() >= 10, "bars drawn: {months} months");
        for id in ROUTE_METRIC_PARTS {
            assert!(!text.contains(id), "raw metric id {id}");
        }
    }
    let outcomes = figure(&html, "detachering-outcomes");
    let text = visible_text(outcomes);
    assert_eq!(
        text.matches("geen gegevens").count(),
        3,
        "no detachering outcomes without detachering: {text}"
    );
    assert!(
        text.contains("Aandeel omgezet") && text.contains("met-detachering") && text.contains("zonder-detachering")
    );
    for id in ROUTE_METRIC_PARTS {
        assert!(!text.contains(id), "raw metric id {id}");
    }
    // the run report of a scenario without detachering says so as well
    let run = tmp.path().join("run");
    let o = detasim(&["run", b.to_str().unwrap(), "--out", run.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = detasim(&["report", run.to_str().unwrap(), "--lang", "en"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(run.join("report.html")).unwrap();
    let text = visible_text(figure(&html, "route-relapse"));
    assert_eq!(
        text.matches("no data").count(),
        2,
        "detachering and after conversion: {text}"
    );
    let text = visible_text(figure(&html, "detachering-outcomes"));
    assert_eq!(text.matches("no data").count(), 3, "{text}");
}
