//! Legal rules as dated data (`calibration/legal/nl.toml`), with the rules
//! regime (`wab` or `pre-wab`) a scenario chooses. Stage one is the raw serde
//! mirror [`RawLegal`]; stage two is [`Legal`], which the model reads through
//! [`Legal::month`] to get every amount in force in a calendar month.

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::error::Result;
use crate::input::figure::{Check, DatedTable, RawDatedTable, RawFigure};

/// The raw mirror of `calibration/legal/nl.toml`. Field meanings and units are
/// documented in that file and in `calibration/SCHEMA.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLegal {
    pub minimum_wage_month: RawDatedTable,
    pub minimum_wage_hour: RawDatedTable,
    pub bijstand_norm_single: RawDatedTable,
    pub bijstand_norm_couple: RawDatedTable,
    pub disregard_general_cap: RawDatedTable,
    pub disregard_lks_cap: RawDatedTable,
    pub awf_low: RawDatedTable,
    pub awf_high: RawDatedTable,
    pub awf_uniform: RawDatedTable,
    pub lks_employer_charges: RawDatedTable,
    pub max_transition_payment: RawDatedTable,
    pub lkv_banenafspraak_hour: RawDatedTable,
    pub lkv_banenafspraak_year_max: RawDatedTable,
    pub fulltime_hours_per_week: RawFigure,
    pub employer_charges_base: RawFigure,
    pub holiday_pay_share: RawFigure,
    pub net_ratio: RawFigure,
    pub disregard_general_share: RawFigure,
    pub disregard_general_months: RawFigure,
    pub disregard_lks_share: RawFigure,
    pub disregard_lks_months: RawFigure,
    pub lks_cap_share: RawFigure,
    pub lks_flat_share: RawFigure,
    pub lks_flat_months: RawFigure,
    pub lkv_months: RawFigure,
    pub ww_required_weeks: RawFigure,
    pub ww_reference_weeks: RawFigure,
    pub ww_months_per_year: RawFigure,
    pub ww_months_per_year_after_10: RawFigure,
    pub ww_min_months: RawFigure,
    pub ww_max_months: RawFigure,
    pub ww_level_first: RawFigure,
    pub ww_level_first_months: RawFigure,
    pub ww_level_after: RawFigure,
    pub no_risk_benefit_share: RawFigure,
    pub banenafspraak_hours_per_job: RawFigure,
    pub regimes: RawRegimes,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegimes {
    pub wab: RawRegime,
    #[serde(rename = "pre-wab")]
    pub pre_wab: RawRegime,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegime {
    pub ww_premium: RawRule<PremiumRule>,
    pub transition_min_service_months: RawFigure,
    pub transition_wage_months_per_year: RawFigure,
    pub transition_accrual: RawRule<Accrual>,
    pub chain_max_contracts: RawFigure,
    pub chain_max_months: RawFigure,
}

/// A rule chosen by name, with its source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule<T> {
    pub rule: T,
    pub source: String,
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

/// Which rule structure applies. Amounts still come from the calendar date, so
/// `PreWab` in 2026 isolates the effect of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    Wab,
    PreWab,
}

/// The validated rules of one regime.
#[derive(Debug, Clone, PartialEq)]
pub struct RegimeRules {
    pub ww_premium: PremiumRule,
    pub transition_min_service_months: u32,
    pub transition_wage_months_per_year: f64,
    pub transition_accrual: Accrual,
    pub chain_max_contracts: u32,
    pub chain_max_months: u32,
}

/// The validated legal rules for a scenario: dated tables and the regime's rules.
#[derive(Debug, Clone)]
pub struct Legal {
    pub regime: Regime,
    pub rules: RegimeRules,
    /// The dated amounts, read through [`Legal::month`].
    tables: Tables,
    pub fulltime_hours_per_week: f64,
    pub employer_charges_base: f64,
    pub holiday_pay_share: f64,
    pub net_ratio: f64,
    pub disregard_general_share: f64,
    pub disregard_general_months: u32,
    pub disregard_lks_share: f64,
    pub disregard_lks_months: u32,
    pub lks_cap_share: f64,
    pub lks_flat_share: f64,
    pub lks_flat_months: u32,
    pub lkv_months: u32,
    pub ww_required_weeks: f64,
    pub ww_reference_weeks: f64,
    pub ww_months_per_year: f64,
    pub ww_months_per_year_after_10: f64,
    pub ww_min_months: u32,
    pub ww_max_months: u32,
    pub ww_level_first: f64,
    pub ww_level_first_months: u32,
    pub ww_level_after: f64,
    pub no_risk_benefit_share: f64,
    pub banenafspraak_hours_per_job: f64,
}

