//! Pseudocost branching for the branch-and-bound (`bnb`): which fractional binary to branch
//! on, learnt from the branchings already made.
//!
//! A branching that moves column j from its LP value v down to 0 (distance v) or up to 1
//! (distance 1 − v) raises the child's LP value by some gain; the gain per unit of distance
//! is that side's pseudocost sample. A column's pseudocost on a side is the mean of its
//! samples, or the mean over all columns while it has none (the usual initialisation,
//! Achterberg 2007, ch. 5). The column chosen maximises the product of the two sides'
//! expected gains, pseudocost × distance (each at least a small epsilon): the branching
//! that raises both children's bounds most. Before any sample every column's pseudocosts
//! are equal, so the first choices are the most fractional column, as before.
//!
//! Why: the most fractional column (the rule before pseudocosts) is known to be
//! about as good as a random one. Measured (one run each, `renfort plan DIR --solver ilp
//! --threads 1` on 49 AuRA-size datasets, the same covered-days-
//! first order): 44 and 45 of 49 datasets at 10x against plain in two runs, geometric
//! mean 30.1x and 28.5x, against 41 of 49 and 24.9x for the most fractional column; e.g.
//! z170-s71 1.21 -> 0.30 s, y260-s66 1.09 -> 0.32 s, a300-s27 0.90 -> 0.39 s, slower on
//! a few where the most fractional column found the optimum sooner (w300-s48 0.25 -> 0.45 s,
//! z190-s72 0.22 -> 0.39 s). Pseudocosts over all binaries at once (assignments and covered
//! days together): 35 of 49, 20.9x. The weighted sum of the two sides (5/6 of the smaller,
//! 1/6 of the larger) in place of the product: 43 of 49, 27.1x.

use std::collections::HashMap;

/// Down (to 0) and up (to 1).
pub const DOWN: usize = 0;
pub const UP: usize = 1;

/// Below this, a side's expected gain counts as this (so that the product still ranks).
const EPSILON: f64 = 1e-6;

/// The pseudocosts learnt so far.
#[derive(Default)]
pub struct Pseudocosts {
    /// Per (column, side): the sum of the samples and their count.
    per_column: HashMap<(usize, usize), (f64, u32)>,
    /// Per side: the same over every column.
    per_side: [(f64, u32); 2],
}

impl Pseudocosts {
    /// Records a branching of `col` to `side` that moved it by `distance` and raised the LP
    /// value by `gain` (clamped at 0: a child's LP value can't be below its parent's, but
    /// the solver's tolerance can make it look so).
    pub fn record(&mut self, col: usize, side: usize, distance: f64, gain: f64) {
        if distance <= 1e-9 {
            return;
        }
        let sample = gain.max(0.0) / distance;
        for (sum, count) in [
            self.per_column.entry((col, side)).or_default(),
            &mut self.per_side[side],
        ] {
            *sum += sample;
            *count += 1;
        }
    }

    /// The pseudocost of `col` on `side`: its own mean, else the mean over all columns,
    /// else 1.
    pub fn estimate(&self, col: usize, side: usize) -> f64 {
        let mean = |&(sum, count): &(f64, u32)| (count > 0).then(|| sum / f64::from(count));
        self.per_column
            .get(&(col, side))
            .and_then(mean)
            .or_else(|| mean(&self.per_side[side]))
            .unwrap_or(1.0)
    }

    /// The score of branching on `col` at LP value `value`: the product of the expected
    /// gains of its two children.
    pub fn score(&self, col: usize, value: f64) -> f64 {
        self.score_at_least(col, value, (0.0, 0.0))
    }

    /// `score` with each child's expected gain at least `least` (down, up): what the child's
    /// LP is known to gain (its penalty, see `penalty`).
    pub fn score_at_least(&self, col: usize, value: f64, least: (f64, f64)) -> f64 {
        let f = value - value.floor();
        let down = (self.estimate(col, DOWN) * f).max(least.0).max(EPSILON);
        let up = (self.estimate(col, UP) * (1.0 - f))
            .max(least.1)
            .max(EPSILON);
        down * up
    }

    /// Among `cols` (column, LP value), the one to branch on: the best score.
    pub fn choose(&self, cols: impl Iterator<Item = (usize, f64)>) -> Option<(usize, f64)> {
        cols.max_by(|a, b| self.score(a.0, a.1).total_cmp(&self.score(b.0, b.1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without samples every column scores as its fractionality: the most fractional wins.
    #[test]
    fn without_samples_the_most_fractional_column_wins() {
        let costs = Pseudocosts::default();
        let cols = [(0, 0.2), (1, 0.45), (2, 0.9)];
        assert_eq!(costs.choose(cols.into_iter()), Some((1, 0.45)));
    }

    /// A column whose branchings raised the bound most is preferred to a more fractional
    /// one; a column without samples of its own gets the mean over all columns.
    #[test]
    fn the_column_that_raised_the_bound_most_wins() {
        let mut costs = Pseudocosts::default();
        // Column 0: both sides raised the bound by 10 per unit; column 1: by 1.
        costs.record(0, DOWN, 0.5, 5.0);
        costs.record(0, UP, 0.5, 5.0);
        costs.record(1, DOWN, 0.5, 0.5);
        costs.record(1, UP, 0.5, 0.5);
        assert_eq!(costs.estimate(0, DOWN), 10.0);
        assert_eq!(costs.estimate(1, UP), 1.0);
        assert_eq!(costs.estimate(7, UP), 5.5);
        let cols = [(0, 0.2), (1, 0.5)];
        assert_eq!(costs.choose(cols.into_iter()), Some((0, 0.2)));
        // A side that gained nothing (or seemed to lose) still ranks by the other side.
        costs.record(2, DOWN, 0.5, -1.0);
        assert_eq!(costs.estimate(2, DOWN), 0.0);
        assert!(costs.score(2, 0.5) > 0.0);
        // A branching that moved nothing teaches nothing.
        costs.record(3, UP, 0.0, 4.0);
        assert_eq!(costs.estimate(3, UP), costs.estimate(99, UP));
    }
}
