//! The levers the live what-if page shows, and how a page's settings become
//! scenario overrides. The page only ever produces an override table; the
//! scenario reader validates it exactly as it validates a scenario file, so a
//! value the page sends is accepted or rejected with the same message as the
//! same value in a TOML file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;
use toml::{Table, Value};

use crate::error::{Error, Result};
use crate::input::scenario::Scenario;
use crate::input::toml_layers::{insert_dotted, lookup, render};

/// Where the page's values come from, as error messages name it.
pub const ORIGIN: &str = "the what-if page";

/// Most replications one page update may ask for: enough for a tight
/// interval, few enough that an update stays interactive.
pub const MAX_REPLICATIONS: u32 = 1000;

/// How a lever is set on the page. Slider ranges are a convenience only: the
/// number fields accept any value, which the scenario's validation judges.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Control {
    /// One of a few values: `(TOML value, Dutch label, English label)`.
    Choice {
        options: &'static [(&'static str, &'static str, &'static str)],
    },
    /// A number, with a slider from `min` to `max` in steps of `step`.
    Number {
        min: f64,
        max: f64,
        step: f64,
        /// The TOML key holds a whole number.
        integer: bool,
    },
    /// A whole number of months, or `"none"` for no limit.
    MonthsOrNone { min: f64, max: f64 },
}

/// One control of the page: a scenario key with its labels.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Lever {
    /// The dotted scenario key (`economy.shocks.0.*` are the first shock).
    pub key: &'static str,
    pub group_nl: &'static str,
    pub group_en: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
    pub help_nl: &'static str,
    pub help_en: &'static str,
    pub control: Control,
    /// Shown only while another lever has this value (`(key, value)`).
    pub shown_when: Option<(&'static str, &'static str)>,
}

const ON_OFF: &[(&str, &str, &str)] = &[("on", "aan", "on"), ("off", "uit", "off")];

/// The first demand shock: page keys under this prefix are assembled into
/// `economy.shocks = [{ start_month, months, factor }]`.
const SHOCK: &str = "economy.shocks.0.";

/// What the first shock is when the scenario has none: no shock (factor 1)
/// that would start in the second year and last a year once its factor is moved.
const NO_SHOCK: [(&str, i64, f64); 3] = [("start_month", 13, 0.0), ("months", 12, 0.0), ("factor", 0, 1.0)];

