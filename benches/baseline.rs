//! Throughput of the model on the shipped baseline scenario:
//! person-months simulated per second per thread (warm-up included).
//!
//! Run with `cargo bench`. Set `BENCH_REPLICATIONS` to change the number of
//! replications (default 40). This prints measurements; it asserts nothing.

use std::path::Path;
use std::time::Instant;

use detasim::input::scenario::Scenario;
use detasim::model::simulate;
use detasim::observe::metrics::MetricsObserver;

fn measure(label: &str, scenario: &Scenario, replications: u64, threads: usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    // untimed replications to warm caches, the allocator and the CPU clock
    for r in 0..3 {
        let mut obs = MetricsObserver::new(scenario);
        simulate(scenario, u64::MAX - r, &mut obs);
    }
    let started = Instant::now();
    let person_months: u64 = pool.install(|| {
        use rayon::prelude::*;
        (0..replications)
            .into_par_iter()
            .map(|r| {
                let mut obs = MetricsObserver::new(scenario);
                let pm = simulate(scenario, r, &mut obs);
                std::hint::black_box(obs.finish(scenario));
                pm
            })
            .sum()
    });
    let seconds = started.elapsed().as_secs_f64();
    let per_thread = person_months as f64 / seconds / threads as f64;
    println!(
        "{label:<44} {threads} thread(s): {replications} replications, {:.1} M person-months in {seconds:.2} s = {:.2} M person-months/s/thread",
        person_months as f64 / 1e6,
        per_thread / 1e6
    );
}

fn main() {
    let replications: u64 = std::env::var("BENCH_REPLICATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let baseline = Scenario::load(Path::new("scenarios/baseline.toml"), None).expect("baseline scenario");
    let label = format!("baseline ({})", baseline.region.id);
    measure(&label, &baseline, replications, 1);
    measure(&label, &baseline, replications, rayon::current_num_threads().max(1));
    // the same levers in the other shipped region
    let dir = std::env::temp_dir().join(format!("detasim-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("stedendriehoek.toml");
    let base = std::fs::canonicalize("scenarios/baseline.toml").expect("baseline path");
    std::fs::write(
        &file,
        format!(
            "extends = \"{}\"\nregion = \"stedendriehoek-noord-veluwe\"\n",
            base.display()
        ),
    )
    .expect("write scenario");
    let other = Scenario::load(&file, Some(Path::new("."))).expect("stedendriehoek scenario");
    measure("baseline (stedendriehoek-noord-veluwe)", &other, replications, 1);
    let _ = std::fs::remove_dir_all(&dir);
}
