//! Legal rules as dated data (`calibration/legal/nl.toml`), with the rules
//! regime (`wab` or `pre-wab`) a scenario chooses. Stage one is the raw serde
//! mirror [`RawLegal`]; stage two is [`Legal`], which the model reads through
//! [`Legal::month`] to get every amount in force in a calendar month.

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::error::Result;
use crate::input::figure::{Check, Status};
use crate::input::params::flat_figure_parameters;

flat_figure_parameters! {
    /// The raw mirror of `calibration/legal/nl.toml`. Field meanings and
    /// units are documented in that file and in `calibration/SCHEMA.md`.
    raw RawLegal;
    specs LEGAL_PARAMETERS;
    /// The dated legal amounts, step functions of the calendar month, read
    /// through [`Legal::month`].
    dated LegalTables(from) {
        minimum_wage_month: (0.0, 1.0e7, from), "EUR per month", "Gross minimum wage of a full-time adult";
        minimum_wage_hour: (0.0, 1000.0, YearMonth::new(9999, 12)), "EUR per hour",
            "Statutory hourly minimum wage, from 2024 (before, the monthly amount over a full-time month)";
        bijstand_norm_single: (0.0, 1.0e7, from), "EUR per month",
            "Bijstand norm of a single person or single parent, net incl. holiday allowance";
        bijstand_norm_couple: (0.0, 1.0e7, from), "EUR per month", "Bijstand norm of a couple together";
        disregard_general_cap: (0.0, 1.0e7, from), "EUR per month", "Cap of the general earnings disregard";
        disregard_lks_cap: (0.0, 1.0e7, from), "EUR per month", "Cap of the earnings disregard with LKS";
        disregard_lks_in_force: (0.0, 1.0, from), "rule, 0 or 1",
            "1: persons with LKS get the LKS disregard; 0: they get the general one";
        awf_low: (0.0, 1.0, from), "share of gross wage", "WAB low WW premium (written permanent contract)";
        awf_high: (0.0, 1.0, from), "share of gross wage", "WAB high WW premium (any other contract)";
        awf_uniform: (0.0, 1.0, from), "share of gross wage", "Pre-WAB uniform WW premium (AWf), without the sector premium";
        sector_premium_average: (0.0, 1.0, from), "share of gross wage",
            "Pre-WAB average sector premium (WW sectorfonds), paid by a regular employer";
        sector_premium_agency: (0.0, 1.0, from), "share of gross wage",
            "Pre-WAB sector premium of sector 52 (uitzendbedrijven), paid by an agency";
        sector_premium_reintegration: (0.0, 1.0, from), "share of gross wage",
            "Pre-WAB sector premium of sector 67 (werk en (re)integratie, SW-bedrijven)";
        lks_employer_charges: (0.0, 1.0, from), "share", "Lump-sum employer-cost allowance on LKS";
        lks_loonwaarde_job_wage: (0.0, 1.0, from), "rule, 0 or 1",
            "1: the loonwaarde is a share of the job's wage; 0: a share of the minimum wage";
        max_transition_payment: (0.0, 1.0e7, from), "EUR", "Maximum transition payment";
        lkv_banenafspraak_hour: (0.0, 1000.0, from), "EUR per paid hour", "LKV for the banenafspraak group";
        lkv_banenafspraak_year_max: (0.0, 1.0e7, from), "EUR per year", "Yearly maximum of the LKV banenafspraak";
    }
    /// The validated single legal figures; [`Legal`] dereferences to them.
    figures LegalFigures {
        fulltime_hours_per_week: real(1.0, 80.0), "hours per week",
            "Full-time week that turns the monthly minimum wage into an hourly one before 2024";
        employer_charges_base: real(0.0, 1.0), "share of gross wage",
            "Employer social charges other than the WW premium, incl. average pension";
        holiday_pay_share: real(0.0, 1.0), "share of gross wage", "Holiday allowance";
        disregard_general_share: real(0.0, 1.0), "share of earnings", "General earnings disregard";
        disregard_general_months: whole(0.0, 600.0), "months", "Duration of the general earnings disregard";
        disregard_lks_share: real(0.0, 1.0), "share of earnings", "Earnings disregard with LKS";
        disregard_lks_months: whole(0.0, 600.0), "months", "Duration of the earnings disregard with LKS";
        lks_cap_share: real(0.0, 1.0), "share of the minimum wage incl. holiday allowance", "Cap of LKS";
        lks_flat_share: real(0.0, 1.0), "share of the minimum wage incl. holiday allowance", "Lump-sum LKS without a loonwaarde measurement";
        lks_flat_months: whole(0.0, 600.0), "months", "Duration of the lump-sum LKS";
        lkv_months: whole(0.0, 600.0), "months", "Duration of the LKV banenafspraak";
        ww_required_weeks: real(0.0, 520.0), "weeks", "Weeks of work the WW weeks condition requires";
        ww_reference_weeks: real(1.0, 520.0), "weeks", "Reference period of the weeks condition";
        ww_months_per_year: real(0.0, 12.0), "months of benefit per year of work history",
            "WW duration per year of work history";
        ww_months_per_year_after_10: real(0.0, 12.0), "months of benefit per year of work history",
            "WW duration per year of work history after the 10th year";
        ww_full_accrual_years: real(0.0, 50.0), "years of work history",
            "Years of work history that earn the full `ww_months_per_year`";
        ww_min_months: whole(0.0, 120.0), "months", "WW duration from the weeks condition alone";
        ww_max_months: whole(0.0, 120.0), "months", "Maximum WW duration, at least `ww_min_months`";
        ww_years_required: whole(0.0, 5.0), "years",
            "Years worked of the reference period the WW years condition requires, at most `ww_years_reference`";
        ww_years_reference: whole(1.0, 5.0), "years",
            "Reference period of the WW years condition (the work history holds 64 months)";
        ww_year_min_hours: real(0.0, 8784.0), "hours", "Hours worked that make a year count for the years condition";
        tw_minimum_share_single: real(0.0, 2.0), "share of the gross minimum wage",
            "Toeslagenwet social minimum of a single person";
        tw_minimum_share_single_parent: real(0.0, 2.0), "share of the gross minimum wage",
            "Toeslagenwet social minimum of a single parent";
        tw_minimum_share_couple: real(0.0, 2.0), "share of the gross minimum wage",
            "Toeslagenwet social minimum of a couple";
        ww_level_first: real(0.0, 1.0), "share of the last wage", "WW level in the first months";
        ww_level_first_months: whole(0.0, 120.0), "months", "Months at the first WW level";
        ww_level_after: real(0.0, 1.0), "share of the last wage", "WW level afterwards";
        transition_cap_wage_months: real(0.0, 120.0), "monthly wages",
            "The cap of the transition payment is at least this many monthly wages";
        no_risk_benefit_share_year1: real(0.0, 1.0), "share of the wage",
            "Ziektewet benefit under the no-riskpolis in the first year of sickness";
        no_risk_benefit_share_year2: real(0.0, 1.0), "share of the wage",
            "Ziektewet benefit under the no-riskpolis in the second year of sickness";
        banenafspraak_hours_per_job: real(1.0, 80.0), "paid hours per week",
            "Paid hours a week that count as one banenafspraak job";
    }
    extra {
        net_income: RawNetIncome,
        regimes: RawRegimes,
    }
    /// The raw rules of one regime, `[regimes.<name>]`.
    rules RawRegime =>
        /// The validated rules of one regime.
        RegimeRules, specs REGIME_RULES, in "regimes" {
        ww_premium: rule(PremiumRule, "`\"split\"`, `\"uniform\"`"), "",
            "How the employer's WW premium depends on the contract";
        transition_min_service_months: whole(0.0, 600.0), "months",
            "Months of service before a transition payment is due";
        transition_wage_months_per_year: real(0.0, 12.0), "monthly wages per year of service",
            "Transition payment per year of service";
        transition_accrual: rule(Accrual, "`\"pro-rata\"`, `\"completed-half-years\"`"), "",
            "How service months turn into a transition payment";
        chain_max_contracts: whole(1.0, 100.0), "contracts",
            "Most fixed-term contracts in a chain; the next one is open-ended";
        chain_max_months: whole(1.0, 600.0), "months",
            "Most months of fixed-term contracts in a chain";
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegimes {
    pub wab: RawRegime,
    #[serde(rename = "pre-wab")]
    pub pre_wab: RawRegime,
}

/// A rule chosen by name, with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule<T> {
    pub rule: T,
    pub source: String,
}

/// `[net_income]`: net monthly income at gross points, by year (see
/// `calibration/SCHEMA.md`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetIncome {
    pub unit: String,
    pub gross: Vec<f64>,
    pub values: Vec<RawNetEntry>,
}

