//! Numbers as a reader expects them: Dutch (`1.234,5`, `€ 1.234`, `12,3%`)
//! or English (`1,234.5`, `€1,234`, `12.3%`).

/// The report's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Dutch (the default).
    Nl,
    /// English.
    En,
}

/// `x` with `decimals` decimals and thousands separators.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let (thousands, point) = match lang {
        Lang::Nl => ('.', ','),
        Lang::En => (',', '.'),
    };
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{point}{frac}")
    }
}

/// An amount in euros, without cents.
pub fn euro(x: f64, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("€ {}", number(x, 0, lang)),
        Lang::En => {
            let n = number(x, 0, lang);
            match n.strip_prefix('-') {
                Some(rest) => format!("-€{rest}"),
                None => format!("€{n}"),
            }
        }
    }
}

/// A share as a percentage with one decimal.
pub fn percent(share: f64, lang: Lang) -> String {
    if !share.is_finite() {
        return "–".into();
    }
    format!("{}%", number(100.0 * share, 1, lang))
}

/// A difference of two shares, in percentage points with one decimal
/// ("0,4 procentpunt", "0.4 percentage points"): a share that goes from 20%
/// to 22% rises by 2 points, not by 2%.
pub fn percentage_points(difference: f64, lang: Lang) -> String {
    if !difference.is_finite() {
        return "–".into();
    }
    match lang {
        Lang::Nl => format!("{} procentpunt", number(100.0 * difference, 1, lang)),
        Lang::En => format!("{} percentage points", number(100.0 * difference, 1, lang)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_and_english_numbers() {
        assert_eq!(number(1234.5, 1, Lang::Nl), "1.234,5");
        assert_eq!(number(1234.5, 1, Lang::En), "1,234.5");
        assert_eq!(number(1234567.0, 0, Lang::Nl), "1.234.567");
        assert_eq!(number(-1234.0, 0, Lang::Nl), "-1.234");
        assert_eq!(number(999.0, 0, Lang::Nl), "999");
        assert_eq!(number(-0.01, 1, Lang::En), "0.0");
        assert_eq!(euro(1234.4, Lang::Nl), "€ 1.234");
        assert_eq!(euro(1234.4, Lang::En), "€1,234");
        assert_eq!(euro(-2500.0, Lang::En), "-€2,500");
        assert_eq!(euro(-2500.0, Lang::Nl), "€ -2.500");
        assert_eq!(percent(0.1234, Lang::Nl), "12,3%");
        assert_eq!(percent(0.1234, Lang::En), "12.3%");
        assert_eq!(number(f64::NAN, 1, Lang::Nl), "–");
        assert_eq!(percentage_points(0.0042, Lang::Nl), "0,4 procentpunt");
        assert_eq!(percentage_points(-0.0126, Lang::En), "-1.3 percentage points");
    }
}
