//! The metric registry: every outcome metric is declared here once, with
//! its id, unit, the direction that is better, its Dutch and English label,
//! whether it is also reported per calendar year, and where it appears
//! (the stdout table, the report's key figures and histograms, the fan
//! charts). Families of metrics (per municipality, per werkbedrijf, per
//! municipal cost category, per line of the werkbedrijf's business case)
//! are one declaration each, expanded by [`MetricSet::for_scenario`] from
//! the scenario's region.
//!
//! Everything that names metrics reads this table: [`super::metrics`]
//! writes each replication's values into the slots of a [`MetricSet`] (so
//! the output order *is* the registry order), the stdout table, the
//! report, the serve page and `compare`'s verdicts read the places and
//! directions, and `sweep`/`eval`/`calibrate`/`break-even` check the metric
//! names users give against [`MetricSet::for_scenario`] without running a
//! simulation. How to add a metric: `docs/CONTRIBUTING.md`.

use crate::input::scenario::Scenario;
use crate::observe::metrics::{MUNICIPAL_CATEGORIES, WERKBEDRIJF_LINES};

/// What a metric's number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A number of persons, placements, events or jobs.
    Count,
    /// A fraction in [0, 1], shown as a percentage.
    Share,
    /// Euros, nominal.
    Euro,
    /// Person-months.
    Months,
    /// A rate or ratio that is not a share (per person-year, a ratio of rates).
    Ratio,
}

/// Which direction of a metric is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// Whether a metric is also reported per calendar year (`yearly.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yearly {
    /// Only over the whole horizon (`summary.csv`).
    No,
    /// Over the horizon and per calendar year.
    Yes,
}

/// A metric declared once for each member of a set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// One metric.
    Single,
    /// One per municipal cost category ([`MUNICIPAL_CATEGORIES`]).
    CostCategory,
    /// One per municipality of the region (its `id`).
    Municipality,
    /// One per line of the werkbedrijf's business case ([`WERKBEDRIJF_LINES`]).
    BusinessLine,
    /// One per werkbedrijf of the region (its `id`). Consecutive
    /// per-werkbedrijf declarations expand werkbedrijf by werkbedrijf (all of
    /// the first werkbedrijf's metrics, then the second's).
    Werkbedrijf,
}

impl Family {
    /// How the README names a member in a family's id, e.g. `municipal_cost_<category>`.
    pub fn placeholder(self) -> &'static str {
        match self {
            Family::Single => "",
            Family::CostCategory => "<category>",
            Family::Municipality => "<municipality id>",
            Family::BusinessLine => "<line>",
            Family::Werkbedrijf => "<id>",
        }
    }
}

/// A text in both languages of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub nl: &'static str,
    pub en: &'static str,
}

/// A fan chart of a yearly metric: its title and the unit on its axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fan {
    pub rank: u8,
    pub title: Text,
    pub axis: Text,
}

/// Where a metric appears besides the CSV files; the number is its rank
/// (1 first) among the metrics shown there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The key-metrics table `run` prints on stdout.
    Headline(u8),
    /// The key figures of a report, a comparison and the serve page.
    KeyFigure(u8),
    /// A histogram over replications in a run's report.
    Histogram(u8),
    /// A fan chart in a run's report and on the serve page (yearly metrics only).
    Fan(Fan),
}

/// One metric (or one family of metrics) of the registry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetricDef {
    /// The typed id.
    pub metric: Metric,
    /// The id in the CSV files; for a family a template with `{}` where the
    /// member's name goes.
    pub id: &'static str,
    pub unit: Unit,
    /// `None` for metrics that describe rather than judge.
    pub better: Option<Better>,
    pub yearly: Yearly,
    pub family: Family,
    /// Short label; for a family `{}` stands for the member's name (the
    /// reports show the labels of single metrics only, so far).
    pub label: Text,
    pub places: &'static [Place],
}

impl MetricDef {
    /// The id with a member's name filled in (the id itself for a single metric).
    pub fn name(&self, member: &str) -> String {
        self.id.replacen("{}", member, 1)
    }

    /// How the README names this metric (families with a placeholder).
    pub fn readme_form(&self) -> String {
        self.name(self.family.placeholder())
    }

    /// The rank of this metric at a place, if it appears there.
    pub fn rank(&self, at: PlaceKind) -> Option<u8> {
        self.places.iter().find_map(|p| match (p, at) {
            (Place::Headline(r), PlaceKind::Headline)
            | (Place::KeyFigure(r), PlaceKind::KeyFigure)
            | (Place::Histogram(r), PlaceKind::Histogram) => Some(*r),
            (Place::Fan(f), PlaceKind::Fan) => Some(f.rank),
            _ => None,
        })
    }

    /// The fan chart of this metric, if it has one.
    pub fn fan(&self) -> Option<&'static Fan> {
        self.places.iter().find_map(|p| match p {
            Place::Fan(f) => Some(f),
            _ => None,
        })
    }
}

