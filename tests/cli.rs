//! The command line as a user meets it: reproducible output folders, and a
//! clear error (exit code 2) for every kind of bad input, losing nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FILES: [&str; 4] = ["summary.csv", "yearly.csv", "replications.csv", "trajectories.csv"];

mod common;
use common::project;

fn detasim(args: &[&str], threads: Option<&str>) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_detasim"));
    c.current_dir(project()).args(args);
    if let Some(t) = threads {
        c.env("RAYON_NUM_THREADS", t);
    }
    c.output().expect("detasim runs")
}

fn ok(o: &Output) {
    assert!(o.status.success(), "stderr: {}", String::from_utf8_lossy(&o.stderr));
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A small scenario: the baseline, shorter, with few replications.
fn small_scenario(dir: &Path, extra: &str) -> PathBuf {
    common::small_scenario(dir, "small", 2, 6, extra)
}

fn run_to(scenario: &Path, out: &Path, threads: Option<&str>, extra: &[&str]) -> Output {
    let data = project();
    let mut args = vec![
        "run",
        scenario.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--data-dir",
        data.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    detasim(&args, threads)
}

#[test]
fn same_seed_same_bytes_whatever_the_thread_count() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let c = tmp.path().join("c");
    ok(&run_to(&sc, &a, Some("1"), &[]));
    ok(&run_to(&sc, &b, Some("2"), &[]));
    ok(&run_to(&sc, &c, Some("2"), &["--seed", "99"]));
    for f in FILES {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(!x.is_empty());
        assert_eq!(x, y, "{f} differs between 1 and 2 threads");
    }
    assert_ne!(
        std::fs::read(a.join("replications.csv")).unwrap(),
        std::fs::read(c.join("replications.csv")).unwrap(),
        "another seed gives other draws"
    );
}

#[test]
fn output_folder_has_every_file_and_a_manifest_that_reruns_it() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "");
    let out = tmp.path().join("out");
    ok(&run_to(&sc, &out, None, &["--replications", "3", "--seed", "7"]));
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut lines = summary.lines();
    assert_eq!(
        lines.next(),
        Some("metric,mean,sd,p5,p25,p50,p75,p95,ci95_low,ci95_high")
    );
    let ids: Vec<&str> = lines.map(|l| l.split(',').next().unwrap()).collect();
    for id in [
        "placements_total",
        "placements_detachering",
        "placements_direct",
        "conversions",
        "placements_beschut",
        "in_work_end",
        "banenafspraak_jobs_end",
        "income_secure_share",
        "contract_secure_share",
        "churn_per_person_year",
        "relapse_12m",
        "relapse_24m",
        "lasting_placements",
        "municipal_cost_total",
        "municipal_cost_bijstand",
        "municipal_cost_lks",
        "municipal_cost_coaching",
        "municipal_cost_trajectories",
        "municipal_cost_subsidies",
        "municipal_cost_werkbedrijf_deficit",
        "municipal_cost_total_hilversum",
        "municipal_cost_per_person_year",
        "werkbedrijf_revenue_total",
        "werkbedrijf_result_total",
        "werkbedrijf_idle_months",
        "werkbedrijf_idle_months_tomingroep",
        "uwv_cost_total",
    ] {
        assert!(ids.contains(&id), "summary.csv lacks {id}");
    }
    let reps = std::fs::read_to_string(out.join("replications.csv")).unwrap();
    assert!(reps.starts_with("replication,"));
    assert_eq!(reps.lines().count(), 4, "header and 3 replications");
    let yearly = std::fs::read_to_string(out.join("yearly.csv")).unwrap();
    assert!(yearly.starts_with("year,metric,mean,"));
    assert!(yearly.lines().any(|l| l.starts_with("2027,in_work_end,")));
    let traj = std::fs::read_to_string(out.join("trajectories.csv")).unwrap();
    assert!(traj.lines().count() > 24, "sampled persons month by month");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 7);
    assert_eq!(manifest["replications"], 3);
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert!(manifest["reproduce"].as_str().unwrap().contains("scenario.toml"));
    assert_eq!(manifest["scenario"]["name"], "small");
    assert!(manifest["threads"].as_u64().unwrap() >= 1);

    // rerunning the resolved scenario gives the same bytes
    let again = tmp.path().join("again");
    ok(&run_to(&out.join("scenario.toml"), &again, None, &[]));
    for f in FILES {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn an_existing_output_folder_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "precious").unwrap();
    let o = run_to(&sc, &out, None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(out.join("keep.txt")).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
    // no temporary folder is left behind
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty());
}

