//! Region assumptions made uncertain. A scenario's `region_priors` file
//! (e.g. `calibration/priors/regions/gooi-en-vechtstreek.toml`) gives a
//! prior range, with its reasoning, to figures of the region profile that
//! are assumptions — the agency margin, employers' risk aversion, openings
//! per employer — in the format of the behavioural priors, keyed by the
//! figure's path in `calibration/regions/<region>.toml` (as a scenario
//! writes it under `[region_data]`, without that prefix), `role = "fixed"`.
//! Every parameter draw of a run then draws them too, from the same stream
//! as the behavioural parameters ([`crate::input::scenario::Scenario::parameter_draw`],
//! where they appear as `region_data.<path>`), so the reported distributions
//! and a comparison's robustness include them. A value the scenario sets
//! under `[region_data]` is not drawn. A figure that is a share of a
//! composition (the employer categories, which must sum to 1) cannot be
//! drawn on its own and is refused.

use std::path::Path;

use toml::Value;

use crate::error::{Error, Result};
use crate::input::figure::Check;
use crate::input::priors::{Prior, RawPrior, RawPriors, Role, Shape};
use crate::input::region::{RawRegion, Region};
use crate::input::toml_layers::{Layers, lookup, read_table};

/// The prefix under which drawn region figures appear in a parameter draw.
pub const PREFIX: &str = "region_data.";

/// The most region figures a priors file may draw (every corner of their
/// ranges, `2^n`, is checked at load).
const MAX_DRAWN: usize = 10;

/// Figures that are parts of a composition and cannot be drawn alone.
const COMPOSITIONS: &[&str] = &["employers.category_", "caseload.segment_", "caseload.household_"];

/// Read and check a region priors file against the region's data (its
/// merged layers, with the scenario's overrides) and the scenario's own
/// `[region_data]` keys (`overridden`, not drawn). The priors' paths carry
/// [`PREFIX`] in the result.
pub fn load(path: &Path, region: &Layers, stem: &str, overridden: &[String]) -> Result<Vec<Prior>> {
    let table = read_table(path, "the region priors", None)?;
    let raw: RawPriors = Layers::single(path.to_path_buf(), table).deserialize()?;
    let mut priors = Vec::new();
    for (name, p) in &raw.parameters {
        checked(path, region, stem, name, p)?;
        let prefixed = format!("{PREFIX}{name}");
        if overridden.contains(&prefixed) {
            continue;
        }
        priors.push(Prior {
            path: prefixed,
            shape: p.shape,
            min: p.min,
            max: p.max,
        });
    }
    check_corners(path, region, stem, &priors)?;
    Ok(priors)
}

/// The `region_data.<path>` of every figure a scenario sets under
/// `[region_data]` (the layers above the region file).
pub fn overridden(region: &Layers) -> Vec<String> {
    fn leaves(prefix: &str, t: &toml::Table, out: &mut Vec<String>) {
        for (k, v) in t {
            let path = format!("{prefix}{k}");
            match v {
                Value::Table(sub) if !sub.contains_key("value") => leaves(&format!("{path}."), sub, out),
                _ => out.push(path),
            }
        }
    }
    let mut out = Vec::new();
    for (_, table) in &region.files[..region.files.len().saturating_sub(1)] {
        leaves(PREFIX, table, &mut out);
    }
    out
}