/// The kinds of [`Place`], to ask for the metrics shown at one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Headline,
    KeyFigure,
    Histogram,
    Fan,
}

/// The single metrics shown at a place, in their rank order.
pub fn shown_at(at: PlaceKind) -> Vec<&'static MetricDef> {
    let mut v: Vec<&MetricDef> = METRICS
        .iter()
        .filter(|d| d.family == Family::Single && d.rank(at).is_some())
        .collect();
    v.sort_by_key(|d| d.rank(at));
    v
}

/// The declaration of a metric, by CSV name (a single metric's id or a
/// family member's). Single metrics are matched first, then members of the
/// fixed families (cost categories, business lines), then the region
/// families by their template (any non-empty member name). It does not know
/// the region, so a name that fits a region family's template is found even
/// if no werkbedrijf or municipality has that id: to check that a scenario
/// produces a metric, use [`MetricSet::contains`].
pub fn find(name: &str) -> Option<&'static MetricDef> {
    if let Some(d) = METRICS.iter().find(|d| d.family == Family::Single && d.id == name) {
        return Some(d);
    }
    let fixed = |d: &MetricDef| match d.family {
        Family::CostCategory => MUNICIPAL_CATEGORIES.iter().any(|(m, _)| d.name(m) == name),
        Family::BusinessLine => WERKBEDRIJF_LINES.iter().any(|(m, _, _)| d.name(m) == name),
        _ => false,
    };
    if let Some(d) = METRICS.iter().find(|d| fixed(d)) {
        return Some(d);
    }
    METRICS.iter().find(|d| {
        matches!(d.family, Family::Municipality | Family::Werkbedrijf) && {
            let (prefix, suffix) = d.id.split_once("{}").unwrap_or((d.id, ""));
            name.len() > prefix.len() + suffix.len() && name.starts_with(prefix) && name.ends_with(suffix)
        }
    })
}

/// The direction in which a metric (by CSV name) improves; `None` for
/// metrics that describe rather than judge, and for unknown names.
pub fn better(name: &str) -> Option<Better> {
    find(name).and_then(|d| d.better)
}

/// One metric of a scenario: a declaration and, for a family, the member.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub def: &'static MetricDef,
    /// Index of the member in its family's list (0 for a single metric).
    pub member: usize,
    /// The CSV name.
    pub name: String,
}

/// The metrics a scenario produces, in output order, with each metric's
/// slot: horizon metrics (`summary.csv`) and yearly metrics (`yearly.csv`).
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSet {
    pub horizon: Vec<Instance>,
    pub yearly: Vec<Instance>,
    /// `slot[metric as usize][member]`: position in `horizon`.
    horizon_slot: Vec<Vec<usize>>,
    /// `yearly_slot[metric as usize][member]`: position in `yearly`, if yearly.
    yearly_slot: Vec<Vec<usize>>,
}

impl MetricSet {
    /// Expand the registry over the scenario's region.
    pub fn for_scenario(s: &Scenario) -> MetricSet {
        let municipalities: Vec<&str> = s.region.municipalities.iter().map(|m| m.id.as_str()).collect();
        let werkbedrijven: Vec<&str> = s.region.werkbedrijven.iter().map(|w| w.id.as_str()).collect();
        Self::expand(&municipalities, &werkbedrijven)
    }

    /// Expand the registry for a region with these municipality and werkbedrijf ids.
    pub fn expand(municipalities: &[&str], werkbedrijven: &[&str]) -> MetricSet {
        let categories: Vec<&str> = MUNICIPAL_CATEGORIES.iter().map(|(m, _)| *m).collect();
        let lines: Vec<&str> = WERKBEDRIJF_LINES.iter().map(|(m, _, _)| *m).collect();
        let members = |f: Family| -> &[&str] {
            match f {
                Family::Single => &[""],
                Family::CostCategory => &categories,
                Family::Municipality => municipalities,
                Family::BusinessLine => &lines,
                Family::Werkbedrijf => werkbedrijven,
            }
        };
        // group consecutive per-werkbedrijf declarations: they expand member-major
        let mut order: Vec<(&'static MetricDef, usize)> = Vec::new();
        let mut k = 0;
        while k < METRICS.len() {
            let d = &METRICS[k];
            if d.family == Family::Werkbedrijf {
                let end = (k..METRICS.len())
                    .find(|&j| METRICS[j].family != Family::Werkbedrijf)
                    .unwrap_or(METRICS.len());
                for w in 0..werkbedrijven.len() {
                    order.extend(METRICS[k..end].iter().map(|d| (d, w)));
                }
                k = end;
            } else {
                order.extend((0..members(d.family).len()).map(|m| (d, m)));
                k += 1;
            }
        }
        let mut set = MetricSet {
            horizon: Vec::new(),
            yearly: Vec::new(),
            horizon_slot: METRICS
                .iter()
                .map(|d| vec![usize::MAX; members(d.family).len()])
                .collect(),
            yearly_slot: METRICS
                .iter()
                .map(|d| vec![usize::MAX; members(d.family).len()])
                .collect(),
        };
        for (def, member) in order {
            let inst = Instance {
                def,
                member,
                name: def.name(members(def.family)[member]),
            };
            set.horizon_slot[def.metric as usize][member] = set.horizon.len();
            if def.yearly == Yearly::Yes {
                set.yearly_slot[def.metric as usize][member] = set.yearly.len();
                set.yearly.push(inst.clone());
            }
            set.horizon.push(inst);
        }
        set
    }

    /// The horizon metrics' names, in output order.
    pub fn names(&self) -> Vec<String> {
        self.horizon.iter().map(|i| i.name.clone()).collect()
    }

    /// The yearly metrics' names, in output order.
    pub fn yearly_names(&self) -> Vec<String> {
        self.yearly.iter().map(|i| i.name.clone()).collect()
    }

    /// Whether the scenario produces a metric of this name.
    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The position of a metric in `summary.csv`'s order.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.horizon.iter().position(|i| i.name == name)
    }