/// The levers, in the order the page shows them.
pub const LEVERS: &[Lever] = &[
    Lever {
        key: "werkbedrijf.detachering",
        group_nl: "Detachering",
        group_en: "Detachering",
        nl: "Detachering door het werkbedrijf",
        en: "Detachering by the werkbedrijf",
        help_nl: "Uit: geen nieuwe detacheringen; alleen directe plaatsingen.",
        help_en: "Off: no new detacheringen; direct placements only.",
        control: Control::Choice { options: ON_OFF },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.contract",
        group_nl: "Detachering",
        group_en: "Detachering",
        nl: "Soort contract",
        en: "Contract type",
        help_nl: "Tijdelijk: het contract duurt zo lang als de plaatsing. Vast: het contract loopt door en de persoon wordt opnieuw geplaatst.",
        help_en: "Temporary: the contract lasts as long as the placement. Permanent: the contract continues and the person is placed again.",
        control: Control::Choice {
            options: &[
                (
                    "match-placement",
                    "tijdelijk (contract = plaatsing)",
                    "temporary (contract = placement)",
                ),
                ("permanent", "vast (structureel)", "permanent (structural)"),
            ],
        },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.contract_clause",
        group_nl: "Detachering",
        group_en: "Detachering",
        nl: "Voortijdig einde van de plaatsing",
        en: "Placement ended early",
        help_nl: "Bepaalde tijd: het contract loopt door tot de einddatum (art. 7:667 lid 3 BW); het werkbedrijf betaalt het loon bij leegloop en plaatst opnieuw. Uitzendbeding: het contract eindigt met de plaatsing (art. 7:691 BW).",
        help_en: "Fixed-term: the contract runs to its end date (art. 7:667 lid 3 BW); the werkbedrijf pays the wage while idle and re-places. Agency clause: the contract ends with the placement (art. 7:691 BW).",
        control: Control::Choice {
            options: &[
                ("fixed-term", "bepaalde tijd (loopt door)", "fixed-term (runs on)"),
                ("agency", "uitzendbeding (eindigt)", "agency clause (ends)"),
            ],
        },
        shown_when: Some(("werkbedrijf.contract", "match-placement")),
    },
    Lever {
        key: "werkbedrijf.max_duration_months",
        group_nl: "Detachering",
        group_en: "Detachering",
        nl: "Maximale duur van een detachering",
        en: "Maximum duration of a detachering",
        help_nl: "In maanden; 'geen maximum' laat detacheringen doorlopen.",
        help_en: "In months; 'no maximum' lets detacheringen continue.",
        control: Control::MonthsOrNone { min: 3.0, max: 60.0 },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.fee.basis",
        group_nl: "Inleenvergoeding",
        group_en: "Fee",
        nl: "Grondslag van de vergoeding",
        en: "Fee basis",
        help_nl: "Marktconform: een deel van de waarde van het werk. Kostprijs: de kosten min de LKS, plus een marge. Vast: een bedrag per uur.",
        help_en: "Market: a share of the value of the work. Cost price: the cost minus LKS, plus a margin. Fixed: an amount per hour.",
        control: Control::Choice {
            options: &[
                ("market", "marktconform", "market rate"),
                ("cost-price", "kostprijs", "cost price"),
                ("fixed", "vast uurtarief", "fixed hourly rate"),
            ],
        },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.fee.level",
        group_nl: "Inleenvergoeding",
        group_en: "Fee",
        nl: "Niveau (deel van de waarde van het werk)",
        en: "Level (share of the value of the work)",
        help_nl: "1,0 = marktconform; lager is een korting voor de inlener.",
        help_en: "1.0 = market rate; lower is a discount for the employer.",
        control: Control::Number {
            min: 0.0,
            max: 2.0,
            step: 0.05,
            integer: false,
        },
        shown_when: Some(("werkbedrijf.fee.basis", "market")),
    },
    Lever {
        key: "werkbedrijf.fee.margin",
        group_nl: "Inleenvergoeding",
        group_en: "Fee",
        nl: "Marge op de kostprijs",
        en: "Margin on the cost price",
        help_nl: "Als aandeel: 0,05 = 5%.",
        help_en: "As a share: 0.05 = 5%.",
        control: Control::Number {
            min: -0.5,
            max: 0.5,
            step: 0.01,
            integer: false,
        },
        shown_when: Some(("werkbedrijf.fee.basis", "cost-price")),
    },
    Lever {
        key: "werkbedrijf.fee.eur_per_hour",
        group_nl: "Inleenvergoeding",
        group_en: "Fee",
        nl: "Uurtarief (€)",
        en: "Hourly rate (€)",
        help_nl: "Euro per gewerkt uur.",
        help_en: "Euros per hour worked.",
        control: Control::Number {
            min: 0.0,
            max: 60.0,
            step: 0.5,
            integer: false,
        },
        shown_when: Some(("werkbedrijf.fee.basis", "fixed")),
    },
    Lever {
        key: "werkbedrijf.fee.rise_step",
        group_nl: "Inleenvergoeding",
        group_en: "Fee",
        nl: "Stijging per periode",
        en: "Rise per period",
        help_nl: "Een oplopende vergoeding: de stap per periode (0 = vlak).",
        help_en: "A rising fee: the step per period (0 = flat).",
        control: Control::Number {
            min: 0.0,
            max: 0.5,
            step: 0.05,
            integer: false,
        },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.fee.rise_every_months",
        group_nl: "Inleenvergoeding",
        group_en: "Fee",
        nl: "Lengte van een periode (maanden)",
        en: "Length of a period (months)",
        help_nl: "Na hoeveel maanden de vergoeding een stap stijgt.",
        help_en: "After how many months the fee rises one step.",
        control: Control::Number {
            min: 1.0,
            max: 24.0,
            step: 1.0,
            integer: true,
        },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.coaching.months",
        group_nl: "Begeleiding",
        group_en: "Coaching",
        nl: "Jobcoaching (maanden)",
        en: "Jobcoaching (months)",
        help_nl: "Hoe lang het jobcoachprogramma van een gedetacheerde loopt; het loopt door na een omzetting naar direct dienstverband.",
        help_en: "How long a detached worker's jobcoach programme runs; it continues after a conversion to direct employment.",
        control: Control::Number {
            min: 0.0,
            max: 36.0,
            step: 1.0,
            integer: true,
        },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.coaching.aftercare_months",
        group_nl: "Begeleiding",
        group_en: "Coaching",
        nl: "Nazorg na omzetting (maanden)",
        en: "After-care after a conversion (months)",
        help_nl: "Begeleiding na een overstap naar direct dienstverband, zodra het jobcoachprogramma is afgelopen; betaald door de gemeente.",
        help_en: "Support after a move to direct employment, once the jobcoach programme has ended; paid by the municipality.",
        control: Control::Number {
            min: 0.0,
            max: 24.0,
            step: 1.0,
            integer: true,
        },
        shown_when: None,
    },
    Lever {
        key: "werkbedrijf.idle.internal_work",
        group_nl: "Leegloop",
        group_en: "Idle time",
        nl: "Intern werk bij leegloop",
        en: "Internal work while idle",
        help_nl: "Aan: wie tussen twee plaatsingen zit, doet intern werk (kosten en wat opbrengst).",
        help_en: "On: workers between placements do internal work (cost and some revenue).",
        control: Control::Choice { options: ON_OFF },
        shown_when: None,
    },
    Lever {
        key: "regime",
        group_nl: "Regels en economie",
        group_en: "Rules and economy",
        nl: "Regels",
        en: "Rules",
        help_nl: "WAB (2020): hoge WW-premie voor flexibele contracten, transitievergoeding vanaf dag één. Voor de WAB: de Wwz-regels 2015-2019.",
        help_en: "WAB (2020): high WW premium for flexible contracts, transition payment from day one. Pre-WAB: the Wwz rules of 2015-2019.",
        control: Control::Choice {
            options: &[
                ("wab", "WAB (2020)", "WAB (2020)"),
                ("pre-wab", "voor de WAB (Wwz)", "pre-WAB (Wwz)"),
            ],
        },
        shown_when: None,
    },
    Lever {
        key: "economy.shocks.0.factor",
        group_nl: "Regels en economie",
        group_en: "Rules and economy",
        nl: "Conjunctuurschok: vraag × factor",
        en: "Business-cycle shock: demand × factor",
        help_nl: "1,0 = geen schok; 0,7 = 30% minder vacatures in de schokperiode. Vervangt de schokken van het scenario.",
        help_en: "1.0 = no shock; 0.7 = 30% fewer openings during the shock. Replaces the scenario's shocks.",
        control: Control::Number {
            min: 0.3,
            max: 1.5,
            step: 0.05,
            integer: false,
        },
        shown_when: None,
    },
    Lever {
        key: "economy.shocks.0.start_month",
        group_nl: "Regels en economie",
        group_en: "Rules and economy",
        nl: "Schok begint in maand",
        en: "Shock starts in month",
        help_nl: "Geteld vanaf 1 bij de start van het scenario.",
        help_en: "Counted from 1 at the scenario start.",
        control: Control::Number {
            min: 1.0,
            max: 60.0,
            step: 1.0,
            integer: true,
        },
        shown_when: None,
    },
    Lever {
        key: "economy.shocks.0.months",
        group_nl: "Regels en economie",
        group_en: "Rules and economy",
        nl: "Schok duurt (maanden)",
        en: "Shock lasts (months)",
        help_nl: "Hoe lang de vraag lager (of hoger) is.",
        help_en: "How long demand is lower (or higher).",
        control: Control::Number {
            min: 1.0,
            max: 36.0,
            step: 1.0,
            integer: true,
        },
        shown_when: None,
    },
];

