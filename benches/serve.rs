//! Latency of a what-if update (`detasim serve`) with the default settings:
//! 20 replications of the baseline scenario, one lever changed per update,
//! measured over HTTP on loopback as the page sees it (server side: building
//! the variant, simulating, charts; plus the HTTP round trip).
//!
//! Run with `cargo bench --bench serve`. Prints measurements; asserts nothing.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Instant;

use detasim::report::format::Lang;
use detasim::serve;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let replications = 20;
    let t0 = Instant::now();
    let server = serve::start(
        &serve::Options {
            scenario: root.join("scenarios/baseline.toml"),
            data_dir: Some(root.clone()),
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            replications,
            seed: None,
            threads: None,
            lang: Lang::Nl,
            log: false,
        },
        false,
    )
    .expect("the server starts");
    let start = t0.elapsed().as_secs_f64();
    let url = format!("http://{}/api/run", server.address);
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let mut times = Vec::new();
    let mut simulated = Vec::new();
    let mut throughput = Vec::new();
    // every update a different fee level, so nothing is reused but the baseline
    for i in 0..20 {
        let level = 0.5 + 0.05 * i as f64;
        let body = format!(r#"{{"levers": {{"werkbedrijf.fee.level": {level}}}}}"#);
        let t = Instant::now();
        let mut res = agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body.as_str())
            .expect("an answer");
        let v: serde_json::Value = res.body_mut().read_json().expect("JSON");
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(v["status"], "ok", "{v}");
        let seconds = v["seconds"].as_f64().unwrap_or(f64::NAN);
        simulated.push(seconds);
        throughput.push(v["person_months"].as_f64().unwrap_or(f64::NAN) / seconds);
    }
    times.sort_by(f64::total_cmp);
    simulated.sort_by(f64::total_cmp);
    throughput.sort_by(f64::total_cmp);
    let threads = rayon::current_num_threads();
    println!(
        "what-if updates: {} updates of {replications} replications on {threads} thread(s) (server start with baseline: {start:.2} s)",
        times.len()
    );
    println!(
        "  round trip:  median {:.3} s, max {:.3} s",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    println!(
        "  simulation:  median {:.3} s, max {:.3} s",
        simulated[simulated.len() / 2],
        simulated[simulated.len() - 1]
    );
    println!(
        "  throughput:  median {:.1} M person-months/s/thread (variant runs only; includes building the variant)",
        throughput[throughput.len() / 2] / threads as f64 / 1e6
    );
    server.stop().expect("the server stops");
}
