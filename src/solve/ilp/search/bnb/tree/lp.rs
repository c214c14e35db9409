//! A node's LP: the model's bounds set to its decisions, the LP solved, how it ended.

use super::{Relaxed, Tree};
use crate::solve::highs_ffi;
use crate::solve::ilp::search::bnb::node::Node;
use std::collections::HashMap;
use std::time::Instant;

/// How a node's LP ended.
pub(super) enum NodeLp {
    /// Solved to its optimum.
    Optimal(Relaxed),
    /// No plan below the node.
    Infeasible,
    /// Out of time, or a numerical failure: the node stays unexplored.
    Unfinished,
}

impl Tree<'_, '_> {
    /// Sets the model's bounds to the node's decisions (only what differs from the model's
    /// present ones changes) and its time limit to what is left before the deadline.
    pub(super) fn set_bounds(&mut self, model: &mut highs::Model, decided: &HashMap<usize, f64>) {
        let mut change: Vec<(usize, f64, f64)> = self
            .fixed
            .keys()
            .filter(|c| !decided.contains_key(c))
            .map(|&c| (c, 0.0, 1.0))
            .collect();
        change.extend(
            decided
                .iter()
                .filter(|(c, v)| self.fixed.get(c) != Some(v))
                .map(|(&c, &v)| (c, v, v)),
        );
        highs_ffi::set_column_bounds(model, &change);
        self.fixed.clone_from(decided);
        if let Some(d) = self.limits.deadline {
            let left = d.saturating_duration_since(Instant::now()).as_secs_f64();
            highs_ffi::set_time_left(model, left);
        }
    }

    /// Counts a node's LP, solved from `started` with `decided` columns decided, and reads
    /// how it ended.
    pub(super) fn read_node(
        &mut self,
        solved: &highs::SolvedModel,
        node: &Node,
        decided: usize,
        started: Instant,
    ) -> NodeLp {
        self.best.nodes += 1;
        self.best.iterations += solved.simplex_iteration_count();
        if self.settings.trace {
            self.trace_node(solved, node, decided, started);
        }
        match highs_ffi::model_status(solved) {
            highs_ffi::RawStatus::Optimal => {
                let solution = solved.get_solution();
                NodeLp::Optimal(Relaxed {
                    value: solved.objective_value(),
                    values: solution.columns().to_vec(),
                    reduced: solution.dual_columns().to_vec(),
                })
            }
            highs_ffi::RawStatus::Infeasible => NodeLp::Infeasible,
            _ => NodeLp::Unfinished,
        }
    }

    /// Developer aid: each node's simplex iterations and HiGHS run time.
    fn trace_node(
        &self,
        solved: &highs::SolvedModel,
        node: &Node,
        decided: usize,
        started: Instant,
    ) {
        let lower = self
            .open
            .peek()
            .map_or(node.bound, |n: &Node| n.parent.min(node.bound))
            .min(self.dropped_min);
        eprintln!(
            "node {}: {} iterations, {:.2} ms, {} decided, lower {:.3}, best {:.3}, at {:.3} s, open {}, value {:.3}, parent {:.3}, penalty {:.3}",
            self.best.nodes,
            solved.simplex_iteration_count(),
            started.elapsed().as_secs_f64() * 1e3,
            decided,
            lower,
            self.best.objective,
            self.t_search.elapsed().as_secs_f64(),
            self.open.len(),
            solved.objective_value(),
            node.parent,
            node.bound - node.parent
        );
    }
}