/// A lever whose page value differs from the scenario's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    pub key: String,
    /// The scenario's value, as TOML.
    pub from: String,
    /// The page's value, as TOML.
    pub to: String,
}

impl Lever {
    /// A value of this lever as the page says it: a choice's label, "no
    /// maximum" for `"none"`, numbers as they are. `value` is rendered TOML.
    pub fn describe(&self, value: &str, lang: crate::report::format::Lang) -> String {
        let plain = value.trim_matches('"');
        let pick = |nl: &'static str, en: &'static str| match lang {
            crate::report::format::Lang::Nl => nl,
            crate::report::format::Lang::En => en,
        };
        match self.control {
            Control::Choice { options } => options
                .iter()
                .find(|(v, _, _)| *v == plain)
                .map_or_else(|| value.to_string(), |(_, nl, en)| pick(nl, en).to_string()),
            Control::MonthsOrNone { .. } if plain == "none" => pick("geen maximum", "no maximum").to_string(),
            _ => value.to_string(),
        }
    }
}

/// The lever with this key.
pub fn lever(key: &str) -> Option<&'static Lever> {
    LEVERS.iter().find(|l| l.key == key)
}

/// The value each lever has in `scenario`, as TOML. The first shock's keys
/// have the "no shock" values when the scenario has no shock.
pub fn base_values(scenario: &Scenario) -> BTreeMap<&'static str, Value> {
    let mut out = BTreeMap::new();
    for l in LEVERS {
        let segments: Vec<String> = l.key.split('.').map(str::to_string).collect();
        let value = lookup(&scenario.provenance.resolved, &segments).cloned().or_else(|| {
            let field = l.key.strip_prefix(SHOCK)?;
            NO_SHOCK.iter().find(|(k, _, _)| *k == field).map(|(_, i, f)| {
                if field == "factor" {
                    Value::Float(*f)
                } else {
                    Value::Integer(*i)
                }
            })
        });
        if let Some(v) = value {
            out.insert(l.key, v);
        }
    }
    out
}

