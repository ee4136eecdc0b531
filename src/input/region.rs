//! Region profiles (`calibration/regions/<id>.toml`): municipalities, their
//! werkbedrijven, the caseload and the employer population of one
//! labour-market region. Raw serde mirror, then the validated [`Region`].

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::input::figure::{Check, RawFigure, Status};
use crate::input::legal::Sector;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    pub id: String,
    pub name: String,
    pub description: String,
    pub municipalities: Vec<RawMunicipality>,
    pub werkbedrijven: Vec<RawWerkbedrijf>,
    pub caseload: RawCaseload,
    pub loonwaarde: RawLoonwaardeSegments,
    pub employers: RawEmployers,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawMunicipality {
    pub id: String,
    pub name: String,
    pub werkbedrijf: String,
    pub bijstand_stock: RawFigure,
    pub inflow_per_month: RawFigure,
    pub beschut_places_per_year: RawFigure,
    pub deficit_share: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawWerkbedrijf {
    pub id: String,
    pub name: String,
    pub kind: WerkbedrijfKind,
    pub sector: RawSector,
    pub initial_beschut_workers: RawFigure,
}

/// `sector = { value = "reintegration", status, source }`: the WW sector a
/// werkbedrijf is classified in, whose sector premium it pays before the WAB.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSector {
    pub value: Sector,
    pub status: Status,
    pub source: String,
}

