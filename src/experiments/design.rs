//! Sampling designs for sweeps: full factorial grid, one-at-a-time, Latin
//! hypercube, Saltelli (for Sobol indices) and Morris trajectories. Every
//! design is a list of points (one value per factor), deterministic for a
//! seed, in the row layout SALib uses for Saltelli and Morris designs.

use rand::RngExt;

use crate::rng::{Purpose, Stream, stream};

fn rng(seed: u64) -> Stream {
    stream(seed, 0, Purpose::Calibration)
}

fn scale(u: f64, (lo, hi): (f64, f64)) -> f64 {
    lo + (hi - lo) * u
}

/// Full factorial: every combination of each factor's values, the last factor varying fastest.
pub fn grid(values: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut points = vec![Vec::new()];
    for vs in values {
        points = points
            .into_iter()
            .flat_map(|p| {
                vs.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect();
    }
    points
}

/// One at a time: the reference point, then each factor through its values
/// with the others at their reference (points equal to the reference are not repeated).
pub fn one_at_a_time(values: &[Vec<f64>], reference: &[f64]) -> Vec<Vec<f64>> {
    let mut points = vec![reference.to_vec()];
    for (i, vs) in values.iter().enumerate() {
        for v in vs {
            if *v != reference[i] {
                let mut p = reference.to_vec();
                p[i] = *v;
                points.push(p);
            }
        }
    }
    points
}

/// Latin hypercube: `n` points; each factor's range cut into `n` equal strata,
/// one point in each, strata matched across factors by random permutations
/// (McKay, Beckman & Conover 1979).
pub fn latin_hypercube(bounds: &[(f64, f64)], n: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut r = rng(seed);
    let mut columns = Vec::with_capacity(bounds.len());
    for b in bounds {
        let mut strata: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = r.random_range(0..=i);
            strata.swap(i, j);
        }
        let col: Vec<f64> = strata
            .iter()
            .map(|&s| {
                let u: f64 = r.random();
                scale((s as f64 + u) / n as f64, *b)
            })
            .collect();
        columns.push(col);
    }
    (0..n).map(|j| columns.iter().map(|c| c[j]).collect()).collect()
}

/// Saltelli's design without second-order terms (Saltelli 2002; Saltelli et
/// al. 2010), as SALib writes it: matrices `A` and `B` from an Owen-scrambled
/// Sobol sequence of dimension `2D` (Burley 2020), and for each of the `n`
/// base samples the rows `A`, `AB_1 … AB_D` (A with column `i` from B), `B`.
pub fn saltelli(bounds: &[(f64, f64)], n: usize, seed: u64) -> Vec<Vec<f64>> {
    let d = bounds.len();
    let scramble = (seed ^ (seed >> 32)) as u32;
    let mut rows = Vec::with_capacity(n * (d + 2));
    for j in 0..n as u32 {
        let a: Vec<f64> = (0..d)
            .map(|k| scale(sobol_burley::sample(j, k as u32, scramble) as f64, bounds[k]))
            .collect();
        let b: Vec<f64> = (0..d)
            .map(|k| scale(sobol_burley::sample(j, (d + k) as u32, scramble) as f64, bounds[k]))
            .collect();
        rows.push(a.clone());
        for i in 0..d {
            let mut ab = a.clone();
            ab[i] = b[i];
            rows.push(ab);
        }
        rows.push(b);
    }
    rows
}

/// Morris trajectories (Morris 1991): `r` trajectories of `D + 1` points on a
/// grid of `levels` levels per factor; each step moves one factor, in a
/// random order, by `Δ = levels / (2(levels − 1))` of its range, up or down
/// so the point stays within the range.
pub fn morris(bounds: &[(f64, f64)], trajectories: usize, levels: u32, seed: u64) -> Vec<Vec<f64>> {
    let d = bounds.len();
    let p = levels.max(2) as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut r = rng(seed);
    let mut rows = Vec::with_capacity(trajectories * (d + 1));
    for _ in 0..trajectories {
        let mut x: Vec<f64> = (0..d)
            .map(|_| r.random_range(0..levels.max(2)) as f64 / (p - 1.0))
            .collect();
        let mut order: Vec<usize> = (0..d).collect();
        for i in (1..d).rev() {
            let j = r.random_range(0..=i);
            order.swap(i, j);
        }
        rows.push(x.iter().zip(bounds).map(|(u, b)| scale(*u, *b)).collect());
        for &i in &order {
            let up = r.random::<bool>();
            x[i] = if (up && x[i] + delta <= 1.0 + 1e-12) || x[i] - delta < -1e-12 {
                x[i] + delta
            } else {
                x[i] - delta
            };
            rows.push(x.iter().zip(bounds).map(|(u, b)| scale(*u, *b)).collect());
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn designs_have_their_layouts() {
        let b = [(0.0, 1.0), (10.0, 20.0), (-1.0, 1.0)];
        assert_eq!(grid(&[vec![1.0, 2.0], vec![3.0, 4.0, 5.0]]).len(), 6);
        assert_eq!(one_at_a_time(&[vec![1.0, 2.0], vec![3.0, 4.0]], &[1.0, 3.0]).len(), 3);
        let lhs = latin_hypercube(&b, 10, 1);
        for (k, bound) in b.iter().enumerate() {
            let mut strata: Vec<usize> = lhs
                .iter()
                .map(|p| ((p[k] - bound.0) / (bound.1 - bound.0) * 10.0) as usize)
                .collect();
            strata.sort();
            assert_eq!(strata, (0..10).collect::<Vec<_>>(), "one point per stratum");
        }
        let s = saltelli(&b, 8, 1);
        assert_eq!(s.len(), 8 * 5);
        for j in 0..8 {
            let (a, bb) = (&s[j * 5], &s[j * 5 + 4]);
            for i in 0..3 {
                let ab = &s[j * 5 + 1 + i];
                for k in 0..3 {
                    assert_eq!(ab[k], if k == i { bb[k] } else { a[k] });
                }
            }
        }
        let m = morris(&b, 5, 4, 1);
        assert_eq!(m.len(), 5 * 4);
        for t in 0..5 {
            for j in t * 4..t * 4 + 3 {
                let changed = (0..3).filter(|&k| m[j][k] != m[j + 1][k]).count();
                assert_eq!(changed, 1);
            }
        }
        assert!(
            m.iter()
                .all(|p| p.iter().zip(&b).all(|(v, r)| *v >= r.0 - 1e-9 && *v <= r.1 + 1e-9))
        );
    }
}
