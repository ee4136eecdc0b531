//! Cost of a sweep against the sum of its runs, and the time of a Sobol
//! analysis of eight factors (designs/eight-factors-sobol.toml).
//!
//! Run with `cargo bench --bench sweep`. Prints measurements; asserts nothing.

use std::path::Path;
use std::time::Instant;

use detasim::engine;
use detasim::experiments::sensitivity;
use detasim::experiments::sweep::{Sweep, run_points};
use detasim::input::scenario::Scenario;
use indicatif::ProgressBar;

fn main() {
    let design = Path::new("designs/eight-factors-sobol.toml");
    let t0 = Instant::now();
    let sweep = Sweep::load(design, None).expect("design loads");
    let load = t0.elapsed().as_secs_f64();

    // the runs alone: every point's scenario built beforehand, then only simulated
    let scenarios: Vec<Scenario> = (0..sweep.points.len())
        .map(|i| sweep.scenario(i, None).expect("point"))
        .collect();
    let t1 = Instant::now();
    for s in &scenarios {
        std::hint::black_box(engine::run(s, &ProgressBar::hidden()));
    }
    let runs = t1.elapsed().as_secs_f64();
    drop(scenarios);

    // the sweep: build each point's scenario, run it, summarise
    let t2 = Instant::now();
    let rows = run_points(&sweep, None, |s| engine::run(s, &ProgressBar::hidden())).expect("sweep runs");
    let sweep_time = t2.elapsed().as_secs_f64() + load;

    // Sobol indices of the first output's mean
    let t3 = Instant::now();
    let y: Vec<f64> = rows.iter().map(|r| r[0]).collect();
    let indices = sensitivity::sobol(&sweep.factors, &y, 1000, 1).expect("a Saltelli design");
    let analysis = t3.elapsed().as_secs_f64();
    std::hint::black_box(indices);

    println!(
        "Sobol sweep of {} factors: {} points × {} replications on {} thread(s)",
        sweep.factors.len(),
        sweep.points.len(),
        sweep.replications,
        rayon::current_num_threads()
    );
    println!("  sum of the runs alone:             {runs:8.2} s");
    println!(
        "  the sweep (checking every point, building, running, summarising): {sweep_time:8.2} s ({:+.1}% over the runs)",
        100.0 * (sweep_time / runs - 1.0)
    );
    println!("  Sobol indices with 1000 bootstrap resamples: {analysis:8.3} s");
}
