//! The commands as library calls, without the command line: what a driver
//! written in Rust (or a test) relies on.

mod common;

use common::{detasim, project, small_scenario};
use detasim::experiments::break_even::{BreakEvenOptions, break_even};
use detasim::experiments::run::{Execution, Parameters, RunOptions, Sampling, run};
use detasim::progress::Feedback;

fn execution() -> Execution {
    Execution {
        data_dir: Some(project()),
        threads: Some(2),
        feedback: Feedback::Quiet,
    }
}

#[test]
fn a_library_run_writes_the_same_files_as_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "lib", 1, 3, "");
    let by_library = tmp.path().join("library");
    let opts = RunOptions {
        scenario: sc.clone(),
        out: Some(by_library.clone()),
        sampling: Sampling {
            replications: Some(2),
            seed: Some(5),
            parameters: Parameters::AsScenario,
        },
        execution: execution(),
    };
    let done = run(&opts).unwrap();
    assert_eq!(done.folder, by_library);
    assert_eq!((done.scenario.replications, done.scenario.seed), (2, 5));
    let by_command = tmp.path().join("command");
    let o = detasim(&[
        "run",
        sc.to_str().unwrap(),
        "-n",
        "2",
        "-s",
        "5",
        "-q",
        "--out",
        by_command.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for file in ["summary.csv", "yearly.csv", "replications.csv", "trajectories.csv"] {
        assert_eq!(
            std::fs::read(by_library.join(file)).unwrap(),
            std::fs::read(by_command.join(file)).unwrap(),
            "{file}"
        );
    }
    // the summaries returned are those written
    let summary = std::fs::read_to_string(by_library.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), done.summaries.len() + 1);
}

#[test]
fn break_even_reports_a_bracket_without_a_crossing_as_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "be", 1, 2, "");
    let opts = BreakEvenOptions {
        scenario: sc,
        lever: "werkbedrijf.fee.level".into(),
        metric: "werkbedrijf_result_total".into(),
        target: 1e15,
        low: 0.5,
        high: 2.0,
        tolerance: 0.01,
        replications: None,
        seed: None,
        out: Some(tmp.path().join("out")),
        execution: execution(),
    };
    let e = break_even(&opts).unwrap_err().to_string();
    assert!(e.contains("no crossing in this bracket"), "{e}");
    assert!(!tmp.path().join("out").exists(), "nothing is written");
}

/// Library callers get an error, not a panic, for a comparison without
/// anything to compare and a merge without shards; nothing is written.
#[test]
fn empty_comparisons_and_merges_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = small_scenario(tmp.path(), "only", 1, 2, "");
    let out = tmp.path().join("out");
    let compare = detasim::experiments::compare::run(&detasim::experiments::compare::CompareOptions {
        scenarios: vec![sc],
        out: Some(out.clone()),
        sampling: Sampling {
            replications: None,
            seed: None,
            parameters: Parameters::AsScenario,
        },
        nesting: detasim::experiments::compare::Nesting {
            draws: None,
            per_draw: 5,
        },
        execution: execution(),
    });
    let e = compare.expect_err("one scenario is no comparison").to_string();
    assert!(e.contains("at least one scenario to compare"), "{e}");
    let e = detasim::experiments::merge::merge(&[], Some(&out))
        .expect_err("no shards")
        .to_string();
    assert!(e.contains("no shard folders"), "{e}");
    assert!(!out.exists());
}
