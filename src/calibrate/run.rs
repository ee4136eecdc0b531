//! `calibrate`: fit a region's behavioural parameters (ABC-SMC), write the
//! fitted file, and check the fit against the targets with posterior draws.

use std::path::{Path, PathBuf};

use indicatif::ProgressBar;

use crate::calibrate::report::{self, TargetCheck};
use crate::calibrate::targets::Targets;
use crate::calibrate::validate::targets_for;
use crate::calibrate::{abc, fitted, learning, priors::Priors};
use crate::engine::{self, with_threads};
use crate::error::{Error, Result};
use crate::experiments::run::Execution;
use crate::input::scenario::Scenario;
use crate::progress;

/// Whether an existing fitted file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Keep,
    Replace,
}

impl Existing {
    /// From the `--replace` flag.
    pub fn replace_if(flag: bool) -> Existing {
        if flag { Existing::Replace } else { Existing::Keep }
    }
}

/// What `calibrate` needs.
#[derive(Debug, Clone)]
pub struct CalibrateOptions {
    /// The scenario whose region is fitted.
    pub scenario: PathBuf,
    /// Targets file (default: `calibration/targets/REGION.toml`).
    pub targets: Option<PathBuf>,
    /// Priors file (default: `calibration/priors/default.toml`).
    pub priors: Option<PathBuf>,
    /// Particles per generation.
    pub particles: usize,
    /// Generations after the prior generation (at most).
    pub generations: usize,
    /// Replications per particle.
    pub replications: u64,
    /// Replications of the fit report, with one posterior draw each.
    pub report_replications: u32,
    pub seed: u64,
    /// The fitted file (default: `calibration/fitted/REGION.toml`).
    pub out: Option<PathBuf>,
    pub existing: Existing,
    pub execution: Execution,
}

/// A finished fit.
#[derive(Debug)]
pub struct Calibration {
    /// The fitted file.
    pub fitted: PathBuf,
    /// The fit report (CSV) beside it.
    pub report: PathBuf,
    pub checks: Vec<TargetCheck>,
    /// What the targets taught about each fitted parameter.
    pub learning: Vec<learning::Learning>,
    /// Effective sample size of the weighted particles.
    pub effective_sample_size: f64,
    pub particles: usize,
    /// The posterior summary (CSV) beside the fitted file.
    pub posterior_report: PathBuf,
    pub parameters: usize,
    pub generations: u32,
    pub distance_median: f64,
    pub fit_seconds: f64,
}

impl std::fmt::Display for Calibration {
    /// The fit report, a line on the fit, and where the files are.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", report::render(&self.checks))?;
        writeln!(
            f,
            "\n{}",
            learning::render(&self.learning, self.effective_sample_size, self.particles)
        )?;
        writeln!(
            f,
            "\nFitted {} parameters in {:.0} s ({} generations, median distance {:.2}).",
            self.parameters, self.fit_seconds, self.generations, self.distance_median
        )?;
        write!(
            f,
            "Fit: {}\nReport: {}\nPosterior: {}",
            self.fitted.display(),
            self.report.display(),
            self.posterior_report.display()
        )
    }
}

/// The checked inputs of a fit.
struct Inputs {
    scenario: Scenario,
    targets: Targets,
    priors_path: PathBuf,
    priors: Priors,
    out: PathBuf,
}

/// Load → fit → write the fitted file → the fit report.
pub fn calibrate(opts: &CalibrateOptions) -> Result<Calibration> {
    let inputs = inputs(opts)?;
    let settings = abc::Settings {
        particles: opts.particles,
        generations: opts.generations,
        replications: opts.replications,
        seed: opts.seed,
        min_acceptance: 0.02,
    };
    let started = std::time::Instant::now();
    let progress = progress::bar(opts.execution.feedback, None, "calibrating", "simulations");
    let fit = with_threads(opts.execution.threads, || {
        abc::fit(&inputs.scenario, &inputs.targets, &inputs.priors, &settings, &progress)
    })?;
    progress.finish_and_clear();
    let fit_seconds = started.elapsed().as_secs_f64();
    let raw = fitted_file(opts, &inputs, &fit);
    fitted::write(&inputs.out, &raw)?;
    let learned = learning::learning(&raw, &inputs.priors);
    let ess = learning::effective_sample_size(&fit.weights);
    let posterior_report = inputs.out.with_extension("posterior.csv");
    learning::write_csv(&posterior_report, &learned, ess)?;

    // the fit report, with one posterior draw per replication
    let mut checked = Scenario::load(&opts.scenario, opts.execution.data_dir())?;
    let posterior = fitted::Posterior::load(&inputs.out)?;
    checked.replications = opts.report_replications.max(1);
    checked.seed = opts.seed;
    checked.use_posterior(posterior)?;
    let results = with_threads(opts.execution.threads, || engine::run(&checked, &ProgressBar::hidden()))?;
    let checks = report::check(&inputs.targets, &results);
    let csv = inputs.out.with_extension("fit.csv");
    report::write_csv(&csv, &checks)?;
    Ok(Calibration {
        fitted: inputs.out,
        report: csv,
        checks,
        learning: learned,
        effective_sample_size: ess,
        particles: fit.particles.len(),
        posterior_report,
        parameters: fit.parameters.len(),
        generations: raw.generations,
        distance_median: raw.distance_median,
        fit_seconds,
    })
}