/// Who runs a werkbedrijf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WerkbedrijfKind {
    /// A public werkbedrijf of a joint arrangement (gemeenschappelijke regeling).
    Public,
    /// A municipality's own bv or stichting.
    Municipal,
    /// A private detacheerder.
    Private,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaseload {
    pub segment_ready: RawFigure,
    pub segment_banenafspraak: RawFigure,
    pub segment_beschut: RawFigure,
    pub household_single: RawFigure,
    pub household_single_parent: RawFigure,
    pub household_couple: RawFigure,
    pub tw_couple_excluded_share: RawFigure,
    pub hours_mean: RawFigure,
    pub hours_sd: RawFigure,
    pub hours_min: RawFigure,
    pub hours_max: RawFigure,
    pub readiness_alpha: RawFigure,
    pub readiness_beta: RawFigure,
    pub needs_support_ready: RawFigure,
    pub needs_support_banenafspraak: RawFigure,
    pub needs_support_beschut: RawFigure,
    pub initial_duration_mean_months: RawFigure,
    pub work_history_years_mean: RawFigure,
    pub exit_rate_per_month: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoonwaardeSegments {
    pub banenafspraak: RawLoonwaarde,
    pub beschut: RawLoonwaarde,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoonwaarde {
    pub min: RawFigure,
    pub max: RawFigure,
    pub mean: RawFigure,
    pub concentration: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmployers {
    pub small: RawSizeClass,
    pub medium: RawSizeClass,
    pub large: RawSizeClass,
    pub category_a: RawFigure,
    pub category_b: RawFigure,
    pub category_c: RawFigure,
    pub category_d: RawFigure,
    pub category_e: RawFigure,
    pub agency_margin_mean: RawFigure,
    pub agency_margin_sd: RawFigure,
    pub agency_margin_min: RawFigure,
    pub risk_aversion_mean: RawFigure,
    pub risk_aversion_sd: RawFigure,
    /// `[employers.first_contract.a]` … `.e`: shares of first direct
    /// contracts by length, per employer category.
    pub first_contract: RawFirstContracts,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFirstContracts {
    pub a: RawContractLengths,
    pub b: RawContractLengths,
    pub c: RawContractLengths,
    pub d: RawContractLengths,
    pub e: RawContractLengths,
}

/// Shares of first direct contracts of 3, 6, 12 and 24 months and permanent
/// ([`FIRST_CONTRACT_MONTHS`]).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawContractLengths {
    pub months_3: RawFigure,
    pub months_6: RawFigure,
    pub months_12: RawFigure,
    pub months_24: RawFigure,
    pub permanent: RawFigure,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawSizeClass {
    pub count: RawFigure,
    pub openings_per_month: RawFigure,
}

/// A validated region profile.
#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    pub name: String,
    pub municipalities: Vec<Municipality>,
    pub werkbedrijven: Vec<WerkbedrijfProfile>,
    pub caseload: Caseload,
    /// Loonwaarde distributions for `banenafspraak` (index 0) and `beschut` (index 1).
    pub loonwaarde_banenafspraak: LoonwaardeDist,
    pub loonwaarde_beschut: LoonwaardeDist,
    pub employers: EmployerProfile,
}

#[derive(Debug, Clone)]
pub struct Municipality {
    pub id: String,
    pub name: String,
    /// Index into [`Region::werkbedrijven`].
    pub werkbedrijf: usize,
    pub bijstand_stock_persons: f64,
    pub inflow_persons_per_month: f64,
    pub beschut_places_per_year: f64,
    /// Share of its werkbedrijf's yearly deficit this municipality covers.
    pub deficit_share: f64,
}

#[derive(Debug, Clone)]
pub struct WerkbedrijfProfile {
    pub id: String,
    pub name: String,
    pub kind: WerkbedrijfKind,
    /// The WW sector whose sector premium it pays before the WAB: a private
    /// (agency-type) detacheerder is in sector 52, [`Sector::Agency`].
    pub sector: Sector,
    pub initial_beschut_workers: u32,
}

#[derive(Debug, Clone)]
pub struct Caseload {
    /// Shares of `ready`, `banenafspraak`, `beschut`.
    pub segment_shares: [f64; 3],
    /// Shares of single, single parent, couple.
    pub household_shares: [f64; 3],
    /// Share of couples excluded from the Toeslagenwet by the partner's birth
    /// year (born after 1971, no child under 12); docs/ODD.md §7.6.
    pub tw_couple_excluded_share: f64,
    pub hours_mean: f64,
    pub hours_sd: f64,
    pub hours_min: f64,
    pub hours_max: f64,
    pub readiness_alpha: f64,
    pub readiness_beta: f64,
    /// Share needing lasting support per segment (ready, banenafspraak, beschut).
    pub needs_support: [f64; 3],
    pub initial_duration_mean_months: f64,
    pub work_history_years_mean: f64,
    pub exit_rate_per_month: f64,
}

/// Loonwaarde `w = min + (max − min) · Beta(μ'c, (1 − μ')c)`, `μ' = (mean − min)/(max − min)`.
#[derive(Debug, Clone, Copy)]
pub struct LoonwaardeDist {
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub concentration: f64,
}

#[derive(Debug, Clone)]
pub struct EmployerProfile {
    /// Employers per size class (small, medium, large).
    pub counts: [u32; 3],
    /// Suitable openings per employer per month, per size class.
    pub openings_per_month: [f64; 3],
    /// Shares of categories A–E.
    pub category_shares: [f64; 5],
    /// `agency_margin_e ~ Normal(mean, sd)` floored at `min`: the agency's
    /// rate as a multiple of its wage cost (the inlener's `c_alt` is this
    /// times the month's agency cost factor).
    pub agency_margin_mean: f64,
    pub agency_margin_sd: f64,
    pub agency_margin_min: f64,
    pub risk_aversion_mean_eur_per_hour: f64,
    pub risk_aversion_sd_eur_per_hour: f64,
    /// Per category A–E: the shares of first direct contracts by length.
    pub first_contract: [ContractLengthShares; 5],
}

/// The lengths of a fixed-term first contract the region profile gives
/// shares for, in months (`months_3` … `months_24` of
/// `[employers.first_contract.<category>]`).
pub const FIRST_CONTRACT_MONTHS: [u32; 4] = [3, 6, 12, 24];

/// One employer category's shares of first direct contracts:
/// `temporary[i]` of [`FIRST_CONTRACT_MONTHS`]`[i]` months, and `permanent`.
/// Validated: each in `[0, 1]`, together 1, the temporary ones above 0 (a
/// renewal or a conversion's successor contract draws a length from them).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ContractLengthShares {
    pub temporary: [f64; 4],
    pub permanent: f64,
}

/// Shares that must add up to one (within rounding).
fn shares_sum_to_one(c: &Check, key: &str, values: &[f64]) -> Result<()> {
    let sum: f64 = values.iter().sum();
    if (sum - 1.0).abs() > 1e-6 {
        return Err(c.error(key, sum, "shares do not add up to 1", "shares that sum to 1"));
    }
    Ok(())
}

impl Region {
    /// Validate a region profile read from `calibration/regions/<file_stem>.toml`.
    pub fn validate(raw: &RawRegion, c: &Check, file_stem: &str) -> Result<Self> {
        if raw.id != file_stem {
            return Err(c.error(
                "id",
                format!("\"{}\"", raw.id),
                "the id differs from the file name",
                &format!("\"{file_stem}\" (the file is calibration/regions/{file_stem}.toml)"),
            ));
        }
        if raw.werkbedrijven.is_empty() {
            return Err(c.error(
                "werkbedrijven",
                "[]",
                "no werkbedrijf",
                "at least one [[werkbedrijven]]",
            ));
        }
        if raw.municipalities.is_empty() {
            return Err(c.error(
                "municipalities",
                "[]",
                "no municipality",
                "at least one [[municipalities]]",
            ));
        }
        let werkbedrijven = validate_werkbedrijven(&raw.werkbedrijven, c)?;
        let municipalities = validate_municipalities(&raw.municipalities, &werkbedrijven, c)?;
        let caseload = validate_caseload(&raw.caseload, c)?;
        let employers = validate_employers(&raw.employers, c)?;
        Ok(Region {
            id: raw.id.clone(),
            name: raw.name.clone(),
            municipalities,
            werkbedrijven,
            caseload,
            loonwaarde_banenafspraak: validate_loonwaarde("banenafspraak", &raw.loonwaarde.banenafspraak, c)?,
            loonwaarde_beschut: validate_loonwaarde("beschut", &raw.loonwaarde.beschut, c)?,
            employers,
        })
    }
}

/// Werkbedrijf and municipality ids name metrics (`werkbedrijf_result_<id>`,
/// `municipal_cost_total_<id>`, `werkbedrijf_detachering_cost_<id>`): an
/// empty id, `total` or `per_detached_month` would give a metric the same
/// name as a regional one.
fn check_member_id(c: &Check, key: &str, id: &str) -> Result<()> {
    if id.is_empty() || id == "total" || id == "per_detached_month" {
        return Err(c.error(
            key,
            format!("\"{id}\""),
            "reserved id: metric names would collide with the regional totals",
            "a non-empty id other than \"total\" and \"per_detached_month\"",
        ));
    }
    Ok(())
}

fn validate_werkbedrijven(raw: &[RawWerkbedrijf], c: &Check) -> Result<Vec<WerkbedrijfProfile>> {
    let mut werkbedrijven = Vec::new();
    for (i, w) in raw.iter().enumerate() {
        if raw[..i].iter().any(|o| o.id == w.id) {
            return Err(c.error(&format!("werkbedrijven.{i}.id"), &w.id, "duplicate id", "unique ids"));
        }
        check_member_id(c, &format!("werkbedrijven.{i}.id"), &w.id)?;
        check_sector(c, i, w)?;
        werkbedrijven.push(WerkbedrijfProfile {
            id: w.id.clone(),
            name: w.name.clone(),
            kind: w.kind,
            sector: w.sector.value,
            initial_beschut_workers: c.fig_whole(
                &format!("werkbedrijven.{i}.initial_beschut_workers"),
                &w.initial_beschut_workers,
                0.0,
                1.0e6,
            )?,
        });
    }
    Ok(werkbedrijven)
}

/// A private werkbedrijf is an agency-type detacheerder: its business is
/// placing workers with others, which puts it in sector 52, uitzendbedrijven
/// (docs/sources.md#legal-3). Registering in the client's sector
/// (sectorverloning, frozen in 2017) is not modelled.
fn check_sector(c: &Check, i: usize, w: &RawWerkbedrijf) -> Result<()> {
    if w.kind == WerkbedrijfKind::Private && w.sector.value != Sector::Agency {
        return Err(c.error(
            &format!("werkbedrijven.{i}.sector"),
            format!("\"{:?}\"", w.sector.value).to_lowercase(),
            "a private (agency-type) detacheerder is in sector 52, uitzendbedrijven",
            "\"agency\" for kind = \"private\"",
        ));
    }
    Ok(())
}

/// The municipalities, each served by one of `werkbedrijven`; the deficit
/// shares of each werkbedrijf's municipalities sum to one.
fn validate_municipalities(
    raw: &[RawMunicipality],
    werkbedrijven: &[WerkbedrijfProfile],
    c: &Check,
) -> Result<Vec<Municipality>> {
    let ids: Vec<&str> = werkbedrijven.iter().map(|w| w.id.as_str()).collect();
    let mut municipalities = Vec::new();
    for (i, m) in raw.iter().enumerate() {
        let k = |s: &str| format!("municipalities.{i}.{s}");
        if raw[..i].iter().any(|o| o.id == m.id) {
            return Err(c.error(&k("id"), &m.id, "duplicate id", "unique ids"));
        }
        check_member_id(c, &k("id"), &m.id)?;
        let Some(werkbedrijf) = ids.iter().position(|id| *id == m.werkbedrijf) else {
            return Err(c.error(
                &k("werkbedrijf"),
                format!("\"{}\"", m.werkbedrijf),
                "no werkbedrijf with this id in the region",
                &format!("one of {ids:?}"),
            ));
        };
        municipalities.push(Municipality {
            id: m.id.clone(),
            name: m.name.clone(),
            werkbedrijf,
            bijstand_stock_persons: c.fig(&k("bijstand_stock"), &m.bijstand_stock, 0.0, 1.0e6)?,
            inflow_persons_per_month: c.fig(&k("inflow_per_month"), &m.inflow_per_month, 0.0, 1.0e5)?,
            beschut_places_per_year: c.fig(&k("beschut_places_per_year"), &m.beschut_places_per_year, 0.0, 1.0e5)?,
            deficit_share: c.fig(&k("deficit_share"), &m.deficit_share, 0.0, 1.0)?,
        });
    }
    for (j, w) in werkbedrijven.iter().enumerate() {
        let shares: Vec<f64> = municipalities
            .iter()
            .filter(|m| m.werkbedrijf == j)
            .map(|m| m.deficit_share)
            .collect();
        if !shares.is_empty() {
            shares_sum_to_one(
                c,
                &format!("municipalities (deficit_share of werkbedrijf {})", w.id),
                &shares,
            )?;
        }
    }
    Ok(municipalities)
}

fn validate_caseload(cl: &RawCaseload, c: &Check) -> Result<Caseload> {
    let k = |s: &str| format!("caseload.{s}");
    let share = |key: &str, f: &RawFigure| c.fig(&k(key), f, 0.0, 1.0);
    let segment_shares = [
        share("segment_ready", &cl.segment_ready)?,
        share("segment_banenafspraak", &cl.segment_banenafspraak)?,
        share("segment_beschut", &cl.segment_beschut)?,
    ];
    shares_sum_to_one(c, "caseload.segment_ready", &segment_shares)?;
    let household_shares = [
        share("household_single", &cl.household_single)?,
        share("household_single_parent", &cl.household_single_parent)?,
        share("household_couple", &cl.household_couple)?,
    ];
    shares_sum_to_one(c, "caseload.household_single", &household_shares)?;
    let hours_min = c.fig(&k("hours_min"), &cl.hours_min, 1.0, 60.0)?;
    let hours_max = c.fig(&k("hours_max"), &cl.hours_max, hours_min, 60.0)?;
    Ok(Caseload {
        segment_shares,
        household_shares,
        tw_couple_excluded_share: share("tw_couple_excluded_share", &cl.tw_couple_excluded_share)?,
        hours_mean: c.fig(&k("hours_mean"), &cl.hours_mean, hours_min, hours_max)?,
        hours_sd: c.fig(&k("hours_sd"), &cl.hours_sd, 0.0, 40.0)?,
        hours_min,
        hours_max,
        readiness_alpha: c.fig(&k("readiness_alpha"), &cl.readiness_alpha, 0.01, 100.0)?,
        readiness_beta: c.fig(&k("readiness_beta"), &cl.readiness_beta, 0.01, 100.0)?,
        needs_support: [
            share("needs_support_ready", &cl.needs_support_ready)?,
            share("needs_support_banenafspraak", &cl.needs_support_banenafspraak)?,
            share("needs_support_beschut", &cl.needs_support_beschut)?,
        ],
        initial_duration_mean_months: c.fig(
            &k("initial_duration_mean_months"),
            &cl.initial_duration_mean_months,
            0.0,
            600.0,
        )?,
        work_history_years_mean: c.fig(&k("work_history_years_mean"), &cl.work_history_years_mean, 0.0, 50.0)?,
        exit_rate_per_month: c.fig(&k("exit_rate_per_month"), &cl.exit_rate_per_month, 0.0, 1.0)?,
    })
}

/// `[loonwaarde.<name>]`: `min < mean < max` within `[0, 1]`.
fn validate_loonwaarde(name: &str, r: &RawLoonwaarde, c: &Check) -> Result<LoonwaardeDist> {
    let k = |s: &str| format!("loonwaarde.{name}.{s}");
    let min = c.fig(&k("min"), &r.min, 0.0, 1.0)?;
    let max = c.fig(&k("max"), &r.max, min + 1e-6, 1.0)?;
    Ok(LoonwaardeDist {
        min,
        max,
        mean: c.range(&k("mean"), r.mean.value, min + 1e-6, max - 1e-6)?,
        concentration: c.fig(&k("concentration"), &r.concentration, 0.1, 1000.0)?,
    })
}

fn validate_employers(e: &RawEmployers, c: &Check) -> Result<EmployerProfile> {
    let ek = |s: &str| format!("employers.{s}");
    let size = |name: &str, s: &RawSizeClass| -> Result<(u32, f64)> {
        Ok((
            c.fig_whole(&ek(&format!("{name}.count")), &s.count, 0.0, 1.0e7)?,
            c.fig(
                &ek(&format!("{name}.openings_per_month")),
                &s.openings_per_month,
                0.0,
                100.0,
            )?,
        ))
    };
    let (small, medium, large) = (
        size("small", &e.small)?,
        size("medium", &e.medium)?,
        size("large", &e.large)?,
    );
    if small.0 + medium.0 + large.0 == 0 {
        return Err(c.error("employers.small.count", 0, "no employers", "at least one employer"));
    }
    let eshare = |key: &str, f: &RawFigure| c.fig(&ek(key), f, 0.0, 1.0);
    let category_shares = [
        eshare("category_a", &e.category_a)?,
        eshare("category_b", &e.category_b)?,
        eshare("category_c", &e.category_c)?,
        eshare("category_d", &e.category_d)?,
        eshare("category_e", &e.category_e)?,
    ];
    shares_sum_to_one(c, "employers.category_a", &category_shares)?;
    let agency_margin_min = c.fig(&ek("agency_margin_min"), &e.agency_margin_min, 0.1, 10.0)?;
    Ok(EmployerProfile {
        counts: [small.0, medium.0, large.0],
        openings_per_month: [small.1, medium.1, large.1],
        category_shares,
        agency_margin_mean: c.fig(
            &ek("agency_margin_mean"),
            &e.agency_margin_mean,
            agency_margin_min,
            10.0,
        )?,
        agency_margin_sd: c.fig(&ek("agency_margin_sd"), &e.agency_margin_sd, 0.0, 5.0)?,
        agency_margin_min,
        risk_aversion_mean_eur_per_hour: c.fig(&ek("risk_aversion_mean"), &e.risk_aversion_mean, 0.0, 100.0)?,
        risk_aversion_sd_eur_per_hour: c.fig(&ek("risk_aversion_sd"), &e.risk_aversion_sd, 0.0, 100.0)?,
        first_contract: [
            validate_contract_lengths(c, "a", &e.first_contract.a)?,
            validate_contract_lengths(c, "b", &e.first_contract.b)?,
            validate_contract_lengths(c, "c", &e.first_contract.c)?,
            validate_contract_lengths(c, "d", &e.first_contract.d)?,
            validate_contract_lengths(c, "e", &e.first_contract.e)?,
        ],
    })
}

/// `[employers.first_contract.<category>]`: five shares in `[0, 1]` that sum
/// to 1, with some share on a fixed-term length.
fn validate_contract_lengths(c: &Check, category: &str, r: &RawContractLengths) -> Result<ContractLengthShares> {
    let k = |s: &str| format!("employers.first_contract.{category}.{s}");
    let temporary = [
        c.fig(&k("months_3"), &r.months_3, 0.0, 1.0)?,
        c.fig(&k("months_6"), &r.months_6, 0.0, 1.0)?,
        c.fig(&k("months_12"), &r.months_12, 0.0, 1.0)?,
        c.fig(&k("months_24"), &r.months_24, 0.0, 1.0)?,
    ];
    let permanent = c.fig(&k("permanent"), &r.permanent, 0.0, 1.0)?;
    let all = [temporary[0], temporary[1], temporary[2], temporary[3], permanent];
    shares_sum_to_one(c, &k("months_3"), &all)?;
    if temporary.iter().sum::<f64>() <= 0.0 {
        return Err(c.error(
            &k("months_3"),
            0,
            "no fixed-term length has a share (renewals and conversions draw one)",
            "a positive share on at least one of months_3 … months_24",
        ));
    }
    Ok(ContractLengthShares { temporary, permanent })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::toml_layers::{Layers, read_table};

    fn shipped() -> (Layers, RawRegion) {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("calibration/regions/gooi-en-vechtstreek.toml");
        let layers = Layers::single(path.clone(), read_table(&path, "the region profile", None).unwrap());
        let raw = layers.deserialize().unwrap();
        (layers, raw)
    }

    /// An agency-type detacheerder is in sector 52, uitzendbedrijven, and pays
    /// its sector premium before the WAB (docs/sources.md#legal-3).
    #[test]
    fn a_private_werkbedrijf_is_in_sector_52() {
        let (layers, mut raw) = shipped();
        let c = Check::new(&layers);
        let region = Region::validate(&raw, &c, "gooi-en-vechtstreek").unwrap();
        assert_eq!(region.werkbedrijven[0].sector, Sector::Reintegration);
        raw.werkbedrijven[0].kind = WerkbedrijfKind::Private;
        let err = Region::validate(&raw, &c, "gooi-en-vechtstreek")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("werkbedrijven.0.sector") && err.contains("sector 52"),
            "{err}"
        );
        raw.werkbedrijven[0].sector.value = Sector::Agency;
        let region = Region::validate(&raw, &c, "gooi-en-vechtstreek").unwrap();
        assert_eq!(region.werkbedrijven[0].sector, Sector::Agency);
    }

    /// A category's first-contract shares must sum to 1; the error names the
    /// file, the key and the sum.
    #[test]
    fn first_contract_shares_must_sum_to_one() {
        let (layers, mut raw) = shipped();
        let c = Check::new(&layers);
        let region = Region::validate(&raw, &c, "gooi-en-vechtstreek").unwrap();
        for shares in &region.employers.first_contract {
            let sum: f64 = shares.temporary.iter().sum::<f64>() + shares.permanent;
            assert!((sum - 1.0).abs() < 1e-9);
        }
        let old = raw.employers.first_contract.d.months_6.value;
        raw.employers.first_contract.d.months_6.value = old + 0.1;
        let err = Region::validate(&raw, &c, "gooi-en-vechtstreek")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("employers.first_contract.d.months_3")
                && err.contains("shares do not add up to 1")
                && err.contains("gooi-en-vechtstreek.toml"),
            "{err}"
        );
        // all on permanent: renewals would have no length to draw
        let e = &mut raw.employers.first_contract.e;
        for f in [&mut e.months_3, &mut e.months_6, &mut e.months_12, &mut e.months_24] {
            f.value = 0.0;
        }
        e.permanent.value = 1.0;
        raw.employers.first_contract.d.months_6.value = old;
        let err = Region::validate(&raw, &c, "gooi-en-vechtstreek")
            .unwrap_err()
            .to_string();
        assert!(err.contains("employers.first_contract.e.months_3"), "{err}");
    }
}