    /// The slot of a metric (and member) among the horizon metrics.
    pub fn slot(&self, metric: Metric, member: usize) -> usize {
        self.horizon_slot[metric as usize][member]
    }

    /// The slot of a metric (and member) among the yearly metrics.
    /// Panics (a bug) if the metric is not declared yearly.
    pub fn yearly_slot(&self, metric: Metric, member: usize) -> usize {
        let k = self.yearly_slot[metric as usize][member];
        assert!(k != usize::MAX, "{metric:?} is not declared yearly in the registry");
        k
    }
}

/// Values in the order of a [`MetricSet`], written by typed id; every slot
/// must be written exactly once.
#[derive(Debug)]
pub struct Slots<'a> {
    set: &'a MetricSet,
    yearly: bool,
    values: Vec<f64>,
    written: Vec<bool>,
}

impl<'a> Slots<'a> {
    /// Slots for the horizon metrics.
    pub fn horizon(set: &'a MetricSet) -> Self {
        let n = set.horizon.len();
        Slots {
            set,
            yearly: false,
            values: vec![f64::NAN; n],
            written: vec![false; n],
        }
    }

    /// Slots for one year's yearly metrics.
    pub fn yearly(set: &'a MetricSet) -> Self {
        let n = set.yearly.len();
        Slots {
            set,
            yearly: true,
            values: vec![f64::NAN; n],
            written: vec![false; n],
        }
    }

    /// Write a single metric.
    pub fn put(&mut self, metric: Metric, value: f64) {
        self.put_member(metric, 0, value);
    }

    /// Write member `member` of a family (0 for a single metric).
    pub fn put_member(&mut self, metric: Metric, member: usize, value: f64) {
        let k = if self.yearly {
            self.set.yearly_slot(metric, member)
        } else {
            self.set.slot(metric, member)
        };
        assert!(!self.written[k], "{metric:?} member {member} written twice");
        self.values[k] = value;
        self.written[k] = true;
    }

    /// The values in output order. Panics (a bug in the metrics observer) if
    /// a declared metric was not written.
    pub fn finish(self) -> Vec<f64> {
        let list = if self.yearly {
            &self.set.yearly
        } else {
            &self.set.horizon
        };
        if let Some(k) = self.written.iter().position(|w| !w) {
            panic!(
                "metric `{}` is declared in the registry but was not computed",
                list[k].name
            );
        }
        self.values
    }
}

/// Declares the registry: one line per metric (or family), in output order.
macro_rules! registry {
    ($( $variant:ident: $id:literal, $unit:ident, $better:expr, $yearly:ident, $family:ident,
        $nl:literal, $en:literal, [$($place:expr),* $(,)?]; )*) => {
        /// The typed ids of the metrics, in registry order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Metric { $($variant),* }

        /// Every metric, in output order.
        pub const METRICS: &[MetricDef] = &[$(MetricDef {
            metric: Metric::$variant,
            id: $id,
            unit: Unit::$unit,
            better: $better,
            yearly: Yearly::$yearly,
            family: Family::$family,
            label: Text { nl: $nl, en: $en },
            places: &[$($place),*],
        }),*];
    };
}

const HIGHER: Option<Better> = Some(Better::Higher);
const LOWER: Option<Better> = Some(Better::Lower);
const NONE: Option<Better> = None;

const fn fan(
    rank: u8,
    title_nl: &'static str,
    title_en: &'static str,
    axis_nl: &'static str,
    axis_en: &'static str,
) -> Place {
    Place::Fan(Fan {
        rank,
        title: Text {
            nl: title_nl,
            en: title_en,
        },
        axis: Text {
            nl: axis_nl,
            en: axis_en,
        },
    })
}

use Place::{Headline, Histogram, KeyFigure};

