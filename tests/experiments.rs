//! Experiments: comparing scenarios with common random numbers.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{detasim, project};

fn small(dir: &Path, name: &str, extra: &str) -> PathBuf {
    common::small_scenario(dir, name, 2, 5, extra)
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
        "scenario,metric,mean,sd,p5,p25,p50,p75,p95,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high,p_better,cost_effectiveness,sign_robustness,decided_by,verdict"
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
    // without a difference in effect there is no cost-effectiveness ratio
    for id in [
        "municipal_cost_per_extra_lasting_placement",
        "municipal_cost_per_extra_banenafspraak_job",
    ] {
        let r = rows.iter().find(|r| r[0] == "same-2" && r[1] == id).expect(id);
        assert_eq!((&r[11][..], &r[15][..]), ("", "no_effect"), "{r:?}");
    }
    assert!(
        !rows
            .iter()
            .any(|r| r[0] == "same" && r[1].starts_with("municipal_cost_per_extra")),
        "the base has no ratio against itself"
    );
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
    // the cost-effectiveness rows: the ratio of the paired mean differences of
    // municipal cost and the effect, or the mark of their quadrant
    let num = |r: &[String], k: usize| -> f64 { r[k].parse().unwrap_or(f64::NAN) };
    for (id, effect) in [
        ("municipal_cost_per_extra_lasting_placement", "lasting_placements"),
        ("municipal_cost_per_extra_banenafspraak_job", "banenafspraak_jobs_end"),
    ] {
        let ce = get("cheap", id);
        let (dc, de) = (
            num(&get("cheap", "municipal_cost_total"), 11),
            num(&get("cheap", effect), 11),
        );
        let mark = if de > 0.0 {
            if dc <= 0.0 { "dominant" } else { "dearer_and_better" }
        } else if de < 0.0 {
            if dc >= 0.0 { "dominated" } else { "cheaper_and_worse" }
        } else {
            "no_effect"
        };
        assert_eq!(ce[15], mark, "{id}: ΔC {dc}, ΔE {de}");
        if matches!(mark, "dearer_and_better" | "cheaper_and_worse") {
            let ratio = num(&ce, 11);
            assert!(
                (ratio - dc / de).abs() <= 1e-6 * ratio.abs(),
                "{id}: {ratio} vs {}",
                dc / de
            );
            let (low, high) = (num(&ce, 12), num(&ce, 13));
            assert!(low.is_nan() || (low <= ratio && ratio <= high), "{id}: {ce:?}");
        } else {
            assert!(ce[11].is_empty(), "{id}: no ratio for {mark}");
        }
    }
    // bad input in any scenario is reported before anything runs
    let bad = small(tmp.path(), "bad", "[werkbedrijf.fee]\nlevel = 9.0\n");
    let o = compare(&[&base, &bad], &tmp.path().join("out2"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.toml"));
    assert!(!tmp.path().join("out2").exists());
}

fn sweep(design: &Path, out: &Path, threads: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_detasim"))
        .current_dir(project())
        .env("RAYON_NUM_THREADS", threads)
        .arg("sweep")
        .arg(design)
        .args(["--out", out.to_str().unwrap(), "-q"])
        .output()
        .expect("detasim runs")
}

fn design_file(dir: &Path, body: &str) -> PathBuf {
    let base = small(dir, "base", "");
    let p = dir.join("design.toml");
    std::fs::write(
        &p,
        format!(
            "base = \"{}\"\nreplications = 2\nseed = 3\noutputs = [\"placements_detachering\", \"werkbedrijf_result_total\"]\n{body}",
            base.display()
        ),
    )
    .unwrap();
    p
}

#[test]
fn sweeps_are_deterministic_and_write_design_and_results() {
    let tmp = tempfile::tempdir().unwrap();
    let d = design_file(
        tmp.path(),
        "method = \"lhs\"\nsamples = 4\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nmin = 0.5\nmax = 1.3\n[[factors]]\npath = \"werkbedrijf.max_duration_months\"\nmin = 6\nmax = 24\n",
    );
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let o = sweep(&d, &a, "1");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = sweep(&d, &b, "2");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["design.csv", "results.csv"] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let design = std::fs::read_to_string(a.join("design.csv")).unwrap();
    assert!(design.starts_with("werkbedrijf.fee.level,werkbedrijf.max_duration_months\n"));
    assert_eq!(design.lines().count(), 5);
    // whole-number keys get whole numbers
    for line in design.lines().skip(1) {
        let months: f64 = line.split(',').nth(1).unwrap().parse().unwrap();
        assert_eq!(months.fract(), 0.0);
    }
    let results = std::fs::read_to_string(a.join("results.csv")).unwrap();
    let header = results.lines().next().unwrap();
    assert!(header.starts_with("werkbedrijf.fee.level,werkbedrijf.max_duration_months,placements_detachering_mean,"));
    // the design's rows come first in every results row
    for (d, r) in design.lines().skip(1).zip(results.lines().skip(1)) {
        assert!(r.starts_with(&format!("{d},")));
    }
}

#[test]
fn bad_design_files_are_rejected_before_anything_runs() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "method = \"grid\"\nspeed = 2\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nvalues = [1.0]\n",
            &["speed", "unknown key"],
        ),
        (
            "method = \"grid\"\n[[factors]]\npath = \"werkbedrijf.fee.levl\"\nvalues = [1.0]\n",
            &["factors.0.path", "no such key"],
        ),
        (
            "method = \"lhs\"\nsamples = 4\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nvalues = [1.0, 2.0]\n",
            &["factors.0.values", "min and max"],
        ),
        (
            "method = \"sobol\"\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nmin = 0.5\nmax = 1.0\n",
            &["samples", "at least 2"],
        ),
        (
            "method = \"grid\"\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nvalues = [1.0, 7.0]\n",
            &["design point 2", "werkbedrijf.fee.level", "0 to 3"],
        ),
    ];
    for (body, fragments) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let d = design_file(tmp.path(), body);
        let out = tmp.path().join("out");
        let o = sweep(&d, &out, "2");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{body}: {err}");
        for f in fragments {
            assert!(err.contains(f), "{body}: {err} lacks {f}");
        }
        assert!(!out.exists());
    }
}

