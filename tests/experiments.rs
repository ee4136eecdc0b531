//! Experiments: comparing scenarios with common random numbers.

use std::path::{Path, PathBuf};
use std::process::Command;

fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn small(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let p = dir.join(format!("{name}.toml"));
    std::fs::write(
        &p,
        format!(
            "extends = \"{}\"\nname = \"{name}\"\nhorizon_years = 2\nwarmup_years = 1\nreplications = 5\n{extra}",
            project().join("scenarios/baseline.toml").display()
        ),
    )
    .unwrap();
    p
}

fn compare(args: &[&Path], out: &Path) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_detasim"));
    c.current_dir(project()).arg("compare");
    for a in args {
        c.arg(a);
    }
    c.args(["--out", out.to_str().unwrap(), "-q"])
        .output()
        .expect("detasim runs")
}

fn rows(out: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn a_scenario_compared_with_itself_differs_by_exactly_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let a = small(tmp.path(), "same", "");
    let out = tmp.path().join("out");
    let o = compare(&[&a, &a], &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let header = std::fs::read_to_string(out.join("compare.csv"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        header,
        "scenario,metric,mean,sd,p5,p25,p50,p75,p95,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high,p_better"
    );
    let rows = rows(&out);
    assert!(
        rows.iter().any(|r| r[0] == "same-2"),
        "the second copy gets its own name"
    );
    for r in rows.iter().filter(|r| r[0] == "same-2") {
        if r[11].is_empty() {
            continue; // a ratio that does not exist in any replication
        }
        assert_eq!(
            (&r[11][..], &r[12][..], &r[13][..]),
            ("0", "0", "0"),
            "{}: {:?}",
            r[1],
            r
        );
        assert!(r[14].is_empty() || r[14] == "0.5", "{}: p_better {}", r[1], r[14]);
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["scenarios"].as_array().unwrap().len(), 2);
    assert_eq!(m["replications"], 5);
}

#[test]
fn paired_differences_show_a_lever_with_its_sign() {
    let tmp = tempfile::tempdir().unwrap();
    let base = small(tmp.path(), "market", "");
    let cheap = small(tmp.path(), "cheap", "[werkbedrijf.fee]\nlevel = 0.6\n");
    let out = tmp.path().join("out");
    let o = compare(&[&base, &cheap], &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = rows(&out);
    let get = |scenario: &str, metric: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[0] == scenario && r[1] == metric)
            .cloned()
            .unwrap()
    };
    let det = get("cheap", "placements_detachering");
    let diff: f64 = det[11].parse().unwrap();
    let p_better: f64 = det[14].parse().unwrap();
    assert!(
        diff > 0.0 && p_better > 0.5,
        "a cheaper fee gives more detacheringen: {det:?}"
    );
    let result = get("cheap", "werkbedrijf_result_total");
    assert!(result[11].parse::<f64>().unwrap() < 0.0);
    assert_eq!(get("market", "placements_detachering")[11], "0");
    // bad input in any scenario is reported before anything runs
    let bad = small(tmp.path(), "bad", "[werkbedrijf.fee]\nlevel = 9.0\n");
    let o = compare(&[&base, &bad], &tmp.path().join("out2"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.toml"));
    assert!(!tmp.path().join("out2").exists());
}