registry! {
    PlacementsTotal: "placements_total", Count, HIGHER, Yes, Single,
        "plaatsingen in werk", "placements into work",
        [Headline(1), KeyFigure(1), Histogram(1)];
    PlacementsDetachering: "placements_detachering", Count, HIGHER, Yes, Single,
        "detacheringen gestart", "detacheringen started",
        [Headline(2), KeyFigure(2), Histogram(2)];
    PlacementsDirect: "placements_direct", Count, HIGHER, Yes, Single,
        "directe plaatsingen via het werkgeversservicepunt", "direct hires after matching", [];
    PlacementsDirectLks: "placements_direct_lks", Count, HIGHER, No, Single,
        "directe plaatsingen met loonkostensubsidie", "direct hires with LKS", [];
    PlacementsDirectNoLks: "placements_direct_no_lks", Count, HIGHER, No, Single,
        "directe plaatsingen zonder loonkostensubsidie", "direct hires without LKS", [];
    PlacementsSelfFound: "placements_self_found", Count, HIGHER, Yes, Single,
        "zelf gevonden werk", "jobs found unaided", [];
    Conversions: "conversions", Count, HIGHER, Yes, Single,
        "omzettingen naar direct dienstverband", "conversions to direct employment",
        [Headline(3), KeyFigure(3), Histogram(3)];
    PlacementsBeschut: "placements_beschut", Count, HIGHER, Yes, Single,
        "plaatsingen in beschut werk", "beschut werk places filled", [];
    PlacementsBanenafspraak: "placements_banenafspraak", Count, HIGHER, No, Single,
        "plaatsingen in werk van personen in de banenafspraak", "placements into work of banenafspraak persons", [];
    Replacements: "replacements", Count, NONE, No, Single,
        "herplaatsingen vanuit leegloop", "re-placements from idle", [];
    EarlyEnds: "early_ends", Count, LOWER, No, Single,
        "voortijdig beëindigde detacheringen", "detacheringen ended early", [];
    ConversionShare: "conversion_share", Share, HIGHER, No, Single,
        "aandeel omgezet van de binnen de horizon beëindigde detacheringen",
        "share converted of the detacheringen ended within the horizon", [];
    MonthsToConversion: "months_to_conversion", Months, NONE, No, Single,
        "gemiddelde maanden van start detachering tot omzetting",
        "mean months from the start of a detachering to its conversion", [];
    EarlyEndShare: "early_end_share", Share, LOWER, No, Single,
        "aandeel voortijdig beëindigd van de binnen de horizon beëindigde detacheringen",
        "share ended early of the detacheringen ended within the horizon", [];
    IdleMonthsPerDetachedYear: "idle_months_per_detached_year", Ratio, LOWER, No, Single,
        "maanden leegloop per gedetacheerd persoonsjaar", "idle months per detached person-year", [];
    RegularJobsMediated: "regular_jobs_mediated", Count, HIGHER, No, Single,
        "reguliere banen bemiddeld (directe plaatsingen en omzettingen)",
        "regular jobs mediated (direct hires and conversions)", [];
    InWorkEnd: "in_work_end", Count, HIGHER, Yes, Single,
        "personen aan het werk (einde)", "persons in work (end)",
        [Headline(4), fan(1, "Personen aan het werk (eind van het jaar)", "Persons in work (end of year)", "personen", "persons")];
    InWorkEndDetached: "in_work_end_detached", Count, HIGHER, No, Single,
        "gedetacheerd (einde)", "detached (end)", [];
    InWorkEndEmployed: "in_work_end_employed", Count, HIGHER, No, Single,
        "in dienst bij een werkgever (einde)", "employed (end)", [];
    InWorkEndBeschut: "in_work_end_beschut", Count, HIGHER, No, Single,
        "in beschut werk (einde)", "in beschut werk (end)", [];
    IdleEnd: "idle_end", Count, NONE, Yes, Single,
        "in leegloop bij het werkbedrijf (einde)", "idle at the werkbedrijf (end)", [];
    BijstandEnd: "bijstand_end", Count, LOWER, Yes, Single,
        "in de bijstand (einde)", "on bijstand (end)", [];
    BanenafspraakJobsEnd: "banenafspraak_jobs_end", Count, HIGHER, Yes, Single,
        "banen banenafspraak (einde)", "banenafspraak jobs (end)",
        [fan(2, "Banen banenafspraak (25,5 uur)", "Banenafspraak jobs (25.5 hours)", "banen", "jobs")];
    IncomeSecureShare: "income_secure_share", Share, HIGHER, Yes, Single,
        "aandeel maanden met bestaanszekerheid", "share of months with a secure income",
        [Headline(5), KeyFigure(5), Histogram(5)];
    IncomeSecureShareBanenafspraak: "income_secure_share_banenafspraak", Share, HIGHER, No, Single,
        "aandeel maanden met bestaanszekerheid, banenafspraak", "share of months with a secure income, banenafspraak", [];
    ContractSecureShare: "contract_secure_share", Share, HIGHER, No, Single,
        "aandeel maanden werk met vast contract", "share of months in work on a permanent contract", [];
    ChurnPerPersonYear: "churn_per_person_year", Ratio, LOWER, No, Single,
        "wisselingen van inkomensbron per persoonsjaar", "changes of income source per person-year", [];
    Relapse6m: "relapse_6m", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 6 maanden", "relapse into bijstand within 6 months", [];
    Relapse12m: "relapse_12m", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden", "relapse into bijstand within 12 months",
        [Headline(6), KeyFigure(6), Histogram(6)];
    Relapse18m: "relapse_18m", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 18 maanden", "relapse into bijstand within 18 months", [];
    Relapse24m: "relapse_24m", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden", "relapse into bijstand within 24 months", [];
    Relapse6mSelfFound: "relapse_6m_self_found", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 6 maanden na zelf gevonden werk", "relapse into bijstand within 6 months after a job found unaided", [];
    Relapse12mSelfFound: "relapse_12m_self_found", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden na zelf gevonden werk", "relapse into bijstand within 12 months after a job found unaided", [];
    Relapse24mSelfFound: "relapse_24m_self_found", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden na zelf gevonden werk", "relapse into bijstand within 24 months after a job found unaided", [];
    Relapse6mDirectLks: "relapse_6m_direct_lks", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 6 maanden na directe plaatsing met LKS", "relapse into bijstand within 6 months after a direct hire with LKS", [];
    Relapse12mDirectLks: "relapse_12m_direct_lks", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden na directe plaatsing met LKS", "relapse into bijstand within 12 months after a direct hire with LKS", [];
    Relapse24mDirectLks: "relapse_24m_direct_lks", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden na directe plaatsing met LKS", "relapse into bijstand within 24 months after a direct hire with LKS", [];
    Relapse6mDirectNoLks: "relapse_6m_direct_no_lks", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 6 maanden na directe plaatsing zonder LKS", "relapse into bijstand within 6 months after a direct hire without LKS", [];
    Relapse12mDirectNoLks: "relapse_12m_direct_no_lks", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden na directe plaatsing zonder LKS", "relapse into bijstand within 12 months after a direct hire without LKS", [];
    Relapse24mDirectNoLks: "relapse_24m_direct_no_lks", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden na directe plaatsing zonder LKS", "relapse into bijstand within 24 months after a direct hire without LKS", [];
    Relapse6mDetachering: "relapse_6m_detachering", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 6 maanden na detachering", "relapse into bijstand within 6 months after a detachering", [];
    Relapse12mDetachering: "relapse_12m_detachering", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden na detachering", "relapse into bijstand within 12 months after a detachering", [];
    Relapse24mDetachering: "relapse_24m_detachering", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden na detachering", "relapse into bijstand within 24 months after a detachering", [];
    Relapse6mBeschut: "relapse_6m_beschut", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 6 maanden na beschut werk", "relapse into bijstand within 6 months after beschut werk", [];
    Relapse12mBeschut: "relapse_12m_beschut", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden na beschut werk", "relapse into bijstand within 12 months after beschut werk", [];
    Relapse24mBeschut: "relapse_24m_beschut", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden na beschut werk", "relapse into bijstand within 24 months after beschut werk", [];
    Relapse12mAfterConversion: "relapse_12m_after_conversion", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden na omzetting", "relapse into bijstand within 12 months after a conversion", [];
    Relapse24mAfterConversion: "relapse_24m_after_conversion", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 24 maanden na omzetting", "relapse into bijstand within 24 months after a conversion", [];
    Relapse12mBanenafspraak: "relapse_12m_banenafspraak", Share, LOWER, No, Single,
        "terugval in de bijstand binnen 12 maanden, banenafspraak", "relapse into bijstand within 12 months, banenafspraak", [];
    OutflowToWorkPerYear: "outflow_to_work_per_year", Ratio, HIGHER, No, Single,
        "uitstroom naar werk per persoonsjaar bijstand", "outflow to work per person-year on bijstand", [];
    OutflowDurationRatio: "outflow_duration_ratio", Ratio, NONE, No, Single,
        "uitstroomkans kort / lang in de bijstand", "outflow rate short / long on benefit", [];
    InWork6mAfterExit: "in_work_6m_after_exit", Share, HIGHER, No, Single,
        "aan het werk zes maanden na uitstroom", "in work six months after outflow", [];
    LksShareOfBijstand: "lks_share_of_bijstand", Ratio, NONE, No, Single,
        "maanden met loonkostensubsidie per bijstandsmaand", "months with LKS per month on bijstand", [];
    LksShareOfBuig: "lks_share_of_buig", Share, NONE, No, Single,
        "aandeel loonkostensubsidie in het BUIG-budget", "LKS share of BUIG spending", [];
    DetachedShareOfBijstand: "detached_share_of_bijstand", Ratio, NONE, No, Single,
        "gedetacheerde maanden per bijstandsmaand", "months detached per month on bijstand", [];
    LastingPlacements: "lasting_placements", Count, HIGHER, No, Single,
        "duurzame plaatsingen (12 maanden werk)", "lasting placements (12 months of work)",
        [Headline(7), KeyFigure(4), Histogram(4)];
    MunicipalCostTotal: "municipal_cost_total", Euro, LOWER, Yes, Single,
        "kosten gemeenten", "municipal cost",
        [Headline(8), KeyFigure(7), fan(3, "Kosten gemeenten per jaar", "Municipal cost per year", "€", "€")];
    MunicipalCostCategory: "municipal_cost_{}", Euro, LOWER, Yes, CostCategory,
        "kosten gemeenten: {}", "municipal cost: {}", [];
    MunicipalCostOf: "municipal_cost_total_{}", Euro, LOWER, No, Municipality,
        "kosten gemeente {}", "cost of municipality {}", [];
    MunicipalCostPerPersonYear: "municipal_cost_per_person_year", Euro, LOWER, No, Single,
        "kosten gemeenten per persoonsjaar in de doelgroep", "municipal cost per person-year in scope", [Headline(9)];
    WerkbedrijfRevenueTotal: "werkbedrijf_revenue_total", Euro, HIGHER, Yes, Single,
        "opbrengsten werkbedrijf(en)", "werkbedrijf revenue", [];
    WerkbedrijfFeeRevenueTotal: "werkbedrijf_fee_revenue_total", Euro, HIGHER, No, Single,
        "opbrengst inleenvergoedingen", "fee revenue", [];
    WerkbedrijfCostTotal: "werkbedrijf_cost_total", Euro, NONE, No, Single,
        "kosten werkbedrijf(en)", "werkbedrijf cost", [];
    WerkbedrijfResultTotal: "werkbedrijf_result_total", Euro, HIGHER, Yes, Single,
        "resultaat werkbedrijf(en)", "werkbedrijf result",
        [Headline(10), KeyFigure(8), fan(4, "Resultaat werkbedrijf per jaar", "Werkbedrijf result per year", "€", "€")];
    WerkbedrijfIdleMonths: "werkbedrijf_idle_months", Months, LOWER, Yes, Single,
        "maanden leegloop", "idle months", [];
    WerkbedrijfLine: "werkbedrijf_{}_total", Euro, NONE, No, BusinessLine,
        "werkbedrijf: {}", "werkbedrijf: {}", [];
    WerkbedrijfDetacheringRevenueTotal: "werkbedrijf_detachering_revenue_total", Euro, HIGHER, Yes, Single,
        "opbrengsten bedrijfslijn detachering", "detachering line revenue", [];
    WerkbedrijfDetacheringCostTotal: "werkbedrijf_detachering_cost_total", Euro, NONE, No, Single,
        "kosten bedrijfslijn detachering", "detachering line cost", [];
    WerkbedrijfDetacheringResultTotal: "werkbedrijf_detachering_result_total", Euro, HIGHER, Yes, Single,
        "resultaat bedrijfslijn detachering", "detachering line result", [KeyFigure(9)];
    WerkbedrijfDetacheringCostPerDetachedMonth: "werkbedrijf_detachering_cost_per_detached_month", Euro, NONE, No, Single,
        "kosten bedrijfslijn detachering per gedetacheerde maand (maanden leegloop niet in de noemer)",
        "detachering line cost per detached person-month (idle months not in the denominator)", [];
    WerkbedrijfDetacheringResultPerDetachedMonth: "werkbedrijf_detachering_result_per_detached_month", Euro, HIGHER, No, Single,
        "resultaat bedrijfslijn detachering per gedetacheerde maand (maanden leegloop niet in de noemer)",
        "detachering line result per detached person-month (idle months not in the denominator)", [];
    WerkbedrijfBeschutRevenueTotal: "werkbedrijf_beschut_revenue_total", Euro, HIGHER, Yes, Single,
        "opbrengsten bedrijfslijn beschut werk", "beschut line revenue", [];
    WerkbedrijfBeschutCostTotal: "werkbedrijf_beschut_cost_total", Euro, NONE, No, Single,
        "kosten bedrijfslijn beschut werk", "beschut line cost", [];
    WerkbedrijfBeschutResultTotal: "werkbedrijf_beschut_result_total", Euro, HIGHER, Yes, Single,
        "resultaat bedrijfslijn beschut werk", "beschut line result", [KeyFigure(10)];
    WerkbedrijfStoppedShare: "werkbedrijf_stopped_share", Share, NONE, No, Single,
        "aandeel werkbedrijven gestopt met detacheren", "share of werkbedrijven that stopped starting detacheringen", [];
    WerkbedrijfRevenueOf: "werkbedrijf_revenue_{}", Euro, HIGHER, No, Werkbedrijf,
        "opbrengsten {}", "revenue of {}", [];
    WerkbedrijfFeeRevenueOf: "werkbedrijf_fee_revenue_{}", Euro, HIGHER, No, Werkbedrijf,
        "inleenvergoedingen {}", "fee revenue of {}", [];
    WerkbedrijfCostOf: "werkbedrijf_cost_{}", Euro, NONE, No, Werkbedrijf,
        "kosten {}", "cost of {}", [];
    WerkbedrijfResultOf: "werkbedrijf_result_{}", Euro, HIGHER, No, Werkbedrijf,
        "resultaat {}", "result of {}", [];
    WerkbedrijfIdleMonthsOf: "werkbedrijf_idle_months_{}", Months, LOWER, No, Werkbedrijf,
        "maanden leegloop {}", "idle months of {}", [];
    WerkbedrijfDetacheringRevenueOf: "werkbedrijf_detachering_revenue_{}", Euro, HIGHER, No, Werkbedrijf,
        "opbrengsten detachering {}", "detachering line revenue of {}", [];
    WerkbedrijfDetacheringCostOf: "werkbedrijf_detachering_cost_{}", Euro, NONE, No, Werkbedrijf,
        "kosten detachering {}", "detachering line cost of {}", [];
    WerkbedrijfDetacheringResultOf: "werkbedrijf_detachering_result_{}", Euro, HIGHER, No, Werkbedrijf,
        "resultaat detachering {}", "detachering line result of {}", [];
    WerkbedrijfBeschutRevenueOf: "werkbedrijf_beschut_revenue_{}", Euro, HIGHER, No, Werkbedrijf,
        "opbrengsten beschut werk {}", "beschut line revenue of {}", [];
    WerkbedrijfBeschutCostOf: "werkbedrijf_beschut_cost_{}", Euro, NONE, No, Werkbedrijf,
        "kosten beschut werk {}", "beschut line cost of {}", [];
    WerkbedrijfBeschutResultOf: "werkbedrijf_beschut_result_{}", Euro, HIGHER, No, Werkbedrijf,
        "resultaat beschut werk {}", "beschut line result of {}", [];
    UwvCostTotal: "uwv_cost_total", Euro, LOWER, Yes, Single,
        "kosten UWV", "UWV cost", [Headline(11), KeyFigure(11)];
    UwvCostWw: "uwv_cost_ww", Euro, LOWER, No, Single,
        "WW-uitkeringen", "WW benefits", [];
    UwvCostNoRisk: "uwv_cost_no_risk", Euro, LOWER, No, Single,
        "uitkeringen no-riskpolis", "no-riskpolis payments", [];
    UwvCostToeslagenwet: "uwv_cost_toeslagenwet", Euro, LOWER, No, Single,
        "toeslagen Toeslagenwet", "Toeslagenwet top-ups", [];
    UwvPremiumIncome: "uwv_premium_income", Euro, NONE, No, Single,
        "ontvangen WW-premies", "WW premiums received", [];
    EmployerCostNet: "employer_cost_net", Euro, LOWER, No, Single,
        "nettokosten werkgevers", "net cost to employers", [];
    PersonMonths: "person_months", Months, NONE, No, Single,
        "persoonsmaanden in beeld", "person-months in scope", [];
}

