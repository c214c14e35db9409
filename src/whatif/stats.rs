//! Distributions over stochastic runs: mean, nearest-rank percentiles (p10, p50, p90) and
//! the extremes (min, max: the best and the worst run).
//! Nearest rank (the smallest value with at least p % of the runs at or below it) is always
//! one of the observed values, so a planner can find the run behind a figure.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Distribution {
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub min: f64,
    pub max: f64,
}

impl Distribution {
    /// None for no values.
    pub fn of(values: &[f64]) -> Option<Distribution> {
        if values.is_empty() {
            return None;
        }
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let rank = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
        Some(Distribution {
            mean: v.iter().sum::<f64>() / v.len() as f64,
            p10: rank(0.1),
            p50: rank(0.5),
            p90: rank(0.9),
            min: v[0],
            max: v[v.len() - 1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let d = Distribution::of(&v).unwrap();
        assert_eq!((d.mean, d.p10, d.p50, d.p90), (5.5, 1.0, 5.0, 9.0));
        assert_eq!((d.min, d.max), (1.0, 10.0));
        let d = Distribution::of(&[3.0]).unwrap();
        assert_eq!((d.p10, d.p50, d.p90), (3.0, 3.0, 3.0));
        let d = Distribution::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!((d.p10, d.p50, d.p90), (1.0, 2.0, 4.0));
        assert_eq!((d.min, d.max), (1.0, 4.0));
        assert!(Distribution::of(&[]).is_none());
    }
}