/// The page's settings turned into a scenario override table: only the
/// levers whose value differs from the scenario's. Also returns those
/// changes for the page and the downloaded file.
///
/// Keys that are not levers are refused; values are converted from JSON to
/// TOML as they are (a string stays a string), so that the scenario reader,
/// not this function, decides whether they are allowed.
pub fn overrides(scenario: &Scenario, settings: &BTreeMap<String, serde_json::Value>) -> Result<(Table, Vec<Changed>)> {
    let origin = PathBuf::from(ORIGIN);
    let base = base_values(scenario);
    let mut table = Table::new();
    let mut changes = Vec::new();
    let mut shock: BTreeMap<&str, Value> = BTreeMap::new();
    for (key, json) in settings {
        let Some(l) = lever(key) else {
            let known: Vec<&str> = LEVERS.iter().map(|l| l.key).collect();
            return Err(Error::invalid(
                &origin,
                key.clone(),
                json,
                "not a lever of the what-if page",
                known.join(", "),
            ));
        };
        let value = to_toml(json).ok_or_else(|| {
            Error::invalid(
                &origin,
                key.clone(),
                json,
                "not a single value",
                "a number, or one of the lever's choices as text",
            )
        })?;
        if base.get(l.key).is_some_and(|b| same(b, &value)) {
            continue;
        }
        changes.push(Changed {
            key: l.key.to_string(),
            from: base.get(l.key).map_or_else(|| "–".into(), render),
            to: render(&value),
        });
        match l.key.strip_prefix(SHOCK) {
            Some(field) => {
                shock.insert(field, value);
            }
            None => {
                // a werkbedrijf lever applies to every werkbedrijf, also to
                // those for which the scenario sets its own value
                if let Some(rest) = l.key.strip_prefix("werkbedrijf.") {
                    let segments: Vec<String> = rest.split('.').map(str::to_string).collect();
                    for (id, own) in own_levers(scenario) {
                        if lookup(own, &segments).is_some() {
                            insert_dotted(&mut table, &format!("werkbedrijf_overrides.{id}.{rest}"), value.clone());
                        }
                    }
                }
                insert_dotted(&mut table, l.key, value)
            }
        }
    }
    if !shock.is_empty() {
        // a changed shock replaces the scenario's shocks by this one
        let mut first = Table::new();
        for (field, _, _) in NO_SHOCK {
            let key = format!("{SHOCK}{field}");
            let v = shock.remove(field).or_else(|| base.get(key.as_str()).cloned());
            if let Some(v) = v {
                first.insert(field.to_string(), v);
            }
        }
        let no_shock = first.get("factor").is_some_and(|f| same(f, &Value::Float(1.0)));
        if no_shock && scenario.economy.shocks.is_empty() {
            // moving the timing of a shock of factor 1 changes nothing
            changes.retain(|c| !c.key.starts_with(SHOCK));
        } else {
            let shocks = if no_shock {
                Vec::new()
            } else {
                vec![Value::Table(first)]
            };
            insert_dotted(&mut table, "economy.shocks", Value::Array(shocks));
        }
    }
    Ok((table, changes))
}

