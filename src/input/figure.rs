//! Sourced numbers as they appear in data files, and their validation.
//!
//! Every number in `calibration/` is a *figure*: its value, its unit, its
//! status (verified, derived, unverified, assumption) and its source. Dated
//! legal amounts are *dated tables* of such values.

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::error::{Error, Result};
use crate::input::toml_layers::{Layers, lookup};

/// How sure we are of a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read in the cited source.
    Verified,
    /// Arithmetic on sourced figures; the source text gives the formula.
    Derived,
    /// A recollection that still has to be checked.
    Unverified,
    /// A modelling choice; the source text says why.
    Assumption,
}

/// `{ value, unit, status, source }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawFigure {
    pub value: f64,
    pub unit: String,
    pub status: Status,
    pub source: String,
}

/// One entry of a dated table: the value holds from `from` until the next entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatedEntry {
    pub from: String,
    pub value: f64,
    pub status: Status,
    pub source: String,
}

/// `{ unit, values = [...] }`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RawDatedTable {
    pub unit: String,
    pub values: Vec<RawDatedEntry>,
}

/// A validated dated table: step function of the calendar month.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedTable {
    from: Vec<YearMonth>,
    values: Vec<f64>,
}

impl DatedTable {
    /// A table with one value for every month.
    pub fn constant(value: f64) -> Self {
        DatedTable {
            from: vec![YearMonth::new(1900, 1)],
            values: vec![value],
        }
    }

    /// The value in force in `month`.
    pub fn at(&self, month: YearMonth) -> f64 {
        let i = self.from.partition_point(|f| *f <= month);
        // validated: the first entry starts no later than any simulated month
        self.values[i.saturating_sub(1)]
    }

    /// The first month the table covers.
    pub fn first_month(&self) -> YearMonth {
        self.from[0]
    }
}

/// Checks ranges of figures and names the file that supplied a bad value.
pub struct Check<'a> {
    pub layers: &'a Layers,
    /// Dotted prefix of the keys checked (e.g. `"legal"` when a scenario overrides it).
    pub prefix: Vec<String>,
}

impl<'a> Check<'a> {
    pub fn new(layers: &'a Layers) -> Self {
        Check {
            layers,
            prefix: Vec::new(),
        }
    }

    fn segments(&self, key: &str) -> Vec<String> {
        self.prefix
            .iter()
            .cloned()
            .chain(key.split('.').map(str::to_string))
            .collect()
    }

    /// An error about `key` (dotted, relative to the prefix).
    pub fn error(&self, key: &str, value: impl std::fmt::Display, problem: &str, allowed: &str) -> Error {
        let seg = self.segments(key);
        // a figure's number lives at `<key>.value`, or is overridden by a bare number at `<key>`
        let mut with_value = seg.clone();
        with_value.push("value".into());
        let origin = self
            .layers
            .files
            .iter()
            .find(|(_, t)| lookup(t, &seg).is_some() || lookup(t, &with_value).is_some())
            .map(|(p, _)| p.as_path())
            .unwrap_or(&self.layers.files[0].0);
        self.layers
            .name_override(Error::invalid(origin, seg.join("."), value, problem, allowed))
    }

    /// A number within `[lo, hi]`.
    pub fn range(&self, key: &str, value: f64, lo: f64, hi: f64) -> Result<f64> {
        if value.is_finite() && value >= lo && value <= hi {
            Ok(value)
        } else {
            Err(self.error(key, value, "value out of range", &format!("a number from {lo} to {hi}")))
        }
    }

    /// A figure's value within `[lo, hi]`.
    pub fn fig(&self, key: &str, f: &RawFigure, lo: f64, hi: f64) -> Result<f64> {
        self.range(key, f.value, lo, hi)
    }

    /// A figure's value that must be a whole number within `[lo, hi]`.
    pub fn fig_whole(&self, key: &str, f: &RawFigure, lo: f64, hi: f64) -> Result<u32> {
        let v = self.fig(key, f, lo, hi)?;
        if v.fract() != 0.0 {
            return Err(self.error(key, v, "not a whole number", "a whole number"));
        }
        Ok(v as u32)
    }

    /// A dated table: months in `YYYY-MM`, strictly increasing, starting no
    /// later than `needed_from`, each value within `[lo, hi]`.
    pub fn dated(&self, key: &str, t: &RawDatedTable, lo: f64, hi: f64, needed_from: YearMonth) -> Result<DatedTable> {
        let mut from = Vec::with_capacity(t.values.len());
        let mut values = Vec::with_capacity(t.values.len());
        for (i, e) in t.values.iter().enumerate() {
            let k = format!("{key}.values.{i}");
            let Some(m) = YearMonth::parse(&e.from) else {
                return Err(self.error(
                    &format!("{k}.from"),
                    format!("\"{}\"", e.from),
                    "not a month",
                    "a month written YYYY-MM",
                ));
            };
            if from.last().is_some_and(|last| *last >= m) {
                return Err(self.error(
                    &format!("{k}.from"),
                    &e.from,
                    "months are not in increasing order",
                    "entries sorted by `from`, each month once",
                ));
            }
            self.range(&format!("{k}.value"), e.value, lo, hi)?;
            from.push(m);
            values.push(e.value);
        }
        match from.first() {
            None => Err(self.error(key, "[]", "the table is empty", "at least one entry")),
            Some(first) if *first > needed_from => Err(self.error(
                &format!("{key}.values.0.from"),
                first,
                "the table starts after the simulated period begins",
                &format!("a first entry from {needed_from} or earlier"),
            )),
            Some(_) => Ok(DatedTable { from, values }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_table_is_a_step_function() {
        let t = DatedTable {
            from: vec![YearMonth::new(2020, 1), YearMonth::new(2020, 7)],
            values: vec![1.0, 2.0],
        };
        assert_eq!(t.at(YearMonth::new(2020, 1)), 1.0);
        assert_eq!(t.at(YearMonth::new(2020, 6)), 1.0);
        assert_eq!(t.at(YearMonth::new(2020, 7)), 2.0);
        assert_eq!(t.at(YearMonth::new(2030, 1)), 2.0);
    }
}
