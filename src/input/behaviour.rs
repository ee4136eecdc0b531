//! Behavioural parameters (`calibration/behaviour/default.toml`): hazards,
//! logit scales, intents and learning rates. Each equation that uses them is
//! documented where it is implemented (see [`crate::model`]); the symbols
//! there are the keys here.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::input::figure::{Check, RawFigure};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawBehaviour {
    pub self_found: RawSelfFound,
    pub contracts: RawContracts,
    pub readiness: RawReadiness,
    pub loonwaarde_growth: RawLoonwaardeGrowth,
    pub dropout: RawDropout,
    pub employer: RawEmployer,
    pub conversion: RawConversion,
    pub early_end: RawEarlyEnd,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelfFound {
    pub base_ready: RawFigure,
    pub base_banenafspraak: RawFigure,
    pub base_beschut: RawFigure,
    pub dur_decay: RawFigure,
    pub ww_factor: RawFigure,
    pub permanent_share: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawContracts {
    pub direct_cao_factor: RawFigure,
    pub temporary_months: RawFigure,
    pub perm_kappa_a: RawFigure,
    pub perm_kappa_b: RawFigure,
    pub perm_kappa_c: RawFigure,
    pub perm_kappa_d: RawFigure,
    pub perm_kappa_e: RawFigure,
    pub renew_kappa: RawFigure,
    pub dismiss_base: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawReadiness {
    pub a_work: RawFigure,
    pub a_coach: RawFigure,
    pub a_trajectory: RawFigure,
    pub d_idle: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoonwaardeGrowth {
    pub g_w: RawFigure,
    pub w_max: RawFigure,
    pub remeasure_months: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDropout {
    pub drop_base: RawFigure,
    pub drop_shape: RawFigure,
    pub drop_unsupported: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmployer {
    pub sigma: RawFigure,
    pub kappa_a: RawFigure,
    pub kappa_b: RawFigure,
    pub kappa_c: RawFigure,
    pub kappa_d: RawFigure,
    pub kappa_e: RawFigure,
    pub kappa_detach: RawFigure,
    pub admin_eur_per_hour: RawFigure,
    pub sick_share: RawFigure,
    pub candidates_per_opening: RawFigure,
    pub learn_down: RawFigure,
    pub learn_up: RawFigure,
    pub quality_base: RawFigure,
    pub quality_readiness: RawFigure,
    pub quality_concentration: RawFigure,
    pub quality_reveal_months: RawFigure,
    pub demand_elasticity: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawConversion {
    pub conv_base: RawFigure,
    pub conv_gain: RawFigure,
    pub conv_a: RawFigure,
    pub conv_b: RawFigure,
    pub conv_c: RawFigure,
    pub conv_d: RawFigure,
    pub conv_e: RawFigure,
    pub conv_handover: RawFigure,
    pub trust_months: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlyEnd {
    pub end_base: RawFigure,
    pub end_fit: RawFigure,
    pub end_price: RawFigure,
}

impl RawBehaviour {
    /// The figure at `section.key`, to set a value without going through TOML
    /// (fitted and calibrated parameters); `None` if there is no such parameter.
    pub fn figure_mut(&mut self, path: &str) -> Option<&mut RawFigure> {
        let (section, key) = path.split_once('.')?;
        Some(match (section, key) {
            ("self_found", "base_ready") => &mut self.self_found.base_ready,
            ("self_found", "base_banenafspraak") => &mut self.self_found.base_banenafspraak,
            ("self_found", "base_beschut") => &mut self.self_found.base_beschut,
            ("self_found", "dur_decay") => &mut self.self_found.dur_decay,
            ("self_found", "ww_factor") => &mut self.self_found.ww_factor,
            ("self_found", "permanent_share") => &mut self.self_found.permanent_share,
            ("contracts", "direct_cao_factor") => &mut self.contracts.direct_cao_factor,
            ("contracts", "temporary_months") => &mut self.contracts.temporary_months,
            ("contracts", "perm_kappa_a") => &mut self.contracts.perm_kappa_a,
            ("contracts", "perm_kappa_b") => &mut self.contracts.perm_kappa_b,
            ("contracts", "perm_kappa_c") => &mut self.contracts.perm_kappa_c,
            ("contracts", "perm_kappa_d") => &mut self.contracts.perm_kappa_d,
            ("contracts", "perm_kappa_e") => &mut self.contracts.perm_kappa_e,
            ("contracts", "renew_kappa") => &mut self.contracts.renew_kappa,
            ("contracts", "dismiss_base") => &mut self.contracts.dismiss_base,
            ("readiness", "a_work") => &mut self.readiness.a_work,
            ("readiness", "a_coach") => &mut self.readiness.a_coach,
            ("readiness", "a_trajectory") => &mut self.readiness.a_trajectory,
            ("readiness", "d_idle") => &mut self.readiness.d_idle,
            ("loonwaarde_growth", "g_w") => &mut self.loonwaarde_growth.g_w,
            ("loonwaarde_growth", "w_max") => &mut self.loonwaarde_growth.w_max,
            ("loonwaarde_growth", "remeasure_months") => &mut self.loonwaarde_growth.remeasure_months,
            ("dropout", "drop_base") => &mut self.dropout.drop_base,
            ("dropout", "drop_shape") => &mut self.dropout.drop_shape,
            ("dropout", "drop_unsupported") => &mut self.dropout.drop_unsupported,
            ("employer", "sigma") => &mut self.employer.sigma,
            ("employer", "kappa_a") => &mut self.employer.kappa_a,
            ("employer", "kappa_b") => &mut self.employer.kappa_b,
            ("employer", "kappa_c") => &mut self.employer.kappa_c,
            ("employer", "kappa_d") => &mut self.employer.kappa_d,
            ("employer", "kappa_e") => &mut self.employer.kappa_e,
            ("employer", "kappa_detach") => &mut self.employer.kappa_detach,
            ("employer", "admin_eur_per_hour") => &mut self.employer.admin_eur_per_hour,
            ("employer", "sick_share") => &mut self.employer.sick_share,
            ("employer", "candidates_per_opening") => &mut self.employer.candidates_per_opening,
            ("employer", "learn_down") => &mut self.employer.learn_down,
            ("employer", "learn_up") => &mut self.employer.learn_up,
            ("employer", "quality_base") => &mut self.employer.quality_base,
            ("employer", "quality_readiness") => &mut self.employer.quality_readiness,
            ("employer", "quality_concentration") => &mut self.employer.quality_concentration,
            ("employer", "quality_reveal_months") => &mut self.employer.quality_reveal_months,
            ("employer", "demand_elasticity") => &mut self.employer.demand_elasticity,
            ("conversion", "conv_base") => &mut self.conversion.conv_base,
            ("conversion", "conv_gain") => &mut self.conversion.conv_gain,
            ("conversion", "conv_a") => &mut self.conversion.conv_a,
            ("conversion", "conv_b") => &mut self.conversion.conv_b,
            ("conversion", "conv_c") => &mut self.conversion.conv_c,
            ("conversion", "conv_d") => &mut self.conversion.conv_d,
            ("conversion", "conv_e") => &mut self.conversion.conv_e,
            ("conversion", "conv_handover") => &mut self.conversion.conv_handover,
            ("conversion", "trust_months") => &mut self.conversion.trust_months,
            ("early_end", "end_base") => &mut self.early_end.end_base,
            ("early_end", "end_fit") => &mut self.early_end.end_fit,
            ("early_end", "end_price") => &mut self.early_end.end_price,
            _ => return None,
        })
    }
}

/// Validated behavioural parameters; units as in the data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Behaviour {
    /// `self_base[segment]` (ready, banenafspraak, beschut), per month.
    pub self_base: [f64; 3],
    pub dur_decay: f64,
    pub ww_factor: f64,
    pub self_permanent_share: f64,
    /// Wage of direct employment at a regular employer, multiple of the minimum wage.
    pub direct_cao_factor: f64,
    pub temporary_months: u32,
    /// Intent to make a temporary contract permanent, categories A–E, EUR/hour.
    pub perm_kappa: [f64; 5],
    pub renew_kappa: f64,
    pub dismiss_base: f64,
    pub a_work: f64,
    pub a_coach: f64,
    pub a_trajectory: f64,
    pub d_idle: f64,
    pub g_w: f64,
    pub w_max: f64,
    pub remeasure_months: u32,
    pub drop_base: f64,
    pub drop_shape: f64,
    pub drop_unsupported: f64,
    /// `σ`, EUR per hour.
    pub sigma: f64,
    /// `κ_cat`, categories A–E, EUR per hour.
    pub kappa: [f64; 5],
    pub kappa_detach: f64,
    pub admin_eur_per_hour: f64,
    pub sick_share: f64,
    pub candidates_per_opening: u32,
    pub learn_down: f64,
    pub learn_up: f64,
    pub quality_base: f64,
    pub quality_readiness: f64,
    pub quality_concentration: f64,
    pub quality_reveal_months: u32,
    pub demand_elasticity: f64,
    pub conv_base: f64,
    pub conv_gain: f64,
    /// `conv_cat`, categories A–E, log-odds.
    pub conv_cat: [f64; 5],
    pub conv_handover: f64,
    pub trust_months: f64,
    pub end_base: f64,
    pub end_fit: f64,
    pub end_price: f64,
}

impl Behaviour {
    pub fn validate(raw: &RawBehaviour, c: &Check) -> Result<Self> {
        let rate = |k: &str, f: &RawFigure| c.fig(k, f, 0.0, 1.0);
        let eur = |k: &str, f: &RawFigure| c.fig(k, f, -100.0, 100.0);
        let logit = |k: &str, f: &RawFigure| c.fig(k, f, -50.0, 50.0);
        let pos = |k: &str, f: &RawFigure, hi: f64| c.fig(k, f, 0.0, hi);
        let s = &raw.self_found;
        let ct = &raw.contracts;
        let r = &raw.readiness;
        let g = &raw.loonwaarde_growth;
        let d = &raw.dropout;
        let e = &raw.employer;
        let cv = &raw.conversion;
        let ee = &raw.early_end;
        let quality_base = rate("employer.quality_base", &e.quality_base)?;
        let quality_readiness = c.fig(
            "employer.quality_readiness",
            &e.quality_readiness,
            0.0,
            1.0 - quality_base,
        )?;
        Ok(Behaviour {
            self_base: [
                rate("self_found.base_ready", &s.base_ready)?,
                rate("self_found.base_banenafspraak", &s.base_banenafspraak)?,
                rate("self_found.base_beschut", &s.base_beschut)?,
            ],
            dur_decay: pos("self_found.dur_decay", &s.dur_decay, 10.0)?,
            ww_factor: pos("self_found.ww_factor", &s.ww_factor, 20.0)?,
            self_permanent_share: rate("self_found.permanent_share", &s.permanent_share)?,
            direct_cao_factor: c.fig("contracts.direct_cao_factor", &ct.direct_cao_factor, 1.0, 5.0)?,
            temporary_months: c.fig_whole("contracts.temporary_months", &ct.temporary_months, 1.0, 120.0)?,
            perm_kappa: [
                eur("contracts.perm_kappa_a", &ct.perm_kappa_a)?,
                eur("contracts.perm_kappa_b", &ct.perm_kappa_b)?,
                eur("contracts.perm_kappa_c", &ct.perm_kappa_c)?,
                eur("contracts.perm_kappa_d", &ct.perm_kappa_d)?,
                eur("contracts.perm_kappa_e", &ct.perm_kappa_e)?,
            ],
            renew_kappa: eur("contracts.renew_kappa", &ct.renew_kappa)?,
            dismiss_base: rate("contracts.dismiss_base", &ct.dismiss_base)?,
            a_work: rate("readiness.a_work", &r.a_work)?,
            a_coach: rate("readiness.a_coach", &r.a_coach)?,
            a_trajectory: rate("readiness.a_trajectory", &r.a_trajectory)?,
            d_idle: rate("readiness.d_idle", &r.d_idle)?,
            g_w: c.fig("loonwaarde_growth.g_w", &g.g_w, 0.0, 0.1)?,
            w_max: rate("loonwaarde_growth.w_max", &g.w_max)?,
            remeasure_months: c.fig_whole("loonwaarde_growth.remeasure_months", &g.remeasure_months, 1.0, 120.0)?,
            drop_base: rate("dropout.drop_base", &d.drop_base)?,
            drop_shape: pos("dropout.drop_shape", &d.drop_shape, 20.0)?,
            drop_unsupported: pos("dropout.drop_unsupported", &d.drop_unsupported, 100.0)?,
            sigma: c.fig("employer.sigma", &e.sigma, 0.01, 100.0)?,
            kappa: [
                eur("employer.kappa_a", &e.kappa_a)?,
                eur("employer.kappa_b", &e.kappa_b)?,
                eur("employer.kappa_c", &e.kappa_c)?,
                eur("employer.kappa_d", &e.kappa_d)?,
                eur("employer.kappa_e", &e.kappa_e)?,
            ],
            kappa_detach: eur("employer.kappa_detach", &e.kappa_detach)?,
            admin_eur_per_hour: pos("employer.admin_eur_per_hour", &e.admin_eur_per_hour, 100.0)?,
            sick_share: rate("employer.sick_share", &e.sick_share)?,
            candidates_per_opening: c.fig_whole(
                "employer.candidates_per_opening",
                &e.candidates_per_opening,
                1.0,
                50.0,
            )?,
            learn_down: rate("employer.learn_down", &e.learn_down)?,
            learn_up: pos("employer.learn_up", &e.learn_up, 10.0)?,
            quality_base,
            quality_readiness,
            quality_concentration: c.fig("employer.quality_concentration", &e.quality_concentration, 0.1, 1000.0)?,
            quality_reveal_months: c.fig_whole(
                "employer.quality_reveal_months",
                &e.quality_reveal_months,
                0.0,
                120.0,
            )?,
            demand_elasticity: pos("employer.demand_elasticity", &e.demand_elasticity, 10.0)?,
            conv_base: logit("conversion.conv_base", &cv.conv_base)?,
            conv_gain: logit("conversion.conv_gain", &cv.conv_gain)?,
            conv_cat: [
                logit("conversion.conv_a", &cv.conv_a)?,
                logit("conversion.conv_b", &cv.conv_b)?,
                logit("conversion.conv_c", &cv.conv_c)?,
                logit("conversion.conv_d", &cv.conv_d)?,
                logit("conversion.conv_e", &cv.conv_e)?,
            ],
            conv_handover: logit("conversion.conv_handover", &cv.conv_handover)?,
            trust_months: c.fig("conversion.trust_months", &cv.trust_months, 0.1, 600.0)?,
            end_base: rate("early_end.end_base", &ee.end_base)?,
            end_fit: pos("early_end.end_fit", &ee.end_fit, 100.0)?,
            end_price: pos("early_end.end_price", &ee.end_price, 100.0)?,
        })
    }
}
