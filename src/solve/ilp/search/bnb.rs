//! A small branch-and-bound on the LP relaxation the LP-guided start already solved, tried
//! before the start's polish and HiGHS's MIP solver (`SolveOptions::branch_and_bound`, on
//! by default).
//!
//! Why: on easy AuRA-size datasets the start is within 0.02–0.04 % of the LP bound and a
//! few dozen nodes close the gap, each node a hot-started dual simplex from its parent's
//! basis (tens of iterations). HiGHS's MIP solver can't take that basis: it solves the root
//! LP again from scratch (HiGHS 1.15, `Highs::callSolveMip` passes no root basis), which
//! alone costs about as much as the whole search here. On hard datasets the search runs out
//! of its budget (work counted in the root LP's simplex iterations, nodes at a share of
//! the root LP, see `SearchSettings::work_budget` and `ilp::settings::NODE_SHARE`, granted again
//! from each better plan it finds, see `Limits`). It then polishes its best plan once
//! through the caller (see `Polish`, `ilp::settings::BNB_POLISH`) and goes on from a better
//! one; else HiGHS takes over from the best plan found. The budget counts work, not time:
//! the same input gets the same search on any machine.
//!
//! The search: best-first on the LP bound, with plunging (after a branch, the child that
//! rounds the branching value goes next, so that plans turn up early), branching on a
//! fractional covered-day binary, then assignment binary, chosen by pseudocosts (see
//! `pseudocost`) and, for the few best by pseudocosts, their penalties (`BNB_PRICE`; a
//! node where one of them has both children past the cutoff is dropped). A node is dropped when its bound (its parent's LP value plus the
//! branching's penalty, see `penalty`; its own LP value once solved) is within the gap
//! tolerance of the best plan: a child the penalty already drops costs no LP. The queue
//! orders the nodes by their parent's LP value. At each node the LP's reduced
//! costs fix, for the whole subtree, the 0/1 columns that no plan below the cutoff (the
//! best plan less the gap tolerance) can move from their LP value (see `fixing`). The
//! bound the search proves is the smallest bound among the dropped and the still open
//! nodes, and the cutoff when reduced costs left plans out (never above the best plan); it
//! is valid whatever the branching, since every node's subtree has been either explored,
//! bounded by its LP, or fixed by reduced costs within it.
//!
//! Measured (one run each, `renfort plan DIR --solver ilp --threads 1`, 41 AuRA-size
//! datasets and 8 fresh ones, with the budget of `ilp::settings::BNB_BUDGET`):
//! - reduced-cost fixing and covered days first: 43 of 49 datasets at 10x against plain,
//!   geometric mean 29.2x;
//! - the same budget without either (the search without them): 32 of 49, 19.5x;
//! - reduced-cost fixing, assignments first: 34 of 49, 19.8x.
//!
//! The LP's weakness is continuity (breaks, long gaps), which hangs on the covered days;
//! deciding them first lets the reduced costs fix most assignments around them.
//!
//! Run before the polish (which it makes needless when it
//! proves the start), 30 of 41 datasets reached 10x against 28 of 41 without it; e.g.
//! x295-s56 0.19 -> 0.08 s, a275-s26 0.18 -> 0.07 s.

mod limits;
mod node;
mod tree;

pub use limits::{Limits, NODE_WORK};
pub use tree::search;

use crate::model::Plan;
use crate::rules::{hard, metrics, Instance};
use crate::solve::ilp::fixing;
use crate::solve::relative_gap;
use std::collections::HashMap;

/// The caller's polish of a plan (never worse), and the work granted to the search when
/// it finds a better one (see `search`).
pub type Polish<'p> = (&'p mut dyn FnMut(&Plan) -> Plan, i64);

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
    /// Columns fixed by the nodes' reduced costs (counted once per node that fixed them).
    pub rc_fixed: usize,
    /// The caller's polish ran on the search's best plan when its budget ran out (its
    /// plan, if better, is `plan`).
    pub polished: bool,
    /// Children dropped on their penalty, without their LP (see `penalty`).
    pub penalty_pruned: usize,
    /// Nodes whose LP value came out below their penalty bound: 0 unless a penalty is wrong
    /// (checked by the tests).
    pub penalty_overshoots: usize,
    /// What a node costs beyond its iterations (see `Limits::node_work`).
    node_work: i64,
}

impl Search {
    /// The work done: simplex iterations, plus `node_work` per node.
    pub fn work(&self) -> i64 {
        self.iterations + self.node_work * self.nodes as i64
    }
}

/// The objective of `plan` when it is valid and below `upper` (a plan found by the search
/// or by the caller's polish is checked before it is trusted: the model's objective equals
/// the contract's at an integral point, but the report recomputes it anyway).
fn better_than(inst: &Instance, plan: &Plan, upper: f64) -> Option<f64> {
    let objective = metrics::compute(inst, plan).objective(inst);
    (objective < upper && hard::check(inst, plan).is_empty()).then_some(objective)
}

/// Whether a subtree of bound `bound` can be dropped: nothing in it beats `upper`, the best
/// plan, by more than the gap tolerance.
fn settled(upper: f64, bound: f64, gap: f64) -> bool {
    relative_gap(upper, bound) <= gap || bound >= upper
}

/// The objective below which a plan still matters: one at or above it is within the gap
/// tolerance of `upper`, so it can't change the verdict. A hair above `upper − gap·|upper|`
/// so that the bound it stands for proves the gap despite rounding.
fn cutoff(upper: f64, gap: f64) -> f64 {
    upper - gap * upper.abs() * (1.0 - 1e-9)
}

/// Reduced-cost fixing at an LP optimum of value `value` (values, reduced costs): the 0/1
/// columns among `cols` that no plan below `cut` can move from their LP value (see
/// `fixing`), except those already in `known`.
fn rc_fixes(
    cols: &[usize],
    values: &[f64],
    reduced: &[f64],
    value: f64,
    cut: f64,
    known: &HashMap<usize, f64>,
) -> Vec<(usize, f64)> {
    let room = fixing::room(value, cut);
    cols.iter()
        .copied()
        .filter(|c| !known.contains_key(c))
        .filter_map(|c| Some((c, fixing::fixed_value(values[c], reduced[c], room)?)))
        .collect()
}

#[cfg(test)]
mod tests;