/// Run a scenario with `extra` appended; expect exit code 2 and these fragments in the message.
fn rejects(extra: &str, fragments: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), extra);
    let out = tmp.path().join("out");
    let o = run_to(&sc, &out, None, &[]);
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "exit code for {extra:?}: {msg}");
    for f in fragments {
        assert!(msg.contains(f), "message for {extra:?} lacks {f:?}: {msg}");
    }
    assert!(!out.exists(), "nothing is written on bad input");
}

#[test]
fn unknown_keys_are_rejected_with_file_key_and_allowed_keys() {
    rejects(
        "[werkbedrijf.fee]\nlevle = 1.0\n",
        &["small.toml", "werkbedrijf.fee.levle", "unknown key", "`level`"],
    );
    rejects(
        "horizon = 3\n",
        &["small.toml", "horizon", "unknown key", "horizon_years"],
    );
    rejects(
        "[behaviour.employer]\nsigmaa = 1.0\n",
        &["small.toml", "employer.sigmaa", "unknown key"],
    );
}

#[test]
fn wrong_types_are_rejected() {
    rejects("seed = \"abc\"\n", &["small.toml", "seed", "\"abc\"", "u64"]);
    rejects(
        "[werkbedrijf.fee]\nbasis = \"cheap\"\n",
        &["werkbedrijf.fee.basis", "cheap", "market"],
    );
    rejects(
        "[werkbedrijf]\nmax_duration_months = \"never\"\n",
        &["max_duration_months", "\"none\""],
    );
    rejects("regime = \"wab2\"\n", &["regime", "wab2", "pre-wab"]);
    // an employer category is a letter a-e
    rejects(
        "[werkbedrijf]\nemployer_categories = [\"a\", \"f\"]\n",
        &[
            "small.toml",
            "werkbedrijf.employer_categories.1",
            "\"f\"",
            "`a`, `b`, `c`, `d`, `e`",
        ],
    );
}

#[test]
fn out_of_range_values_are_rejected() {
    rejects(
        "trajectory_persons = 100000\n",
        &["small.toml", "trajectory_persons", "out of range", "0 to 10000"],
    );
    rejects(
        "horizon_years = 3\nhorizon_years = 4\n",
        &["small.toml", "not valid TOML", "line"],
    );
    rejects(
        "[werkbedrijf.fee]\nlevel = 7.5\n",
        &["werkbedrijf.fee.level", "7.5", "0 to 3"],
    );
    rejects(
        "[municipality]\ntrajectory_share = 1.5\n",
        &["municipality.trajectory_share", "1.5", "0 to 1"],
    );
    rejects(
        "[behaviour.employer]\nsigma = -2.0\n",
        &["small.toml", "employer.sigma", "-2"],
    );
    rejects(
        "[legal]\nlks_cap_share = 1.7\n",
        &["small.toml", "lks_cap_share", "1.7", "0 to 1"],
    );
    rejects("start = \"2026-13\"\n", &["start", "2026-13", "YYYY-MM"]);
    rejects("start = \"2010-01\"\n", &["nl.toml", "the table starts after"]);
}

