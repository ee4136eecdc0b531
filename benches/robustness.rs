//! Time of the robustness analysis of a three-scenario comparison at the
//! defaults (`compare` with the base's 200 replications: 40 parameter draws
//! × 5 replications per draw): the whole `compare` — load, run, paired
//! differences, cost-effectiveness bootstrap, robustness, write — as a
//! user waits for it. (`cargo bench --bench baseline` gives the simulation's
//! throughput in person-months per second per thread.)
//!
//! Run with `cargo bench --bench robustness`. Prints measurements; asserts nothing.

use std::time::Instant;

use detasim::experiments::compare::{CompareOptions, Nesting, run};
use detasim::experiments::run::{Execution, Parameters, Sampling};
use detasim::progress::Feedback;

fn main() {
    let scenarios = ["baseline", "structural", "no-detachering"]
        .map(|s| std::path::PathBuf::from(format!("scenarios/{s}.toml")))
        .to_vec();
    let out = std::env::temp_dir().join(format!("detasim-bench-robustness-{}", std::process::id()));
    let opts = CompareOptions {
        scenarios,
        out: Some(out.clone()),
        sampling: Sampling {
            replications: None,
            seed: None,
            parameters: Parameters::AsScenario,
        },
        nesting: Nesting {
            draws: None,
            per_draw: Nesting::DEFAULT_PER_DRAW,
        },
        execution: Execution {
            data_dir: None,
            threads: None,
            feedback: Feedback::Quiet,
        },
    };
    let t0 = Instant::now();
    let done = run(&opts).expect("the comparison runs");
    let total = t0.elapsed().as_secs_f64();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(done.folder.join("manifest.json")).unwrap()).unwrap();
    let draws = manifest["parameter_draws"].as_u64().unwrap_or(0);
    let replications = manifest["replications"].as_u64().unwrap_or(0);
    let threads = rayon::current_num_threads();
    let robust = done.robustness.iter().filter(|r| r.verdict.id() == "robust").count();
    println!(
        "compare of 3 scenarios, {draws} parameter draws × {} replications per draw ({replications} replications each) on {threads} thread(s)",
        Nesting::DEFAULT_PER_DRAW
    );
    println!("  whole comparison with the robustness analysis: {total:8.2} s");
    println!("  differences tested: {} ({robust} robust)", done.robustness.len());
    let _ = std::fs::remove_dir_all(&out);
}
