//! Option groups shared by several commands, each with one help text, and
//! their conversion into the library's settings.

use std::path::PathBuf;

use clap::Args;

use crate::experiments::run::Execution;
use crate::progress::Feedback;

/// How many futures to simulate, from which seed: every command that runs a scenario
/// (`serve` and `calibrate` have their own `--replications`, see there).
#[derive(Debug, Clone, Args)]
pub struct Sampling {
    /// Number of replications (simulated futures); overrides the scenario's `replications`
    /// (compare: the base scenario's, used for every scenario; eval: per row; break-even:
    /// per evaluation).
    #[arg(long, short = 'n', value_name = "N")]
    pub replications: Option<u32>,

    #[command(flatten)]
    pub seed: Seed,
}

/// `--seed`, shared by every command that runs a scenario.
#[derive(Debug, Clone, Args)]
pub struct Seed {
    /// Random seed; overrides the scenario's `seed` (compare, eval, break-even: the same seed
    /// for every scenario, row and evaluation). The same scenario and seed give the same
    /// output bytes, whatever the thread count.
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
}

/// `--fixed-parameters`: `run`, `compare`, `validate`.
#[derive(Debug, Clone, Args)]
pub struct FixedParameters {
    /// Use the fitted posterior's point estimate for every replication instead
    /// of one posterior draw per replication (no effect without a fitted file).
    #[arg(long)]
    pub fixed_parameters: bool,
}

impl Sampling {
    /// The library's sampling overrides, with how the parameters are used.
    pub fn with(&self, fixed: &FixedParameters) -> crate::experiments::run::Sampling {
        use crate::experiments::run::Parameters;
        let parameters = match fixed.fixed_parameters {
            true => Parameters::PointEstimate,
            false => Parameters::AsScenario,
        };
        let (replications, seed) = (self.replications, self.seed.seed);
        crate::experiments::run::Sampling {
            replications,
            seed,
            parameters,
        }
    }
}

/// `--report [LANG]`: also write report.html, as `detasim report` would (not
/// for shards: merge them first).
#[derive(Debug, Clone, Args)]
pub struct ReportOption {
    /// Also write report.html (as `detasim report`) in this language. A shard
    /// (`--shard`) gets none: report the folder `detasim merge` writes.
    #[arg(long = "report", value_enum, value_name = "LANG", num_args = 0..=1, default_missing_value = "nl")]
    pub lang: Option<crate::report::format::Lang>,
}

/// `--quiet`, which every command has.
#[derive(Debug, Clone, Args)]
pub struct Quiet {
    /// No progress bar; `run` and `calibrate` print no table, `serve` no line per update (errors are always printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Options every command that runs simulations has.
#[derive(Debug, Clone, Args)]
pub struct Common {
    #[command(flatten)]
    pub quiet: Quiet,

    /// Worker threads (default: RAYON_NUM_THREADS, else one per core). Results do not depend on it.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Folder holding `calibration/` (default: the nearest ancestor of the
    /// scenario file, or of the working directory, that has one).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

impl Common {
    /// The library's execution settings.
    pub fn execution(&self) -> Execution {
        let feedback = Feedback::from_quiet(self.quiet.quiet);
        let (data_dir, threads) = (self.data_dir.clone(), self.threads);
        Execution {
            data_dir,
            threads,
            feedback,
        }
    }
}

/// The nested design of `compare`: parameter draws × replications per draw.
#[derive(Debug, Args)]
pub struct Nesting {
    /// Parameter draws (plausible parameter worlds, common to every scenario), each run
    /// with --replications-per-draw replications: the comparison runs draws × that many
    /// replications (instead of --replications). Each difference's sign is tested across
    /// the draws (compare.csv: sign_robustness, decided_by, verdict). Default: the base's
    /// replications divided among draws of --replications-per-draw.
    #[arg(long, value_name = "D", conflicts_with = "replications")]
    pub draws: Option<u32>,

    /// Replications that share one parameter draw (1 to 1000); the rest of the spread
    /// within a draw is chance alone.
    #[arg(long, value_name = "K", default_value_t = crate::experiments::compare::Nesting::DEFAULT_PER_DRAW)]
    pub replications_per_draw: u32,
}

impl From<Nesting> for crate::experiments::compare::Nesting {
    fn from(args: Nesting) -> Self {
        Self {
            draws: args.draws,
            per_draw: args.replications_per_draw,
        }
    }
}
