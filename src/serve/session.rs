//! One what-if session: the scenario as loaded (the baseline) with its results
//! cached, the page's settings turned into a validated variant, and the rule
//! for overlapping requests: per page, a newer request supersedes an older one.
//!
//! Common random numbers: the baseline and the variant run the same
//! replication indices from the same seed, so replication `r` of both shares
//! its random streams (and its posterior parameter draw) wherever the logic
//! has not diverged; their differences are paired.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use indicatif::ProgressBar;

use crate::engine::{self, RunResults};
use crate::error::{Error, Result};
use crate::input::scenario::Scenario;
use crate::input::toml_layers::Layers;
use crate::serve::levers::{self, Changed, MAX_REPLICATIONS, ORIGIN};

/// What the page asks for: how many replications, and lever values by key.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Replications of both the baseline and the variant (default: the
    /// server's `--replications`); checked, like the levers, when the
    /// variant is built, so that a bad value gets a message on the page.
    #[serde(default)]
    pub replications: Option<serde_json::Value>,
    /// Lever values by dotted scenario key; levers left out keep the scenario's value.
    #[serde(default)]
    pub levers: BTreeMap<String, serde_json::Value>,
}

/// The baseline and the variant, side by side.
#[derive(Debug)]
pub struct Comparison {
    /// The variant as validated (seed and replications as run).
    pub scenario: Scenario,
    /// Every lever that differs from the scenario.
    pub changes: Vec<Changed>,
    pub base: RunResults,
    pub variant: RunResults,
    /// Time spent simulating for this request, in seconds.
    pub seconds: f64,
}

/// The result of one request.
#[derive(Debug)]
pub enum Outcome {
    Done(Box<Comparison>),
    /// A value was not accepted; the message says which and what is allowed.
    Invalid(Error),
    /// A newer request of the same page arrived first.
    Superseded,
    /// The server is stopping.
    Stopping,
}

/// The server's one simulator, shared by all requests.
#[derive(Debug)]
pub struct Simulator {
    /// The scenario files as read at the start.
    layers: Layers,
    data_dir: Option<PathBuf>,
    /// The scenario as loaded, with the server's default replications.
    pub base: Scenario,
    pool: rayon::ThreadPool,
    /// Baseline results for replications `0..n`, extended when a request asks for more.
    baseline: Mutex<RunResults>,
    /// One simulation at a time: they would only compete for the cores.
    running: Mutex<()>,
    /// Per page (client id), the newest request number seen.
    latest: Mutex<BTreeMap<String, u64>>,
    stopping: AtomicBool,
}

/// How many pages' request numbers are remembered.
const MAX_CLIENTS: usize = 256;

impl Simulator {
    /// Load and validate the scenario and run its baseline with `replications`.
    pub fn new(
        path: &Path,
        data_dir: Option<&Path>,
        replications: u32,
        seed: Option<u64>,
        threads: Option<usize>,
    ) -> Result<Simulator> {
        check_replications(replications, "--replications")?;
        let layers = Scenario::read_layers(path)?;
        let mut base = Scenario::from_layers(layers.clone(), data_dir, None)?;
        base.replications = replications;
        if let Some(seed) = seed {
            base.seed = seed;
        }
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = threads {
            if n == 0 {
                return Err(Error::Argument {
                    option: "--threads",
                    value: "0".into(),
                    problem: "no threads".into(),
                    allowed: "a whole number from 1".into(),
                });
            }
            pool = pool.num_threads(n);
        }
        let pool = pool.build().expect("a thread pool");
        let ids: Vec<u64> = (0..replications as u64).collect();
        let baseline = pool.install(|| engine::run_replications(&base, &ids, &ProgressBar::hidden()));
        Ok(Simulator {
            layers,
            data_dir: data_dir.map(Path::to_path_buf),
            base,
            pool,
            baseline: Mutex::new(baseline),
            running: Mutex::new(()),
            latest: Mutex::new(BTreeMap::new()),
            stopping: AtomicBool::new(false),
        })
    }