/// One year's net income at the gross points: wage income and benefit income.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawNetEntry {
    pub from: String,
    pub work: Vec<f64>,
    pub benefit: Vec<f64>,
    pub status: Status,
    pub source: String,
}

/// Most gross points of the net income table (kept small and fixed so a
/// [`LegalMonth`] stays a plain copyable value).
pub const NET_POINTS_MAX: usize = 16;

/// Net monthly income in force in a month at `points` gross amounts (EUR
/// per month, gross incl. holiday pay); the formula reading it is
/// [`crate::policy::wage::net_eur_per_month`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NetIncome {
    pub points: usize,
    pub gross: [f64; NET_POINTS_MAX],
    /// Net wage (with arbeidskorting).
    pub work: [f64; NET_POINTS_MAX],
    /// Net WW and Toeslagenwet (no arbeidskorting).
    pub benefit: [f64; NET_POINTS_MAX],
}

/// How the employer's WW premium depends on the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PremiumRule {
    /// WAB: low rate for a written permanent contract, high rate otherwise.
    Split,
    /// Before the WAB: one rate for every contract.
    Uniform,
}

/// How service months turn into a transition payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Accrual {
    /// WAB: pro rata for every month of service.
    ProRata,
    /// Wwz 2015–2019: only completed half-years count.
    CompletedHalfYears,
}