/// The region with the drawn figures of `values` (paths with [`PREFIX`];
/// others are ignored) set on its layers, validated.
pub fn region_with(region: &Layers, values: &[(String, f64)], stem: &str) -> Result<Region> {
    let mut layers = region.clone();
    for (path, x) in values {
        let Some(rest) = path.strip_prefix(PREFIX) else {
            continue;
        };
        let segments: Vec<String> = rest.split('.').map(str::to_string).collect();
        let (last, parents) = segments.split_last().expect("a path has a key");
        let mut table = &mut layers.merged;
        for s in parents {
            table = table
                .get_mut(s)
                .and_then(Value::as_table_mut)
                .expect("region prior paths are checked at load");
        }
        let figure = table
            .get_mut(last)
            .and_then(Value::as_table_mut)
            .expect("region prior paths are checked at load");
        let whole = matches!(figure.get("value"), Some(Value::Integer(_)));
        figure.insert(
            "value".into(),
            if whole {
                Value::Integer(x.round() as i64)
            } else {
                Value::Float(*x)
            },
        );
    }
    let raw: RawRegion = layers.deserialize()?;
    Region::validate(&raw, &Check::new(&layers), stem)
}

/// One figure's prior, checked against the region's value.
fn checked(path: &Path, region: &Layers, stem: &str, name: &str, p: &RawPrior) -> Result<()> {
    let key = |k: &str| format!("parameters.\"{name}\".{k}");
    let segments: Vec<String> = name.split('.').map(str::to_string).collect();
    let current = lookup(&region.merged, &segments)
        .and_then(|v| v.get("value"))
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)));
    let Some(current) = current else {
        return Err(Error::invalid(
            path,
            format!("parameters.\"{name}\""),
            name,
            "no such figure in the region profile",
            format!("the path of a figure in calibration/regions/{stem}.toml, e.g. \"employers.agency_margin_mean\""),
        ));
    };
    if COMPOSITIONS.iter().any(|c| name.starts_with(c)) {
        return Err(Error::invalid(
            path,
            format!("parameters.\"{name}\""),
            name,
            "a share of a composition that must sum to 1 cannot be drawn on its own",
            "a figure that stands alone (a margin, a mean, a rate, a count)",
        ));
    }
    if p.role != Role::Fixed {
        return Err(Error::invalid(
            path,
            key("role"),
            "\"fitted\"",
            "region assumptions are drawn, not fitted",
            "role = \"fixed\"",
        ));
    }
    if !(p.min.is_finite() && p.max.is_finite() && p.min < p.max) || (p.shape == Shape::LogUniform && p.min <= 0.0) {
        return Err(Error::invalid(
            path,
            key("max"),
            p.max,
            "the range is empty (or not positive for a log-uniform prior)",
            format!("a number above min = {} (and min above 0 for log-uniform)", p.min),
        ));
    }
    if !(current >= p.min && current <= p.max) {
        return Err(Error::invalid(
            path,
            format!("parameters.\"{name}\""),
            current,
            "the region's value lies outside its prior",
            format!("a range from {} to {} that holds the value", p.min, p.max),
        ));
    }
    Ok(())
}

/// Every corner of the box of ranges: with the region's checks linear in
/// its figures (shares, orderings), the whole box is then valid.
fn check_corners(path: &Path, region: &Layers, stem: &str, priors: &[Prior]) -> Result<()> {
    if priors.len() > MAX_DRAWN {
        return Err(Error::invalid(
            path,
            "parameters",
            priors.len(),
            "too many region figures to check every corner of their ranges",
            format!("at most {MAX_DRAWN} region figures"),
        ));
    }
    // every corner of the box of ranges: with the region's checks linear in
    // its figures (shares, orderings), the whole box is then valid
    for corner in 0..(1u32 << priors.len()) {
        let values: Vec<(String, f64)> = priors
            .iter()
            .enumerate()
            .map(|(k, p)| {
                (
                    p.path.clone(),
                    if corner >> k & 1 == 1 { p.highest() } else { p.lowest() },
                )
            })
            .collect();
        if let Err(e) = region_with(region, &values, stem) {
            let at: Vec<String> = values
                .iter()
                .map(|(p, v)| format!("{} = {v}", &p[PREFIX.len()..]))
                .collect();
            return Err(Error::invalid(
                path,
                "parameters",
                at.join(", "),
                format!("the region profile rejects this corner of the prior ranges: {e}"),
                "prior ranges within what the region profile allows",
            ));
        }
    }
    Ok(())
}
