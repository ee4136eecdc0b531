//! The what-if page (HTML with its controls; behaviour in `page.js`, style
//! in `page.css`) and the scenario file the page's settings download as.

use std::fmt::Write;

use crate::input::scenario::Scenario;
use crate::output::manifest::resolved_scenario_toml;
use crate::report::format::{Lang, number};
use crate::report::{html_escape, t};
use crate::serve::levers::{Changed, Control, LEVERS, Lever, MAX_REPLICATIONS, base_values};

const SCRIPT: &str = include_str!("page.js");
const STYLE: &str = include_str!("page.css");

/// The page in `lang`, its controls set to the scenario's values.
pub fn render(base: &Scenario, replications: u32, lang: Lang) -> String {
    let values = base_values(base);
    let mut h = String::new();
    page_head(&mut h, base, lang);
    h.push_str("<main>\n<form id=\"levers\" autocomplete=\"off\" onsubmit=\"return false\">\n");
    let mut group = "";
    for l in LEVERS {
        let g = t(lang, l.group_nl, l.group_en);
        if g != group {
            if !group.is_empty() {
                h.push_str("</fieldset>\n");
            }
            let _ = writeln!(h, "<fieldset><legend>{}</legend>", html_escape(g));
            group = g;
        }
        let value = values.get(l.key).map(value_text).unwrap_or_default();
        lever(&mut h, l, &value, lang);
    }
    form_end(&mut h, replications, lang);
    results_section(&mut h, lang);
    words_and_script(&mut h, lang);
    h
}

/// The document head and the page header.
fn page_head(h: &mut String, base: &Scenario, lang: Lang) {
    let lang_code = if lang == Lang::Nl { "nl" } else { "en" };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>detasim — {}</title><style>{STYLE}</style></head>\n\
         <body data-state=\"loading\" data-updates=\"0\">\n<header><h1>{}</h1><p>{} <b>{}</b> · {} · \
         <a id=\"lang-nl\" href=\"?lang=nl\"{}>Nederlands</a> | <a id=\"lang-en\" href=\"?lang=en\"{}>English</a></p></header>\n",
        t(lang, "wat als?", "what if?"),
        t(
            lang,
            "Wat als? Detachering in de Participatiewet",
            "What if? Detachering under the Participatiewet"
        ),
        t(lang, "Basis:", "Baseline:"),
        html_escape(&base.name),
        html_escape(&base.description),
        if lang == Lang::Nl { " aria-current=\"page\"" } else { "" },
        if lang == Lang::En { " aria-current=\"page\"" } else { "" },
    );
}