/// The WW sector (sectorfonds) of an employer, whose sector premium it paid
/// on top of the uniform AWf before the WAB (art. 28 Wfsv; sectors of the
/// Regeling indeling van het bedrijfs- en beroepsleven in sectoren). From 2020
/// the sector premiums are abolished. Source: docs/sources.md#legal-3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    /// No one sector: the average sector premium (`sector_premium_average`),
    /// for the regular employers of the region taken together.
    Average,
    /// Sector 52, uitzendbedrijven (`sector_premium_agency`): an agency-type
    /// detacheerder.
    Agency,
    /// Sector 67, werk en (re)integratie (`sector_premium_reintegration`):
    /// SW-bedrijven and re-integration companies.
    Reintegration,
}

impl Sector {
    /// Every sector, in the order of [`LegalMonth::sector_premium`].
    pub const ALL: [Sector; 3] = [Sector::Average, Sector::Agency, Sector::Reintegration];
}

/// Which rule structure applies. Amounts still come from the calendar date, so
/// `PreWab` in 2026 isolates the effect of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    Wab,
    PreWab,
}

/// The wage the measured loonwaarde is a share of in the LKS calculation
/// (dated rule `lks_loonwaarde_job_wage`, docs/sources.md#legal-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoonwaardeBasis {
    /// The job's wage (functieloon incl. holiday allowance): 2015–2016.
    JobWage,
    /// The minimum wage incl. holiday allowance: from 2017.
    MinimumWage,
}

/// Which earnings disregard applies to persons with LKS (dated rule
/// `disregard_lks_in_force`, docs/sources.md#legal-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LksDisregard {
    /// The general disregard (before 2023).
    General,
    /// The disregard specific to LKS (Breed offensief, from 2023-01-01).
    Specific,
}

/// The dated tables that hold a rule chosen by number: every entry must be
/// exactly 0 or 1.
const RULE_TABLES: [&str; 2] = ["disregard_lks_in_force", "lks_loonwaarde_job_wage"];

/// The validated legal rules for a scenario: dated tables, single figures
/// and the regime's rules. The figures are read as fields of `Legal`
/// (`legal.holiday_pay_share`) through `Deref`, so the model does not care that they
/// are declared in one table.
#[derive(Debug, Clone)]
pub struct Legal {
    pub regime: Regime,
    pub rules: RegimeRules,
    tables: LegalTables,
    figures: LegalFigures,
    /// The net income tables, by the month they start.
    net_income: Vec<(YearMonth, NetIncome)>,
}

impl std::ops::Deref for Legal {
    type Target = LegalFigures;

    fn deref(&self) -> &LegalFigures {
        &self.figures
    }
}

/// Setting a figure directly (tests, experiments on a validated scenario)
/// skips the range checks of [`Legal::validate`]: the caller answers for it.
impl std::ops::DerefMut for Legal {
    fn deref_mut(&mut self) -> &mut LegalFigures {
        &mut self.figures
    }
}

