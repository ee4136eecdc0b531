//! Summaries of replication results: mean, standard deviation, quantiles and
//! the 95% confidence interval of the mean.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The distribution of one metric over replications.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// Replications with a finite value (a ratio with a zero denominator is not finite).
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1 in the denominator).
    pub sd: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    /// 95% confidence interval of the mean: `mean ± t(0.975, n − 1) × sd / √n`.
    pub ci95_low: f64,
    pub ci95_high: f64,
}

/// Quantile `q` of sorted values by linear interpolation between order
/// statistics (Hyndman & Fan type 7, the default of R and numpy).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Summarise the finite values of `values`.
pub fn summarize(values: &[f64]) -> Summary {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    let n = v.len();
    if n == 0 {
        return Summary {
            n,
            mean: f64::NAN,
            sd: f64::NAN,
            p5: f64::NAN,
            p25: f64::NAN,
            p50: f64::NAN,
            p75: f64::NAN,
            p95: f64::NAN,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
        };
    }
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let half = if n > 1 {
        let t = StudentsT::new(0.0, 1.0, (n - 1) as f64).expect("positive degrees of freedom");
        t.inverse_cdf(0.975) * sd / (n as f64).sqrt()
    } else {
        0.0
    };
    Summary {
        n,
        mean,
        sd,
        p5: quantile_sorted(&v, 0.05),
        p25: quantile_sorted(&v, 0.25),
        p50: quantile_sorted(&v, 0.50),
        p75: quantile_sorted(&v, 0.75),
        p95: quantile_sorted(&v, 0.95),
        ci95_low: mean - half,
        ci95_high: mean + half,
    }
}

/// Decimals that show a value in a table or a sentence with about three
/// significant figures: 0 from 100, 2 from 1, 3 from 0.01, else 4 (so that
/// small rates such as 0.0045 per month keep their digits).
pub fn short_decimals(x: f64) -> usize {
    let a = x.abs();
    if a >= 100.0 {
        0
    } else if a >= 1.0 {
        2
    } else if a >= 0.01 {
        3
    } else {
        4
    }
}

/// `x` with [`short_decimals`], "–" when it is not a number.
pub fn short(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.*}", short_decimals(x))
    } else {
        "–".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_keep_about_three_significant_figures() {
        assert_eq!(short(1234.5), "1234");
        assert_eq!(short(3.25), "3.25");
        assert_eq!(short(0.083), "0.083");
        assert_eq!(short(0.0045), "0.0045", "a tolerance of 0.0045 is not shown as 0.004");
        assert_eq!(short(f64::NAN), "–");
    }

    #[test]
    fn quantiles_match_numpy_type_7() {
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        // numpy.percentile([1,2,3,4,10], [5,25,50,75,95]) = 1.2, 2, 3, 4, 8.8
        let s = summarize(&v);
        assert!((s.p5 - 1.2).abs() < 1e-12);
        assert_eq!(s.p25, 2.0);
        assert_eq!(s.p50, 3.0);
        assert_eq!(s.p75, 4.0);
        assert!((s.p95 - 8.8).abs() < 1e-12);
        assert_eq!(s.mean, 4.0);
        // sd = sqrt(((9+4+1+0+36)/4)) = sqrt(12.5)
        assert!((s.sd - 12.5f64.sqrt()).abs() < 1e-12);
        // t(0.975, 4) = 2.776445
        let half = 2.776_445_105_2 * s.sd / 5f64.sqrt();
        assert!((s.ci95_high - (4.0 + half)).abs() < 1e-6);
    }

    #[test]
    fn non_finite_values_are_left_out() {
        let s = summarize(&[f64::NAN, 2.0, 4.0]);
        assert_eq!(s.n, 2);
        assert_eq!(s.mean, 3.0);
        assert!(summarize(&[f64::NAN]).mean.is_nan());
    }
}
