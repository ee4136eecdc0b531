//! Running replications in parallel. Each replication has its own random
//! streams derived from the seed and its index, and results are collected in
//! replication order, so the output does not depend on the thread count.
//! Only one row of metrics per replication is kept in memory.

use std::time::Instant;

use indicatif::ProgressBar;
use rayon::prelude::*;

use crate::input::scenario::Scenario;
use crate::model::simulate;
use crate::observe::metrics::{MetricsObserver, ReplicationMetrics};
use crate::observe::trajectory::{TrajectoryObserver, TrajectoryRow};

/// Everything a run produced, before it is summarised and written.
#[derive(Debug, Clone)]
pub struct RunResults {
    /// Replication indices of the rows, in order (0..n for a whole run).
    pub replications: Vec<u64>,
    pub metric_names: Vec<String>,
    /// `rows[replication][metric]`.
    pub rows: Vec<Vec<f64>>,
    pub yearly_names: Vec<String>,
    pub years: Vec<i32>,
    /// `yearly_rows[replication][year * yearly_names.len() + metric]`.
    pub yearly_rows: Vec<Vec<f64>>,
    /// Life paths of the sample of persons in replication 0.
    pub trajectories: Vec<TrajectoryRow>,
    /// Person-months simulated, warm-up included.
    pub person_months: u64,
    pub threads: usize,
    pub wall_seconds: f64,
}

/// Run `scenario.replications` replications from `scenario.seed`, on the
/// current rayon pool. `progress` is advanced once per replication.
pub fn run(scenario: &Scenario, progress: &ProgressBar) -> RunResults {
    let all: Vec<u64> = (0..scenario.replications as u64).collect();
    run_replications(scenario, &all, progress)
}

/// Run the replications with the given indices (a shard of a run), in that order.
pub fn run_replications(scenario: &Scenario, replications: &[u64], progress: &ProgressBar) -> RunResults {
    run_until(scenario, replications, progress, &|| false).expect("a run that is never cancelled completes")
}

/// As [`run_replications`], but `cancelled` is asked before each replication
/// starts; once it says yes, no further replication starts and the result is
/// `None`. Used by `serve`, where a newer request supersedes an older one.
pub fn run_until(
    scenario: &Scenario,
    replications: &[u64],
    progress: &ProgressBar,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<RunResults> {
    let started = Instant::now();
    let results: Vec<(ReplicationMetrics, Vec<TrajectoryRow>, u64)> = replications
        .par_iter()
        .copied()
        .map(|r| {
            if cancelled() {
                return None;
            }
            // with a fitted posterior, each replication draws its own parameters (and region figures)
            let drawn = scenario.for_replication(r);
            let scenario = drawn.as_ref().unwrap_or(scenario);
            let metrics = MetricsObserver::new(scenario);
            let trajectories = (r == 0).then(|| TrajectoryObserver::new(scenario));
            let mut obs = (metrics, trajectories);
            let person_months = simulate(scenario, r, &mut obs);
            let (metrics, trajectories) = obs;
            let mut m = metrics.finish(scenario);
            if r != replications[0] {
                // the names are the same for every replication: keep one copy
                m.names = Vec::new();
                m.yearly_names = Vec::new();
            }
            progress.inc(1);
            Some((m, trajectories.map(|t| t.rows).unwrap_or_default(), person_months))
        })
        .collect::<Option<Vec<_>>>()?;
    let mut rows = Vec::with_capacity(results.len());
    let mut yearly_rows = Vec::with_capacity(results.len());
    let mut metric_names = Vec::new();
    let mut yearly_names = Vec::new();
    let mut years = Vec::new();
    let mut trajectories = Vec::new();
    let mut person_months = 0;
    for (m, t, pm) in results.into_iter() {
        if metric_names.is_empty() && !m.names.is_empty() {
            metric_names = m.names;
            yearly_names = m.yearly_names;
            years = m.years;
        }
        if !t.is_empty() {
            trajectories = t;
        }
        rows.push(m.values);
        yearly_rows.push(m.yearly);
        person_months += pm;
    }
    Some(RunResults {
        replications: replications.to_vec(),
        metric_names,
        rows,
        yearly_names,
        years,
        yearly_rows,
        trajectories,
        person_months,
        threads: rayon::current_num_threads(),
        wall_seconds: started.elapsed().as_secs_f64(),
    })
}

impl RunResults {
    /// The first `n` replications of these results (all of them if there are
    /// fewer). Replication `r` does not depend on how many replications a run
    /// has, so these rows equal those of a run of `n` replications
    /// (`person_months` and `wall_seconds` stay those of all of them).
    pub fn first(&self, n: usize) -> RunResults {
        let n = n.min(self.rows.len());
        RunResults {
            replications: self.replications[..n].to_vec(),
            rows: self.rows[..n].to_vec(),
            yearly_rows: self.yearly_rows[..n].to_vec(),
            ..self.clone_without_rows()
        }
    }

    /// Add the replications of `more`, which continue these (same scenario).
    pub fn append(&mut self, more: RunResults) {
        if self.metric_names.is_empty() {
            self.metric_names = more.metric_names;
            self.yearly_names = more.yearly_names;
            self.years = more.years;
        }
        if self.trajectories.is_empty() {
            self.trajectories = more.trajectories;
        }
        self.replications.extend(more.replications);
        self.rows.extend(more.rows);
        self.yearly_rows.extend(more.yearly_rows);
        self.person_months += more.person_months;
        self.wall_seconds += more.wall_seconds;
    }

    fn clone_without_rows(&self) -> RunResults {
        RunResults {
            replications: Vec::new(),
            metric_names: self.metric_names.clone(),
            rows: Vec::new(),
            yearly_names: self.yearly_names.clone(),
            years: self.years.clone(),
            yearly_rows: Vec::new(),
            trajectories: self.trajectories.clone(),
            person_months: self.person_months,
            threads: self.threads,
            wall_seconds: self.wall_seconds,
        }
    }
}

/// Run `f` on a pool of `threads` worker threads (`None`: the global pool,
/// RAYON_NUM_THREADS or one per core). Results never depend on the count.
pub fn with_threads<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> crate::error::Result<T> {
    match threads {
        Some(0) => Err(crate::error::Error::Argument {
            option: "--threads",
            value: "0".into(),
            problem: "no threads".into(),
            allowed: "a whole number from 1".into(),
        }),
        Some(n) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("thread pool")
            .install(f)),
        None => Ok(f()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_threads_is_refused_and_a_count_is_used() {
        let e = with_threads(Some(0), || ()).unwrap_err().to_string();
        assert!(e.contains("--threads"), "{e}");
        assert_eq!(with_threads(Some(3), rayon::current_num_threads).unwrap(), 3);
    }
}
