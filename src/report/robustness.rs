//! The robustness of a comparison in the report: per difference, in the
//! report's language, whether its sign holds across the plausible parameter
//! worlds and which parameter decides it, and the chart of the difference
//! against that parameter (docs/sources.md#methods-robustness). Read from
//! compare.csv's `sign_robustness`, `decided_by` and `verdict` and from
//! `draws.csv` and `draw_differences.csv`, which `compare` writes beside it.

use std::path::Path;

use crate::experiments::robustness::Line;
use crate::report::format::{Lang, number};
use crate::report::{Csv, t};

/// The parameter draws of a comparison folder and the per-draw mean
/// differences; absent in folders of fixed parameters or written before
/// the nested design existed.
pub(crate) struct DrawData {
    parameters: Vec<String>,
    /// `values[d][p]`: parameter `p` in draw `d`.
    values: Vec<Vec<f64>>,
    /// `(scenario, metric, draw, mean difference)`.
    diffs: Vec<(String, String, usize, f64)>,
}

impl DrawData {
    /// Read `draws.csv` and `draw_differences.csv`; `None` when either is
    /// missing or unreadable (the report then says no more than compare.csv).
    pub(crate) fn read(folder: &Path) -> Option<DrawData> {
        let draws = Csv::read(&folder.join("draws.csv")).ok()?;
        let diffs = Csv::read(&folder.join("draw_differences.csv")).ok()?;
        let parameters = draws.header.iter().skip(1).cloned().collect();
        let mut values = vec![Vec::new(); draws.rows.len()];
        for row in &draws.rows {
            let d: usize = row.first()?.parse().ok()?;
            *values.get_mut(d)? = row.iter().skip(1).map(|v| v.parse().unwrap_or(f64::NAN)).collect();
        }
        let (sc, me, dr, dm) = (
            diffs.col("scenario")?,
            diffs.col("metric")?,
            diffs.col("draw")?,
            diffs.col("diff_mean")?,
        );
        let diffs = diffs
            .rows
            .iter()
            .filter_map(|r| Some((r[sc].clone(), r[me].clone(), r[dr].parse().ok()?, r[dm].parse().ok()?)))
            .collect();
        Some(DrawData {
            parameters,
            values,
            diffs,
        })
    }

    /// The draws with a finite mean difference for one difference.
    pub(crate) fn draws(&self, scenario: &str, metric: &str) -> usize {
        self.diffs.iter().filter(|d| d.0 == scenario && d.1 == metric).count()
    }

    /// Whether the mean of one difference's per-draw means is within chance
    /// of zero ([`crate::experiments::robustness::within_chance`]).
    pub(crate) fn within_chance(&self, scenario: &str, metric: &str) -> bool {
        let m: Vec<f64> = self
            .diffs
            .iter()
            .filter(|d| d.0 == scenario && d.1 == metric)
            .map(|d| d.3)
            .collect();
        crate::experiments::robustness::within_chance(&m)
    }

    /// `(parameter value, mean difference)` per draw of one difference.
    pub(crate) fn points(&self, scenario: &str, metric: &str, parameter: &str) -> Vec<(f64, f64)> {
        let Some(p) = self.parameters.iter().position(|x| x == parameter) else {
            return Vec::new();
        };
        self.diffs
            .iter()
            .filter(|d| d.0 == scenario && d.1 == metric)
            .filter_map(|d| Some((*self.values.get(d.2)?.get(p)?, d.3)))
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect()
    }
}

/// One difference's robustness as compare.csv states it.
pub(crate) struct Judged<'a> {
    pub verdict: &'a str,
    pub sign_robustness: f64,
    /// The deciding parameters' paths with their shares.
    pub decided_by: Vec<(&'a str, f64)>,
}

impl<'a> Judged<'a> {
    /// From the `verdict`, `sign_robustness` and `decided_by` cells; `None`
    /// when the row has no verdict (folders from before the analysis).
    pub(crate) fn parse(verdict: &'a str, sign_robustness: &str, decided_by: &'a str) -> Option<Judged<'a>> {
        if verdict.is_empty() {
            return None;
        }
        let decided_by = decided_by
            .split(';')
            .filter_map(|part| {
                let (path, share) = part.rsplit_once(':')?;
                Some((path, share.parse().ok()?))
            })
            .collect();
        Some(Judged {
            verdict,
            sign_robustness: sign_robustness.parse().unwrap_or(f64::NAN),
            decided_by,
        })
    }

    /// The parameter that decides the difference, when it depends on one.
    pub(crate) fn decider(&self) -> Option<&'a str> {
        (self.verdict == "depends")
            .then(|| self.decided_by.first().map(|d| d.0))
            .flatten()
    }
}

