//! The open nodes of the search: the decisions each holds (shared with its descendants) and
//! the order the queue takes them in.

use std::collections::HashMap;
use std::rc::Rc;

/// Decisions on columns (column, value), shared between a node and its descendants: each
/// link holds what one node added (its branching, or what its LP's reduced costs fixed).
pub(super) struct Chain {
    pub(super) fixes: Vec<(usize, f64)>,
    pub(super) parent: Option<Rc<Chain>>,
}

/// Every decision of a chain, the deepest first.
pub(super) fn collect(chain: &Option<Rc<Chain>>) -> HashMap<usize, f64> {
    let mut all = HashMap::new();
    let mut link = chain.as_deref();
    while let Some(l) = link {
        for &(c, v) in &l.fixes {
            all.entry(c).or_insert(v);
        }
        link = l.parent.as_deref();
    }
    all
}

/// A node: the decisions from the root, its parent's LP value, and a bound on the node's
/// subtree (the parent's value plus the branching's penalty, see `penalty`).
pub(super) struct Node {
    pub(super) bound: f64,
    /// The parent's LP value: the node's place in the queue. Not `bound`: queued by their
    /// penalties, the children came out in another order, which made the search slower on
    /// as many datasets as it made it faster (see `penalty`).
    pub(super) parent: f64,
    pub(super) order: usize,
    pub(super) fixes: Option<Rc<Chain>>,
    /// The branching that made this node: (column, side, distance the LP value moved).
    pub(super) branched: Option<(usize, usize, f64)>,
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
    /// Reversed for `BinaryHeap` (a max-heap): the smallest parent value first, then the
    /// oldest.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .parent
            .total_cmp(&self.parent)
            .then(other.order.cmp(&self.order))
    }
}
