//! Sensitivity analysis against known answers, on designs evaluated outside
//! the simulator.

use std::f64::consts::PI;
use std::path::{Path, PathBuf};
use std::process::Command;

use detasim::experiments::design;

fn write_tables(dir: &Path, factors: &[&str], rows: &[Vec<f64>], f: impl Fn(&[f64]) -> f64) -> (PathBuf, PathBuf) {
    let design = dir.join("design.csv");
    let results = dir.join("results.csv");
    let mut d = factors.join(",") + "\n";
    let mut r = format!("{},y,y2\n", factors.join(","));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|v| format!("{v}")).collect();
        d += &(cells.join(",") + "\n");
        let y = f(row);
        r += &format!("{},{y},{}\n", cells.join(","), 2.0 * y);
    }
    std::fs::write(&design, d).unwrap();
    std::fs::write(&results, r).unwrap();
    (design, results)
}

fn analyze(method: &str, design: &Path, results: &Path, out: &Path, output: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_detasim"))
        .args(["sweep", "analyze", "--method", method, "--design"])
        .arg(design)
        .arg("--results")
        .arg(results)
        .args(["--output", output, "--out"])
        .arg(out)
        .arg("-q")
        .output()
        .expect("detasim runs")
}

fn indices(out: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(out.join("indices.csv"))
        .unwrap()
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// Ishigami & Homma (1990): `sin x1 + 7 sin² x2 + 0.1 x3⁴ sin x1` on [−π, π]³.
fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

#[test]
fn sobol_indices_of_the_ishigami_function_match_the_analytic_values() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = design::saltelli(&[(-PI, PI); 3], 4096, 7);
    let (d, r) = write_tables(tmp.path(), &["x1", "x2", "x3"], &rows, ishigami);
    let out = tmp.path().join("out");
    let o = analyze("sobol", &d, &r, &out, "y");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = indices(&out);
    assert_eq!(t[0].join(","), "factor,S1,S1_low,S1_high,ST,ST_low,ST_high");
    // analytic values (a = 7, b = 0.1): V = 13.8446
    let s1 = [0.3139, 0.4424, 0.0];
    let st = [0.5576, 0.4424, 0.2437];
    for (i, row) in t[1..].iter().enumerate() {
        let v: Vec<f64> = row[1..].iter().map(|c| c.parse().unwrap()).collect();
        let (est1, lo1, hi1, estt, lot, hit) = (v[0], v[1], v[2], v[3], v[4], v[5]);
        let tol1 = (2.0 * (hi1 - lo1)).max(0.02);
        let tolt = (2.0 * (hit - lot)).max(0.02);
        assert!(
            (est1 - s1[i]).abs() < tol1,
            "S1[{i}] = {est1} ({lo1}, {hi1}) vs {}",
            s1[i]
        );
        assert!(
            (estt - st[i]).abs() < tolt,
            "ST[{i}] = {estt} ({lot}, {hit}) vs {}",
            st[i]
        );
        assert!(lo1 <= est1 && est1 <= hi1 && lot <= estt && estt <= hit);
    }
}

#[test]
fn morris_ranks_the_factors_of_a_known_function() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = design::morris(&[(0.0, 1.0), (0.0, 2.0), (-1.0, 1.0), (5.0, 6.0)], 20, 4, 3);
    // x4 has no effect; x3 acts only through an interaction with x1
    let f = |x: &[f64]| 10.0 * x[0] + 2.0 * x[1] + 3.0 * x[0] * x[2];
    let (d, r) = write_tables(tmp.path(), &["a", "b", "c", "d"], &rows, f);
    let out = tmp.path().join("out");
    let o = analyze("morris", &d, &r, &out, "y");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let t = indices(&out);
    assert_eq!(t[0].join(","), "factor,mu_star,mu,sigma");
    let mu_star: Vec<f64> = t[1..].iter().map(|r| r[1].parse().unwrap()).collect();
    let sigma: Vec<f64> = t[1..].iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(mu_star[0] > mu_star[1] && mu_star[1] > mu_star[2] && mu_star[2] > mu_star[3]);
    assert_eq!(mu_star[3], 0.0);
    assert!(sigma[1] < 1e-9, "a linear factor has one effect everywhere");
    assert!(sigma[2] > 0.1, "an interaction varies with the other factor");
    // b spans 0..2: its effect per unit-scale step is 2 × 2 = 4
    assert!((mu_star[1] - 4.0).abs() < 1e-9, "{}", mu_star[1]);
}

#[test]
fn bad_design_and_results_files_are_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = design::saltelli(&[(0.0, 1.0); 2], 9, 1);
    let (d, r) = write_tables(tmp.path(), &["p", "q"], &rows, |x| x[0]);
    let err = |o: std::process::Output| {
        assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    // unknown output column
    let e = err(analyze("sobol", &d, &r, &tmp.path().join("o1"), "nope"));
    assert!(e.contains("--output") && e.contains("y, y2"), "{e}");
    // a non-numeric cell
    let text = std::fs::read_to_string(&r).unwrap().replacen("\n0", "\nabc", 1);
    let bad = tmp.path().join("bad.csv");
    std::fs::write(&bad, text).unwrap();
    let e = err(analyze("sobol", &d, &bad, &tmp.path().join("o2"), "y"));
    assert!(
        e.contains("bad.csv") && e.contains("row 2") && e.contains("not a number"),
        "{e}"
    );
    // results whose columns do not start with the design's
    let swapped = tmp.path().join("swapped.csv");
    std::fs::write(&swapped, std::fs::read_to_string(&r).unwrap().replacen("p,q", "q,p", 1)).unwrap();
    let e = err(analyze("sobol", &d, &swapped, &tmp.path().join("o3"), "y"));
    assert!(e.contains("first columns differ"), "{e}");
    // a row count that is not N·(D + 2)
    let short_d = tmp.path().join("short-d.csv");
    let short_r = tmp.path().join("short-r.csv");
    let dl: Vec<&str> = std::fs::read_to_string(&d).unwrap().leak().lines().collect();
    let rl: Vec<&str> = std::fs::read_to_string(&r).unwrap().leak().lines().collect();
    std::fs::write(&short_d, dl[..dl.len() - 1].join("\n")).unwrap();
    std::fs::write(&short_r, rl[..rl.len() - 1].join("\n")).unwrap();
    let e = err(analyze("sobol", &short_d, &short_r, &tmp.path().join("o4"), "y"));
    assert!(e.contains("N·(D + 2)"), "{e}");
    // a Morris design whose steps change two factors
    let e = err(analyze("morris", &d, &r, &tmp.path().join("o5"), "y"));
    assert!(e.contains("differ in"), "{e}");
    // missing file
    let e = err(analyze(
        "sobol",
        &tmp.path().join("none.csv"),
        &r,
        &tmp.path().join("o6"),
        "y",
    ));
    assert!(e.contains("none.csv"), "{e}");
}