/// Every dated amount in force in one calendar month, looked up once per
/// simulated month so the hot loop reads plain numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegalMonth {
    /// `m(t)`: hourly minimum wage, EUR per hour.
    pub minimum_wage_hour: f64,
    /// Monthly full-time minimum wage, EUR per month.
    pub minimum_wage_month: f64,
    pub norm_single_eur_per_month: f64,
    pub norm_couple_eur_per_month: f64,
    pub disregard_general_cap_eur_per_month: f64,
    pub disregard_lks_cap_eur_per_month: f64,
    /// Which earnings disregard persons with LKS get this month.
    pub disregard_with_lks: LksDisregard,
    /// Employer's WW premium (AWf) on a written permanent contract, share of
    /// gross wage, without the sector premium.
    pub ww_premium_permanent: f64,
    /// Employer's WW premium (AWf) on any other contract, share of gross
    /// wage, without the sector premium.
    pub ww_premium_temporary: f64,
    /// Sector premium of each [`Sector`] (indexed `sector as usize`), share of
    /// gross wage: the dated `sector_premium_*` tables under a uniform premium
    /// (pre-WAB), zero under the split premium (WAB: sector premiums abolished).
    pub sector_premium: [f64; Sector::ALL.len()],
    pub lks_employer_charges: f64,
    /// The wage the measured loonwaarde is a share of this month.
    pub lks_loonwaarde_basis: LoonwaardeBasis,
    pub max_transition_payment_eur: f64,
    pub lkv_banenafspraak_eur_per_hour: f64,
    pub lkv_banenafspraak_max_eur_per_month: f64,
    /// Net income from gross this month (`[net_income]`).
    pub net: NetIncome,
}

impl Legal {
    /// Validate the raw legal file for a run whose first simulated month is `start`.
    pub fn validate(raw: &RawLegal, regime: Regime, check: &Check, start: YearMonth) -> Result<Self> {
        let c = check;
        let rules = match regime {
            Regime::Wab => RegimeRules::validate("wab", &raw.regimes.wab, c)?,
            Regime::PreWab => RegimeRules::validate("pre-wab", &raw.regimes.pre_wab, c)?,
        };
        let tables = LegalTables::validate(raw, c, start)?;
        let figures = LegalFigures::validate(raw, c)?;
        if figures.ww_max_months < figures.ww_min_months {
            return Err(c.error(
                "ww_max_months",
                figures.ww_max_months,
                "WW maximum below the minimum",
                &format!("at least ww_min_months = {}", figures.ww_min_months),
            ));
        }
        if figures.ww_years_required > figures.ww_years_reference {
            return Err(c.error(
                "ww_years_required",
                figures.ww_years_required,
                "more years required than the reference period has",
                &format!("at most ww_years_reference = {}", figures.ww_years_reference),
            ));
        }
        let net_income = validate_net_income(&raw.net_income, c, start)?;
        for (name, table) in RULE_TABLES
            .iter()
            .zip([&raw.disregard_lks_in_force, &raw.lks_loonwaarde_job_wage])
        {
            if let Some(e) = table.values.iter().find(|e| e.value != 0.0 && e.value != 1.0) {
                let problem = format!("the entry from {} of a rule table is neither 0 nor 1", e.from);
                return Err(c.error(name, e.value, &problem, "0 or 1"));
            }
        }
        Ok(Legal {
            regime,
            rules,
            tables,
            figures,
            net_income,
        })
    }