/// An incremental cost-effectiveness ratio `compare` reports for each
/// scenario against the base: the paired mean difference of a cost metric
/// over that of an effect metric (docs/ODD.md §4, MODEL §8 *revised*).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CostEffectivenessDef {
    /// The id in `compare.csv`'s `metric` column.
    pub id: &'static str,
    /// The cost metric (numerator), a registry id.
    pub cost: Metric,
    /// The effect metric (denominator), a registry id; higher is better.
    pub effect: Metric,
    /// Label of the ratio.
    pub label: Text,
    /// What one unit of the effect is, for "per extra …" in words.
    pub effect_unit: Text,
    /// The same in the plural, for "… fewer" in words.
    pub effect_units: Text,
}

/// The cost-effectiveness ratios of a comparison.
pub const COST_EFFECTIVENESS: [CostEffectivenessDef; 2] = [
    CostEffectivenessDef {
        id: "municipal_cost_per_extra_lasting_placement",
        cost: Metric::MunicipalCostTotal,
        effect: Metric::LastingPlacements,
        label: Text {
            nl: "extra kosten gemeenten per extra duurzame plaatsing",
            en: "extra municipal cost per extra lasting placement",
        },
        effect_unit: Text {
            nl: "duurzame plaatsing",
            en: "lasting placement",
        },
        effect_units: Text {
            nl: "duurzame plaatsingen",
            en: "lasting placements",
        },
    },
    CostEffectivenessDef {
        id: "municipal_cost_per_extra_banenafspraak_job",
        cost: Metric::MunicipalCostTotal,
        effect: Metric::BanenafspraakJobsEnd,
        label: Text {
            nl: "extra kosten gemeenten per extra banenafspraakbaan",
            en: "extra municipal cost per extra banenafspraak job",
        },
        effect_unit: Text {
            nl: "banenafspraakbaan",
            en: "banenafspraak job",
        },
        effect_units: Text {
            nl: "banenafspraakbanen",
            en: "banenafspraak jobs",
        },
    },
];