#[test]
fn eval_writes_one_result_row_per_input_row() {
    let tmp = tempfile::tempdir().unwrap();
    let base = small(tmp.path(), "base", "");
    let rows = tmp.path().join("rows.csv");
    std::fs::write(
        &rows,
        "werkbedrijf.fee.level,behaviour.employer.sigma\n0.6,2.0\n1.2,4.0\n0.9,3.0\n",
    )
    .unwrap();
    let out = tmp.path().join("results.csv");
    let args = [
        "eval",
        "--rows",
        rows.to_str().unwrap(),
        "--scenario",
        base.to_str().unwrap(),
        "--output",
        "placements_detachering",
        "--output",
        "conversions",
        "-n",
        "2",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = detasim(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("werkbedrijf.fee.level,behaviour.employer.sigma,placements_detachering_mean,"));
    assert!(lines[0].contains("conversions_p95"));
    assert!(lines[1].starts_with("0.6,2,") && lines[2].starts_with("1.2,4,") && lines[3].starts_with("0.9,3,"));
    // the output file is never overwritten
    let o = detasim(&args);
    assert_eq!(o.status.code(), Some(2));
    // an unknown key in the header
    std::fs::write(&rows, "werkbedrijf.fee.lvl\n0.6\n").unwrap();
    let o = detasim(&[
        "eval",
        "--rows",
        rows.to_str().unwrap(),
        "--scenario",
        base.to_str().unwrap(),
        "--output",
        "conversions",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("werkbedrijf.fee.lvl"));
}

#[test]
fn eval_and_sweep_can_target_the_paired_difference_of_two_scenarios() {
    let tmp = tempfile::tempdir().unwrap();
    let base = small(tmp.path(), "base", "");
    let dearer = small(
        tmp.path(),
        "dearer",
        "[municipality]\ntrajectory_cost_eur_per_month = 400.0\n",
    );
    let rows = tmp.path().join("rows.csv");
    std::fs::write(
        &rows,
        "werkbedrijf.fee.level,behaviour.employer.sigma\n0.6,2.0\n1.2,4.0\n",
    )
    .unwrap();
    let eval = |scenario: &Path, minus: Option<&Path>| {
        let mut args = vec![
            "eval".to_string(),
            "--rows".into(),
            rows.display().to_string(),
            "--scenario".into(),
            scenario.display().to_string(),
            "--output".into(),
            "municipal_cost_total".into(),
            "--output".into(),
            "placements_total".into(),
            "-n".into(),
            "3".into(),
            "-q".into(),
        ];
        if let Some(m) = minus {
            args.extend(["--minus".into(), m.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = detasim(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = String::from_utf8(o.stdout).unwrap();
        let mut lines = text.lines();
        let header: Vec<String> = lines.next().unwrap().split(',').map(str::to_string).collect();
        let rows: Vec<Vec<f64>> = lines
            .map(|l| l.split(',').map(|c| c.parse().unwrap()).collect())
            .collect();
        (header, rows)
    };
    let (header, diff) = eval(&dearer, Some(&base));
    assert_eq!(header[2], "municipal_cost_total_diff_mean");
    assert!(header.contains(&"placements_total_diff_p95".to_string()));
    let (_, a) = eval(&dearer, None);
    let (_, b) = eval(&base, None);
    for ((d, a), b) in diff.iter().zip(&a).zip(&b) {
        // the mean of paired differences is the difference of the means (same replications)
        assert!((d[2] - (a[2] - b[2])).abs() <= 1e-6 * a[2].abs(), "{d:?} {a:?} {b:?}");
        assert!(d[2] > 0.0, "dearer trajectories cost more at every point");
        // placements do not depend on what a trajectory costs: the paired difference is exactly zero
        assert_eq!(&d[7..12], &[0.0; 5]);
    }
    // the same in a sweep design, with `minus`
    let design = tmp.path().join("design.toml");
    std::fs::write(
        &design,
        "base = \"dearer.toml\"\nminus = \"base.toml\"\nmethod = \"grid\"\nreplications = 3\nseed = 1\noutputs = [\"municipal_cost_total\"]\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nvalues = [0.6, 1.2]\n",
    )
    .unwrap();
    let out = tmp.path().join("sweep");
    let o = detasim(&["sweep", design.to_str().unwrap(), "--out", out.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let results = std::fs::read_to_string(out.join("results.csv")).unwrap();
    assert!(
        results.starts_with("werkbedrijf.fee.level,municipal_cost_total_diff_mean,"),
        "{results}"
    );
    let first: f64 = results
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(first > 0.0, "the design's difference has the sign of eval's");
    // a `minus` that does not exist is refused before anything runs
    std::fs::write(
        &design,
        std::fs::read_to_string(&design)
            .unwrap()
            .replace("base.toml", "nope.toml"),
    )
    .unwrap();
    let o = detasim(&[
        "sweep",
        design.to_str().unwrap(),
        "--out",
        tmp.path().join("x").to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope.toml"));
    assert!(!tmp.path().join("x").exists());
}

#[test]
fn break_even_finds_the_lever_value_where_the_mean_reaches_the_target() {
    let tmp = tempfile::tempdir().unwrap();
    let base = small(tmp.path(), "base", "parameters = \"defaults\"\n");
    let counter = std::cell::Cell::new(0);
    let run = |target: &str, low: &str, high: &str| {
        counter.set(counter.get() + 1);
        let out = tmp.path().join(format!("be{}", counter.get()));
        let out = out.to_str().unwrap().to_string();
        detasim(&[
            "break-even",
            base.to_str().unwrap(),
            "--lever",
            "werkbedrijf.fee.level",
            "--metric",
            "placements_detachering",
            "--target",
            target,
            "--low",
            low,
            "--high",
            high,
            "-n",
            "4",
            "-q",
            "--out",
            &out,
        ])
    };
    let o = run("60", "0.4", "1.6");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let x: f64 = text
        .split("werkbedrijf.fee.level = ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(x > 0.4 && x < 1.6, "{text}");
    let gap: f64 = text
        .split("mean − target there ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(gap.abs() < 10.0, "the mean is close to the target at the root: {text}");
    let evaluations = std::fs::read_to_string(tmp.path().join("be1").join("break-even.csv")).unwrap();
    assert!(evaluations.starts_with("lever_value,mean,ci95_low,ci95_high\n") && evaluations.lines().count() >= 4);
    let o = detasim(&["report", tmp.path().join("be1").to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        std::fs::read_to_string(tmp.path().join("be1").join("report.html"))
            .unwrap()
            .contains("id=\"break-even\"")
    );
    // no crossing in the bracket: a clear error
    let o = run("100000", "0.4", "1.6");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("same sign"));
}

/// The nested design: parameter draws common to both scenarios, each with
/// its replications. A scenario that only adds a cost the model does not
/// react to (the municipality's trajectory cost) is dearer in every
/// parameter world: its sign is robust. The
/// comparison is the same to the byte on one thread and on two.
#[test]
fn a_nested_comparison_tests_each_sign_and_is_reproducible() {
    let tmp = tempfile::tempdir().unwrap();
    let a = small(tmp.path(), "base", "");
    let b = small(
        tmp.path(),
        "dearer",
        "[municipality]\ntrajectory_cost_eur_per_month = 400.0\n",
    );
    let run = |threads: &str, out: &str| {
        let out = tmp.path().join(out);
        let o = detasim(&[
            "compare",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--draws",
            "6",
            "--replications-per-draw",
            "2",
            "-j",
            threads,
            "--out",
            out.to_str().unwrap(),
            "-q",
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let (one, two) = (run("1", "one"), run("2", "two"));
    for file in ["compare.csv", "draws.csv", "draw_differences.csv"] {
        assert_eq!(
            std::fs::read(one.join(file)).unwrap(),
            std::fs::read(two.join(file)).unwrap(),
            "{file}"
        );
    }
    // the points behind the verdicts: one row per draw, one per draw and difference
    let draws = std::fs::read_to_string(one.join("draws.csv")).unwrap();
    assert!(draws.starts_with("draw,") && draws.lines().count() == 7, "{draws}");
    let per_draw = std::fs::read_to_string(one.join("draw_differences.csv")).unwrap();
    let cost_draws: Vec<f64> = per_draw
        .lines()
        .filter(|l| l.starts_with("dearer,municipal_cost_total,"))
        .map(|l| l.rsplit(',').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(cost_draws.len(), 6);
    assert!(
        cost_draws.iter().all(|d| *d > 0.0),
        "dearer trajectories cost more in every world"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(one.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["replications"], 12);
    assert_eq!(manifest["parameter_draws"], 6);
    assert!(manifest["drawn_parameters"].as_array().unwrap().len() > 20);
    let rows = rows(&one);
    let cost = rows
        .iter()
        .find(|r| r[0] == "dearer" && r[1] == "municipal_cost_total")
        .expect("a cost row");
    assert!(cost[11].parse::<f64>().unwrap() > 0.0);
    assert_eq!((&cost[16][..], &cost[18][..]), ("1", "robust"));
    // the base has no difference to test
    let base = rows
        .iter()
        .find(|r| r[0] == "base" && r[1] == "municipal_cost_total")
        .unwrap();
    assert_eq!(&base[16..19], ["", "", ""]);
}

#[test]
fn merged_shards_equal_the_unsharded_run_and_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    // a nested design: replications 0–1, 2–3, … share a parameter draw, across shard borders
    let base = small(tmp.path(), "base", "replications_per_draw = 2\n");
    let b = base.to_str().unwrap();
    let at = |name: &str| tmp.path().join(name);
    let ok = |o: std::process::Output| assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    ok(detasim(&[
        "run",
        b,
        "-n",
        "7",
        "--out",
        at("full").to_str().unwrap(),
        "-q",
    ]));
    for i in 1..=3 {
        let shard = format!("{i}/3");
        ok(detasim(&[
            "run",
            b,
            "-n",
            "7",
            "--shard",
            &shard,
            "--out",
            at(&format!("s{i}")).to_str().unwrap(),
            "-q",
        ]));
    }
    // shards in any order; a missing one is an error
    let o = detasim(&[
        "merge",
        at("s3").to_str().unwrap(),
        at("s1").to_str().unwrap(),
        "--out",
        at("bad").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("shard 2/3 is missing"));
    ok(detasim(&[
        "merge",
        at("s3").to_str().unwrap(),
        at("s1").to_str().unwrap(),
        at("s2").to_str().unwrap(),
        "--out",
        at("merged").to_str().unwrap(),
        "-q",
    ]));
    for f in ["summary.csv", "yearly.csv", "replications.csv", "trajectories.csv"] {
        assert_eq!(
            std::fs::read(at("full").join(f)).unwrap(),
            std::fs::read(at("merged").join(f)).unwrap(),
            "{f}"
        );
    }
    // sweeps
    let d = design_file(
        tmp.path(),
        "method = \"grid\"\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nvalues = [0.6, 0.8, 1.0, 1.2, 1.4]\n",
    );
    let dd = d.to_str().unwrap();
    ok(detasim(&["sweep", dd, "--out", at("sw").to_str().unwrap(), "-q"]));
    for i in 1..=2 {
        ok(detasim(&[
            "sweep",
            dd,
            "--shard",
            &format!("{i}/2"),
            "--out",
            at(&format!("sw{i}")).to_str().unwrap(),
            "-q",
        ]));
    }
    ok(detasim(&[
        "merge",
        at("sw2").to_str().unwrap(),
        at("sw1").to_str().unwrap(),
        "--out",
        at("swm").to_str().unwrap(),
        "-q",
    ]));
    for f in ["design.csv", "results.csv"] {
        assert_eq!(
            std::fs::read(at("sw").join(f)).unwrap(),
            std::fs::read(at("swm").join(f)).unwrap(),
            "{f}"
        );
    }
    // shards of different runs do not merge
    let o = detasim(&[
        "merge",
        at("s1").to_str().unwrap(),
        at("sw2").to_str().unwrap(),
        "--out",
        at("mixed").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn an_interrupted_sweep_resumes_to_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = design_file(
        tmp.path(),
        "method = \"grid\"\n[[factors]]\npath = \"werkbedrijf.fee.level\"\nvalues = [0.6, 0.8, 1.0, 1.2]\n",
    );
    let dd = d.to_str().unwrap();
    let at = |name: &str| tmp.path().join(name);
    let o = detasim(&["sweep", dd, "--out", at("whole").to_str().unwrap(), "-q"]);
    assert!(o.status.success());
    let out = at("resumed");
    let o = detasim(&["sweep", dd, "--out", out.to_str().unwrap(), "-q", "--stop-after", "2"]);
    assert!(!o.status.success());
    assert!(!out.exists(), "nothing half-written in place");
    let partial = at(".resumed.partial");
    let kept = std::fs::read_to_string(partial.join("points.csv")).unwrap();
    assert_eq!(kept.lines().count(), 3, "two finished points kept: {kept}");
    // without --resume the interrupted sweep is not overwritten
    let o = detasim(&["sweep", dd, "--out", out.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--resume"));
    let o = detasim(&["sweep", dd, "--out", out.to_str().unwrap(), "-q", "--resume"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["design.csv", "results.csv"] {
        assert_eq!(
            std::fs::read(at("whole").join(f)).unwrap(),
            std::fs::read(out.join(f)).unwrap(),
            "{f}"
        );
    }
    assert!(!partial.exists());
}