    /// Every amount in force in `month` under this regime.
    ///
    /// `m(t)`: from the statutory hourly table where it applies (2024 on),
    /// else `minimum_wage_month / (fulltime_hours_per_week × 52 / 12)`.
    pub fn month(&self, month: YearMonth) -> LegalMonth {
        let minimum_wage_month = self.tables.minimum_wage_month.at(month);
        let minimum_wage_hour = if month >= self.tables.minimum_wage_hour.first_month() {
            self.tables.minimum_wage_hour.at(month)
        } else {
            minimum_wage_month / (self.fulltime_hours_per_week * 52.0 / 12.0)
        };
        let t = &self.tables;
        let (ww_premium_permanent, ww_premium_temporary, sector_premium) = match self.rules.ww_premium {
            PremiumRule::Split => (t.awf_low.at(month), t.awf_high.at(month), [0.0; Sector::ALL.len()]),
            PremiumRule::Uniform => {
                let u = t.awf_uniform.at(month);
                let sectors = Sector::ALL.map(|sector| match sector {
                    Sector::Average => t.sector_premium_average.at(month),
                    Sector::Agency => t.sector_premium_agency.at(month),
                    Sector::Reintegration => t.sector_premium_reintegration.at(month),
                });
                (u, u, sectors)
            }
        };
        LegalMonth {
            minimum_wage_hour,
            minimum_wage_month,
            norm_single_eur_per_month: self.tables.bijstand_norm_single.at(month),
            norm_couple_eur_per_month: self.tables.bijstand_norm_couple.at(month),
            disregard_general_cap_eur_per_month: self.tables.disregard_general_cap.at(month),
            disregard_lks_cap_eur_per_month: self.tables.disregard_lks_cap.at(month),
            disregard_with_lks: if self.tables.disregard_lks_in_force.at(month) == 1.0 {
                LksDisregard::Specific
            } else {
                LksDisregard::General
            },
            ww_premium_permanent,
            ww_premium_temporary,
            sector_premium,
            lks_employer_charges: self.tables.lks_employer_charges.at(month),
            lks_loonwaarde_basis: if self.tables.lks_loonwaarde_job_wage.at(month) == 1.0 {
                LoonwaardeBasis::JobWage
            } else {
                LoonwaardeBasis::MinimumWage
            },
            max_transition_payment_eur: self.tables.max_transition_payment.at(month),
            lkv_banenafspraak_eur_per_hour: self.tables.lkv_banenafspraak_hour.at(month),
            lkv_banenafspraak_max_eur_per_month: self.tables.lkv_banenafspraak_year_max.at(month) / 12.0,
            net: self.net_income_at(month),
        }
    }

    /// The net income table in force in `month`.
    fn net_income_at(&self, month: YearMonth) -> NetIncome {
        let i = self.net_income.partition_point(|(from, _)| *from <= month);
        // validated: the first table starts no later than any simulated month
        self.net_income[i.saturating_sub(1)].1
    }
}