/// The inputs, checked. The fit starts from the behaviour file, not from an earlier fit.
fn inputs(opts: &CalibrateOptions) -> Result<Inputs> {
    let mut scenario = Scenario::load(&opts.scenario, opts.execution.data_dir())?;
    scenario.use_defaults()?;
    scenario.seed = opts.seed;
    let targets = targets_for(&scenario, opts.targets.as_deref())?;
    let calibration = scenario.data_dir.join("calibration");
    let priors_path = opts
        .priors
        .clone()
        .unwrap_or_else(|| calibration.join("priors").join("default.toml"));
    let priors = Priors::load(&priors_path, &scenario)?;
    let out = opts
        .out
        .clone()
        .unwrap_or_else(|| calibration.join("fitted").join(format!("{}.toml", scenario.region.id)));
    if out.exists() && opts.existing == Existing::Keep {
        return Err(Error::FitExists { path: out });
    }
    for (option, value, ok) in [
        ("--particles", opts.particles as u64, opts.particles >= 10),
        ("--generations", opts.generations as u64, opts.generations <= 100),
        ("--replications", opts.replications, opts.replications >= 1),
    ] {
        if !ok {
            return Err(Error::Argument {
                option,
                value: value.to_string(),
                problem: "out of range".into(),
                allowed: "--particles ≥ 10, --generations ≤ 100, --replications ≥ 1".into(),
            });
        }
    }
    Ok(Inputs {
        scenario,
        targets,
        priors_path,
        priors,
        out,
    })
}

/// The fitted file's contents: the posterior particles, their summary and
/// the command that reproduces them (paths relative to the project folder).
fn fitted_file(opts: &CalibrateOptions, inputs: &Inputs, fit: &abc::Fit) -> fitted::RawFitted {
    let (point, sd) = fit.point_and_sd();
    let rel = |p: &Path| {
        let p = p.canonicalize().unwrap_or(p.to_path_buf());
        p.strip_prefix(&inputs.scenario.data_dir)
            .unwrap_or(&p)
            .display()
            .to_string()
    };
    let mut distances = fit.distances.clone();
    distances.sort_by(f64::total_cmp);
    let (scenario, targets, priors) = (rel(&opts.scenario), rel(&inputs.targets.path), rel(&inputs.priors_path));
    let command = format!(
        "cargo run --release -- calibrate {scenario} --targets {targets} --priors {priors} --particles {} --generations {} --replications {} --seed {} --replace",
        opts.particles, opts.generations, opts.replications, opts.seed
    );
    fitted::RawFitted {
        region: inputs.scenario.region.id.clone(),
        method: "abc-smc".into(),
        command,
        seed: opts.seed,
        scenario,
        targets,
        priors,
        particles: opts.particles as u32,
        generations: fit.epsilon.len() as u32 - 1,
        replications_per_particle: opts.replications as u32,
        epsilon: fit.epsilon.clone(),
        acceptance: fit.acceptance.clone(),
        distance_median: crate::summary::quantile_sorted(&distances, 0.5),
        distance_best: distances[0],
        parameters: fit.parameters.clone(),
        point,
        sd,
        particle: fit
            .particles
            .iter()
            .zip(&fit.weights)
            .zip(&fit.distances)
            .map(|((values, w), d)| fitted::RawParticle {
                weight: *w,
                distance: *d,
                values: values.clone(),
            })
            .collect(),
    }
}