/// One lever: its label, its control (set to `value`) and its help.
fn lever(h: &mut String, l: &Lever, value: &str, lang: Lang) {
    let id = l.key.replace('.', "-");
    let when = l
        .shown_when
        .map(|(k, v)| format!(" data-when-key=\"{k}\" data-when-value=\"{v}\""))
        .unwrap_or_default();
    let _ = write!(
        h,
        "<div class=\"lever\"{when}><label for=\"{id}\">{}</label>",
        html_escape(t(lang, l.nl, l.en))
    );
    match l.control {
        Control::Choice { options } => {
            let _ = write!(
                h,
                "<select id=\"{id}\" name=\"{}\" data-initial=\"{}\">",
                l.key,
                html_escape(value)
            );
            for (v, nl, en) in options {
                let selected = if *v == value { " selected" } else { "" };
                let _ = write!(
                    h,
                    "<option value=\"{v}\"{selected}>{}</option>",
                    html_escape(t(lang, nl, en))
                );
            }
            if !options.iter().any(|(v, _, _)| *v == value) {
                let _ = write!(h, "<option value=\"{0}\" selected>{0}</option>", html_escape(value));
            }
            h.push_str("</select>");
        }
        Control::Number {
            min,
            max,
            step,
            integer,
        } => {
            let _ = write!(
                h,
                "<div class=\"pair\"><input type=\"range\" data-for=\"{}\" min=\"{min}\" max=\"{max}\" step=\"{step}\" value=\"{}\" aria-label=\"{}\">\
                 <input type=\"number\" id=\"{id}\" name=\"{}\" step=\"any\" value=\"{}\" data-initial=\"{}\" data-kind=\"{}\"></div>",
                l.key,
                html_escape(value),
                html_escape(t(lang, l.nl, l.en)),
                l.key,
                html_escape(value),
                html_escape(value),
                if integer { "integer" } else { "number" }
            );
        }
        Control::MonthsOrNone { min, max } => {
            let none = value == "none";
            let shown = if none { "12".to_string() } else { value.to_string() };
            let _ = write!(
                h,
                "<div class=\"pair\"><input type=\"range\" data-for=\"{}\" min=\"{min}\" max=\"{max}\" step=\"1\" value=\"{}\" aria-label=\"{}\"{}>\
                 <input type=\"number\" id=\"{id}\" name=\"{}\" step=\"any\" value=\"{}\" data-initial=\"{}\" data-kind=\"months-or-none\"{}></div>\
                 <label class=\"none\"><input type=\"checkbox\" data-none-for=\"{}\"{}> {}</label>",
                l.key,
                html_escape(&shown),
                html_escape(t(lang, l.nl, l.en)),
                if none { " disabled" } else { "" },
                l.key,
                html_escape(&shown),
                html_escape(value),
                if none { " disabled" } else { "" },
                l.key,
                if none { " checked" } else { "" },
                t(lang, "geen maximum", "no maximum")
            );
        }
    }
    let _ = writeln!(
        h,
        "<small>{}</small><output class=\"problem\" for=\"{id}\" hidden></output></div>",
        html_escape(t(lang, l.help_nl, l.help_en))
    );
}

/// The replications control and the buttons that end the form.
fn form_end(h: &mut String, replications: u32, lang: Lang) {
    let _ = write!(
        h,
        "</fieldset>\n<fieldset><legend>{}</legend><div class=\"lever\"><label for=\"replications\">{}</label>\
         <input type=\"number\" id=\"replications\" name=\"replications\" step=\"1\" value=\"{replications}\" data-initial=\"{replications}\" data-kind=\"integer\">\
         <small>{}</small><output class=\"problem\" for=\"replications\" hidden></output></div></fieldset>\n\
         <p class=\"buttons\"><button type=\"button\" id=\"reset\">{}</button> \
         <a id=\"download\" href=\"scenario.toml\" download>{}</a></p>\n</form>\n",
        t(lang, "Rekenen", "Computing"),
        t(
            lang,
            "Replicaties (gesimuleerde toekomsten)",
            "Replications (simulated futures)"
        ),
        html_escape(&format!(
            "{} {}. {}",
            t(
                lang,
                "Meer is nauwkeuriger maar trager; 1 tot",
                "More is more precise but slower; 1 to"
            ),
            number(MAX_REPLICATIONS as f64, 0, lang),
            t(
                lang,
                "Basis en uw keuze gebruiken dezelfde toevalsgetallen, dus verschillen zijn gepaard.",
                "The baseline and your choice use the same random numbers, so differences are paired."
            )
        )),
        t(lang, "Terug naar de basis", "Back to the baseline"),
        t(
            lang,
            "Download deze instellingen als scenario (TOML)",
            "Download these settings as a scenario (TOML)"
        ),
    );
}