/// `[net_income]`: 2 to [`NET_POINTS_MAX`] gross points rising from 0; per
/// entry a month (`YYYY-MM`, increasing, the first no later than `start`)
/// and as many net amounts for work and for benefits, each within `[0, gross]`.
fn validate_net_income(raw: &RawNetIncome, c: &Check, start: YearMonth) -> Result<Vec<(YearMonth, NetIncome)>> {
    let n = raw.gross.len();
    if !(2..=NET_POINTS_MAX).contains(&n) {
        return Err(c.error(
            "net_income.gross",
            n,
            "wrong number of gross points",
            &format!("2 to {NET_POINTS_MAX} points"),
        ));
    }
    let mut gross = [0.0; NET_POINTS_MAX];
    for (i, g) in raw.gross.iter().enumerate() {
        let key = format!("net_income.gross.{i}");
        let lo = if i == 0 { 0.0 } else { gross[i - 1] };
        let hi = if i == 0 { 0.0 } else { 1.0e7 };
        if !(g.is_finite() && *g >= lo && *g <= hi) || (i > 0 && *g <= lo) {
            let allowed = if i == 0 {
                "0 (the table starts at no income)".to_string()
            } else {
                format!("a number above {lo} (points strictly increasing)")
            };
            return Err(c.error(&key, g, "gross point out of order or range", &allowed));
        }
        gross[i] = *g;
    }
    let mut out: Vec<(YearMonth, NetIncome)> = Vec::with_capacity(raw.values.len());
    for (k, e) in raw.values.iter().enumerate() {
        let key = format!("net_income.values.{k}");
        let Some(m) = YearMonth::parse(&e.from) else {
            return Err(c.error(
                &format!("{key}.from"),
                format!("\"{}\"", e.from),
                "not a month",
                "a month written YYYY-MM",
            ));
        };
        if out.last().is_some_and(|(last, _)| *last >= m) {
            return Err(c.error(
                &format!("{key}.from"),
                &e.from,
                "months are not in increasing order",
                "entries sorted by `from`, each month once",
            ));
        }
        let mut table = NetIncome {
            points: n,
            gross,
            work: [0.0; NET_POINTS_MAX],
            benefit: [0.0; NET_POINTS_MAX],
        };
        for (name, values, target) in [
            ("work", &e.work, &mut table.work),
            ("benefit", &e.benefit, &mut table.benefit),
        ] {
            if values.len() != n {
                return Err(c.error(
                    &format!("{key}.{name}"),
                    values.len(),
                    "not one net amount per gross point",
                    &format!("{n} amounts, as net_income.gross"),
                ));
            }
            for (i, v) in values.iter().enumerate() {
                target[i] = c.range(&format!("{key}.{name}.{i}"), *v, 0.0, gross[i])?;
            }
        }
        out.push((m, table));
    }
    match out.first() {
        None => Err(c.error("net_income.values", "[]", "the table is empty", "at least one entry")),
        Some((first, _)) if *first > start => Err(c.error(
            "net_income.values.0.from",
            first,
            "the table starts after the simulated period begins",
            &format!("a first entry from {start} or earlier"),
        )),
        Some(_) => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::toml_layers::{Layers, read_table};

    fn shipped() -> (Layers, RawLegal) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/legal/nl.toml");
        let layers = Layers::single(path.clone(), read_table(&path, "the legal rules", None).unwrap());
        let raw = layers.deserialize().unwrap();
        (layers, raw)
    }

    #[test]
    fn the_ww_maximum_may_not_fall_below_the_minimum() {
        let (layers, mut raw) = shipped();
        let start = YearMonth::new(2020, 1);
        raw.ww_min_months.value = 6.0;
        raw.ww_max_months.value = 6.0;
        let legal = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), start).unwrap();
        assert_eq!((legal.ww_min_months, legal.ww_max_months), (6, 6));
        raw.ww_max_months.value = 5.0;
        let err = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), start)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("WW maximum below the minimum") && err.contains("at least ww_min_months = 6"),
            "{err}"
        );
    }

    #[test]
    fn a_regime_rule_out_of_range_is_named_with_its_regime() {
        let (layers, mut raw) = shipped();
        let start = YearMonth::new(2020, 1);
        raw.regimes.pre_wab.chain_max_months.value = 0.0;
        let err = Legal::validate(&raw, Regime::PreWab, &Check::new(&layers), start)
            .unwrap_err()
            .to_string();
        assert!(err.contains("regimes.pre-wab.chain_max_months"), "{err}");
        // the other regime's rules are not read
        let wab = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), start).unwrap();
        assert_eq!(wab.rules.chain_max_months, 36);
        raw.regimes.wab.transition_min_service_months.value = 1.5;
        let err = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), start)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("regimes.wab.transition_min_service_months") && err.contains("not a whole number"),
            "{err}"
        );
    }

    #[test]
    fn a_rule_table_holds_only_0_or_1() {
        let (layers, mut raw) = shipped();
        let start = YearMonth::new(2020, 1);
        let legal = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), start).unwrap();
        assert_eq!(
            legal.month(YearMonth::new(2022, 12)).disregard_with_lks,
            LksDisregard::General
        );
        assert_eq!(
            legal.month(YearMonth::new(2023, 1)).disregard_with_lks,
            LksDisregard::Specific
        );
        assert_eq!(
            legal.month(YearMonth::new(2016, 12)).lks_loonwaarde_basis,
            LoonwaardeBasis::JobWage
        );
        assert_eq!(
            legal.month(YearMonth::new(2017, 1)).lks_loonwaarde_basis,
            LoonwaardeBasis::MinimumWage
        );
        raw.lks_loonwaarde_job_wage.values[1].value = 0.5;
        let err = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), start)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("lks_loonwaarde_job_wage") && err.contains("from 2017-01") && err.contains("0 or 1"),
            "{err}"
        );
    }

    #[test]
    fn before_2024_the_hourly_minimum_wage_is_the_monthly_one_over_a_full_time_month() {
        let (layers, raw) = shipped();
        let legal = Legal::validate(&raw, Regime::Wab, &Check::new(&layers), YearMonth::new(2020, 1)).unwrap();
        let m = legal.month(YearMonth::new(2020, 1));
        let expected = m.minimum_wage_month / (legal.fulltime_hours_per_week * 52.0 / 12.0);
        assert_eq!(m.minimum_wage_hour, expected);
        let later = legal.month(YearMonth::new(2025, 1));
        assert_ne!(
            later.minimum_wage_hour,
            later.minimum_wage_month / (legal.fulltime_hours_per_week * 52.0 / 12.0)
        );
    }
}
