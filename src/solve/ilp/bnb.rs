//! A small branch-and-bound on the LP relaxation the LP-guided start already solved, tried
//! before the start's polish and HiGHS's MIP solver (`SolveOptions::branch_and_bound`, on
//! by default).
//!
//! Why: on easy AuRA-size datasets the start is within 0.02–0.04 % of the LP bound and a
//! few dozen nodes close the gap, each node a hot-started dual simplex from its parent's
//! basis (tens of iterations). HiGHS's MIP solver can't take that basis: it solves the root
//! LP again from scratch (HiGHS 1.15, `Highs::callSolveMip` passes no root basis), which
//! alone costs about as much as the whole search here. On hard datasets the search runs out
//! of its budget (a share of the root LP's simplex iterations, see `ilp::budget`, and at
//! most twice the LP's time, see `ilp::BNB_TIME`) and HiGHS takes over from the best plan
//! found; that budget is all the search can cost.
//!
//! Measured (`renfort speed`, one run each, 41 AuRA-size datasets, README Performance): run
//! before the polish (which it makes needless when it proves the start), 30 of 41 datasets
//! reach 10x against 28 of 41 without it (geometric mean 18.5x against 17.5x); e.g.
//! x295-s56 0.19 -> 0.08 s, a275-s26 0.18 -> 0.07 s. Slower on some (w300-s48 0.44 ->
//! 1.24 s: another start, another path for HiGHS). Run after the polish, as until then, it
//! was no faster overall (25 of 33 against 24 of 33, the same geometric mean).
//!
//! The search: best-first on the LP bound, with plunging (after a branch, the child that
//! rounds the branching value goes next, so that plans turn up early), branching on the
//! most fractional assignment binary, then covered-day binary. A node is dropped when its
//! LP bound is within the gap tolerance of the best plan. The bound the search proves is
//! the smallest LP value among the dropped and the still open nodes (and never above the
//! best plan); it is valid whatever the branching, since every node's subtree has been
//! either explored or bounded by its LP.

use super::fixing::LpOptimum;
use super::{highs_ffi, plan_from};
use crate::model::Plan;
use crate::rules::{hard, metrics, Instance};
use crate::solve::relative_gap;
use std::collections::BinaryHeap;
use std::time::Instant;

/// The fixed cost of a node's LP solve in simplex iterations: HiGHS spends about 2.6 ms per
/// `run` whatever the iterations (factorisation, KKT check), about 40 dual simplex
/// iterations' worth on AuRA-size models (measured with the node trace, RENFORT_BNB_TRACE).
pub const NODE_WORK: i64 = 40;

/// What the search found.
pub struct Search {
    /// The best plan known (the incumbent given, or a better one found).
    pub plan: Plan,
    pub objective: f64,
    /// A lower bound on every plan's objective (≤ `objective`).
    pub bound: f64,
    /// `bound` is within the gap tolerance of `objective`.
    pub proved: bool,
    pub nodes: usize,
    pub iterations: i64,
}

/// A node: the branching decisions (column, 0 or 1) from the root, and its parent's LP
/// value (a bound on the node's subtree).
struct Node {
    bound: f64,
    order: usize,
    fixes: Vec<(usize, f64)>,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    /// Reversed for `BinaryHeap` (a max-heap): the smallest bound first, then the oldest.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .bound
            .total_cmp(&self.bound)
            .then(other.order.cmp(&self.order))
    }
}

