//! The short table of key metrics printed on stdout after a run.

use crate::observe::registry::{PlaceKind, Unit, shown_at};
use crate::summary::Summary;

fn thousands(x: f64) -> String {
    let neg = x < 0.0;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg { format!("-{out}") } else { out }
}

pub fn format(x: f64, unit: Unit) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    match unit {
        Unit::Count | Unit::Months => thousands(x),
        Unit::Share => format!("{:.1}%", 100.0 * x),
        Unit::Euro => format!("€{}", thousands(x)),
        Unit::Ratio => format!("{x:.3}"),
    }
}

/// Render the registry's headline metrics: median and 90% interval (5th–95th percentile).
pub fn render(summaries: &[(String, Summary)], replications: u32) -> String {
    let mut lines = vec![format!(
        "{:<28} {:>16}   {:>33}",
        "metric",
        "median",
        format!("90% interval ({replications} replications)")
    )];
    for def in shown_at(PlaceKind::Headline) {
        let (name, unit) = (def.id, def.unit);
        if let Some((_, s)) = summaries.iter().find(|(n, _)| n == name) {
            lines.push(format!(
                "{:<28} {:>16}   {:>15} – {:<15}",
                name,
                format(s.p50, unit),
                format(s.p5, unit),
                format(s.p95, unit)
            ));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format(1234567.4, Unit::Euro), "€1,234,567");
        assert_eq!(format(-1234.0, Unit::Count), "-1,234");
        assert_eq!(format(0.1234, Unit::Share), "12.3%");
        assert_eq!(format(f64::NAN, Unit::Count), "–");
        assert_eq!(format(0.31416, Unit::Ratio), "0.314");
    }
}