/// The scenario's `[werkbedrijf_overrides.ID]` tables.
fn own_levers(scenario: &Scenario) -> Vec<(&String, &Table)> {
    scenario
        .provenance
        .resolved
        .get("werkbedrijf_overrides")
        .and_then(Value::as_table)
        .map(|t| {
            t.iter()
                .filter_map(|(id, v)| v.as_table().map(|own| (id, own)))
                .collect()
        })
        .unwrap_or_default()
}

/// JSON to TOML for a single value; whole numbers become integers (which
/// number fields accept too), `null`, arrays and objects are refused.
fn to_toml(v: &serde_json::Value) -> Option<Value> {
    match v {
        serde_json::Value::Bool(b) => Some(Value::Boolean(*b)),
        serde_json::Value::String(s) => Some(Value::String(s.clone())),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Some(Value::Integer(i)),
            None => n.as_f64().map(Value::Float),
        },
        _ => None,
    }
}

/// The same setting: numbers compare by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    let num = |v: &Value| match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (num(a), num(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn baseline() -> Scenario {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        Scenario::load(&root.join("scenarios/baseline.toml"), Some(root)).unwrap()
    }

    fn settings(v: serde_json::Value) -> BTreeMap<String, serde_json::Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn only_values_that_differ_become_overrides() {
        let s = baseline();
        // baseline.toml: level = 1.0 (a float), coaching months = 12 (an integer)
        let (table, changes) = overrides(
            &s,
            &settings(json!({"werkbedrijf.fee.level": 1, "werkbedrijf.coaching.months": 12.0,
                             "werkbedrijf.contract": "permanent"})),
        )
        .unwrap();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0],
            Changed {
                key: "werkbedrijf.contract".into(),
                from: "\"match-placement\"".into(),
                to: "\"permanent\"".into()
            }
        );
        assert_eq!(table.to_string().trim(), "[werkbedrijf]\ncontract = \"permanent\"");
    }

    #[test]
    fn the_shock_controls_become_one_shock() {
        let s = baseline();
        assert!(s.economy.shocks.is_empty());
        // moving the timing of a shock of factor 1 changes nothing
        let (table, changes) = overrides(&s, &settings(json!({"economy.shocks.0.start_month": 20}))).unwrap();
        assert!(table.is_empty() && changes.is_empty());
        // a factor makes a shock, with the timing controls' values
        let (table, changes) = overrides(
            &s,
            &settings(json!({"economy.shocks.0.factor": 0.7, "economy.shocks.0.months": 6})),
        )
        .unwrap();
        assert_eq!(changes.len(), 2);
        let shocks = table["economy"]["shocks"].as_array().unwrap();
        assert_eq!(shocks.len(), 1);
        assert_eq!(shocks[0]["factor"].as_float(), Some(0.7));
        assert_eq!(shocks[0]["months"].as_integer(), Some(6));
        assert_eq!(shocks[0]["start_month"].as_integer(), Some(13));
    }

    #[test]
    fn values_are_passed_on_as_typed_for_the_scenario_reader_to_judge() {
        let s = baseline();
        let (table, _) = overrides(&s, &settings(json!({"werkbedrijf.fee.level": "1.5"}))).unwrap();
        assert_eq!(table["werkbedrijf"]["fee"]["level"].as_str(), Some("1.5"));
        let e = overrides(&s, &settings(json!({"seed": 1}))).unwrap_err();
        assert!(e.to_string().contains("not a lever of the what-if page"), "{e}");
    }

    #[test]
    fn a_werkbedrijf_lever_applies_to_werkbedrijven_with_their_own_value() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("own.toml");
        std::fs::write(
            &path,
            format!(
                "extends = \"{}\"\n[werkbedrijf_overrides.tomingroep.fee]\nlevel = 0.8\n",
                root.join("scenarios/baseline.toml").display()
            ),
        )
        .unwrap();
        let s = Scenario::load(&path, Some(root)).unwrap();
        assert_eq!(s.werkbedrijven[0].fee.level, 0.8);
        let (table, _) = overrides(&s, &settings(json!({"werkbedrijf.fee.level": 1.4}))).unwrap();
        let v = Scenario::load_with(&path, Some(root), Some((ORIGIN.into(), table))).unwrap();
        assert!(v.werkbedrijven.iter().all(|w| w.fee.level == 1.4));
    }

    #[test]
    fn every_lever_has_a_value_in_the_baseline() {
        let values = base_values(&baseline());
        for l in LEVERS {
            assert!(values.contains_key(l.key), "{}", l.key);
        }
    }
}
