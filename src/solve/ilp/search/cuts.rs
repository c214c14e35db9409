//! Zero-half cuts ({0, ½}-Chvátal–Gomory cuts, Caprara and Fischetti 1996) at the root of
//! the search, from the rows of the LP itself.
//!
//! Why: the tight model's LP optimum is typically half-integral where it is fractional
//! (halves of two volunteers covering a stretch of days, half a break at a site). The
//! search then pays node after node for half a break (25 of the objective on p265-s96, the
//! same step at every level of the tree). Half the sum of a few rows tight at that optimum,
//! rounded down, cuts it off: on p265-s96 two rounds of these cuts take the LP bound from
//! 110,523.3 to 110,602.6, the optimum itself (prototype with highspy on the model written
//! by `RENFORT_WRITE_MODEL`).
//!
//! A cut: choose rows (each in ≤ form, integral coefficients and right-hand side) and
//! bound rows (−x_j ≤ −l_j, x_j ≤ u_j) whose sum has even coefficients and an odd
//! right-hand side b; then half the sum, rounded down, Σ (a_j/2)·x_j ≤ (b − 1)/2, holds for
//! every integer point. At the LP optimum it is violated by (1 − Σ slacks)/2, so only rows
//! with slack below 1 matter; a column at one of its bounds costs nothing to even out. The
//! rows are found by Gaussian elimination modulo 2 on the rows with slack below 1, the
//! tightest first (the heuristic of Koster, Zymolka and Kutschka 2009), over the columns
//! that are not at a bound.
//!
//! Valid for the plans: the rounding needs every column integral, and the tight model's
//! continuous columns (continuity flow arcs, schedules and block pairs, block starts,
//! uncovered doctors) are, for any integral (x, c), integral at some cheapest completion
//! (a path's flow, a schedule's own 0/1 vector, the pair a volunteer works). So a cut keeps,
//! for every plan, its cheapest completion: the LP bound stays a lower bound on every
//! plan's objective, and fixing x to a plan still gives that plan's objective (the test
//! `cuts_keep_every_plans_objective`).
//!
//! Measured: three interleaved
//! one-run sweeps of the 73 AuRA-size datasets, with 3 rounds (`settings::CUT_ROUNDS`) and
//! without (`RENFORT_CUT_ROUNDS=0`), median per dataset: 71 against 67 at 10x against
//! plain, solve time 0.672 times as long (geometric mean; 57 datasets faster, 13 slower).
//! The hard ones gain most (y225-s64 and r195-s103 a tenth to a fifth of the time); easy
//! ones lose a few hundredths of a second to the rounds and a slower restricted MIP (up
//! to 1.4 times as long). Where the LP bound with the cuts proves the start's plan, no
//! search runs at all (43 of 73, against 6 without the cuts), and the search proves all
//! the others: HiGHS's MIP runs on none (on 5 without the cuts).
//! Two variants of the start, measured with 5 rounds and not kept: the restricted MIP
//! fixed from the LP without cuts (time 0.881 against none, where the start from the LP
//! with cuts gave 0.811), and also stopped at that LP's target (0.865; a300-s27 8.8 times
//! slower: a worse start, which the search then failed to prove).

use crate::solve::highs_ffi::{self, NewRow, Rows};
use std::collections::HashSet;

/// Below this, a slack or a violation is zero.
const EPS: f64 = 1e-6;

/// A cut: Σ coef·x ≤ rhs, integral coefficients.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cut {
    pub entries: Vec<(usize, i64)>,
    pub rhs: i64,
}

impl Cut {
    /// How far `x` is beyond the cut (positive: cut off).
    pub fn violation(&self, x: &[f64]) -> f64 {
        self.entries
            .iter()
            .map(|&(j, a)| a as f64 * x[j])
            .sum::<f64>()
            - self.rhs as f64
    }
}

/// A row of the elimination: one side of a model row, or a column's bound.
#[derive(Clone, Copy)]
enum Source {
    /// Row `row` times `sign` (±1) ≤ `rhs`.
    Row { row: usize, sign: i64, rhs: i64 },
    /// Column `col`'s bound row (see `ColumnBound`).
    Bound { col: usize },
}

