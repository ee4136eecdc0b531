//! Calendar months. The simulation runs in whole months; dated legal amounts
//! change on their own months inside a run.

use std::fmt;

/// Months per year, for amounts and rates given per year.
pub const MONTHS_PER_YEAR: f64 = 12.0;

/// Weeks per year, for converting weekly hours and weeks to months.
pub const WEEKS_PER_YEAR: f64 = 52.0;

/// A calendar month, stored as months since January of year 0 so that
/// comparisons and differences are plain integer arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth(i32);

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Self {
        assert!((1..=12).contains(&month), "month {month} out of 1..=12");
        YearMonth(year * 12 + month as i32 - 1)
    }

    /// Parse `"YYYY-MM"`. Returns `None` when the text is not of that form.
    pub fn parse(s: &str) -> Option<Self> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u32 = m.parse().ok()?;
        (1..=12).contains(&month).then(|| YearMonth::new(year, month))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 to 12.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    /// The month `n` months later.
    pub fn plus(self, n: i32) -> Self {
        YearMonth(self.0 + n)
    }

    /// Months from `earlier` to `self`.
    pub fn months_since(self, earlier: YearMonth) -> i32 {
        self.0 - earlier.0
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_arithmetic() {
        let a = YearMonth::parse("2026-01").unwrap();
        assert_eq!(a.year(), 2026);
        assert_eq!(a.month(), 1);
        assert_eq!(a.plus(11).to_string(), "2026-12");
        assert_eq!(a.plus(12).to_string(), "2027-01");
        assert_eq!(a.plus(-1).to_string(), "2025-12");
        assert_eq!(a.plus(25).months_since(a), 25);
        assert!(YearMonth::parse("2026-13").is_none());
        assert!(YearMonth::parse("26-01").is_none());
        assert!(YearMonth::parse("2026/01").is_none());
    }
}