#[test]
fn checks_between_werkbedrijf_levers_name_the_bound_the_other_lever_sets() {
    rejects(
        "[werkbedrijf]\nloonwaarde_min = 0.6\nloonwaarde_max = 0.5\n",
        &["werkbedrijf.loonwaarde_max", "0.5", "0.6 to 1"],
    );
    rejects(
        "[werkbedrijf]\ninitial_period_months = 12\nmax_duration_months = 6\n",
        &["werkbedrijf.max_duration_months", "out of range", "12 to 600"],
    );
    rejects(
        "[werkbedrijf]\nmax_duration_months = 24\nmin_duration_months = 30\n",
        &["werkbedrijf.min_duration_months", "30", "0 to 24"],
    );
    rejects(
        "[werkbedrijf]\nmax_duration_months = \"none\"\nmin_duration_months = 700\n",
        &["werkbedrijf.min_duration_months", "700", "0 to 600"],
    );
    // a shock is reported by its index; its month lies within the reported years (2 here)
    rejects(
        "[economy]\nshocks = [{ start_month = 1, months = 2, factor = 0.5 }, { start_month = 30, months = 2, factor = 0.5 }]\n",
        &["economy.shocks.1.start_month", "30", "1 to 24"],
    );
}

#[test]
fn missing_files_are_named() {
    rejects(
        "region = \"atlantis\"\n",
        &["atlantis.toml", "region profile", "gooi-en-vechtstreek"],
    );
    let tmp = tempfile::tempdir().unwrap();
    let o = run_to(&tmp.path().join("nope.toml"), &tmp.path().join("out"), None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope.toml"));
    let bad = tmp.path().join("bad.toml");
    std::fs::write(&bad, "extends = \"missing-parent.toml\"\n").unwrap();
    let o = run_to(&bad, &tmp.path().join("out"), None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing-parent.toml") && stderr(&o).contains("extends"),
        "{}",
        stderr(&o)
    );
    let loop_a = tmp.path().join("a.toml");
    std::fs::write(&loop_a, "extends = \"a.toml\"\n").unwrap();
    let o = run_to(&loop_a, &tmp.path().join("out"), None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("comes back"), "{}", stderr(&o));
}

#[test]
fn bad_command_line_values_are_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "");
    let o = run_to(&sc, &tmp.path().join("out"), None, &["--replications", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replications"));
    let o = detasim(&["run", "--bogus"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_explains_every_option() {
    let o = detasim(&["serve", "--help"], None);
    ok(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    for opt in [
        "--port",
        "--host",
        "--replications",
        "--seed",
        "--lang",
        "--threads",
        "SCENARIO",
        "Ctrl-C",
    ] {
        assert!(text.contains(opt), "serve --help lacks {opt}");
    }
    let o = detasim(&["run", "--help"], None);
    ok(&o);
    let text = String::from_utf8_lossy(&o.stdout);
    for opt in [
        "--replications",
        "--seed",
        "--out",
        "--quiet",
        "--threads",
        "--data-dir",
        "SCENARIO",
    ] {
        assert!(text.contains(opt), "help lacks {opt}");
    }
}

/// A werkbedrijf id names metrics (`werkbedrijf_result_<id>`): `total` would
/// collide with the regional total, so the region file is refused before any
/// simulation, naming the file and the key.
#[test]
fn a_werkbedrijf_id_that_would_collide_with_a_metric_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&project().join("calibration"), &data.join("calibration"));
    let region = data.join("calibration/regions/gooi-en-vechtstreek.toml");
    let text = std::fs::read_to_string(&region).unwrap();
    std::fs::write(&region, text.replace("\"tomingroep\"", "\"total\"")).unwrap();
    let sc = small_scenario(tmp.path(), "");
    let out = tmp.path().join("out");
    let o = detasim(
        &[
            "run",
            sc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--data-dir",
            data.to_str().unwrap(),
        ],
        None,
    );
    let msg = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{msg}");
    for f in [
        "gooi-en-vechtstreek.toml",
        "werkbedrijven.0.id",
        "\"total\"",
        "reserved id",
    ] {
        assert!(msg.contains(f), "message lacks {f:?}: {msg}");
    }
    assert!(!out.exists());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}