impl Metric {
    /// The declaration of this metric.
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> MetricSet {
        MetricSet::expand(&["hilversum", "huizen"], &["wb_a", "wb_b"])
    }

    #[test]
    fn cost_effectiveness_ratios_divide_a_cost_by_an_effect() {
        for c in COST_EFFECTIVENESS {
            assert_eq!(c.cost.def().unit, Unit::Euro, "{}", c.id);
            assert_eq!(c.cost.def().better, Some(Better::Lower), "{}", c.id);
            assert_eq!(c.effect.def().better, Some(Better::Higher), "{}", c.id);
            assert_eq!(c.effect.def().family, Family::Single, "{}", c.id);
            assert!(find(c.id).is_none(), "{} is not a replication metric", c.id);
        }
    }

    #[test]
    fn typed_ids_match_their_declarations() {
        for (k, d) in METRICS.iter().enumerate() {
            assert_eq!(d.metric as usize, k, "{}", d.id);
        }
    }

    #[test]
    fn ids_are_unique_and_found_again() {
        let s = set();
        let mut names = s.names();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), s.horizon.len(), "duplicate metric names");
        for i in &s.horizon {
            assert_eq!(find(&i.name).map(|d| d.metric), Some(i.def.metric), "{}", i.name);
        }
        assert!(find("no_such_metric").is_none());
        assert!(find("werkbedrijf_revenue_").is_none(), "a family needs a member");
    }

    /// Any id but the reserved ones (empty, `total`, refused by the region
    /// check) gives unique names, also ids that look like parts of metric names.
    #[test]
    fn member_ids_do_not_collide_with_other_metrics() {
        let ids = [
            "revenue",
            "fee_revenue",
            "lks_revenue",
            "total_x",
            "x_total",
            "months",
            "idle",
            "detachering",
            "cost_per",
            "per_detached",
        ];
        let s = MetricSet::expand(&ids, &ids);
        let mut names = s.names();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), s.horizon.len(), "duplicate metric names");
        let reserved = MetricSet::expand(&["a"], &["total"]);
        let n = reserved.names();
        assert!(
            n.iter().filter(|x| *x == "werkbedrijf_result_total").count() > 1,
            "`total` is why the region check refuses it"
        );
        let reserved = MetricSet::expand(&["a"], &["per_detached_month"]);
        let n = reserved.names();
        assert!(
            n.iter()
                .filter(|x| *x == "werkbedrijf_detachering_cost_per_detached_month")
                .count()
                > 1,
            "`per_detached_month` is why the region check refuses it"
        );
    }

    #[test]
    fn per_werkbedrijf_metrics_expand_werkbedrijf_by_werkbedrijf() {
        let n = set().names();
        let a = n.iter().position(|x| x == "werkbedrijf_revenue_wb_a").unwrap();
        assert_eq!(
            &n[a..a + 12],
            [
                "werkbedrijf_revenue_wb_a",
                "werkbedrijf_fee_revenue_wb_a",
                "werkbedrijf_cost_wb_a",
                "werkbedrijf_result_wb_a",
                "werkbedrijf_idle_months_wb_a",
                "werkbedrijf_detachering_revenue_wb_a",
                "werkbedrijf_detachering_cost_wb_a",
                "werkbedrijf_detachering_result_wb_a",
                "werkbedrijf_beschut_revenue_wb_a",
                "werkbedrijf_beschut_cost_wb_a",
                "werkbedrijf_beschut_result_wb_a",
                "werkbedrijf_revenue_wb_b",
            ]
        );
    }

    #[test]
    fn ranks_at_each_place_are_one_to_n() {
        for at in [
            PlaceKind::Headline,
            PlaceKind::KeyFigure,
            PlaceKind::Histogram,
            PlaceKind::Fan,
        ] {
            let ranks: Vec<u8> = shown_at(at).iter().filter_map(|d| d.rank(at)).collect();
            assert_eq!(ranks, (1..=ranks.len() as u8).collect::<Vec<_>>(), "{at:?}");
        }
        for d in shown_at(PlaceKind::Fan) {
            assert_eq!(
                d.yearly,
                Yearly::Yes,
                "fan chart of a metric without yearly values: {}",
                d.id
            );
        }
    }

    #[test]
    fn directions_read_from_the_registry() {
        assert_eq!(better("relapse_12m"), Some(Better::Lower));
        assert_eq!(better("municipal_cost_total_huizen"), Some(Better::Lower));
        assert_eq!(better("municipal_cost_lks"), Some(Better::Lower));
        assert_eq!(better("werkbedrijf_result_wb_a"), Some(Better::Higher));
        assert_eq!(better("werkbedrijf_idle_months_wb_a"), Some(Better::Lower));
        assert_eq!(better("werkbedrijf_lks_revenue_total"), None);
        assert_eq!(better("person_months"), None);
        assert_eq!(better("unknown"), None);
    }

    #[test]
    fn every_slot_must_be_written() {
        let s = set();
        let mut slots = Slots::yearly(&s);
        slots.put(Metric::PlacementsTotal, 1.0);
        let unwritten = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| slots.finish()));
        assert!(unwritten.is_err());
    }
}
