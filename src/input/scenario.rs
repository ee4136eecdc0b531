//! Scenarios: the policy levers, the region, the rules regime and the run
//! settings. Read in two stages: [`RawScenario`] mirrors the TOML and rejects
//! unknown keys; [`Scenario`] is validated and is all the model ever sees.
//!
//! A scenario may `extends = "other.toml"` and give only its differences. It
//! may override any single legal value under `[legal]`, any behavioural
//! parameter under `[behaviour]` and any region figure under `[region_data]`,
//! using the same keys as those data files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize};
use toml::Table;

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::input::behaviour::{Behaviour, RawBehaviour};
use crate::input::figure::Check;
use crate::input::fitted::Posterior;
use crate::input::legal::{Legal, RawLegal, Regime};
use crate::input::params::lever_parameters;
use crate::input::priors::{Prior, Priors};
use crate::input::region::{RawRegion, Region};
use crate::input::toml_layers::{Layers, deserialize_table, lookup, overlay_data, read_table, read_with_extends};

/// On or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Switch {
    On,
    Off,
}

/// The caseload segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Segment {
    /// No work limitation, loonwaarde 1.0.
    Ready = 0,
    /// In the doelgroepregister: cannot earn the minimum wage on their own.
    Banenafspraak = 1,
    /// Indication for sheltered work.
    Beschut = 2,
}

/// An employer's social-partnership category A–E (docs/sources.md#seed-001,
/// werkbedrijf X's classification: A = proven social employer with suitable
/// work … E = one-off passer-by). Written `"a"` … `"e"` in a scenario; the
/// discriminant is the index into [`crate::model::employer::CATEGORIES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EmployerCategory {
    A = 0,
    B = 1,
    C = 2,
    D = 3,
    E = 4,
}

/// The werkbedrijf's employment contract for detached workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContractPolicy {
    /// Temporary: the employment contract lasts as long as the detachering.
    MatchPlacement,
    /// Structural: the contract continues after a placement ends; the person is re-placed.
    Permanent,
}

/// What a temporary (`match-placement`) werkbedrijf contract says about a
/// placement that the inlener ends before the contract's end date
/// (docs/ODD.md §7.15; docs/sources.md#legal-5). No effect on `permanent`
/// contracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ContractClause {
    /// A fixed-term contract without an early-termination clause: it cannot
    /// be ended before its end date (art. 7:667 lid 3 BW), so the person stays
    /// employed and idle (leegloop, wage owed) until then and may be re-placed.
    FixedTerm,
    /// An uitzendbeding (art. 7:691 BW): the contract ends when the placement ends.
    Agency,
}

/// How the fee (inleenvergoeding) is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeeBasis {
    /// `fee_level × w × c_alt × m(t)`.
    Market,
    /// `(hourly wage cost + coaching + overhead − LKS per hour) × (1 + fee_margin)`.
    CostPrice,
    /// `fee_eur_per_hour`.
    Fixed,
}

/// Who pays the jobcoach during a detachering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Payer {
    Municipality,
    Werkbedrijf,
}

/// Where a scenario's behavioural parameters come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterSource {
    /// The region's fitted posterior, if there is one.
    Fitted,
    /// `calibration/behaviour/default.toml` as it is.
    Defaults,
}

/// How the replications of a run use the behavioural parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ParameterMode {
    /// Each replication draws its own parameter set from the posterior.
    PosteriorDraws,
    /// Every replication uses the posterior's point estimate.
    PointEstimate,
    /// No fit is used: the behaviour file's values.
    Defaults,
}

/// A number of months, or no limit (`"none"` in TOML).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Limit {
    Months(u32),
    None,
}

impl Limit {
    /// The limit in months, or `none` (as a number) when there is none.
    pub fn months_or(self, none: f64) -> f64 {
        match self {
            Limit::Months(m) => m as f64,
            Limit::None => none,
        }
    }
}

