//! The short table of key metrics printed on stdout after a run.

use crate::summary::Summary;

/// Metrics shown in the table, with how to print them.
pub const KEY_METRICS: [(&str, Unit); 11] = [
    ("placements_total", Unit::Count),
    ("placements_detachering", Unit::Count),
    ("conversions", Unit::Count),
    ("in_work_end", Unit::Count),
    ("income_secure_share", Unit::Share),
    ("relapse_12m", Unit::Share),
    ("lasting_placements", Unit::Count),
    ("municipal_cost_total", Unit::Euro),
    ("cost_per_lasting_placement", Unit::Euro),
    ("werkbedrijf_result_total", Unit::Euro),
    ("uwv_cost_total", Unit::Euro),
];

#[derive(Debug, Clone, Copy)]
pub enum Unit {
    Count,
    Share,
    Euro,
}

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
        Unit::Count => thousands(x),
        Unit::Share => format!("{:.1}%", 100.0 * x),
        Unit::Euro => format!("€{}", thousands(x)),
    }
}

/// Render the key metrics: median and 90% interval (5th–95th percentile).
pub fn render(summaries: &[(String, Summary)], replications: u32) -> String {
    let mut lines = vec![format!(
        "{:<28} {:>16}   {:>33}",
        "metric",
        "median",
        format!("90% interval ({replications} replications)")
    )];
    for (name, unit) in KEY_METRICS {
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
    }
}
