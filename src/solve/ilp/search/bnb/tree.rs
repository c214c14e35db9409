//! The search's loop (see `bnb` for the method): its state between nodes, and a node's steps
//! (dropped on its bound, out of budget, its LP, the branching chosen, a plan or two
//! children), one method each.

mod branch;
mod lp;

use super::node::{collect, Node};
use super::{better_than, cutoff, settled, Limits, Polish, Search, NODE_WORK};
use crate::model::Plan;
use crate::rules::Instance;
use crate::solve::ilp::fixing::LpOptimum;
use crate::solve::ilp::plan_from;
use crate::solve::ilp::search::penalty::Pricer;
use crate::solve::ilp::search::pseudocost::Pseudocosts;
use crate::solve::ilp::settings::{pass_options, SearchSettings};
use crate::solve::relative_gap;
use branch::Choice;
use lp::NodeLp;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::time::Instant;

/// Searches from `model`, the LP relaxation solved at `lp` (all binaries continuous, hot),
/// with `incumbent` (valid, objective `upper`) as the best plan so far. Stops when the gap
/// `gap` is proved, when the tree is exhausted, when its work (simplex iterations, plus
/// `limits.node_work` per node) reaches `limits.max_work`, or at `limits.deadline`.
#[allow(
    clippy::too_many_arguments,
    reason = "what the caller's stages hand over (the start's LP and plan, the options' gap, \
              budget and settings, the polish); a struct would only rename them"
)]
pub fn search(
    inst: &Instance,
    mut model: highs::Model,
    lp: &LpOptimum,
    incumbent: Plan,
    upper: f64,
    gap: f64,
    limits: Limits,
    settings: &SearchSettings,
    polish: Option<Polish>,
) -> Search {
    let best = Search {
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
    let mut tree = Tree {
        inst,
        lp,
        settings,
        gap,
        limits,
        polish,
        t_search: Instant::now(),
        x_cols,
        c_cols,
        binaries,
        open: BinaryHeap::new(),
        // Root: the LP already solved; its values branch first.
        next: Some(Node {
            bound: lp.bound,
            parent: lp.bound,
            order: 0,
            fixes: None,
            branched: None,
        }),
        order: 0,
        root: Some(Relaxed {
            value: lp.bound,
            values: lp.values.clone(),
            reduced: lp.reduced.clone(),
        }),
        costs: Pseudocosts::default(),
        pricer: settings
            .penalties
            .then(|| Pricer::new(&mut model))
            .flatten(),
        dropped_min: f64::INFINITY,
        fixed: HashMap::new(),
        best,
    };
    tree.run(model);
    tree.finish()
}

/// The search between two nodes.
struct Tree<'a, 'p> {
    inst: &'a Instance<'a>,
    lp: &'a LpOptimum,
    settings: &'a SearchSettings,
    gap: f64,
    limits: Limits,
    /// Taken the one time the budget runs out (see `Polish`).
    polish: Option<Polish<'p>>,
    /// When the search started (for the trace).
    t_search: Instant,
    /// The assignment binaries, the covered-day binaries, and every 0/1 column
    /// reduced-cost fixing may fix.
    x_cols: Vec<usize>,
    c_cols: Vec<usize>,
    binaries: Vec<usize>,
    open: BinaryHeap<Node>,
    /// The node to explore next, before the queue's best (plunging).
    next: Option<Node>,
    /// The last node's number: the queue's tie-break.
    order: usize,
    /// The root's LP, already solved, until the root takes it.
    root: Option<Relaxed>,
    costs: Pseudocosts,
    pricer: Option<Pricer>,
    /// The smallest bound among the dropped nodes.
    dropped_min: f64,
    /// The columns whose bounds differ from [0, 1] in the model now, with their value.
    fixed: HashMap<usize, f64>,
    best: Search,
}

/// A node's LP optimum: its value, the columns' values and their reduced costs.
struct Relaxed {
    value: f64,
    values: Vec<f64>,
    reduced: Vec<f64>,
}

impl Tree<'_, '_> {
    /// Explores nodes until the queue is empty or a limit stops the search. `model` is
    /// handed round rather than held: HiGHS takes it by value to solve it.
    fn run(&mut self, mut model: highs::Model) {
        while let Some(node) = self.next.take().or_else(|| self.open.pop()) {
            if self.drop_settled(&node) {
                continue;
            }
            let now = Instant::now();
            if self.limits.reached(self.best.work(), now) {
                self.open.push(node);
                if self.polish_out_of_budget(now) {
                    continue;
                }
                break;
            }
            let decided = collect(&node.fixes);
            let relaxed = match self.root.take() {
                Some(root) => root,
                None => {
                    self.set_bounds(&mut model, &decided);
                    let started = Instant::now();
                    let Ok(solved) = model.try_solve() else {
                        break;
                    };
                    let lp = self.read_node(&solved, &node, decided.len(), started);
                    model = highs::Model::from(solved);
                    match lp {
                        NodeLp::Optimal(relaxed) => relaxed,
                        NodeLp::Infeasible => continue,
                        NodeLp::Unfinished => {
                            self.open.push(node);
                            break;
                        }
                    }
                }
            };
            self.learn(&node, relaxed.value);
            if settled(self.best.objective, relaxed.value, self.gap) {
                self.dropped_min = self.dropped_min.min(relaxed.value);
                continue;
            }
            let cut = cutoff(self.best.objective, self.gap);
            match self.choose(&mut model, &relaxed, cut) {
                Choice::Dropped => {
                    self.dropped_min = self.dropped_min.min(cut);
                    self.best.penalty_pruned += 1;
                }
                Choice::Integral => self.take_plan(&relaxed),
                Choice::Branch(col, v, priced) => {
                    let branching = (col, v, priced);
                    self.branch(&mut model, &node, &decided, &relaxed, cut, branching);
                }
            }
        }
    }

    /// Drops `node` when its bound is within the gap of the best plan; whether it did.
    fn drop_settled(&mut self, node: &Node) -> bool {
        if !settled(self.best.objective, node.bound, self.gap) {
            return false;
        }
        self.dropped_min = self.dropped_min.min(node.bound);
        if !settled(self.best.objective, node.parent, self.gap) {
            self.best.penalty_pruned += 1;
        }
        true
    }

    /// Out of budget, not of time: once, the caller's polish may find a better plan, which
    /// prunes the open nodes and is granted more work (see `Polish`). Whether the search
    /// goes on.
    fn polish_out_of_budget(&mut self, now: Instant) -> bool {
        let polish = if self.limits.out_of_time(now) {
            None
        } else {
            self.polish.take()
        };
        let better = polish.and_then(|(polish, more)| {
            self.best.polished = true;
            let plan = polish(&self.best.plan);
            let objective = better_than(self.inst, &plan, self.best.objective)?;
            Some((plan, objective, more))
        });
        let Some((plan, objective, more)) = better else {
            return false;
        };
        // Kept even when the polish ended past the deadline: the caller skips its own
        // polish after a search that polished (see `Search::polished`).
        self.best.plan = plan;
        self.best.objective = objective;
        if self.limits.out_of_time(Instant::now()) {
            return false;
        }
        self.limits.grant(self.best.work(), more);
        true
    }

    /// What a node's LP value `value` tells: the pseudocost of the branching that made the
    /// node, and whether its penalty overshot (a wrong penalty, counted for the tests).
    fn learn(&mut self, node: &Node, value: f64) {
        if let Some((col, side, dist)) = node.branched {
            self.costs.record(col, side, dist, value - node.parent);
        }
        if value < node.bound - 1e-6 * (1.0 + value.abs()) {
            self.best.penalty_overshoots += 1;
            if self.settings.trace {
                eprintln!(
                    "penalty overshoot: LP {value:.6} below the bound {:.6}",
                    node.bound
                );
            }
        }
    }

    /// An integral node: its plan (checked before it is trusted, see `better_than`).
    fn take_plan(&mut self, relaxed: &Relaxed) {
        let plan = plan_from(self.inst, &self.lp.x_cols, &relaxed.values);
        if let Some(objective) = better_than(self.inst, &plan, self.best.objective) {
            self.best.plan = plan;
            self.best.objective = objective;
            self.limits.renew_after(self.best.work());
        }
        self.dropped_min = self.dropped_min.min(relaxed.value);
    }

    /// The search's result: its best plan and the bound it proved.
    fn finish(self) -> Search {
        let mut best = self.best;
        let open_min = self
            .open
            .iter()
            .map(|n| n.bound)
            .chain(self.next.iter().map(|n| n.bound))
            .fold(f64::INFINITY, f64::min);
        // Every plan lies under a dropped or an open node (or was infeasible there), or was
        // left out by reduced-cost fixing: then it costs at least the cutoff of the time,
        // which only decreases, so at least today's. The root's LP value bounds them all as
        // well.
        let mut tree = self.dropped_min.min(open_min);
        if best.rc_fixed > 0 {
            tree = tree.min(cutoff(best.objective, self.gap));
        }
        best.bound = tree.max(self.lp.bound).min(best.objective);
        best.proved = relative_gap(best.objective, best.bound) <= self.gap;
        best
    }
}