/// The dated legal amounts, step functions of the calendar month.
#[derive(Debug, Clone)]
struct Tables {
    minimum_wage_month: DatedTable,
    minimum_wage_hour: DatedTable,
    minimum_wage_hour_from: YearMonth,
    bijstand_norm_single: DatedTable,
    bijstand_norm_couple: DatedTable,
    disregard_general_cap: DatedTable,
    disregard_lks_cap: DatedTable,
    awf_low: DatedTable,
    awf_high: DatedTable,
    awf_uniform: DatedTable,
    lks_employer_charges: DatedTable,
    max_transition_payment: DatedTable,
    lkv_banenafspraak_hour: DatedTable,
    lkv_banenafspraak_year_max: DatedTable,
}

impl Tables {
    /// Every dated table but the hourly minimum wage (validated first, it may
    /// start later), each covering months from `from` on.
    fn validate(raw: &RawLegal, c: &Check, from: YearMonth, minimum_wage_hour: DatedTable) -> Result<Self> {
        let eur = 1.0e7;
        Ok(Tables {
            minimum_wage_month: c.dated("minimum_wage_month", &raw.minimum_wage_month, 0.0, eur, from)?,
            minimum_wage_hour_from: minimum_wage_hour.first_month(),
            minimum_wage_hour,
            bijstand_norm_single: c.dated("bijstand_norm_single", &raw.bijstand_norm_single, 0.0, eur, from)?,
            bijstand_norm_couple: c.dated("bijstand_norm_couple", &raw.bijstand_norm_couple, 0.0, eur, from)?,
            disregard_general_cap: c.dated("disregard_general_cap", &raw.disregard_general_cap, 0.0, eur, from)?,
            disregard_lks_cap: c.dated("disregard_lks_cap", &raw.disregard_lks_cap, 0.0, eur, from)?,
            awf_low: c.dated("awf_low", &raw.awf_low, 0.0, 1.0, from)?,
            awf_high: c.dated("awf_high", &raw.awf_high, 0.0, 1.0, from)?,
            awf_uniform: c.dated("awf_uniform", &raw.awf_uniform, 0.0, 1.0, from)?,
            lks_employer_charges: c.dated("lks_employer_charges", &raw.lks_employer_charges, 0.0, 1.0, from)?,
            max_transition_payment: c.dated("max_transition_payment", &raw.max_transition_payment, 0.0, eur, from)?,
            lkv_banenafspraak_hour: c.dated(
                "lkv_banenafspraak_hour",
                &raw.lkv_banenafspraak_hour,
                0.0,
                1000.0,
                from,
            )?,
            lkv_banenafspraak_year_max: c.dated(
                "lkv_banenafspraak_year_max",
                &raw.lkv_banenafspraak_year_max,
                0.0,
                eur,
                from,
            )?,
        })
    }
}

/// The rules of regime `name` (`regimes.<name>` in the legal file).
fn validate_regime(name: &str, r: &RawRegime, c: &Check) -> Result<RegimeRules> {
    let k = |s: &str| format!("regimes.{name}.{s}");
    Ok(RegimeRules {
        ww_premium: r.ww_premium.rule,
        transition_min_service_months: c.fig_whole(
            &k("transition_min_service_months"),
            &r.transition_min_service_months,
            0.0,
            600.0,
        )?,
        transition_wage_months_per_year: c.fig(
            &k("transition_wage_months_per_year"),
            &r.transition_wage_months_per_year,
            0.0,
            12.0,
        )?,
        transition_accrual: r.transition_accrual.rule,
        chain_max_contracts: c.fig_whole(&k("chain_max_contracts"), &r.chain_max_contracts, 1.0, 100.0)?,
        chain_max_months: c.fig_whole(&k("chain_max_months"), &r.chain_max_months, 1.0, 600.0)?,
    })
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
    /// Employer's WW premium on a written permanent contract, share of gross wage.
    pub ww_premium_permanent: f64,
    /// Employer's WW premium on any other contract, share of gross wage.
    pub ww_premium_temporary: f64,
    pub lks_employer_charges: f64,
    pub max_transition_payment_eur: f64,
    pub lkv_banenafspraak_eur_per_hour: f64,
    pub lkv_banenafspraak_max_eur_per_month: f64,
}