/// How a column's coefficient is evened out: with its nearer bound row.
#[derive(Clone, Copy)]
struct ColumnBound {
    /// Distance from the value to that bound (the bound row's slack); infinite without one.
    slack: f64,
    /// −x ≤ −l (true) or x ≤ u (false).
    lower: bool,
    bound: i64,
}

fn integral(v: f64) -> Option<i64> {
    (v.is_finite() && (v - v.round()).abs() < 1e-9).then(|| v.round() as i64)
}

fn column_bound(x: f64, l: f64, u: f64) -> ColumnBound {
    let to_l = integral(l).map(|l| (x - l as f64, l));
    let to_u = integral(u).map(|u| (u as f64 - x, u));
    match (to_l, to_u) {
        (Some((sl, l)), Some((su, _))) if sl <= su => ColumnBound {
            slack: sl.max(0.0),
            lower: true,
            bound: l,
        },
        (_, Some((su, u))) => ColumnBound {
            slack: su.max(0.0),
            lower: false,
            bound: u,
        },
        (Some((sl, l)), None) => ColumnBound {
            slack: sl.max(0.0),
            lower: true,
            bound: l,
        },
        (None, None) => ColumnBound {
            slack: f64::INFINITY,
            lower: true,
            bound: 0,
        },
    }
}

/// Whether an integral coefficient is odd.
fn odd(a: f64) -> bool {
    (a.round() as i64) % 2 != 0
}

/// How many 64-bit words hold `bits` bits.
fn words(bits: usize) -> usize {
    bits.div_ceil(64)
}