    /// The variant the settings describe, validated exactly as a scenario
    /// file with these values would be, and the levers that differ.
    pub fn variant(&self, settings: &Settings) -> Result<(Scenario, Vec<Changed>)> {
        let replications = match &settings.replications {
            None => self.base.replications,
            Some(v) => v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(|| {
                Error::invalid(
                    Path::new(ORIGIN),
                    "replications",
                    v,
                    "not a whole number",
                    allowed_replications(),
                )
            })?,
        };
        check_replications(replications, "replications")?;
        let (table, changes) = levers::overrides(&self.base, &settings.levers)?;
        let mut scenario = if table.is_empty() {
            self.base.clone()
        } else {
            Scenario::from_layers(
                self.layers.clone(),
                self.data_dir.as_deref(),
                Some((PathBuf::from(ORIGIN), table)),
            )?
        };
        scenario.seed = self.base.seed;
        scenario.replications = replications;
        Ok((scenario, changes))
    }

    /// Run the baseline and the variant of `settings` with common random
    /// numbers. `client` and `seq` identify the page and its request number:
    /// a request of the same page with a higher number supersedes this one,
    /// which then stops before its next replication.
    pub fn evaluate(&self, client: Option<&str>, seq: u64, settings: &Settings) -> Outcome {
        if !self.register(client, seq) {
            return Outcome::Superseded;
        }
        let (scenario, changes) = match self.variant(settings) {
            Ok(v) => v,
            Err(e) => return Outcome::Invalid(e),
        };
        let _one_at_a_time = self.running.lock().unwrap_or_else(|p| p.into_inner());
        let cancelled = || self.stopping.load(Ordering::Relaxed) || self.superseded(client, seq);
        if cancelled() {
            return self.why_cancelled();
        }
        let started = Instant::now();
        let n = scenario.replications as usize;
        let Some(base) = self.baseline(n, &cancelled) else {
            return self.why_cancelled();
        };
        let variant = if changes.is_empty() {
            base.clone()
        } else {
            let ids: Vec<u64> = (0..n as u64).collect();
            match self
                .pool
                .install(|| engine::run_until(&scenario, &ids, &ProgressBar::hidden(), &cancelled))
            {
                Some(v) => v,
                None => return self.why_cancelled(),
            }
        };
        Outcome::Done(Box::new(Comparison {
            scenario,
            changes,
            base,
            variant,
            seconds: started.elapsed().as_secs_f64(),
        }))
    }

    /// Stop: running and waiting simulations end before their next replication.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::Relaxed);
    }

    /// The first `n` baseline replications, running the ones not yet cached.
    fn baseline(&self, n: usize, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<RunResults> {
        let mut cached = self.baseline.lock().unwrap_or_else(|p| p.into_inner());
        let have = cached.rows.len();
        if have < n {
            let ids: Vec<u64> = (have as u64..n as u64).collect();
            let more = self
                .pool
                .install(|| engine::run_until(&self.base, &ids, &ProgressBar::hidden(), cancelled))?;
            cached.append(more);
        }
        Some(cached.first(n))
    }

    /// Note request `seq` of `client`; false if a newer one was already seen.
    fn register(&self, client: Option<&str>, seq: u64) -> bool {
        let Some(client) = client else {
            return true;
        };
        let mut latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
        if latest.get(client).is_some_and(|&newest| newest > seq) {
            return false;
        }
        if !latest.contains_key(client) && latest.len() >= MAX_CLIENTS {
            latest.pop_first();
        }
        latest.insert(client.to_string(), seq);
        true
    }

    fn superseded(&self, client: Option<&str>, seq: u64) -> bool {
        let Some(client) = client else {
            return false;
        };
        let latest = self.latest.lock().unwrap_or_else(|p| p.into_inner());
        latest.get(client).is_some_and(|&newest| newest > seq)
    }

    fn why_cancelled(&self) -> Outcome {
        if self.stopping.load(Ordering::Relaxed) {
            Outcome::Stopping
        } else {
            Outcome::Superseded
        }
    }
}

fn allowed_replications() -> String {
    format!("a whole number from 1 to {MAX_REPLICATIONS}")
}

fn check_replications(n: u32, option: &'static str) -> Result<()> {
    if (1..=MAX_REPLICATIONS).contains(&n) {
        return Ok(());
    }
    let (problem, allowed) = ("out of range", allowed_replications());
    if option == "replications" {
        Err(Error::invalid(Path::new(ORIGIN), "replications", n, problem, allowed))
    } else {
        Err(Error::Argument {
            option,
            value: n.to_string(),
            problem: problem.into(),
            allowed,
        })
    }
}
