//! The what-if server's HTTP interface as the page and scripts use it: bad
//! values get the same message a scenario file would, the server keeps
//! serving, overlapping requests do not mix, a newer request of a page
//! supersedes an older one, and the downloaded settings reproduce the
//! numbers. The page in a real browser is tested by tests/serve/run.sh.

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use detasim::input::scenario::Scenario;
use detasim::report::format::Lang;
use detasim::serve::{self, Running};
use serde_json::{Value, json};

mod common;
use common::project;

/// Replications per update on the test server.
const REPLICATIONS: u32 = 8;

/// One server for the whole file, on a free loopback port.
fn server() -> &'static Running {
    static SERVER: OnceLock<Running> = OnceLock::new();
    SERVER.get_or_init(|| {
        serve::start(
            &serve::Options {
                scenario: project().join("scenarios/baseline.toml"),
                data_dir: Some(project()),
                host: IpAddr::V4(Ipv4Addr::LOCALHOST),
                port: 0,
                replications: REPLICATIONS,
                seed: None,
                threads: None,
                lang: Lang::En,
                log: false,
            },
            false,
        )
        .expect("the server starts")
    })
}

fn url(path: &str) -> String {
    format!("http://{}{path}", server().address)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

/// POST a JSON body to /api/run: the status code and the answer.
fn post(body: &str) -> (u16, Value) {
    let mut res = agent()
        .post(&url("/api/run"))
        .header("Content-Type", "application/json")
        .send(body)
        .expect("the server answers");
    (
        res.status().as_u16(),
        res.body_mut().read_json().expect("a JSON answer"),
    )
}

fn run(levers: Value) -> Value {
    let (code, v) = post(&json!({ "levers": levers }).to_string());
    assert_eq!(code, 200, "{v}");
    v
}

fn metric<'a>(view: &'a Value, id: &str) -> &'a Value {
    view["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == id)
        .unwrap_or_else(|| panic!("no metric {id} in {view}"))
}

/// The message the scenario reader gives for `extra` in a scenario file
/// extending the baseline: (key, problem, allowed).
fn file_error(extra: &str) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        format!(
            "extends = \"{}\"\n{extra}\n",
            project().join("scenarios/baseline.toml").display()
        ),
    )
    .unwrap();
    match Scenario::load(&path, Some(&project())) {
        Err(detasim::Error::Invalid {
            key, problem, allowed, ..
        }) => (key, problem, allowed),
        other => panic!("expected an invalid value, got {other:?}"),
    }
}

