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
//! drawn on its own; a `[compositions."<table>.<stem>"]` entry draws the
//! whole composition instead, from a Dirichlet distribution centred on the
//! region's shares: with shares `s_i` and concentration `c`, the drawn
//! shares are `x_i = g_i / Σ g_j`, `g_i ~ Gamma(c s_i, 1)`, so that
//! `E[x_i] = s_i` and `Var x_i = s_i (1 − s_i) / (c + 1)`
//! (docs/sources.md#methods-robustness).

use std::path::Path;

use toml::Value;

use crate::error::{Error, Result};
use crate::input::figure::Check;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::input::priors::{Prior, RawPrior, Role, Shape};
use crate::input::region::{RawRegion, Region};
use crate::input::toml_layers::{Layers, lookup, read_table};

/// A region priors file: single figures, and whole compositions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawRegionPriors {
    pub description: String,
    /// Keyed by the figure's path in the region file.
    #[serde(default)]
    pub parameters: BTreeMap<String, RawPrior>,
    /// Keyed by `<table>.<stem>`: the parts are the figures of `<table>`
    /// named `<stem>_*` (e.g. `employers.category` → `category_a` … `category_e`).
    #[serde(default)]
    pub compositions: BTreeMap<String, RawComposition>,
}

/// A composition drawn as a whole.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawComposition {
    /// Dirichlet concentration `c`: the larger, the closer the draws to the region's shares.
    pub concentration: f64,
    pub reasoning: String,
}

/// A composition of region shares drawn from a Dirichlet distribution.
#[derive(Debug, Clone, PartialEq)]
pub struct Composition {
    /// The parts' paths, with [`PREFIX`].
    pub parts: Vec<String>,
    /// The region's shares `s_i`.
    pub shares: Vec<f64>,
    pub concentration: f64,
}

impl Composition {
    /// One draw `x_i = g_i / Σ g_j`, `g_i ~ Gamma(c s_i, 1)`, as `(path, share)`.
    pub fn draw(&self, rng: &mut crate::rng::Stream) -> Vec<(String, f64)> {
        use rand_distr::Distribution;
        let g: Vec<f64> = self
            .shares
            .iter()
            .map(|s| {
                if *s > 0.0 {
                    rand_distr::Gamma::new(self.concentration * s, 1.0)
                        .expect("a positive shape")
                        .sample(rng)
                } else {
                    0.0
                }
            })
            .collect();
        let total: f64 = g.iter().sum();
        self.parts
            .iter()
            .zip(&g)
            .map(|(p, x)| (p.clone(), if total > 0.0 { x / total } else { 0.0 }))
            .collect()
    }
}

/// What a region priors file draws.
#[derive(Debug, Clone, Default)]
pub struct RegionPriors {
    pub figures: Vec<Prior>,
    pub compositions: Vec<Composition>,
}

impl RegionPriors {
    /// One joint draw: the figures, then the compositions, from `rng`.
    pub fn draw(&self, rng: &mut crate::rng::Stream) -> Vec<(String, f64)> {
        let mut values = crate::input::priors::draw(&self.figures, rng);
        for c in &self.compositions {
            values.extend(c.draw(rng));
        }
        values
    }

    /// The paths drawn, figures then composition parts.
    pub fn paths(&self) -> Vec<String> {
        self.figures
            .iter()
            .map(|p| p.path.clone())
            .chain(self.compositions.iter().flat_map(|c| c.parts.iter().cloned()))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.figures.is_empty() && self.compositions.is_empty()
    }
}

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
pub fn load(path: &Path, region: &Layers, stem: &str, overridden: &[String]) -> Result<RegionPriors> {
    let table = read_table(path, "the region priors", None)?;
    let raw: RawRegionPriors = Layers::single(path.to_path_buf(), table).deserialize()?;
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
    let mut compositions = Vec::new();
    for (name, c) in &raw.compositions {
        if let Some(c) = composition(path, region, name, c, overridden)? {
            compositions.push(c);
        }
    }
    Ok(RegionPriors {
        figures: priors,
        compositions,
    })
}

/// A composition's parts and shares from the region, checked; `None` when
/// the scenario sets one of its parts (then none is drawn).
fn composition(
    path: &Path,
    region: &Layers,
    name: &str,
    c: &RawComposition,
    overridden: &[String],
) -> Result<Option<Composition>> {
    let key = format!("compositions.\"{name}\"");
    let (table_path, stem) = name.rsplit_once('.').unwrap_or(("", name));
    let segments: Vec<String> = table_path
        .split('.')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let table = if segments.is_empty() {
        Some(&region.merged)
    } else {
        lookup(&region.merged, &segments).and_then(Value::as_table)
    };
    let mut parts = Vec::new();
    let mut shares = Vec::new();
    for (k, v) in table.into_iter().flatten() {
        let Some(x) = k
            .strip_prefix(&format!("{stem}_"))
            .and(v.get("value"))
            .and_then(|x| x.as_float().or(x.as_integer().map(|i| i as f64)))
        else {
            continue;
        };
        parts.push(format!("{PREFIX}{name}_{}", &k[stem.len() + 1..]));
        shares.push(x);
    }
    if parts.len() < 2 || !COMPOSITIONS.iter().any(|p| format!("{name}_").starts_with(p)) {
        return Err(Error::invalid(
            path,
            key,
            name,
            "not a composition of the region profile",
            "\"employers.category\" (category_a … category_e), \"caseload.segment\" or \"caseload.household\"",
        ));
    }
    let total: f64 = shares.iter().sum();
    if (total - 1.0).abs() > 1e-6 {
        return Err(Error::invalid(
            path,
            key,
            total,
            "the parts found in the region profile do not sum to 1",
            format!("a composition whose every part is named {stem}_<part> in the region profile"),
        ));
    }
    if !(c.concentration.is_finite() && c.concentration > 0.0) {
        return Err(Error::invalid(
            path,
            format!("{key}.concentration"),
            c.concentration,
            "value out of range",
            "a number above 0 (e.g. 20: each share varies by about √(s(1 − s)/21))",
        ));
    }
    if c.reasoning.trim().is_empty() {
        return Err(Error::invalid(
            path,
            format!("{key}.reasoning"),
            "\"\"",
            "no reasoning",
            "why the concentration is what it is",
        ));
    }
    if parts.iter().any(|p| overridden.contains(p)) {
        return Ok(None);
    }
    Ok(Some(Composition {
        parts,
        shares,
        concentration: c.concentration,
    }))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dirichlet_draw_sums_to_one_with_the_shares_as_mean_and_the_stated_variance() {
        let c = Composition {
            parts: vec!["a".into(), "b".into(), "c".into()],
            shares: vec![0.1, 0.3, 0.6],
            concentration: 20.0,
        };
        let mut rng = crate::rng::stream(3, 0, crate::rng::Purpose::Parameters);
        let n = 20_000;
        let mut sum = [0.0; 3];
        let mut sq = [0.0; 3];
        for _ in 0..n {
            let x = c.draw(&mut rng);
            assert!((x.iter().map(|v| v.1).sum::<f64>() - 1.0).abs() < 1e-12);
            for k in 0..3 {
                sum[k] += x[k].1;
                sq[k] += x[k].1 * x[k].1;
            }
        }
        for (k, s) in c.shares.iter().enumerate() {
            let mean = sum[k] / n as f64;
            let var = sq[k] / n as f64 - mean * mean;
            assert!((mean - s).abs() < 0.005, "{k}: {mean}");
            let expected = s * (1.0 - s) / 21.0;
            assert!((var / expected - 1.0).abs() < 0.05, "{k}: {var} against {expected}");
        }
    }
}