/// The results section the script fills in.
fn results_section(h: &mut String, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"results\" aria-live=\"polite\">\n<p id=\"status\">{}</p>\n<p id=\"message\" role=\"alert\" hidden></p>\n\
         <div id=\"changes\"></div>\n<table id=\"metrics\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody></tbody></table>\n\
         <p class=\"note\">{}</p>\n<ul id=\"findings\"></ul>\n<div id=\"charts\"></div>\n</section>\n</main>\n",
        t(lang, "Bezig met laden…", "Loading…"),
        t(lang, "uitkomst", "outcome"),
        t(lang, "basis", "baseline"),
        t(lang, "uw keuze", "your choice"),
        t(lang, "verschil (95%-interval)", "difference (95% interval)"),
        t(lang, "kans beter", "chance better"),
        t(
            lang,
            "Basis en uw keuze: mediaan, met tussen haakjes het bereik waarin 9 van de 10 gesimuleerde toekomsten vallen. Verschil: gemiddeld gepaard verschil met 95%-betrouwbaarheidsinterval. Kans beter: aandeel toekomsten waarin uw keuze beter uitpakt.",
            "Baseline and your choice: median, in brackets the range holding 9 of 10 simulated futures. Difference: mean paired difference with its 95% confidence interval. Chance better: share of futures in which your choice does better."
        )
    );
}

/// The page's words for the script (JSON) and the script itself.
fn words_and_script(h: &mut String, lang: Lang) {
    let lang_code = if lang == Lang::Nl { "nl" } else { "en" };
    let words = serde_json::json!({
        "lang": lang_code,
        "updating": t(lang, "Bezig met rekenen…", "Computing…"),
        "updated": t(lang, "Bijgewerkt in", "Updated in"),
        "replications": t(lang, "replicaties", "replications"),
        "seed": t(lang, "seed", "seed"),
        "no_changes": t(lang, "Geen veranderingen: uw keuze is gelijk aan de basis.", "No changes: your choice equals the baseline."),
        "changed": t(lang, "Veranderd ten opzichte van de basis:", "Changed from the baseline:"),
        "invalid": t(lang, "Deze waarde wordt niet geaccepteerd", "This value is not accepted"),
        "allowed": t(lang, "toegestaan", "allowed"),
        "unreachable": t(lang, "De server is niet bereikbaar. Draait detasim serve nog?", "The server cannot be reached. Is detasim serve still running?"),
        "failed": t(lang, "Er ging iets mis", "Something went wrong"),
        "better": t(lang, "beter", "better"),
        "worse": t(lang, "slechter", "worse"),
        "unclear": t(lang, "geen duidelijk verschil", "no clear difference"),
        "no_findings": t(lang, "Geen uitkomst verschilt duidelijk van de basis.", "No outcome differs clearly from the baseline."),
    });
    let _ = write!(
        h,
        "<script id=\"words\" type=\"application/json\">{}</script>\n<script>{SCRIPT}</script>\n</body></html>\n",
        words.to_string().replace("</", "<\\/")
    );
}

/// A lever's value as the page shows it (strings without quotes).
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The variant as a scenario file: a file name and the TOML text, which
/// `detasim run` accepts and which reproduces the numbers the page showed
/// for these settings (same seed, same replications).
pub fn scenario_file(scenario: &Scenario, changes: &[Changed]) -> (String, String) {
    let name = if changes.is_empty() {
        scenario.name.clone()
    } else {
        format!("{}-whatif", scenario.name)
    };
    let mut s = scenario.clone();
    let mut table = (*s.provenance.resolved).clone();
    table.insert("name".into(), toml::Value::String(name.clone()));
    if !changes.is_empty() {
        let list: Vec<String> = changes.iter().map(|c| format!("{} = {}", c.key, c.to)).collect();
        table.insert(
            "description".into(),
            toml::Value::String(format!("{} What-if: {}.", scenario.description, list.join("; "))),
        );
    }
    s.provenance.resolved = std::sync::Arc::new(table);
    let mut text = String::from("# Settings of the detasim what-if page (detasim serve).\n");
    if changes.is_empty() {
        text.push_str("# No lever differs from the baseline scenario.\n");
    } else {
        text.push_str("# Levers changed from the baseline scenario:\n");
        for c in changes {
            let _ = writeln!(text, "#   {}: {} -> {}", c.key, c.from, c.to);
        }
    }
    text.push_str(&resolved_scenario_toml(&s));
    (name, text)
}
