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

pub use limits::{Limits, NODE_WORK};
use node::{collect, Chain, Node};

use super::penalty::{Penalties, Pricer};
use super::pseudocost::{Pseudocosts, DOWN, UP};
use crate::model::Plan;
use crate::rules::{hard, metrics, Instance};
use crate::solve::highs_ffi;
use crate::solve::ilp::fixing::{self, LpOptimum};
use crate::solve::ilp::plan_from;
use crate::solve::ilp::settings::{pass_options, SearchSettings};
use crate::solve::relative_gap;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::rc::Rc;
use std::time::Instant;

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

/// Searches from `model`, the LP relaxation solved at `lp` (all binaries continuous, hot),
/// with `incumbent` (valid, objective `upper`) as the best plan so far. Stops when the gap
/// `gap` is proved, when the tree is exhausted, when its work (simplex iterations, plus
/// `limits.node_work` per node) reaches `limits.max_work`, or at `limits.deadline`.
#[allow(
    clippy::too_many_arguments,
    clippy::too_many_lines,
    reason = "one node loop over the search's state (open nodes, fixings, pseudocosts, \
              pricer); split, that state would travel through every helper"
)]
pub fn search(
    inst: &Instance,
    mut model: highs::Model,
    lp: &LpOptimum,
    incumbent: Plan,
    upper: f64,
    gap: f64,
    mut limits: Limits,
    settings: &SearchSettings,
    mut polish: Option<Polish>,
) -> Search {
    let mut best = Search {
        plan: incumbent,
        objective: upper,
        bound: lp.bound.min(upper),
        proved: false,
        nodes: 0,
        iterations: 0,
        rc_fixed: 0,
        polished: false,
        penalty_pruned: 0,
        penalty_overshoots: 0,
        node_work: limits.node_work.max(NODE_WORK),
    };
    model.set_option("presolve", "off");
    pass_options(&mut model, &settings.highs_options, "branch-and-bound");
    let trace = settings.trace;
    let t_search = Instant::now();
    let x_cols: Vec<usize> = lp.x_cols.iter().flatten().copied().collect();
    let c_cols: Vec<usize> = lp.c_cols.iter().flatten().flatten().copied().collect();
    // The 0/1 columns reduced-cost fixing may fix: the binaries and the schedules (0 or 1
    // in every plan, see `fixing`). Not a pinned x: its bounds are [1, 1], and a fixing
    // is undone by resetting the bounds to [0, 1].
    let pinned: HashSet<usize> = inst
        .candidates()
        .iter()
        .zip(&lp.x_cols)
        .filter_map(|(k, col)| col.filter(|_| inst.is_pinned(k)))
        .collect();
    let binaries: Vec<usize> = x_cols
        .iter()
        .filter(|c| !pinned.contains(c))
        .chain(&c_cols)
        .chain(&lp.lambda_cols)
        .copied()
        .collect();
    let mut open = BinaryHeap::new();
    let mut order = 0;
    // Root: the LP already solved; its values branch first.
    let mut next = Some(Node {
        bound: lp.bound,
        parent: lp.bound,
        order,
        fixes: None,
        branched: None,
    });
    // The most fractional column: the rule before pseudocosts (see `pseudocost`).
    let most_fractional = settings.most_fractional;
    let mut costs = Pseudocosts::default();
    let mut pricer = settings
        .penalties
        .then(|| Pricer::new(&mut model))
        .flatten();
    let price_k = settings.price;
    let mut root = Some((lp.values.clone(), lp.reduced.clone()));
    let mut dropped_min = f64::INFINITY;
    // The columns whose bounds differ from [0, 1] in the model now, with their value.
    let mut fixed: HashMap<usize, f64> = HashMap::new();
    while let Some(node) = next.take().or_else(|| open.pop()) {
        if settled(best.objective, node.bound, gap) {
            dropped_min = dropped_min.min(node.bound);
            if !settled(best.objective, node.parent, gap) {
                best.penalty_pruned += 1;
            }
            continue;
        }
        let now = Instant::now();
        if limits.reached(best.work(), now) {
            open.push(node);
            // Out of budget, not of time: once, the caller's polish may find a better
            // plan, which prunes the open nodes and is granted more work (see `Polish`).
            let polish = if limits.out_of_time(now) {
                None
            } else {
                polish.take()
            };
            let better = polish.and_then(|(polish, more)| {
                best.polished = true;
                let plan = polish(&best.plan);
                let objective = better_than(inst, &plan, best.objective)?;
                Some((plan, objective, more))
            });
            let Some((plan, objective, more)) = better else {
                break;
            };
            // Kept even when the polish ended past the deadline: the caller skips its own
            // polish after a search that polished (see `Search::polished`).
            best.plan = plan;
            best.objective = objective;
            if limits.out_of_time(Instant::now()) {
                break;
            }
            limits.grant(best.work(), more);
            continue;
        }
        let decided = collect(&node.fixes);
        let (value, values, reduced) = match root.take() {
            Some((v, d)) => (lp.bound, v, d),
            None => {
                // Bounds: only what differs from the model's present ones changes.
                let mut change: Vec<(usize, f64, f64)> = fixed
                    .keys()
                    .filter(|c| !decided.contains_key(c))
                    .map(|&c| (c, 0.0, 1.0))
                    .collect();
                change.extend(
                    decided
                        .iter()
                        .filter(|(c, v)| fixed.get(c) != Some(v))
                        .map(|(&c, &v)| (c, v, v)),
                );
                highs_ffi::set_column_bounds(&mut model, &change);
                fixed.clone_from(&decided);
                if let Some(d) = limits.deadline {
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
                    let lower = open
                        .peek()
                        .map_or(node.bound, |n: &Node| n.parent.min(node.bound))
                        .min(dropped_min);
                    eprintln!(
                        "node {}: {} iterations, {:.2} ms, {} decided, lower {:.3}, best {:.3}, at {:.3} s, open {}, value {:.3}, parent {:.3}, penalty {:.3}",
                        best.nodes,
                        solved.simplex_iteration_count(),
                        ts.elapsed().as_secs_f64() * 1e3,
                        decided.len(),
                        lower,
                        best.objective,
                        t_search.elapsed().as_secs_f64(),
                        open.len(),
                        solved.objective_value(),
                        node.parent,
                        node.bound - node.parent
                    );
                }
                let status = highs_ffi::model_status(&solved);
                let out = match status {
                    highs_ffi::RawStatus::Optimal => {
                        let solution = solved.get_solution();
                        Some((
                            solved.objective_value(),
                            solution.columns().to_vec(),
                            solution.dual_columns().to_vec(),
                        ))
                    }
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
        if let Some((col, side, dist)) = node.branched {
            costs.record(col, side, dist, value - node.parent);
        }
        if value < node.bound - 1e-6 * (1.0 + value.abs()) {
            best.penalty_overshoots += 1;
            if trace {
                eprintln!(
                    "penalty overshoot: LP {value:.6} below the bound {:.6}",
                    node.bound
                );
            }
        }
        if settled(best.objective, value, gap) {
            dropped_min = dropped_min.min(value);
            continue;
        }
        // Covered-day binaries first (see the module's measurements), each class by
        // pseudocosts (see `pseudocost`).
        let fractional = |cols: &[usize]| -> Vec<(usize, f64)> {
            cols.iter()
                .map(|&c| (c, values[c]))
                .filter(|(_, v)| (v - v.round()).abs() > 1e-6)
                .collect()
        };
        let mut class = fractional(&c_cols);
        if class.is_empty() {
            class = fractional(&x_cols);
        }
        let cut = cutoff(best.objective, gap);
        // The `BNB_PRICE` best candidates of the class by pseudocosts are priced (see
        // `penalty`): each side scores the larger of its pseudocost estimate and its
        // penalty (both say what the child's LP gains at least or on average), and a node
        // where some candidate's two children both pass the cutoff is dropped (every plan
        // under it lies in one of them).
        let mut priced: Option<Penalties> = None;
        let chosen = match pricer.as_mut().filter(|_| price_k > 0 && !class.is_empty()) {
            Some(pr) => {
                let mut cands = class;
                cands.sort_by(|a, b| costs.score(b.0, b.1).total_cmp(&costs.score(a.0, a.1)));
                cands.truncate(price_k);
                let cols: Vec<usize> = cands.iter().map(|c| c.0).collect();
                let pens = pr.penalties_of(&mut model, &cols);
                if pens
                    .iter()
                    .flatten()
                    .any(|p| value + p.down >= cut && value + p.up >= cut)
                {
                    dropped_min = dropped_min.min(cut);
                    best.penalty_pruned += 1;
                    continue;
                }
                let score = |i: usize| {
                    let least = pens[i].map_or((0.0, 0.0), |p| (p.down, p.up));
                    costs.score_at_least(cands[i].0, cands[i].1, least)
                };
                let i = (0..cands.len()).max_by(|&a, &b| score(a).total_cmp(&score(b)));
                i.map(|i| {
                    priced = pens[i];
                    cands[i]
                })
            }
            None if most_fractional => class
                .into_iter()
                .min_by(|a, b| (a.1 - 0.5).abs().total_cmp(&(b.1 - 0.5).abs())),
            None => costs.choose(class.into_iter()),
        };
        let Some((col, v)) = chosen else {
            // Integral: a plan (checked before it is trusted, see `better_than`).
            let plan = plan_from(inst, &lp.x_cols, &values);
            if let Some(objective) = better_than(inst, &plan, best.objective) {
                best.plan = plan;
                best.objective = objective;
                limits.renew_after(best.work());
            }
            dropped_min = dropped_min.min(value);
            continue;
        };
        // What this node's reduced costs rule out below the cutoff, for both children.
        let ruled_out = rc_fixes(&binaries, &values, &reduced, value, cut, &decided);
        best.rc_fixed += ruled_out.len();
        let base = if ruled_out.is_empty() {
            node.fixes.clone()
        } else {
            Some(Rc::new(Chain {
                fixes: ruled_out,
                parent: node.fixes.clone(),
            }))
        };
        let near = v.round();
        // The branching's penalties raise each child's bound before its LP (see `penalty`).
        let p = priced
            .or_else(|| pricer.as_mut().and_then(|pr| pr.penalties(&mut model, col)))
            .unwrap_or_default();
        for (dir, side, penalty) in [(DOWN, 0.0, p.down), (UP, 1.0, p.up)] {
            order += 1;
            let child = Node {
                bound: value + penalty,
                parent: value,
                order,
                fixes: Some(Rc::new(Chain {
                    fixes: vec![(col, side)],
                    parent: base.clone(),
                })),
                branched: Some((col, dir, (v - side).abs())),
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
    // Every plan lies under a dropped or an open node (or was infeasible there), or was
    // left out by reduced-cost fixing: then it costs at least the cutoff of the time, which
    // only decreases, so at least today's. The root's LP value bounds them all as well.
    let mut tree = dropped_min.min(open_min);
    if best.rc_fixed > 0 {
        tree = tree.min(cutoff(best.objective, gap));
    }
    best.bound = tree.max(lp.bound).min(best.objective);
    best.proved = relative_gap(best.objective, best.bound) <= gap;
    best
}

#[cfg(test)]
mod tests;