impl<'de> Deserialize<'de> for Limit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Limit;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number of months or \"none\"")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<Limit, E> {
                u32::try_from(v)
                    .map(Limit::Months)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<Limit, E> {
                u32::try_from(v)
                    .map(Limit::Months)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Limit, E> {
                if v == "none" {
                    Ok(Limit::None)
                } else {
                    Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: String,
    pub description: String,
    pub region: String,
    pub regime: Regime,
    pub start: String,
    pub horizon_years: u32,
    pub warmup_years: u32,
    pub seed: u64,
    pub replications: u32,
    /// Replications that share one draw of the behavioural parameters (the
    /// nested design of `compare`): replication `r` uses draw `r / this`.
    #[serde(default = "one")]
    pub replications_per_draw: u32,
    /// Priors of region assumptions, relative to the folder holding
    /// `calibration/`: drawn with each parameter draw ([`crate::input::region_priors`]).
    #[serde(default)]
    pub region_priors: Option<String>,
    pub trajectory_persons: u32,
    pub economy: RawEconomy,
    pub municipality: RawMunicipalityPolicy,
    /// Levers of every werkbedrijf in the region (checked per werkbedrijf).
    pub werkbedrijf: Table,
    /// Per werkbedrijf id: levers that differ from `[werkbedrijf]`.
    #[serde(default)]
    pub werkbedrijf_overrides: BTreeMap<String, Table>,
    /// Overrides of `calibration/legal/nl.toml`.
    #[serde(default)]
    pub legal: Table,
    /// Overrides of `calibration/behaviour/default.toml`.
    #[serde(default)]
    pub behaviour: Table,
    /// Where behavioural parameters come from: `"fitted"` (default: the
    /// region's `calibration/fitted/<region>.toml` when it exists, one
    /// posterior draw per replication) or `"defaults"` (the behaviour file).
    #[serde(default)]
    pub parameters: Option<ParameterSource>,
    /// Overrides of `calibration/regions/<region>.toml`.
    #[serde(default)]
    pub region_data: Table,
}

lever_parameters! {
    /// The raw `[economy]` table.
    raw RawEconomy;
    /// The business cycle and demand shocks.
    validated Economy;
    specs ECONOMY_LEVERS;
    section "economy", context horizon_months: u32;
    cycle_amplitude: real(0.0, 0.9), "share of normal demand", "amplitude of the business cycle";
    cycle_months: whole(2.0, 1200.0), "months", "period of the business cycle";
    #[serde(default)]
    shocks: list(RawShock, Shock, SHOCK_LEVERS, horizon_months), "", "demand shocks";
}

lever_parameters! {
    /// The raw `[[economy.shocks]]` element.
    raw RawShock;
    /// A demand shock.
    validated Shock;
    specs SHOCK_LEVERS;
    section "economy.shocks.<i>", context horizon_months: u32;
    start_month: whole(1.0, horizon_months as f64), "month",
        "first month of the shock: 1 = the first reported month; `horizon_months` = 12 × `horizon_years`";
    months: whole(1.0, 1200.0), "months", "length of the shock";
    factor: real(0.0, 3.0), "multiple of normal demand",
        "multiplies the openings in those months; ending hazards rise inversely";
}

impl Shock {
    /// The shock's first month as an index from 0 at `start`.
    pub fn first_month_index(&self) -> u32 {
        self.start_month - 1
    }
}

lever_parameters! {
    /// The raw `[werkbedrijf]` table (and, merged on it, a `[werkbedrijf_overrides.<id>]`).
    raw RawWerkbedrijfPolicy;
    /// Every lever of one werkbedrijf (docs/ODD.md §2.4).
    validated WerkbedrijfPolicy;
    specs WERKBEDRIJF_LEVERS;
    section "werkbedrijf";
    detachering: choice(Switch, "`\"on\"`, `\"off\"`"), "", "facility on or off";
    eligible_segments: set(Segment, 3, "`\"ready\"`, `\"banenafspraak\"`, `\"beschut\"`"), "",
        "who may be detached";
    employer_categories: set(EmployerCategory, 5, "`\"a\"`, `\"b\"`, `\"c\"`, `\"d\"`, `\"e\"`"), "",
        "the employer categories it detaches to, as the werkbedrijf knows them (the stated category until a detachering there has ended, docs/ODD.md §7.29)";
    loonwaarde_min: real(0.0, 1.0), "", "lower end of the eligible loonwaarde band";
    loonwaarde_max: real(loonwaarde_min, 1.0), "", "upper end of the eligible loonwaarde band";
    contract: choice(ContractPolicy, "`\"match-placement\"`, `\"permanent\"`"), "",
        "`match-placement`: the contract lasts as long as the placement; `permanent`: it continues, the person is idle and re-placed";
    contract_clause: choice(ContractClause, "`\"fixed-term\"`, `\"agency\"`"), "",
        "`match-placement` only: when the inlener ends a placement early, `fixed-term` keeps the person employed and idle until the contract's end date (art. 7:667 lid 3 BW), `agency` (uitzendbeding, art. 7:691 BW) ends the contract with the placement";
    initial_period_months: whole(1.0, 600.0), "months", "first placement period";
    extension_months: whole(1.0, 600.0), "months", "each extension";
    max_duration_months: limit(initial_period_months as f64, 600.0), "months",
        "maximum length of one detachering";
    min_duration_months: whole(0.0, max_duration_months.months_or(600.0)), "months", "no early end before this";
    minimum_hours_per_week: real(0.0, 40.0), "hours per week", "persons who cannot work this much are not detached";
    cao_factor: real(1.0, 3.0), "multiple of the minimum wage", "wage of a detached worker";
    beschut_revenue_eur_per_month: real(0.0, 20_000.0), "EUR per month",
        "revenue of a beschut worker's internal work";
    fee: table(RawFee, FeePolicy, FEE_LEVERS), "", "the fee schedule";
    coaching: table(RawCoaching, CoachingPolicy, COACHING_LEVERS), "", "jobcoaching";
    idle: table(RawIdle, IdlePolicy, IDLE_LEVERS), "", "what idle staff do";
    overhead: table(RawOverhead, OverheadPolicy, OVERHEAD_LEVERS), "", "overhead";
    continuation: table(RawContinuation, ContinuationPolicy, CONTINUATION_LEVERS), "",
        "stopping new detacheringen after years of deficit";
}

lever_parameters! {
    /// The raw `[municipality]` table.
    raw RawMunicipalityPolicy;
    /// The municipality's levers.
    validated MunicipalityPolicy;
    specs MUNICIPALITY_LEVERS;
    section "municipality";
    trajectory_share: real(0.0, 1.0), "share",
        "persons on bijstand in an unpaid trajectory";
    trajectory_cost_eur_per_month: real(0.0, 10_000.0), "EUR per person-month", "cost of a trajectory";
    lks_flat_start: choice(Switch, "`\"on\"`, `\"off\"`"), "",
        "`\"on\"`: the lump-sum 50% LKS for the first 6 months";
    placement_subsidy_eur: real(0.0, 100_000.0), "EUR", "one-off subsidy per direct placement with LKS";
    beschut_detached_share: real(0.0, 1.0), "share", "beschut workers placed at regular employers";
}

lever_parameters! {
    /// The raw `[werkbedrijf.fee]` table.
    raw RawFee;
    /// The fee schedule of a werkbedrijf.
    validated FeePolicy;
    specs FEE_LEVERS;
    section "werkbedrijf.fee";
    basis: choice(FeeBasis, "`\"market\"`, `\"cost-price\"`, `\"fixed\"`"), "",
        "how the fee is set: `market` = `level × w × c_alt × m(t)`, `cost-price` = `(hourly cost − LKS per hour) × (1 + margin)`, `fixed` = `eur_per_hour`";
    level: real(0.0, 3.0), "multiple of the value of the work", "fee level of the market basis";
    margin: real(-0.9, 2.0), "share of cost minus LKS", "margin of the cost-price basis";
    eur_per_hour: real(0.0, 500.0), "EUR per hour", "fee of the fixed basis";
    rise_step: real(0.0, 1.0), "share",
        "rising schedule: the fee × `min(rise_cap, (1 + rise_step)^floor(k / rise_every_months))` in month `k` of a detachering";
    rise_every_months: whole(1.0, 600.0), "months", "months between two rises";
    rise_cap: real(1.0, 10.0), "multiple of the starting fee", "cap of the rising schedule";
}

lever_parameters! {
    /// The raw `[werkbedrijf.coaching]` table.
    raw RawCoaching;
    /// Jobcoaching of detached workers.
    validated CoachingPolicy;
    specs COACHING_LEVERS;
    section "werkbedrijf.coaching";
    hours_per_month: real(0.0, 200.0), "hours per month", "jobcoaching during a detachering";
    months: whole(0.0, 600.0), "months", "length of the jobcoaching programme of a detachering (it continues after a conversion)";
    handover_months: whole(0.0, months as f64), "months", "linear taper of coaching to the employer at the end";
    aftercare_months: whole(0.0, 600.0), "months", "after-care after a conversion, once the programme has ended, paid by the municipality";
    eur_per_hour: real(0.0, 1000.0), "EUR per hour", "hourly cost of coaching";
    payer: choice(Payer, "`\"municipality\"`, `\"werkbedrijf\"`"), "", "who pays the jobcoach during a detachering";
}

lever_parameters! {
    /// The raw `[werkbedrijf.idle]` table.
    raw RawIdle;
    /// What idle staff of a werkbedrijf do.
    validated IdlePolicy;
    specs IDLE_LEVERS;
    section "werkbedrijf.idle";
    internal_work: choice(Switch, "`\"on\"`, `\"off\"`"), "", "idle staff do internal work (keeps readiness)";
    internal_work_cost_eur_per_month: real(0.0, 20_000.0), "EUR per idle person-month", "cost of internal work";
    internal_work_revenue_eur_per_month: real(0.0, 20_000.0), "EUR per idle person-month",
        "revenue of internal work";
    replacement_priority: real(0.0, 10.0), "weight", "extra weight of idle staff in candidate draws";
}

lever_parameters! {
    /// The raw `[werkbedrijf.overhead]` table.
    raw RawOverhead;
    /// A werkbedrijf's overhead.
    validated OverheadPolicy;
    specs OVERHEAD_LEVERS;
    section "werkbedrijf.overhead";
    eur_per_fte_month: real(0.0, 100_000.0), "EUR per FTE-month", "variable overhead";
    eur_per_year: real(0.0, 1.0e9), "EUR per year", "fixed overhead";
}

lever_parameters! {
    /// The raw `[werkbedrijf.continuation]` table.
    raw RawContinuation;
    /// Whether a werkbedrijf keeps its detachering facility going after
    /// deficits (docs/ODD.md §7.30).
    validated ContinuationPolicy;
    specs CONTINUATION_LEVERS;
    section "werkbedrijf.continuation";
    stop_on_deficit: choice(Switch, "`\"on\"`, `\"off\"`"), "",
        "`\"on\"`: the werkbedrijf stops starting detacheringen after `deficit_years` consecutive years in which its detachering line lost more than `deficit_threshold_eur_per_year`";
    deficit_threshold_eur_per_year: real(0.0, 1.0e9), "EUR per year",
        "a year counts when the detachering line's result is below minus this";
    deficit_years: whole(1.0, 30.0), "years", "consecutive deficit years after which it stops";
}

/// A validated scenario with its region, rules and behaviour resolved: the
/// values the model reads, and beside them ([`Scenario::provenance`]) where
/// they came from, which the model never reads.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    pub path: PathBuf,
    pub data_dir: PathBuf,
    pub region: Region,
    pub legal: Legal,
    pub behaviour: Behaviour,
    pub start: YearMonth,
    pub horizon_months: u32,
    /// Months simulated before `start` to build up placements and histories; not reported.
    pub warmup_months: u32,
    pub seed: u64,
    pub replications: u32,
    /// Replications per parameter draw: replication `r` uses draw
    /// `r / replications_per_draw` ([`Scenario::draw_of`]).
    pub replications_per_draw: u32,
    pub trajectory_persons: u32,
    pub economy: Economy,
    pub municipality: MunicipalityPolicy,
    /// One per werkbedrijf of the region, in the region's order.
    pub werkbedrijven: Vec<WerkbedrijfPolicy>,
    /// Where the values came from: for manifests, reruns, variants and
    /// parameter draws; not model input.
    pub provenance: Provenance,
}

/// Where a scenario's values came from: the merged input tables, the
/// behaviour layers to rebuild behaviour with other parameter values, and
/// the fit. Manifests, sweeps, `serve` and calibration read it; the model
/// reads only the validated values of [`Scenario`].
#[derive(Debug, Clone)]
pub struct Provenance {
    /// The merged scenario table (after `extends`), for the manifest and reruns.
    pub resolved: Arc<Table>,
    /// The merged data tables (legal, behaviour, region) after overrides.
    pub resolved_data: Arc<Table>,
    /// The behaviour file and the scenario's overrides of it.
    pub behaviour_layers: Arc<Layers>,
    /// The region's fitted posterior, when the scenario uses it.
    pub posterior: Option<Arc<Posterior>>,
    /// The behaviour file with the scenario's overrides, deserialised once.
    pub behaviour_raw: Arc<RawBehaviour>,
    /// The `section.key` paths the scenario itself sets under `[behaviour]`.
    pub behaviour_overridden: Arc<Vec<String>>,
    /// The parameters with a prior that the fit leaves out (and the scenario
    /// does not set): drawn from their prior range with each posterior draw.
    pub drawn_from_prior: Arc<Vec<Prior>>,
    /// The region profile and the scenario's overrides of it, to rebuild the
    /// region with drawn figures.
    pub region_layers: Arc<Layers>,
    /// The region figures and compositions drawn with each parameter draw
    /// (`region_data.<path>`), from the scenario's `region_priors`; empty without.
    pub region_drawn: Arc<crate::input::region_priors::RegionPriors>,
    pub parameter_mode: ParameterMode,
}

/// Find the folder that holds `calibration/`: `data_dir` if given, else the
/// nearest ancestor of a scenario file in the `extends` chain (most specific
/// first), or of the working directory, that has one.
pub fn find_data_dir(scenario_files: &[&Path], data_dir: Option<&Path>) -> Result<PathBuf> {
    if let Some(d) = data_dir {
        if !d.join("calibration").is_dir() {
            return Err(Error::Read {
                path: d.join("calibration"),
                what: "the data folder",
                hint: Some("--data-dir names the folder that holds calibration/".into()),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no calibration/ folder there"),
            });
        }
        return Ok(d.to_path_buf());
    }
    let starts = scenario_files
        .iter()
        .filter_map(|f| f.canonicalize().ok().and_then(|p| p.parent().map(Path::to_path_buf)));
    let candidates = starts.chain(std::env::current_dir().ok());
    for dir in candidates {
        for a in dir.ancestors() {
            if a.join("calibration").join("legal").is_dir() {
                return Ok(a.to_path_buf());
            }
        }
    }
    Err(Error::Read {
        path: PathBuf::from("calibration"),
        what: "the data folder",
        hint: Some("run from the project folder, or give --data-dir".into()),
        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no calibration/ folder found"),
    })
}

/// Build data layers: the data file at the bottom, then each scenario file's
/// override table for `section`, most specific first.
fn data_layers(base_path: PathBuf, base: Table, scenario: &Layers, section: &str) -> Layers {
    let mut merged = base.clone();
    let mut files = Vec::new();
    for (path, table) in &scenario.files {
        if let Some(toml::Value::Table(over)) = table.get(section) {
            files.push((path.clone(), over.clone()));
        }
    }
    for (path, over) in files.iter().rev() {
        overlay_data(&mut merged, over, &format!("scenario override in {}", path.display()));
    }
    files.push((base_path, base));
    Layers {
        merged,
        files,
        override_section: Some(section.to_string()),
    }
}

impl Scenario {
    /// Read, merge and validate a scenario file and the data it names.
    pub fn load(path: &Path, data_dir: Option<&Path>) -> Result<Scenario> {
        Scenario::load_with(path, data_dir, None)
    }

    /// As [`Scenario::load`], with `extra` values (e.g. a sweep's design
    /// point, named after the file that set them) on top of the scenario file.
    pub fn load_with(path: &Path, data_dir: Option<&Path>, extra: Option<(PathBuf, Table)>) -> Result<Scenario> {
        Scenario::from_layers(read_with_extends(path, "the scenario")?, data_dir, extra)
    }

    /// The scenario files as read ([`read_with_extends`]), for
    /// [`Scenario::from_layers`]: `serve` keeps them, so every variant is
    /// built on the scenario as it was when the baseline ran, even if the
    /// file is edited meanwhile.
    pub fn read_layers(path: &Path) -> Result<Layers> {
        read_with_extends(path, "the scenario")
    }

    /// As [`Scenario::load_with`], from scenario files already read.
    pub fn from_layers(
        mut layers: Layers,
        data_dir: Option<&Path>,
        extra: Option<(PathBuf, Table)>,
    ) -> Result<Scenario> {
        // the scenario's own file: the most specific one read
        let path = layers.files[0].0.clone();
        if let Some((origin, table)) = extra {
            crate::input::toml_layers::merge_plain(&mut layers.merged, &table);
            layers.files.insert(0, (origin, table));
        }
        let raw: RawScenario = layers.deserialize()?;
        let chain: Vec<&Path> = layers.files.iter().map(|(p, _)| p.as_path()).collect();
        let data_dir = find_data_dir(&chain, data_dir)?;
        let c = &Check::new(&layers);

        let start = run_settings(&raw, c)?;
        let horizon_months = raw.horizon_years * 12;
        let (region, region_layers) = load_region(&raw, &layers, &data_dir, c)?;
        let first_month = start.plus(-(raw.warmup_years as i32 * 12));
        let (legal, legal_layers) = load_legal(&raw, &layers, &data_dir, first_month)?;
        let (behaviour, raw_behaviour, behaviour_layers) = load_behaviour(&layers, &data_dir)?;
        let posterior = load_posterior(&raw, &data_dir)?;
        let economy = validate_economy(&raw.economy, c, horizon_months)?;
        let municipality = validate_municipality(&raw.municipality, c)?;
        let werkbedrijven = validate_werkbedrijven(&raw, &region, &layers, c)?;

        let resolved_data = resolved_data(&legal_layers, &behaviour_layers, posterior.as_ref(), &region_layers);
        let mut scenario = Scenario {
            name: raw.name.clone(),
            description: raw.description.clone(),
            path,
            data_dir,
            region,
            legal,
            behaviour,
            start,
            horizon_months,
            warmup_months: raw.warmup_years * 12,
            seed: raw.seed,
            replications: raw.replications,
            replications_per_draw: raw.replications_per_draw,
            trajectory_persons: raw.trajectory_persons,
            economy,
            municipality,
            werkbedrijven,
            provenance: Provenance {
                resolved: Arc::new(layers.merged.clone()),
                resolved_data: Arc::new(resolved_data),
                behaviour_overridden: Arc::new(overridden_paths(&behaviour_layers)),
                behaviour_layers: Arc::new(behaviour_layers),
                posterior: None,
                behaviour_raw: Arc::new(raw_behaviour),
                drawn_from_prior: Arc::new(Vec::new()),
                region_layers: Arc::new(region_layers),
                region_drawn: Arc::new(Default::default()),
                parameter_mode: ParameterMode::Defaults,
            },
        };
        if let Some(file) = &raw.region_priors {
            scenario.draw_region_from(&scenario.data_dir.join(file))?;
        }
        if let Some(p) = posterior {
            let priors_path = scenario.data_dir.join(&p.raw.priors);
            let fitted_path = p.path.clone();
            scenario.use_posterior(p)?;
            if !priors_path.is_file() {
                return Err(Error::invalid(
                    &fitted_path,
                    "priors",
                    format!("\"{}\"", priors_path.display()),
                    "the fit's priors file is missing: the parameters the fit leaves out are drawn from it",
                    "the path, relative to the folder holding calibration/, of the priors the fit used",
                ));
            }
            let priors = Priors::load(&priors_path, &scenario)?;
            scenario.draw_unfitted_from(&priors)?;
        }
        Ok(scenario)
    }

    /// Take behavioural parameters from a fitted posterior: the point estimate
    /// becomes [`Scenario::behaviour`], each replication draws a particle, and
    /// values the scenario sets under `[behaviour]` still win. Every particle
    /// is checked here, so a broken fitted file is an error at load.
    pub fn use_posterior(&mut self, posterior: Posterior) -> Result<()> {
        let path = posterior.path.clone();
        self.behaviour = self
            .behaviour_from(&posterior.parameters, &posterior.point, Precedence::ScenarioWins)
            .map_err(|e| fitted_error(&path, e))?;
        for values in &posterior.particles {
            self.behaviour_from(&posterior.parameters, values, Precedence::ScenarioWins)
                .map_err(|e| fitted_error(&path, e))?;
        }
        self.provenance.posterior = Some(Arc::new(posterior));
        self.provenance.parameter_mode = ParameterMode::PosteriorDraws;
        Ok(())
    }

    /// The validated behaviour with `values` at `section.key` paths set on the
    /// behaviour file and the scenario's overrides, without going through TOML.
    pub fn behaviour_from(&self, paths: &[String], values: &[f64], precedence: Precedence) -> Result<Behaviour> {
        let mut raw = (*self.provenance.behaviour_raw).clone();
        for (path, v) in paths.iter().zip(values) {
            if precedence == Precedence::ScenarioWins && self.provenance.behaviour_overridden.contains(path) {
                continue;
            }
            let Some(figure) = raw.figure_mut(path) else {
                return Err(Error::invalid(
                    &self.provenance.behaviour_layers.files[self.provenance.behaviour_layers.files.len() - 1].0,
                    path.as_str(),
                    v,
                    "no such behavioural parameter",
                    "a `section.key` of calibration/behaviour/default.toml",
                ));
            };
            figure.value = *v;
        }
        Behaviour::validate(&raw, &Check::new(&self.provenance.behaviour_layers))
    }

    /// Use the behaviour file's values and the scenario's overrides, without a fit.
    pub fn use_defaults(&mut self) -> Result<()> {
        self.behaviour = behaviour_with(&self.provenance.behaviour_layers, &[], Precedence::ScenarioWins)?;
        self.provenance.posterior = None;
        self.provenance.parameter_mode = ParameterMode::Defaults;
        Ok(())
    }

    /// Use the posterior's point estimate for every replication (`--fixed-parameters`).
    pub fn fix_parameters(&mut self) {
        if self.provenance.posterior.is_some() {
            self.provenance.parameter_mode = ParameterMode::PointEstimate;
        }
    }

    /// Carry the uncertainty of the parameters the fit leaves out: every
    /// parameter of `priors` that is not in the posterior and that the
    /// scenario does not set is drawn from its prior range with each
    /// posterior draw ([`Scenario::parameter_draw`]; docs/ODD.md §10). The
    /// behaviour must accept all of them at their minimum and all at their
    /// maximum (with the point estimate), which catches a range that breaks
    /// a joint bound such as `quality_base + quality_readiness ≤ 1`.
    pub fn draw_unfitted_from(&mut self, priors: &Priors) -> Result<()> {
        let fitted = self
            .provenance
            .posterior
            .as_ref()
            .map(|p| p.parameters.clone())
            .unwrap_or_default();
        let overridden = &self.provenance.behaviour_overridden;
        let drawn: Vec<Prior> = priors
            .items
            .iter()
            .chain(&priors.fixed)
            .filter(|p| !fitted.contains(&p.path) && !overridden.contains(&p.path))
            .cloned()
            .collect();
        let point = self
            .provenance
            .posterior
            .as_ref()
            .map(|p| p.point.clone())
            .unwrap_or_default();
        for end in [Prior::lowest, Prior::highest] {
            let mut paths = fitted.clone();
            let mut values = point.clone();
            for p in &drawn {
                paths.push(p.path.clone());
                values.push(end(p));
            }
            if let Err(e) = self.behaviour_from(&paths, &values, Precedence::ScenarioWins) {
                return Err(Error::invalid(
                    &priors.path,
                    "parameters",
                    "every parameter the fit leaves out at its min (or max)",
                    format!("the behaviour file rejects these values: {e}"),
                    "prior ranges within what calibration/behaviour/default.toml allows",
                ));
            }
        }
        let list = drawn.iter().map(|p| toml::Value::String(p.path.clone())).collect();
        let data = Arc::make_mut(&mut self.provenance.resolved_data);
        if let Some(toml::Value::Table(fit)) = data.get_mut("fitted") {
            fit.insert("drawn_from_prior".into(), toml::Value::Array(list));
            fit.insert("priors".into(), toml::Value::String(priors.path.display().to_string()));
        }
        self.provenance.drawn_from_prior = Arc::new(drawn);
        Ok(())
    }

    /// The parameter draw that replication `replication` uses: draws are
    /// shared by `replications_per_draw` consecutive replications (the
    /// nested design), and by every scenario run with the same seed.
    pub fn draw_of(&self, replication: u64) -> u64 {
        replication / u64::from(self.replications_per_draw.max(1))
    }

    /// Draw `draw` of the uncertain behavioural parameters, as
    /// `(section.key, value)`, in [`ParameterMode::PosteriorDraws`] (`None`
    /// otherwise): one joint draw from the draw's own stream — a posterior
    /// particle picked by weight, then each parameter the fit leaves out
    /// ([`Provenance::drawn_from_prior`]) uniformly in its prior's coordinate
    /// (`x`, or `ln x` for a log-uniform prior), rounded for a whole-number
    /// parameter. The values the scenario sets under `[behaviour]` are not
    /// replaced ([`Precedence::ScenarioWins`]).
    pub fn parameter_draw(&self, draw: u64) -> Option<Vec<(String, f64)>> {
        let posterior = self.provenance.posterior.as_ref()?;
        if self.provenance.parameter_mode != ParameterMode::PosteriorDraws {
            return None;
        }
        let mut rng = crate::rng::stream(self.seed, draw, crate::rng::Purpose::Parameters);
        let u: f64 = rand::RngExt::random(&mut rng);
        let particle = &posterior.particles[posterior.pick(u)];
        let mut values: Vec<(String, f64)> = posterior
            .parameters
            .iter()
            .cloned()
            .zip(particle.iter().copied())
            .collect();
        values.extend(crate::input::priors::draw(&self.provenance.drawn_from_prior, &mut rng));
        values.extend(self.provenance.region_drawn.draw(&mut rng));
        Some(values)
    }

    /// Draw the region figures of the priors file at `path` with every
    /// parameter draw ([`crate::input::region_priors`]); recorded in the
    /// resolved data under `region_priors`.
    fn draw_region_from(&mut self, path: &Path) -> Result<()> {
        use crate::input::region_priors;
        let layers = &self.provenance.region_layers;
        let overridden = region_priors::overridden(layers);
        let drawn = region_priors::load(path, layers, &self.region.id, &overridden)?;
        let mut record = Table::new();
        record.insert("file".into(), toml::Value::String(path.display().to_string()));
        record.insert(
            "drawn".into(),
            toml::Value::Array(drawn.paths().into_iter().map(toml::Value::String).collect()),
        );
        Arc::make_mut(&mut self.provenance.resolved_data).insert("region_priors".into(), toml::Value::Table(record));
        self.provenance.region_drawn = Arc::new(drawn);
        Ok(())
    }

    /// This scenario as replication `replication` runs it, when that differs
    /// from `self`: the behaviour and region figures of its parameter draw.
    pub fn for_replication(&self, replication: u64) -> Option<Scenario> {
        let values = self.parameter_draw(self.draw_of(replication))?;
        let prefix = crate::input::region_priors::PREFIX;
        let (region, behaviour): (Vec<_>, Vec<_>) = values.into_iter().partition(|(p, _)| p.starts_with(prefix));
        let (paths, numbers): (Vec<String>, Vec<f64>) = behaviour.into_iter().unzip();
        let mut s = self.clone();
        s.behaviour = self
            .behaviour_from(&paths, &numbers, Precedence::ScenarioWins)
            .expect("the posterior's particles and the priors' corners were validated at load");
        if !region.is_empty() {
            s.region =
                crate::input::region_priors::region_with(&self.provenance.region_layers, &region, &self.region.id)
                    .expect("every corner of the region priors was validated at load");
        }
        Some(s)
    }

    /// The behaviour replication `replication` uses when it differs from
    /// [`Scenario::behaviour`]: its parameter draw ([`Scenario::parameter_draw`]
    /// of [`Scenario::draw_of`]).
    pub fn behaviour_for_replication(&self, replication: u64) -> Option<Behaviour> {
        self.for_replication(replication).map(|s| s.behaviour)
    }

    /// This scenario with another validated behaviour.
    pub fn with_behaviour(&self, behaviour: Behaviour) -> Scenario {
        let mut s = self.clone();
        s.behaviour = behaviour;
        s
    }

    /// This scenario with other behavioural parameters (by `section.key` path).
    pub fn with_parameters(&self, values: &[(String, f64)], precedence: Precedence) -> Result<Scenario> {
        let (paths, numbers): (Vec<String>, Vec<f64>) = values.iter().cloned().unzip();
        let mut s = self.clone();
        s.behaviour = self.behaviour_from(&paths, &numbers, precedence)?;
        Ok(s)
    }

    /// The last simulated month.
    pub fn end(&self) -> YearMonth {
        self.start.plus(self.horizon_months as i32 - 1)
    }

    /// Number of calendar years touched by the run (yearly outputs).
    pub fn years(&self) -> Vec<i32> {
        (self.start.year()..=self.end().year()).collect()
    }
}

/// The run settings' checks, in the order a scenario file lists them; the
/// first reported month.
fn run_settings(raw: &RawScenario, c: &Check) -> Result<YearMonth> {
    let start = YearMonth::parse(&raw.start).ok_or_else(|| {
        c.error(
            "start",
            format!("\"{}\"", raw.start),
            "not a month",
            "a month written YYYY-MM, e.g. \"2026-01\"",
        )
    })?;
    c.range("horizon_years", raw.horizon_years as f64, 1.0, 30.0)?;
    c.range("warmup_years", raw.warmup_years as f64, 0.0, 10.0)?;
    c.range("replications", raw.replications as f64, 1.0, 1.0e6)?;
    c.range("replications_per_draw", raw.replications_per_draw as f64, 1.0, 1.0e6)?;
    c.range("trajectory_persons", raw.trajectory_persons as f64, 0.0, 10_000.0)?;
    Ok(start)
}

/// `calibration/regions/<region>.toml` with the scenario's `[region_data]`, validated.
fn load_region(raw: &RawScenario, layers: &Layers, data_dir: &Path, c: &Check) -> Result<(Region, Layers)> {
    let region_ok = !raw.region.is_empty()
        && raw
            .region
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
    let regions_dir = data_dir.join("calibration").join("regions");
    if !region_ok {
        return Err(c.error(
            "region",
            format!("\"{}\"", raw.region),
            "not a region id",
            "lower-case letters, digits and hyphens naming calibration/regions/<id>.toml",
        ));
    }
    let region_path = regions_dir.join(format!("{}.toml", raw.region));
    let region_table = read_table(
        &region_path,
        "the region profile",
        Some(format!(
            "`region = \"{}\"` in {}; the regions available are: {}",
            raw.region,
            layers.origin_of(&["region".to_string()]).display(),
            list_stems(&regions_dir).join(", ")
        )),
    )?;
    let region_layers = data_layers(region_path, region_table, layers, "region_data");
    let raw_region: RawRegion = region_layers.deserialize()?;
    let region = Region::validate(&raw_region, &Check::new(&region_layers), &raw.region)?;
    Ok((region, region_layers))
}

/// `calibration/legal/nl.toml` with the scenario's `[legal]`, validated for
/// a run whose first simulated month is `first_month`.
fn load_legal(raw: &RawScenario, layers: &Layers, data_dir: &Path, first_month: YearMonth) -> Result<(Legal, Layers)> {
    let legal_path = data_dir.join("calibration").join("legal").join("nl.toml");
    let legal_table = read_table(&legal_path, "the legal rules", None)?;
    let legal_layers = data_layers(legal_path, legal_table, layers, "legal");
    let raw_legal: RawLegal = legal_layers.deserialize()?;
    let legal = Legal::validate(&raw_legal, raw.regime, &Check::new(&legal_layers), first_month)?;
    Ok((legal, legal_layers))
}

/// `calibration/behaviour/default.toml` with the scenario's `[behaviour]`:
/// validated, as deserialised, and its layers.
fn load_behaviour(layers: &Layers, data_dir: &Path) -> Result<(Behaviour, RawBehaviour, Layers)> {
    let behaviour_path = data_dir.join("calibration").join("behaviour").join("default.toml");
    let behaviour_table = read_table(&behaviour_path, "the behavioural parameters", None)?;
    let behaviour_layers = data_layers(behaviour_path, behaviour_table, layers, "behaviour");
    let raw_behaviour: RawBehaviour = behaviour_layers.deserialize()?;
    let behaviour = Behaviour::validate(&raw_behaviour, &Check::new(&behaviour_layers))?;
    Ok((behaviour, raw_behaviour, behaviour_layers))
}

/// The region's fitted posterior, unless the scenario asks for the defaults
/// or there is no fit.
fn load_posterior(raw: &RawScenario, data_dir: &Path) -> Result<Option<Posterior>> {
    let fitted_path = data_dir
        .join("calibration")
        .join("fitted")
        .join(format!("{}.toml", raw.region));
    let use_fit = raw.parameters.unwrap_or(ParameterSource::Fitted) == ParameterSource::Fitted;
    if use_fit && fitted_path.is_file() {
        Ok(Some(Posterior::load(&fitted_path)?))
    } else {
        Ok(None)
    }
}

fn validate_economy(e: &RawEconomy, c: &Check, horizon_months: u32) -> Result<Economy> {
    Economy::validate(e, horizon_months, |key, v, lo, hi| c.range(key, v, lo, hi))
}

fn validate_municipality(m: &RawMunicipalityPolicy, c: &Check) -> Result<MunicipalityPolicy> {
    MunicipalityPolicy::validate(m, |key, v, lo, hi| c.range(key, v, lo, hi))
}

/// Every werkbedrijf's levers: the shared `[werkbedrijf]` with its own
/// `[werkbedrijf_overrides.<id>]` on top, in the region's order.
fn validate_werkbedrijven(
    raw: &RawScenario,
    region: &Region,
    layers: &Layers,
    c: &Check,
) -> Result<Vec<WerkbedrijfPolicy>> {
    for id in raw.werkbedrijf_overrides.keys() {
        if !region.werkbedrijven.iter().any(|w| &w.id == id) {
            let ids: Vec<&str> = region.werkbedrijven.iter().map(|w| w.id.as_str()).collect();
            return Err(c.error(
                &format!("werkbedrijf_overrides.{id}"),
                id,
                "no werkbedrijf with this id in the region",
                &format!("one of {ids:?}"),
            ));
        }
    }
    let mut werkbedrijven = Vec::new();
    for w in &region.werkbedrijven {
        let mut table = raw.werkbedrijf.clone();
        let over = raw.werkbedrijf_overrides.get(&w.id);
        if let Some(over) = over {
            crate::input::toml_layers::merge_plain(&mut table, over);
        }
        let over_prefix = ["werkbedrijf_overrides".to_string(), w.id.clone()];
        let in_override = |key: &[String]| -> bool { over.is_some_and(|o| lookup(o, key).is_some()) };
        let origin = |full: &[String]| -> PathBuf {
            let rel = &full[1..];
            let key: Vec<String> = if in_override(rel) {
                over_prefix.iter().cloned().chain(rel.iter().cloned()).collect()
            } else {
                full.to_vec()
            };
            layers.origin_of(&key).to_path_buf()
        };
        let prefix = vec!["werkbedrijf".to_string()];
        let rw: RawWerkbedrijfPolicy = deserialize_table(&table, &prefix, origin)?;
        werkbedrijven.push(validate_werkbedrijf(&rw, c, &w.id, over.is_some())?);
    }
    Ok(werkbedrijven)
}

/// The merged data tables as used, for the manifest: legal, behaviour, the
/// fit (when there is one) and the region.
fn resolved_data(legal: &Layers, behaviour: &Layers, posterior: Option<&Posterior>, region: &Layers) -> Table {
    let mut resolved_data = Table::new();
    resolved_data.insert("legal".into(), toml::Value::Table(legal.merged.clone()));
    resolved_data.insert("behaviour".into(), toml::Value::Table(behaviour.merged.clone()));
    if let Some(p) = posterior {
        let mut fit = Table::new();
        fit.insert("file".into(), toml::Value::String(p.path.display().to_string()));
        fit.insert("mode".into(), toml::Value::String("posterior-draws".into()));
        fit.insert(
            "parameters".into(),
            toml::Value::Array(p.parameters.iter().cloned().map(toml::Value::String).collect()),
        );
        fit.insert(
            "point".into(),
            toml::Value::Array(p.point.iter().map(|x| toml::Value::Float(*x)).collect()),
        );
        resolved_data.insert("fitted".into(), toml::Value::Table(fit));
    }
    resolved_data.insert("region".into(), toml::Value::Table(region.merged.clone()));
    resolved_data
}

fn list_stems(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if p.extension()? == "toml" {
                Some(p.file_stem()?.to_string_lossy().into_owned())
            } else {
                None
            }
        })
        .collect();
    v.sort();
    v
}

