//! Branching: the column a node branches on, and its two children.

use super::{Relaxed, Tree};
use crate::solve::ilp::search::bnb::node::{Chain, Node};
use crate::solve::ilp::search::bnb::rc_fixes;
use crate::solve::ilp::search::penalty::Penalties;
use crate::solve::ilp::search::pseudocost::{DOWN, UP};
use std::collections::HashMap;
use std::rc::Rc;

/// What a node with an LP optimum comes to.
pub(super) enum Choice {
    /// A candidate's two children both pass the cutoff: every plan under the node lies in
    /// one of them, so the node is dropped.
    Dropped,
    /// No fractional binary: the LP's values are a plan.
    Integral,
    /// Branch on this column (its LP value), with its penalties when they were priced.
    Branch(usize, f64, Option<Penalties>),
}

impl Tree<'_, '_> {
    /// The branching column: covered-day binaries first (see the module's measurements),
    /// each class by pseudocosts (see `pseudocost`). The `BNB_PRICE` best candidates of the
    /// class by pseudocosts are priced (see `penalty`): each side scores the larger of its
    /// pseudocost estimate and its penalty (both say what the child's LP gains at least or
    /// on average), and a node where some candidate's two children both pass the cutoff
    /// `cut` is dropped.
    pub(super) fn choose(
        &mut self,
        model: &mut highs::Model,
        relaxed: &Relaxed,
        cut: f64,
    ) -> Choice {
        let fractional = |cols: &[usize]| -> Vec<(usize, f64)> {
            cols.iter()
                .map(|&c| (c, relaxed.values[c]))
                .filter(|(_, v)| (v - v.round()).abs() > 1e-6)
                .collect()
        };
        let mut class = fractional(&self.c_cols);
        if class.is_empty() {
            class = fractional(&self.x_cols);
        }
        let price_k = self.settings.price;
        let costs = &self.costs;
        let chosen = match self
            .pricer
            .as_mut()
            .filter(|_| price_k > 0 && !class.is_empty())
        {
            Some(pr) => {
                let mut cands = class;
                cands.sort_by(|a, b| costs.score(b.0, b.1).total_cmp(&costs.score(a.0, a.1)));
                cands.truncate(price_k);
                let cols: Vec<usize> = cands.iter().map(|c| c.0).collect();
                let pens = pr.penalties_of(model, &cols);
                let value = relaxed.value;
                if pens
                    .iter()
                    .flatten()
                    .any(|p| value + p.down >= cut && value + p.up >= cut)
                {
                    return Choice::Dropped;
                }
                let score = |i: usize| {
                    let least = pens[i].map_or((0.0, 0.0), |p| (p.down, p.up));
                    costs.score_at_least(cands[i].0, cands[i].1, least)
                };
                let i = (0..cands.len()).max_by(|&a, &b| score(a).total_cmp(&score(b)));
                i.map(|i| (cands[i].0, cands[i].1, pens[i]))
            }
            None if self.settings.most_fractional => class
                .into_iter()
                .min_by(|a, b| (a.1 - 0.5).abs().total_cmp(&(b.1 - 0.5).abs()))
                .map(|(c, v)| (c, v, None)),
            None => costs.choose(class.into_iter()).map(|(c, v)| (c, v, None)),
        };
        match chosen {
            Some((col, v, priced)) => Choice::Branch(col, v, priced),
            None => Choice::Integral,
        }
    }

    /// The node's two children on `(col, v, priced)`: the one that rounds `v` next, the
    /// other queued. Both inherit what the node's reduced costs rule out below `cut`.
    pub(super) fn branch(
        &mut self,
        model: &mut highs::Model,
        node: &Node,
        decided: &HashMap<usize, f64>,
        relaxed: &Relaxed,
        cut: f64,
        (col, v, priced): (usize, f64, Option<Penalties>),
    ) {
        let Relaxed {
            value,
            values,
            reduced,
        } = relaxed;
        let ruled_out = rc_fixes(&self.binaries, values, reduced, *value, cut, decided);
        self.best.rc_fixed += ruled_out.len();
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
            .or_else(|| self.pricer.as_mut().and_then(|pr| pr.penalties(model, col)))
            .unwrap_or_default();
        for (dir, side, penalty) in [(DOWN, 0.0, p.down), (UP, 1.0, p.up)] {
            self.order += 1;
            let child = Node {
                bound: value + penalty,
                parent: *value,
                order: self.order,
                fixes: Some(Rc::new(Chain {
                    fixes: vec![(col, side)],
                    parent: base.clone(),
                })),
                branched: Some((col, dir, (v - side).abs())),
            };
            if side == near {
                self.next = Some(child);
            } else {
                self.open.push(child);
            }
        }
    }
}