impl Legal {
    /// Validate the raw legal file for a run that starts in `start`.
    pub fn validate(raw: &RawLegal, regime: Regime, check: &Check, start: YearMonth) -> Result<Self> {
        let c = check;
        let share = |k: &str, f: &RawFigure| c.fig(k, f, 0.0, 1.0);
        let whole = |k: &str, f: &RawFigure, hi: f64| c.fig_whole(k, f, 0.0, hi);
        let rules = match regime {
            Regime::Wab => validate_regime("wab", &raw.regimes.wab, c)?,
            Regime::PreWab => validate_regime("pre-wab", &raw.regimes.pre_wab, c)?,
        };
        let fulltime_hours_per_week = c.fig("fulltime_hours_per_week", &raw.fulltime_hours_per_week, 1.0, 80.0)?;
        // The statutory hourly wage exists from 2024; before that the monthly
        // amount is divided by a full-time month, so this table may start later.
        let hour_table = &raw.minimum_wage_hour;
        let minimum_wage_hour = c.dated("minimum_wage_hour", hour_table, 0.0, 1000.0, YearMonth::new(9999, 12))?;
        let ww_min_months = whole("ww_min_months", &raw.ww_min_months, 120.0)?;
        let ww_max_months = whole("ww_max_months", &raw.ww_max_months, 120.0)?;
        if ww_max_months < ww_min_months {
            return Err(c.error(
                "ww_max_months",
                ww_max_months,
                "WW maximum below the minimum",
                &format!("at least ww_min_months = {ww_min_months}"),
            ));
        }
        Ok(Legal {
            regime,
            rules,
            tables: Tables::validate(raw, c, start, minimum_wage_hour)?,
            fulltime_hours_per_week,
            employer_charges_base: share("employer_charges_base", &raw.employer_charges_base)?,
            holiday_pay_share: share("holiday_pay_share", &raw.holiday_pay_share)?,
            net_ratio: share("net_ratio", &raw.net_ratio)?,
            disregard_general_share: share("disregard_general_share", &raw.disregard_general_share)?,
            disregard_general_months: whole("disregard_general_months", &raw.disregard_general_months, 600.0)?,
            disregard_lks_share: share("disregard_lks_share", &raw.disregard_lks_share)?,
            disregard_lks_months: whole("disregard_lks_months", &raw.disregard_lks_months, 600.0)?,
            lks_cap_share: share("lks_cap_share", &raw.lks_cap_share)?,
            lks_flat_share: share("lks_flat_share", &raw.lks_flat_share)?,
            lks_flat_months: whole("lks_flat_months", &raw.lks_flat_months, 600.0)?,
            lkv_months: whole("lkv_months", &raw.lkv_months, 600.0)?,
            ww_required_weeks: c.fig("ww_required_weeks", &raw.ww_required_weeks, 0.0, 520.0)?,
            ww_reference_weeks: c.fig("ww_reference_weeks", &raw.ww_reference_weeks, 1.0, 520.0)?,
            ww_months_per_year: c.fig("ww_months_per_year", &raw.ww_months_per_year, 0.0, 12.0)?,
            ww_months_per_year_after_10: c.fig(
                "ww_months_per_year_after_10",
                &raw.ww_months_per_year_after_10,
                0.0,
                12.0,
            )?,
            ww_min_months,
            ww_max_months,
            ww_level_first: share("ww_level_first", &raw.ww_level_first)?,
            ww_level_first_months: whole("ww_level_first_months", &raw.ww_level_first_months, 120.0)?,
            ww_level_after: share("ww_level_after", &raw.ww_level_after)?,
            no_risk_benefit_share: share("no_risk_benefit_share", &raw.no_risk_benefit_share)?,
            banenafspraak_hours_per_job: c.fig(
                "banenafspraak_hours_per_job",
                &raw.banenafspraak_hours_per_job,
                1.0,
                80.0,
            )?,
        })
    }

    /// Every amount in force in `month` under this regime.
    ///
    /// `m(t)`: from the statutory hourly table where it applies (2024 on),
    /// else `minimum_wage_month / (fulltime_hours_per_week × 52 / 12)`.
    pub fn month(&self, month: YearMonth) -> LegalMonth {
        let minimum_wage_month = self.tables.minimum_wage_month.at(month);
        let minimum_wage_hour = if month >= self.tables.minimum_wage_hour_from {
            self.tables.minimum_wage_hour.at(month)
        } else {
            minimum_wage_month / (self.fulltime_hours_per_week * 52.0 / 12.0)
        };
        let (ww_premium_permanent, ww_premium_temporary) = match self.rules.ww_premium {
            PremiumRule::Split => (self.tables.awf_low.at(month), self.tables.awf_high.at(month)),
            PremiumRule::Uniform => {
                let u = self.tables.awf_uniform.at(month);
                (u, u)
            }
        };
        LegalMonth {
            minimum_wage_hour,
            minimum_wage_month,
            norm_single_eur_per_month: self.tables.bijstand_norm_single.at(month),
            norm_couple_eur_per_month: self.tables.bijstand_norm_couple.at(month),
            disregard_general_cap_eur_per_month: self.tables.disregard_general_cap.at(month),
            disregard_lks_cap_eur_per_month: self.tables.disregard_lks_cap.at(month),
            ww_premium_permanent,
            ww_premium_temporary,
            lks_employer_charges: self.tables.lks_employer_charges.at(month),
            max_transition_payment_eur: self.tables.max_transition_payment.at(month),
            lkv_banenafspraak_eur_per_hour: self.tables.lkv_banenafspraak_hour.at(month),
            lkv_banenafspraak_max_eur_per_month: self.tables.lkv_banenafspraak_year_max.at(month) / 12.0,
        }
    }
}
