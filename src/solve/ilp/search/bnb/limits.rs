//! The search's budget: work counted in simplex iterations (plus a fixed cost per node),
//! renewed by each better plan, and the caller's deadline.

use std::time::Instant;

/// What a node's LP costs beyond its simplex iterations, in iterations, at least: HiGHS
/// spends about 2.6 ms per `run` whatever the iterations (rebuild, initialisation, KKT
/// check), about 40 dual simplex iterations' worth on AuRA-size models (measured with the
/// node trace, RENFORT_BNB_TRACE). See `Limits::node_work` for larger models.
pub const NODE_WORK: i64 = 40;

/// When the search gives up, unless it has proved the gap or exhausted the tree. Counted in
/// work, not time, so that the same input always gets the same search (and the same plan),
/// however busy the machine: only the caller's deadline is a clock.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Work: simplex iterations, plus `node_work` per node.
    pub max_work: i64,
    /// What a node costs beyond its iterations, in iterations (at least `NODE_WORK`).
    pub node_work: i64,
    /// The caller's time limit: never passed.
    pub deadline: Option<Instant>,
    /// Work granted again, from that moment, each time the search finds a better plan:
    /// `max_work` moves back to at least that far ahead. None: never.
    pub renew: Option<i64>,
}

impl Limits {
    /// Whether `work` done by `now` is all the search may do.
    pub(super) fn reached(&self, work: i64, now: Instant) -> bool {
        work >= self.max_work || self.out_of_time(now)
    }

    /// Whether the caller's deadline has passed at `now`.
    pub(super) fn out_of_time(&self, now: Instant) -> bool {
        self.deadline.is_some_and(|t| now >= t)
    }

    /// After `work` done, `more` work from here: `max_work` moves to at least that far.
    pub(super) fn grant(&mut self, work: i64, more: i64) {
        self.max_work = self.max_work.max(work.saturating_add(more));
    }

    /// A better plan after `work` done: the budget starts again from here (see `renew`).
    pub(super) fn renew_after(&mut self, work: i64) {
        if let Some(more) = self.renew {
            self.grant(work, more);
        }
    }

    /// No limit at all: the search runs until it proves the gap.
    #[cfg(test)]
    pub fn none() -> Self {
        Limits {
            max_work: i64::MAX,
            node_work: NODE_WORK,
            deadline: None,
            renew: None,
        }
    }
}