/// The parameter at `path` in words, in the report's language: its meaning
/// (lower case) and unit; a region figure drawn from its prior by its path.
fn parameter_words(path: &str, lang: Lang) -> (String, &'static str) {
    use crate::input::behaviour::{parameter_label, parameter_label_nl};
    let label = match lang {
        Lang::Nl => parameter_label_nl(path),
        Lang::En => parameter_label(path),
    };
    match label {
        Some((meaning, unit)) => (lower_first(meaning), unit),
        None => (path.to_string(), ""),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The robustness of one difference in words, e.g. "robuust: in 19 van de
/// 20 plausibele parameterwerelden" or "depends on the employer's aversion
/// to the risk of a detached person (EUR per hour): higher than the base
/// when it is below 3.25, lower above; same sign in 11 of 20 worlds".
/// `chance` says the mean over the draws is within chance of zero, so that
/// an `unclear` verdict may be noise rather than the parameters.
pub(crate) fn words(j: &Judged, draws: usize, line: Option<Line>, chance: bool, lang: Lang) -> String {
    let agreeing = (j.sign_robustness * draws as f64).round() as usize;
    let worlds = match lang {
        Lang::Nl => format!("in {agreeing} van de {draws} plausibele parameterwerelden"),
        Lang::En => format!("in {agreeing} of {draws} plausible parameter worlds"),
    };
    match j.verdict {
        "robust" => format!("{}: {worlds}", t(lang, "robuust", "robust")),
        "depends" => {
            let Some((path, share)) = j.decided_by.first() else {
                return format!("{}: {worlds}", t(lang, "onzeker", "unclear"));
            };
            let (meaning, unit) = parameter_words(path, lang);
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(" ({unit})")
            };
            let head = format!(
                "{} {meaning}{unit}, {}{}",
                t(lang, "hangt af van", "depends on"),
                number(100.0 * share, 0, lang),
                t(lang, "% van de variatie", "% of the variation")
            );
            match line.and_then(|l| l.crossing.map(|x| (x, l.slope < 0.0))) {
                Some((x, higher_below)) => {
                    let (side, other) = match (higher_below, lang) {
                        (true, Lang::Nl) => ("onder", "erboven"),
                        (false, Lang::Nl) => ("boven", "eronder"),
                        (true, Lang::En) => ("below", "above"),
                        (false, Lang::En) => ("above", "below"),
                    };
                    let value = number(x, crate::summary::short_decimals(x), lang);
                    match lang {
                        Lang::Nl => format!(
                            "{head}: hoger dan de basis als die {side} {value} ligt, lager {other}; zelfde teken {worlds}"
                        ),
                        Lang::En => format!(
                            "{head}: higher than the base when it is {side} {value}, lower {other}; same sign {worlds}"
                        ),
                    }
                }
                None => format!("{head}; {} {worlds}", t(lang, "zelfde teken", "same sign")),
            }
        }
        "unclear" if chance => format!(
            "{}: {} ({} {worlds})",
            t(lang, "onzeker", "unclear"),
            t(
                lang,
                "niet te onderscheiden van toeval",
                "not distinguishable from chance"
            ),
            t(lang, "zelfde teken", "same sign")
        ),
        "unclear" => format!(
            "{}: {} {worlds}, {}",
            t(lang, "onzeker", "unclear"),
            t(lang, "zelfde teken", "same sign"),
            t(
                lang,
                "en geen parameter die het alleen bepaalt",
                "and no single parameter decides it"
            )
        ),
        _ => t(
            lang,
            "niet getoetst: parameters vastgezet of te weinig parametertrekkingen",
            "not tested: parameters fixed, or too few parameter draws",
        )
        .to_string(),
    }
}

/// The chart of a difference against its deciding parameter: the per-draw
/// mean differences, the fitted line and its zero crossing.
pub(crate) fn decider_chart(
    title: &str,
    y_label: &str,
    parameter: &str,
    points: &[(f64, f64)],
    lang: Lang,
) -> std::result::Result<String, String> {
    let (theta, means): (Vec<f64>, Vec<f64>) = points.iter().copied().unzip();
    let line = Line::fit(&theta, &means);
    let (meaning, unit) = parameter_words(parameter, lang);
    let x_label = if unit.is_empty() {
        meaning
    } else {
        format!("{meaning} ({unit})")
    };
    crate::report::charts::difference_scatter(
        title,
        &x_label,
        y_label,
        points,
        Some((line.intercept, line.slope)),
        line.crossing,
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_depending_difference_names_the_parameter_the_side_and_the_worlds() {
        let j = Judged::parse("depends", "0.55", "employer.kappa_detach:0.64;a.b:0.3").unwrap();
        assert_eq!(j.decider(), Some("employer.kappa_detach"));
        let theta = [1.0, 2.0, 3.0, 4.0, 5.0];
        let means = [2.0, 1.0, 0.0, -1.0, -2.0];
        let line = Line::fit(&theta, &means);
        let nl = words(&j, 20, Some(line), false, Lang::Nl);
        assert!(nl.starts_with("hangt af van "), "{nl}");
        assert!(nl.contains("64% van de variatie"), "{nl}");
        assert!(
            nl.contains("als die onder 3,000 ligt") || nl.contains("als die onder 3,00 ligt"),
            "{nl}"
        );
        assert!(nl.ends_with("in 11 van de 20 plausibele parameterwerelden"), "{nl}");
        let en = words(&j, 20, Some(line), false, Lang::En);
        assert!(
            en.contains("higher than the base when it is below 3.00, lower above"),
            "{en}"
        );
        let robust = Judged::parse("robust", "0.95", "").unwrap();
        assert_eq!(
            words(&robust, 20, None, false, Lang::En),
            "robust: in 19 of 20 plausible parameter worlds"
        );
        assert!(Judged::parse("", "", "").is_none());
    }
}