#[test]
fn bad_values_get_the_scenario_files_message_and_the_server_keeps_serving() {
    // (lever, page value, the same value in a scenario file)
    let cases = [
        ("werkbedrijf.fee.level", json!(5), "[werkbedrijf.fee]\nlevel = 5"),
        (
            "werkbedrijf.fee.level",
            json!("high"),
            "[werkbedrijf.fee]\nlevel = \"high\"",
        ),
        (
            "werkbedrijf.contract",
            json!("forever"),
            "[werkbedrijf]\ncontract = \"forever\"",
        ),
        (
            "werkbedrijf.max_duration_months",
            json!("never"),
            "[werkbedrijf]\nmax_duration_months = \"never\"",
        ),
        (
            "werkbedrijf.coaching.months",
            json!(2.5),
            "[werkbedrijf.coaching]\nmonths = 2.5",
        ),
        (
            "werkbedrijf.coaching.aftercare_months",
            json!(-1),
            "[werkbedrijf.coaching]\naftercare_months = -1",
        ),
        (
            "economy.shocks.0.factor",
            json!(7),
            "[economy]\nshocks = [{ start_month = 13, months = 12, factor = 7 }]",
        ),
        ("regime", json!("1990"), "regime = \"1990\""),
    ];
    for (key, value, in_file) in cases {
        let (code, v) = post(&json!({ "levers": { key: value } }).to_string());
        assert_eq!(code, 200, "{v}");
        assert_eq!(v["status"], "invalid", "{key} = {value}: {v}");
        let (file_key, problem, allowed) = file_error(in_file);
        assert_eq!(v["key"], file_key, "{v}");
        assert_eq!(v["problem"], problem, "{v}");
        assert_eq!(v["allowed"], allowed, "{v}");
        assert!(
            v["message"].as_str().unwrap().contains("the what-if page"),
            "the message names where the value came from: {v}"
        );
    }
    // not levers, not single values, replications out of range
    for (body, key, fragment) in [
        (
            json!({"levers": {"legal.wml_eur_per_month": 1}}),
            "legal.wml_eur_per_month",
            "not a lever",
        ),
        (
            json!({"levers": {"werkbedrijf.fee.level": null}}),
            "werkbedrijf.fee.level",
            "not a single value",
        ),
        (
            json!({"levers": {"werkbedrijf.fee.level": [1]}}),
            "werkbedrijf.fee.level",
            "not a single value",
        ),
        (json!({"replications": 0}), "replications", "out of range"),
        (json!({"replications": 5000}), "replications", "out of range"),
        (json!({"replications": "many"}), "replications", "not a whole number"),
        (json!({"replications": 2.5}), "replications", "not a whole number"),
    ] {
        let (code, v) = post(&body.to_string());
        assert_eq!((code, v["status"].as_str()), (200, Some("invalid")), "{v}");
        assert_eq!(v["key"], key);
        assert!(v["message"].as_str().unwrap().contains(fragment), "{v}");
    }
    // malformed requests
    for (body, fragment) in [
        ("this is not JSON", "not understood"),
        (r#"{"levers": {}, "colour": "red"}"#, "unknown field `colour`"),
        (r#"{"seq": -1}"#, "seq"),
    ] {
        let (code, v) = post(body);
        assert_eq!(code, 400, "{body}: {v}");
        assert_eq!(v["status"], "bad-request");
        assert!(v["message"].as_str().unwrap().contains(fragment), "{body}: {v}");
    }
    let res = agent().get(&url("/no/such/page")).call().unwrap();
    assert_eq!(res.status().as_u16(), 404);
    // still serving
    let v = run(json!({"werkbedrijf.fee.level": 1.2}));
    assert_eq!(v["status"], "ok");
}

#[test]
fn requests_for_another_host_name_are_refused() {
    // a page elsewhere that rebinds its DNS name to 127.0.0.1 sends its own Host
    let mut res = agent()
        .get(&url("/api/levers"))
        .header("Host", "attacker.example")
        .call()
        .unwrap();
    assert_eq!(res.status().as_u16(), 421);
    let v: Value = res.body_mut().read_json().unwrap();
    assert!(v["message"].as_str().unwrap().contains("127.0.0.1"), "{v}");
    let res = agent().get(&url("/api/levers")).call().unwrap();
    assert_eq!(res.status().as_u16(), 200);
}

#[test]
fn no_change_equals_the_baseline_and_a_lever_moves_its_metric() {
    let same = run(json!({"werkbedrijf.fee.level": 1.0, "werkbedrijf.contract": "match-placement"}));
    assert_eq!(
        same["changes"].as_array().unwrap().len(),
        0,
        "unchanged values are not changes"
    );
    for m in same["metrics"].as_array().unwrap() {
        assert_eq!(m["diff_mean"], 0.0, "{m}");
        assert_eq!(m["base"]["p50"], m["variant"]["p50"], "{m}");
    }
    let dearer = run(json!({"werkbedrijf.fee.level": 1.8}));
    assert_eq!(dearer["changes"][0]["key"], "werkbedrijf.fee.level");
    let (b, d) = (
        metric(&same, "placements_detachering"),
        metric(&dearer, "placements_detachering"),
    );
    assert_eq!(
        b["base"]["p50"], d["base"]["p50"],
        "the baseline is the same for every request"
    );
    assert!(
        d["diff_mean"].as_f64().unwrap() < 0.0 && d["verdict"] == "worse",
        "a much higher fee means fewer detacheringen: {d}"
    );
    let open_ended = run(json!({"werkbedrijf.max_duration_months": "none", "werkbedrijf.contract": "permanent"}));
    let described: Vec<(&str, &str)> = open_ended["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["from"].as_str().unwrap(), c["to"].as_str().unwrap()))
        .collect();
    assert!(
        described.contains(&("temporary (contract = placement)", "permanent (structural)")),
        "{described:?}"
    );
    assert!(described.contains(&("12", "no maximum")), "{described:?}");
    let off = run(json!({"werkbedrijf.detachering": "off"}));
    assert_eq!(metric(&off, "placements_detachering")["variant"]["p95"], 0.0);
    let ids: Vec<&str> = off["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    for id in [
        "fan-in_work_end",
        "fan-municipal_cost_total",
        "forest",
        "life-base",
        "life-variant",
    ] {
        assert!(ids.contains(&id), "chart {id} in {ids:?}");
    }
}

#[test]
fn the_page_shows_what_a_trainer_asks_about_detachering_and_no_data_as_such() {
    let off = run(json!({"werkbedrijf.detachering": "off"}));
    for (id, unit) in [
        ("conversion_share", "%"),
        ("early_end_share", "%"),
        ("relapse_24m_detachering", "%"),
        ("regular_jobs_mediated", ""),
    ] {
        let m = metric(&off, id);
        let label = detasim::observe::registry::find(id).unwrap().label.en;
        assert_eq!(m["label"], label, "the registry's label, in the page's language");
        let base = m["base"]["p50"]
            .as_f64()
            .unwrap_or_else(|| panic!("the baseline has {id}: {m}"));
        assert!(base > 0.0, "{m}");
        assert!(m["base"]["median_text"].as_str().unwrap().ends_with(unit), "{m}");
        if unit == "%" {
            assert!(base < 1.0, "a share: {m}");
        }
    }
    // without detachering nothing is converted, ended early or followed after a
    // detachering: no data (null, shown as a dash), not a zero
    for id in ["conversion_share", "early_end_share", "relapse_24m_detachering"] {
        let m = metric(&off, id);
        assert!(m["variant"]["p50"].is_null(), "{m}");
        assert_eq!(m["variant"]["median_text"], "–", "{m}");
        assert_eq!(m["verdict"], "unclear", "{m}");
    }
    // direct hires still go on: regular jobs are still mediated
    assert!(
        metric(&off, "regular_jobs_mediated")["variant"]["p50"]
            .as_f64()
            .unwrap()
            > 0.0
    );
    // relapse by route, baseline against the variant: the variant has no
    // detachering and no conversion to follow
    let chart = off["charts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "route-relapse-24m")
        .unwrap_or_else(|| panic!("no route chart in {}", off["charts"]));
    let svg = chart["svg"].as_str().unwrap();
    assert!(svg.contains("found unaided") && svg.contains("after conversion") && svg.contains("your choice"));
    assert_eq!(svg.matches("no data").count(), 2, "{svg}");
}

#[test]
fn a_newer_request_of_the_same_page_supersedes_an_older_one() {
    // the older request asks for many replications, so it is still running
    // when the newer one arrives
    let older = std::thread::spawn(|| {
        post(
            &json!({"client": "page-a", "seq": 1, "replications": 600,
                    "levers": {"werkbedrijf.fee.level": 0.5}})
            .to_string(),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    let (code, newer) =
        post(&json!({"client": "page-a", "seq": 2, "levers": {"werkbedrijf.coaching.months": 6}}).to_string());
    let (old_code, old) = older.join().unwrap();
    assert_eq!((old_code, old["status"].as_str()), (200, Some("superseded")), "{old}");
    assert_eq!(old["seq"], 1);
    assert_eq!((code, newer["status"].as_str()), (200, Some("ok")), "{newer}");
    assert_eq!(newer["seq"], 2);
    assert_eq!(newer["replications"], REPLICATIONS);
    assert_eq!(
        newer["changes"][0]["key"], "werkbedrijf.coaching.months",
        "the newer settings, not the older"
    );
    // an answer that arrives out of order is superseded at once
    let (_, late) = post(&json!({"client": "page-a", "seq": 1}).to_string());
    assert_eq!(late["status"], "superseded");
}

#[test]
fn overlapping_requests_of_different_pages_do_not_mix() {
    let settings = [
        json!({"werkbedrijf.fee.level": 0.6}),
        json!({"werkbedrijf.contract": "permanent"}),
        json!({"regime": "pre-wab"}),
    ];
    let alone: Vec<Value> = settings.iter().map(|s| run(s.clone())).collect();
    let together: Vec<std::thread::JoinHandle<(u16, Value)>> = settings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let body = json!({"client": format!("page-{i}"), "seq": 1, "levers": s}).to_string();
            std::thread::spawn(move || post(&body))
        })
        .collect();
    for (handle, expected) in together.into_iter().zip(&alone) {
        let (code, v) = handle.join().unwrap();
        assert_eq!((code, v["status"].as_str()), (200, Some("ok")), "{v}");
        assert_eq!(v["changes"], expected["changes"]);
        assert_eq!(
            v["metrics"], expected["metrics"],
            "same settings, same numbers, whatever runs beside them"
        );
    }
}

#[test]
fn downloaded_settings_are_a_scenario_that_reproduces_the_numbers() {
    let settings = json!({"replications": 6, "levers": {"werkbedrijf.fee.basis": "fixed",
        "werkbedrijf.fee.eur_per_hour": 12.5, "werkbedrijf.max_duration_months": "none",
        "economy.shocks.0.factor": 0.8}});
    let (_, view) = post(&json!({"replications": 6, "levers": settings["levers"]}).to_string());
    assert_eq!(view["status"], "ok", "{view}");
    let query = format!("/scenario.toml?s={}", urlencode(&settings.to_string()));
    let mut res = agent().get(&url(&query)).call().unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let disposition = res
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("baseline-whatif.toml"), "{disposition}");
    let text = res.body_mut().read_to_string().unwrap();
    assert!(text.contains("eur_per_hour = 12.5") && text.contains("max_duration_months = \"none\""));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("whatif.toml");
    std::fs::write(&path, &text).unwrap();
    let scenario = Scenario::load(&path, Some(&project())).expect("run accepts the downloaded file");
    assert_eq!(scenario.replications, 6);
    assert_eq!(
        scenario.economy.shocks,
        vec![detasim::input::scenario::Shock {
            start_month: 13,
            months: 12,
            factor: 0.8
        }]
    );
    let results = detasim::engine::run(&scenario, &indicatif::ProgressBar::hidden());
    let summaries = detasim::output::csv_files::metric_summaries(&results);
    for m in view["metrics"].as_array().unwrap() {
        let (_, s) = summaries.iter().find(|(id, _)| m["id"] == id.as_str()).unwrap();
        for (q, value) in [("p5", s.p5), ("p50", s.p50), ("p95", s.p95), ("mean", s.mean)] {
            // a metric nothing could be measured for is sent as null
            let expected = value.is_finite().then_some(value);
            assert_eq!(m["variant"][q].as_f64(), expected, "{} {q}", m["id"]);
        }
    }
    // settings that are not allowed are not downloaded
    let bad = format!(
        "/scenario.toml?s={}",
        urlencode(r#"{"levers":{"werkbedrijf.fee.level":9}}"#)
    );
    let mut res = agent().get(&url(&bad)).call().unwrap();
    assert_eq!(res.status().as_u16(), 422);
    let v: Value = res.body_mut().read_json().unwrap();
    assert_eq!(v["key"], "werkbedrijf.fee.level");
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn the_page_and_the_lever_list_show_the_scenarios_values() {
    let mut res = agent().get(&url("/api/levers")).call().unwrap();
    let v: Value = res.body_mut().read_json().unwrap();
    let levers = v["levers"].as_array().unwrap();
    let value = |key: &str| {
        levers
            .iter()
            .find(|l| l["lever"]["key"] == key)
            .map(|l| l["value"].clone())
            .unwrap_or_else(|| panic!("lever {key}"))
    };
    // baseline.toml: contract = "match-placement", max 12 months, fee level 1.0, no shock
    assert_eq!(value("werkbedrijf.contract"), "match-placement");
    assert_eq!(value("werkbedrijf.max_duration_months"), 12);
    assert_eq!(value("werkbedrijf.fee.level"), 1.0);
    assert_eq!(value("economy.shocks.0.factor"), 1.0);
    assert_eq!(v["replications"], REPLICATIONS);
    for lang in ["nl", "en"] {
        let mut res = agent().get(&url(&format!("/?lang={lang}"))).call().unwrap();
        let html = res.body_mut().read_to_string().unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\"")));
        for l in detasim::serve::levers::LEVERS {
            assert!(html.contains(&format!("name=\"{}\"", l.key)), "control for {}", l.key);
        }
    }
}

/// Start the binary; its first stdout line is the address.
fn spawn_cli() -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_detasim"))
        .current_dir(project())
        .args(["serve", "scenarios/baseline.toml", "--port", "0", "-n", "4"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("detasim starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (child, line.trim().to_string())
}

#[cfg(unix)]
#[test]
fn serve_prints_a_loopback_address_and_stops_cleanly_on_ctrl_c() {
    let (child, line) = spawn_cli();
    let address = line.strip_prefix("detasim serve: ").unwrap_or_else(|| panic!("{line}"));
    assert!(
        address.starts_with("http://127.0.0.1:"),
        "loopback by default: {address}"
    );
    let res = agent().get(address).call().unwrap();
    assert_eq!(res.status().as_u16(), 200);
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit status {:?}: {stderr}", out.status);
    assert!(stderr.contains("detasim serve: stopped"), "{stderr}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_detasim"))
        .current_dir(project())
        .args(["serve", "--port", &port, "-n", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--port") && stderr.contains(&port) && stderr.contains("0 picks one"),
        "{stderr}"
    );
}