/// One werkbedrijf's levers. Keys are reported as `werkbedrijf.<key>`; when
/// this werkbedrijf has overrides, the message says which werkbedrijf it concerns.
fn validate_werkbedrijf(
    r: &RawWerkbedrijfPolicy,
    c: &Check,
    id: &str,
    has_override: bool,
) -> Result<WerkbedrijfPolicy> {
    WerkbedrijfPolicy::validate(r, |full: &str, v: f64, lo: f64, hi: f64| {
        if has_override {
            c.range(&format!("{full} (for werkbedrijf {id})"), v, lo, hi)
        } else {
            c.range(full, v, lo, hi)
        }
    })
}

/// Which wins when parameter values and a scenario's `[behaviour]` overrides
/// name the same parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precedence {
    /// Runs: what a scenario sets explicitly beats the fit.
    ScenarioWins,
    /// Calibration: the values being fitted beat the scenario.
    ValuesWin,
}

/// Build and validate behaviour from the behaviour file (last layer of
/// `layers`), the scenario's overrides (the other layers) and `values` at
/// dotted `section.key` paths.
pub fn behaviour_with(layers: &Layers, values: &[(String, f64)], precedence: Precedence) -> Result<Behaviour> {
    let (base_path, base) = layers.files.last().expect("the behaviour file is the last layer");
    let mut value_table = Table::new();
    for (path, v) in values {
        let mut parts: Vec<&str> = path.split('.').collect();
        let leaf = parts.pop().unwrap_or_default();
        let mut t = &mut value_table;
        for part in parts {
            t = t
                .entry(part.to_string())
                .or_insert_with(|| toml::Value::Table(Table::new()))
                .as_table_mut()
                .expect("parameter paths are tables down to the leaf");
        }
        t.insert(leaf.to_string(), toml::Value::Float(*v));
    }
    let mut merged = base.clone();
    let overrides: Vec<&(PathBuf, Table)> = layers.files[..layers.files.len() - 1].iter().rev().collect();
    let origin = "fitted parameter value";
    if precedence == Precedence::ValuesWin {
        for (path, over) in &overrides {
            overlay_data(&mut merged, over, &format!("scenario override in {}", path.display()));
        }
        overlay_data(&mut merged, &value_table, origin);
    } else {
        overlay_data(&mut merged, &value_table, origin);
        for (path, over) in &overrides {
            overlay_data(&mut merged, over, &format!("scenario override in {}", path.display()));
        }
    }
    let with_values = Layers {
        merged,
        files: vec![(base_path.clone(), base.clone())],
        override_section: None,
    };
    let raw: RawBehaviour = with_values.deserialize()?;
    Behaviour::validate(&raw, &Check::new(&with_values))
}

fn fitted_error(path: &Path, e: Error) -> Error {
    match e {
        Error::Invalid {
            key,
            value,
            problem,
            allowed,
            ..
        } => Error::Invalid {
            path: path.to_path_buf(),
            key,
            value,
            problem: format!("{problem} (a fitted value)"),
            allowed: format!("{allowed}; recalibrate, or set `parameters = \"defaults\"` in the scenario"),
        },
        other => other,
    }
}

/// The `section.key` paths a scenario's `[behaviour]` tables set (all but the
/// last layer, which is the behaviour file itself).
fn one() -> u32 {
    1
}

fn overridden_paths(layers: &Layers) -> Vec<String> {
    let mut paths = Vec::new();
    for (_, table) in &layers.files[..layers.files.len() - 1] {
        for (section, v) in table {
            if let toml::Value::Table(t) = v {
                for key in t.keys() {
                    let p = format!("{section}.{key}");
                    if !paths.contains(&p) {
                        paths.push(p);
                    }
                }
            }
        }
    }
    paths
}
