//! Bracketing root-finding: the Illinois variant of regula falsi.

use crate::error::Result;

/// A point at which the function was evaluated: `x` as evaluated (the
/// function may round it, e.g. to a whole number) and the value `f` there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub f: f64,
}

/// The result of a search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Search {
    /// The last point evaluated and the number of evaluations (both ends included).
    Root {
        /// The estimate of the root; the low end itself if the bracket was
        /// already narrower than the tolerance (no step was taken).
        at: Point,
        evaluations: u32,
        /// The ends of the bracket as first evaluated.
        low: Point,
        high: Point,
    },
    /// `f` has the same sign at both ends: the bracket holds no crossing.
    NoSignChange { low: Point, high: Point },
}

/// Find a root of `f` in `[low, high]` by the Illinois method (Dowell &
/// Jarratt 1971, "A modified regula falsi method for computing the root of
/// an equation", BIT 11:168–174).
///
/// Each step evaluates the secant point `x = (a·f(b) − b·f(a)) / (f(b) − f(a))`
/// of the bracket `[a, b]` and replaces the end whose `f` has the sign of
/// `f(x)`; when the same end is kept twice in a row, its `f` is halved, which
/// keeps the convergence superlinear where plain regula falsi stalls.
///
/// Stops when the bracket is at most `tolerance` wide, `f(x)` is exactly 0,
/// `x` equals an end (no progress is possible), or after `max_evaluations`
/// evaluations (the two ends included). `f` returns the point it actually
/// evaluated; its errors are passed on. Units: those of `f`'s argument.
pub fn illinois(
    mut f: impl FnMut(f64) -> Result<Point>,
    low: f64,
    high: f64,
    tolerance: f64,
    max_evaluations: u32,
) -> Result<Search> {
    let first = f(low)?;
    let second = f(high)?;
    let (mut a, mut fa) = (first.x, first.f);
    let (mut b, mut fb) = (second.x, second.f);
    if fa.signum() == fb.signum() {
        return Ok(Search::NoSignChange {
            low: first,
            high: second,
        });
    }
    let mut side = 0;
    let mut evaluations = 2;
    let mut at = first;
    while (b - a).abs() > tolerance && evaluations < max_evaluations {
        let guess = (a * fb - b * fa) / (fb - fa);
        let p = f(guess)?;
        evaluations += 1;
        at = p;
        if p.f == 0.0 || p.x == a || p.x == b {
            break;
        }
        if p.f.signum() == fb.signum() {
            b = p.x;
            fb = p.f;
            if side == -1 {
                fa /= 2.0;
            }
            side = -1;
        } else {
            a = p.x;
            fa = p.f;
            if side == 1 {
                fb /= 2.0;
            }
            side = 1;
        }
    }
    Ok(Search::Root {
        at,
        evaluations,
        low: first,
        high: second,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(g: impl Fn(f64) -> f64) -> impl FnMut(f64) -> Result<Point> {
        move |x| Ok(Point { x, f: g(x) })
    }

    fn root(s: Search) -> (f64, u32) {
        match s {
            Search::Root { at, evaluations, .. } => (at.x, evaluations),
            Search::NoSignChange { .. } => panic!("expected a root"),
        }
    }

    #[test]
    fn a_linear_function_is_solved_in_one_step() {
        let (x, n) = root(illinois(exact(|x| 2.0 * x - 3.0), 0.0, 10.0, 1e-9, 60).unwrap());
        assert!((x - 1.5).abs() < 1e-12, "{x}");
        assert_eq!(n, 3);
    }

    #[test]
    fn a_cubic_converges_where_the_ends_stall_regula_falsi() {
        // x³ − 2x − 5 (Wallis' example): root 2.0945514815423265
        let (x, n) = root(illinois(exact(|x| x * x * x - 2.0 * x - 5.0), 2.0, 3.0, 1e-12, 60).unwrap());
        assert!((x - 2.094_551_481_542_326_5).abs() < 1e-9, "{x}");
        assert!(n < 20, "{n} evaluations");
    }

    #[test]
    fn no_sign_change_is_reported_with_both_ends() {
        let s = illinois(exact(|x| x * x + 1.0), -1.0, 2.0, 1e-6, 60).unwrap();
        assert_eq!(
            s,
            Search::NoSignChange {
                low: Point { x: -1.0, f: 2.0 },
                high: Point { x: 2.0, f: 5.0 }
            }
        );
    }

    #[test]
    fn it_stops_once_the_bracket_is_within_the_tolerance() {
        // a bracket already narrower than the tolerance: no step, the low end
        let s = illinois(exact(|x| x - 0.5), 0.45, 0.55, 0.2, 60).unwrap();
        assert_eq!(root(s), (0.45, 2));
        // a loose tolerance stops earlier than a tight one
        let g = |x: f64| x.exp() - 2.0;
        let (_, loose) = root(illinois(exact(g), 0.0, 2.0, 0.1, 60).unwrap());
        let (x, tight) = root(illinois(exact(g), 0.0, 2.0, 1e-10, 60).unwrap());
        assert!(loose < tight, "{loose} vs {tight}");
        assert!((x - 2f64.ln()).abs() < 1e-8);
    }

    #[test]
    fn the_evaluation_budget_is_respected_and_errors_pass_through() {
        let (_, n) = root(illinois(exact(|x| x.powi(3)), -1.0, 2.0, 0.0, 7).unwrap());
        assert_eq!(n, 7);
        let failing = |x: f64| -> Result<Point> {
            if x > 0.0 && x < 1.0 {
                Err(crate::error::Error::Argument {
                    option: "--x",
                    value: x.to_string(),
                    problem: "fails".into(),
                    allowed: "".into(),
                })
            } else {
                Ok(Point { x, f: x - 0.5 })
            }
        };
        assert!(illinois(failing, 0.0, 1.0, 1e-6, 60).is_err());
    }
}