/// The zero-half cuts found at `x` (the LP optimum) of the model with `rows` and column
/// bounds `lower`, `upper`, each violated, none twice.
pub fn separate(rows: &Rows, lower: &[f64], upper: &[f64], x: &[f64]) -> Vec<Cut> {
    let n_row = rows.lower.len();
    let bounds: Vec<ColumnBound> = (0..x.len())
        .map(|j| column_bound(x[j], lower[j], upper[j]))
        .collect();
    let at_bound = |j: usize| bounds[j].slack < EPS;
    // The sides with slack below 1, and the columns not at a bound with an odd coefficient
    // in one of them (numbered in `col_id`).
    let mut sources: Vec<(Source, f64)> = Vec::new();
    let mut col_id: Vec<Option<usize>> = vec![None; x.len()];
    let mut cols: Vec<usize> = Vec::new();
    for i in 0..n_row {
        let span = rows.start[i] as usize..rows.start[i + 1] as usize;
        if span.is_empty()
            || rows.coef[span.clone()]
                .iter()
                .any(|&a| integral(a).is_none())
        {
            continue;
        }
        let activity: f64 = span
            .clone()
            .map(|k| rows.coef[k] * x[rows.index[k] as usize])
            .sum();
        let mut sides = Vec::with_capacity(2);
        if let Some(u) = integral(rows.upper[i]) {
            sides.push((1, u, u as f64 - activity));
        }
        // An equality row's other side is the same row modulo 2.
        if let (Some(l), false) = (integral(rows.lower[i]), rows.lower[i] == rows.upper[i]) {
            sides.push((-1, -l, activity - l as f64));
        }
        for (sign, rhs, slack) in sides {
            if slack >= 1.0 - EPS {
                continue;
            }
            for k in span.clone() {
                let j = rows.index[k] as usize;
                if odd(rows.coef[k]) && !at_bound(j) && col_id[j].is_none() {
                    col_id[j] = Some(cols.len());
                    cols.push(j);
                }
            }
            sources.push((Source::Row { row: i, sign, rhs }, slack.max(0.0)));
        }
    }
    for &j in &cols {
        if bounds[j].slack < 1.0 - EPS {
            sources.push((Source::Bound { col: j }, bounds[j].slack));
        }
    }
    let g = sources.len();
    let (w, cw) = (words(cols.len()), words(g));
    let mut mask = vec![0u64; g * w];
    let mut comb = vec![0u64; g * cw];
    let mut parity = vec![false; g];
    let mut slack: Vec<f64> = sources.iter().map(|s| s.1).collect();
    for (r, (src, _)) in sources.iter().enumerate() {
        comb[r * cw + r / 64] |= 1 << (r % 64);
        let flip = |j: usize, m: &mut [u64], p: &mut bool| match col_id[j] {
            Some(c) => m[r * w + c / 64] ^= 1 << (c % 64),
            // At a bound: evened out by that bound row, whose right-hand side counts.
            None => *p ^= bounds[j].bound % 2 != 0,
        };
        match *src {
            Source::Row { row, rhs, .. } => {
                parity[r] = rhs % 2 != 0;
                for k in rows.start[row] as usize..rows.start[row + 1] as usize {
                    if odd(rows.coef[k]) {
                        flip(rows.index[k] as usize, &mut mask, &mut parity[r]);
                    }
                }
            }
            Source::Bound { col } => {
                parity[r] = bounds[col].bound % 2 != 0;
                flip(col, &mut mask, &mut parity[r]);
            }
        }
    }
    // Gaussian elimination modulo 2, the rows in order of slack: each row is reduced by the
    // pivots so far (each pivot the first row with its lowest column, no lower column in
    // it); it becomes a pivot itself if a column is left, and gives a cut if none is left
    // and its right-hand side is odd. A combination's slack is the sum of its rows' (an
    // upper bound when rows repeat, which only drops cuts): past 1, no cut can come of it,
    // and the row is left out.
    let mut order: Vec<usize> = (0..g).collect();
    order.sort_by(|&a, &b| slack[a].total_cmp(&slack[b]));
    let mut pivot_of: Vec<Option<usize>> = vec![None; cols.len()];
    let mut reduced: Vec<usize> = Vec::new();
    for &p in &order {
        while slack[p] < 1.0 - EPS {
            let lowest = (0..w).find_map(|k| {
                let m = mask[p * w + k];
                (m != 0).then(|| k * 64 + m.trailing_zeros() as usize)
            });
            let Some(bit) = lowest else {
                if parity[p] {
                    reduced.push(p);
                }
                break;
            };
            let Some(q) = pivot_of[bit] else {
                pivot_of[bit] = Some(p);
                break;
            };
            slack[p] += slack[q];
            for k in 0..w {
                mask[p * w + k] ^= mask[q * w + k];
            }
            for k in 0..cw {
                comb[p * cw + k] ^= comb[q * cw + k];
            }
            parity[p] ^= parity[q];
        }
    }
    let mut cuts: Vec<Cut> = Vec::new();
    let mut seen: HashSet<Cut> = HashSet::new();
    let mut coef = vec![0i64; x.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut listed = vec![false; x.len()];
    for r in reduced {
        if slack[r] >= 1.0 - EPS {
            continue;
        }
        let mut rhs = 0i64;
        let mut add = |j: usize, a: i64, coef: &mut Vec<i64>| {
            if !listed[j] {
                listed[j] = true;
                touched.push(j);
            }
            coef[j] += a;
        };
        let even_out = |j: usize, coef: &mut Vec<i64>, rhs: &mut i64| {
            let b = bounds[j];
            if b.lower {
                coef[j] -= 1;
                *rhs -= b.bound;
            } else {
                coef[j] += 1;
                *rhs += b.bound;
            }
        };
        for (k, &word) in comb[r * cw..(r + 1) * cw].iter().enumerate() {
            let mut bits = word;
            while bits != 0 {
                let s = k * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                match sources[s].0 {
                    Source::Row { row, sign, rhs: b } => {
                        rhs += b;
                        for q in rows.start[row] as usize..rows.start[row + 1] as usize {
                            let a = rows.coef[q].round() as i64;
                            add(rows.index[q] as usize, sign * a, &mut coef);
                        }
                    }
                    Source::Bound { col } => {
                        add(col, 0, &mut coef);
                        even_out(col, &mut coef, &mut rhs);
                    }
                }
            }
        }
        let mut ok = true;
        for &j in &touched {
            if coef[j] % 2 != 0 {
                // Odd only where the column is at a bound (the elimination evened the rest).
                ok &= at_bound(j);
                even_out(j, &mut coef, &mut rhs);
            }
        }
        if ok && rhs % 2 != 0 {
            let mut entries: Vec<(usize, i64)> = touched
                .iter()
                .filter(|&&j| coef[j] != 0)
                .map(|&j| (j, coef[j] / 2))
                .collect();
            entries.sort_unstable();
            let cut = Cut {
                entries,
                rhs: (rhs - 1).div_euclid(2),
            };
            if cut.violation(x) > EPS && seen.insert(cut.clone()) {
                cuts.push(cut);
            }
        }
        for &j in &touched {
            coef[j] = 0;
            listed[j] = false;
        }
        touched.clear();
    }
    cuts
}

/// What the root's cut rounds did.
#[derive(Debug, Default)]
pub struct RootCuts {
    pub rounds: usize,
    /// Cuts added in all, and kept (binding at the last optimum).
    pub added: usize,
    pub kept: usize,
    /// LP value before and after.
    pub before: f64,
    pub after: f64,
    pub iterations: i64,
    /// Seconds spent finding the cuts (the rest is HiGHS's).
    pub separation: f64,
}

/// Up to `max_rounds` rounds of zero-half cuts on the solved LP `solved`: each round adds
/// the cuts violated by the LP optimum and solves it again (hot). Stops early when a round
/// finds none, or raises the LP value by less than `min_gain`, and starts none after
/// `until`. Returns the model, solved at its last optimum (as the search needs it), or
/// None if a solve failed.
pub fn root_rounds(
    solved: highs::SolvedModel,
    max_rounds: usize,
    min_gain: f64,
    until: Option<std::time::Instant>,
) -> Option<(highs::SolvedModel, RootCuts)> {
    let mut stats = RootCuts {
        before: solved.objective_value(),
        after: solved.objective_value(),
        ..RootCuts::default()
    };
    // The rows and bounds are read once: the rounds only add cuts, appended to `rows` too.
    let mut rows = highs_ffi::solved_rows(&solved)?;
    let (lower, upper) = highs_ffi::solved_column_bounds(&solved)?;
    let first = rows.lower.len();
    let mut solved = solved;
    while stats.rounds < max_rounds && until.is_none_or(|u| std::time::Instant::now() < u) {
        let x = solved.get_solution().columns().to_vec();
        let ts = std::time::Instant::now();
        let cuts = separate(&rows, &lower, &upper, &x);
        stats.separation += ts.elapsed().as_secs_f64();
        if cuts.is_empty() {
            break;
        }
        let mut model = highs::Model::from(solved);
        let new: Vec<NewRow> = cuts
            .iter()
            .map(|c| NewRow {
                lower: f64::NEG_INFINITY,
                upper: c.rhs as f64,
                entries: c.entries.iter().map(|&(j, a)| (j, a as f64)).collect(),
            })
            .collect();
        if !highs_ffi::add_rows(&mut model, &new) {
            return None;
        }
        for r in &new {
            rows.lower.push(r.lower);
            rows.upper.push(r.upper);
            for &(j, a) in &r.entries {
                rows.index.push(j as i32);
                rows.coef.push(a);
            }
            rows.start.push(rows.index.len() as i32);
        }
        solved = model.try_solve().ok()?;
        if highs_ffi::model_status(&solved) != highs_ffi::RawStatus::Optimal {
            return None;
        }
        stats.rounds += 1;
        stats.added += cuts.len();
        stats.iterations += solved.simplex_iteration_count();
        let value = solved.objective_value();
        let gain = value - stats.after;
        stats.after = value;
        if gain < min_gain {
            break;
        }
    }
    // The cuts not binding at the last optimum go: they would only slow every node's LP
    // (r195-s103: 1,663 cuts added, 91 binding; whole solve 2.96 s with all kept, 1.62 s
    // with the binding ones; v210-s33 2.57 -> 1.88 s; one run each). Their slacks are
    // basic, so the basis stays optimal (a solve of no iteration).
    let activity = solved.get_solution().rows().to_vec();
    let n = activity.len();
    let slack: Vec<usize> = (first..n)
        .filter(|&i| rows.upper[i] - activity[i] > EPS)
        .collect();
    if !slack.is_empty() {
        let mut model = highs::Model::from(solved);
        if !highs_ffi::delete_rows(&mut model, &slack) {
            return None;
        }
        solved = model.try_solve().ok()?;
        if highs_ffi::model_status(&solved) != highs_ffi::RawStatus::Optimal {
            return None;
        }
        stats.iterations += solved.simplex_iteration_count();
    }
    stats.kept = n - first - slack.len();
    Some((solved, stats))
}

#[cfg(test)]
mod tests;