/// Searches from `model`, the LP relaxation solved at `lp` (all binaries continuous, hot),
/// with `incumbent` (valid, objective `upper`) as the best plan so far. Stops when the gap
/// `gap` is proved, when the tree is exhausted, when its work (simplex iterations, plus
/// `NODE_WORK` per node) reaches `max_work`, or at `deadline`.
#[allow(clippy::too_many_arguments)]
pub fn search(
    inst: &Instance,
    mut model: highs::Model,
    lp: &LpOptimum,
    incumbent: Plan,
    upper: f64,
    gap: f64,
    max_work: i64,
    deadline: Option<Instant>,
) -> Search {
    let mut best = Search {
        plan: incumbent,
        objective: upper,
        bound: lp.bound.min(upper),
        proved: false,
        nodes: 0,
        iterations: 0,
    };
    model.set_option("presolve", "off");
    let trace = std::env::var_os("RENFORT_BNB_TRACE").is_some();
    let x_cols: Vec<usize> = lp.x_cols.iter().flatten().copied().collect();
    let c_cols: Vec<usize> = lp.c_cols.iter().flatten().flatten().copied().collect();
    let mut open = BinaryHeap::new();
    let mut order = 0;
    // Root: the LP already solved; its values branch first.
    let mut next = Some(Node {
        bound: lp.bound,
        order,
        fixes: Vec::new(),
    });
    let mut root_values = Some(lp.values.clone());
    let mut dropped_min = f64::INFINITY;
    // Columns whose bounds differ from [0, 1] in the model now.
    let mut fixed: Vec<usize> = Vec::new();
    while let Some(node) = next.take().or_else(|| open.pop()) {
        if relative_gap(best.objective, node.bound) <= gap || node.bound >= best.objective {
            dropped_min = dropped_min.min(node.bound);
            continue;
        }
        let work = best.iterations + NODE_WORK * best.nodes as i64;
        if work >= max_work || deadline.is_some_and(|d| Instant::now() >= d) {
            open.push(node);
            break;
        }
        let (value, values) = match root_values.take() {
            Some(v) => (lp.bound, v),
            None => {
                // Bounds: back to [0, 1], then this node's decisions.
                let reset: Vec<(usize, f64, f64)> = fixed.iter().map(|&c| (c, 0.0, 1.0)).collect();
                highs_ffi::set_column_bounds(&mut model, &reset);
                let fix: Vec<(usize, f64, f64)> =
                    node.fixes.iter().map(|&(c, v)| (c, v, v)).collect();
                highs_ffi::set_column_bounds(&mut model, &fix);
                fixed = node.fixes.iter().map(|f| f.0).collect();
                if let Some(d) = deadline {
                    let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
                    highs_ffi::set_time_left(&mut model, left);
                }
                let ts = Instant::now();
                let Ok(solved) = model.try_solve() else {
                    break;
                };
                best.nodes += 1;
                best.iterations += solved.simplex_iteration_count();
                if trace {
                    // Developer aid: each node's simplex iterations and HiGHS run time.
                    eprintln!(
                        "node {}: {} iterations, {:.2} ms",
                        best.nodes,
                        solved.simplex_iteration_count(),
                        ts.elapsed().as_secs_f64() * 1e3
                    );
                }
                let status = highs_ffi::model_status(&solved);
                let out = match status {
                    highs_ffi::RawStatus::Optimal => Some((
                        solved.objective_value(),
                        solved.get_solution().columns().to_vec(),
                    )),
                    highs_ffi::RawStatus::Infeasible => None,
                    _ => {
                        // Out of time, or a numerical failure: the node stays unexplored.
                        open.push(node);
                        break;
                    }
                };
                model = highs::Model::from(solved);
                match out {
                    Some(o) => o,
                    None => continue, // no plan below this node
                }
            }
        };
        if relative_gap(best.objective, value) <= gap || value >= best.objective {
            dropped_min = dropped_min.min(value);
            continue;
        }
        let fractional = |cols: &[usize]| {
            cols.iter()
                .copied()
                .map(|c| (c, values[c]))
                .filter(|(_, v)| (v - v.round()).abs() > 1e-6)
                .min_by(|a, b| (a.1 - 0.5).abs().total_cmp(&(b.1 - 0.5).abs()))
        };
        let Some((col, v)) = fractional(&x_cols).or_else(|| fractional(&c_cols)) else {
            // Integral: a plan. Checked before it is trusted (the model's objective equals
            // the contract's at such a point, but the report recomputes it anyway).
            let plan = plan_from(inst, &lp.x_cols, &values);
            if hard::check(inst, &plan).is_empty() {
                let objective = metrics::compute(inst, &plan).objective(inst);
                if objective < best.objective {
                    best.plan = plan;
                    best.objective = objective;
                }
            }
            dropped_min = dropped_min.min(value);
            continue;
        };
        let near = v.round();
        for side in [0.0, 1.0] {
            order += 1;
            let mut fixes = node.fixes.clone();
            fixes.push((col, side));
            let child = Node {
                bound: value,
                order,
                fixes,
            };
            if side == near {
                next = Some(child);
            } else {
                open.push(child);
            }
        }
    }
    let open_min = open
        .iter()
        .map(|n| n.bound)
        .chain(next.iter().map(|n| n.bound))
        .fold(f64::INFINITY, f64::min);
    // Every plan lies under a dropped or an open node (or was infeasible there); the root's
    // LP value bounds them all as well.
    best.bound = dropped_min.min(open_min).max(lp.bound).min(best.objective);
    best.proved = relative_gap(best.objective, best.bound) <= gap;
    best
}

#[cfg(test)]
mod tests {
    use super::super::tests::exact_options;
    use super::super::{exact, fixing::Fixings, rens};
    use super::*;
    use crate::solve::state::tests::random_dataset;
    use crate::solve::{greedy, SolveOptions};

    /// Without a budget, the search from the greedy plan reaches the optimum that HiGHS
    /// proves, and its bound never exceeds it.
    #[test]
    fn search_reaches_the_optimum() {
        let (mut improved, mut branched) = (0, 0);
        for seed in 0..40 {
            let (ds, policy, horizon) = random_dataset(seed, 3, 6, 12);
            let inst = Instance::new(&ds, &policy, horizon);
            let opts = SolveOptions {
                branch_and_bound: true,
                ..exact_options()
            };
            let t0 = Instant::now();
            let best = exact(&inst, &opts, None, &Fixings::default(), None, t0);
            let optimum = metrics::compute(&inst, &best.plan.expect("a plan")).objective(&inst);
            let Some(start) = rens::start_plan(&inst, &opts, t0) else {
                continue;
            };
            let greedy = greedy::solve(&inst, &opts)
                .plan
                .expect("greedy always plans");
            let upper = metrics::compute(&inst, &greedy).objective(&inst);
            let lp_model = start.lp_model.expect("kept for the search");
            let found = search(
                &inst,
                lp_model,
                &start.lp,
                greedy,
                upper,
                0.0,
                i64::MAX,
                None,
            );
            assert!(found.proved, "seed {seed}: not proved");
            assert!(hard::check(&inst, &found.plan).is_empty(), "seed {seed}");
            let got = metrics::compute(&inst, &found.plan).objective(&inst);
            assert!((got - found.objective).abs() < 1e-6, "seed {seed}");
            assert!(
                (got - optimum).abs() < 1e-6,
                "seed {seed}: {got} vs {optimum}"
            );
            assert!(
                found.bound <= optimum + 1e-6,
                "seed {seed}: bound {}",
                found.bound
            );
            improved += usize::from(got < upper - 1e-6);
            branched += usize::from(found.nodes > 0);
        }
        // The test means something only if the search branches and finds better plans.
        assert!(
            improved > 0 && branched > 0,
            "improved {improved}, branched {branched}"
        );
    }
}
