//! Incremental evaluator shared by the heuristics: a plan held as counters (per slot, per
//! volunteer-day, per volunteer-month, runs per site) with the contract's objective kept
//! up to date, so that adding or removing one assignment is priced exactly in time
//! proportional to the gap around its day, not to the plan.
//!
//! Every term of §6 is local to one assignment except continuity and the stayer block rule:
//! - covering or uncovering a site day only changes the gap that contains it or the two gaps
//!   beside it, and the site's number of runs by −1, 0 or +1 (merge, extend, new run);
//! - a stayer's travel is paid per block of consecutive dates at one site, so adding a day
//!   costs one trip alone, nothing beside one neighbour and saves one between two;
//! - a new (volunteer, site) pair is paid once, by the volunteer's first day at the site.
//!
//! A site with history starts from its past (contract v2): its runs count one run before the
//! horizon, joined by a first covered day when the carried gap is 0, and the uncovered
//! stretch at the start continues the carried gap.
//!
//! Moves are journalled so that a search can try a change and roll it back exactly.

mod index;
#[cfg(test)]
mod tests;

pub use index::{Cand, Index, Slot};

use crate::model::{Assignment, Plan, VolIdx};
use crate::rules::metrics;

/// Improvements smaller than this are float noise, not progress.
pub const EPS: f64 = 1e-7;

/// A point a `State` can be rolled back to.
#[derive(Debug, Clone, Copy)]
pub struct Checkpoint {
    journal_len: usize,
    objective: f64,
}

/// A plan under construction, with its objective.
#[derive(Clone)]
pub struct State<'a> {
    ix: &'a Index<'a>,
    on: Vec<bool>,
    slot_n: Vec<u32>,
    slot_stayers: Vec<u32>,
    vd_n: Vec<u32>,
    vm_n: Vec<u32>,
    runs: Vec<u32>,
    /// The assignments of each volunteer (at most their caps: a few each).
    by_vol: Vec<Vec<u32>>,
    objective: f64,
    n_on: usize,
    /// (candidate, added) for every change since the last `commit`.
    journal: Vec<(u32, bool)>,
    /// Work done so far, in candidates looked at: a deterministic clock for search budgets.
    work: u64,
}

impl<'a> State<'a> {
    /// The empty plan (pins not added yet).
    pub fn new(ix: &'a Index<'a>) -> Self {
        let objective = metrics::compute(ix.inst, &Plan::default()).objective(ix.inst);
        State {
            ix,
            on: vec![false; ix.n_cands()],
            slot_n: vec![0; ix.n_slots()],
            slot_stayers: vec![0; ix.n_slots()],
            vd_n: vec![0; ix.n_vd],
            vm_n: vec![0; ix.vm_cap.len()],
            runs: ix.carried.iter().map(|c| u32::from(c.is_some())).collect(),
            by_vol: vec![Vec::new(); ix.inst.dataset.volunteers.len()],
            objective,
            n_on: 0,
            journal: Vec::new(),
            work: 0,
        }
    }

    pub fn index(&self) -> &'a Index<'a> {
        self.ix
    }

    /// The contract's objective of the current plan (running sum of exact deltas).
    pub fn objective(&self) -> f64 {
        self.objective
    }

    pub fn is_on(&self, k: Cand) -> bool {
        self.on[k]
    }

    pub fn len(&self) -> usize {
        self.n_on
    }

    pub fn is_empty(&self) -> bool {
        self.n_on == 0
    }

    /// Doctors at a slot.
    pub fn slot_count(&self, slot: Slot) -> u32 {
        self.slot_n[slot]
    }

    /// Whether k's volunteer has reached the cap in k's month.
    pub fn month_full(&self, k: Cand) -> bool {
        let vm = self.ix.cand[k].vm as usize;
        self.vm_n[vm] >= self.ix.vm_cap[vm]
    }

    /// The assignments of volunteer v, in no particular (but deterministic) order.
    pub fn assignments_of(&self, v: VolIdx) -> impl Iterator<Item = Cand> + '_ {
        self.by_vol[v].iter().map(|&k| k as usize)
    }

    /// Whether two candidates fall in the same volunteer-month (for the same volunteer).
    pub fn same_month(&self, a: Cand, b: Cand) -> bool {
        self.ix.cand[a].vm == self.ix.cand[b].vm
    }

    /// Whether adding k keeps H2–H5 (k itself is eligible by construction).
    pub fn can_add(&self, k: Cand) -> bool {
        let c = &self.ix.cand[k];
        let sl = &self.ix.slot[c.slot as usize];
        !self.on[k]
            && self.vd_n[c.vd as usize] == 0
            && self.vm_n[c.vm as usize] < self.ix.vm_cap[c.vm as usize]
            && self.slot_n[c.slot as usize] < sl.rooms
            && (!c.stayer || self.slot_stayers[c.slot as usize] < sl.beds)
    }

    /// Exact objective change of adding k (which must be off).
    pub fn add_delta(&self, k: Cand) -> f64 {
        self.site_add_delta(self.ix.slot_of(k)) + self.own_add_delta(k)
    }

    /// Exact objective change of removing k (which must be on).
    pub fn remove_delta(&self, k: Cand) -> f64 {
        self.slot_change(self.ix.slot_of(k), false).0 - self.own_add_delta(k)
    }

    /// The part of an addition's delta that is the same for every candidate of the slot:
    /// one doctor fewer missing, and the day covered if it was not.
    pub fn site_add_delta(&self, slot: Slot) -> f64 {
        self.slot_change(slot, true).0
    }

    /// Objective and runs change of one doctor more (`add`) or less at a slot.
    fn slot_change(&self, slot: Slot, add: bool) -> (f64, i32) {
        let sl = &self.ix.slot[slot];
        let n = self.slot_n[slot];
        if add {
            let d = if n < sl.demand { -sl.weight } else { 0.0 };
            if n == 0 {
                let (c, r) = self.continuity_delta(slot, true);
                return (d + c, r);
            }
            (d, 0)
        } else {
            let d = if n <= sl.demand { sl.weight } else { 0.0 };
            if n == 1 {
                let (c, r) = self.continuity_delta(slot, false);
                return (d + c, r);
            }
            (d, 0)
        }
    }

    /// The part of an addition's delta that belongs to the candidate: its fixed costs and,
    /// for a stayer, a trip unless it extends a block (saving one when it joins two).
    pub fn own_add_delta(&self, k: Cand) -> f64 {
        let c = &self.ix.cand[k];
        let mut own = c.own;
        if c.pair != 0.0 && !self.pair_held_without(k) {
            own += c.pair;
        }
        if c.block == 0.0 {
            return own;
        }
        let beside = [self.ix.prev(k), self.ix.next(k)]
            .into_iter()
            .flatten()
            .filter(|&j| self.on[j])
            .count();
        own + c.block * (1.0 - beside as f64)
    }

    /// Whether k's volunteer works at k's site on another day than k's.
    fn pair_held_without(&self, k: Cand) -> bool {
        let me = self.ix.candidate(k);
        self.by_vol[me.volunteer]
            .iter()
            .any(|&j| j as usize != k && self.ix.candidate(j as usize).site == me.site)
    }

    /// Change of (weighted breaks + long-gap excess, runs) when `slot` becomes covered
    /// (`cover`) or uncovered. Only the uncovered stretches on each side of the day matter.
    fn continuity_delta(&self, slot: Slot, cover: bool) -> (f64, i32) {
        let site = self.ix.site_of_slot(slot);
        let sites = self.ix.site_slots(site);
        let mut left = (sites.start..slot)
            .rev()
            .take_while(|&j| self.slot_n[j] == 0)
            .count() as u32;
        let right = (slot + 1..sites.end)
            .take_while(|&j| self.slot_n[j] == 0)
            .count() as u32;
        // At the start, the history's last run (carried gap 0) or gap (c days) is the left side.
        let at_start = slot - left as usize == sites.start;
        let carried = self.ix.carried[site].filter(|_| at_start);
        let left_run = left == 0 && (slot > sites.start || carried == Some(0));
        left += carried.unwrap_or(0);
        let right_run = right == 0 && slot + 1 < sites.end;
        let tol = self.ix.gap_tolerance;
        let excess = |g: u32| g.saturating_sub(tol) as f64;
        let apart = excess(left) + excess(right);
        let joined = excess(left + 1 + right);
        let neighbours = left_run as i32 + right_run as i32;
        let (d_excess, d_runs) = if cover {
            (apart - joined, 1 - neighbours)
        } else {
            (joined - apart, neighbours - 1)
        };
        let runs = self.runs[self.ix.site_of_slot(slot)] as i32;
        let breaks = |r: i32| (r - 1).max(0) as f64;
        let d_breaks = breaks(runs + d_runs) - breaks(runs);
        (
            self.ix.w_long_gap * d_excess + self.ix.w_break * d_breaks,
            d_runs,
        )
    }

    /// Adds k (the caller has checked `can_add`, or k is a pin); returns the delta.
    pub fn add(&mut self, k: Cand) -> f64 {
        self.journal.push((k as u32, true));
        self.apply(k, true)
    }

    /// Removes k (which must be on); returns the delta.
    pub fn remove(&mut self, k: Cand) -> f64 {
        self.journal.push((k as u32, false));
        self.apply(k, false)
    }

    fn apply(&mut self, k: Cand, add: bool) -> f64 {
        if self.on[k] == add {
            debug_assert!(
                false,
                "candidate {k} is already {}",
                if add { "on" } else { "off" }
            );
            return 0.0;
        }
        self.work += 1;
        let c = self.ix.cand[k];
        let slot = c.slot as usize;
        let site = self.ix.site_of_slot(slot);
        let (site_delta, d_runs) = self.slot_change(slot, add);
        let own = self.own_add_delta(k);
        let delta = if add {
            site_delta + own
        } else {
            site_delta - own
        };
        self.runs[site] = (self.runs[site] as i32 + d_runs).max(0) as u32;
        let step = |x: &mut u32| {
            if add {
                *x += 1
            } else {
                *x = x.saturating_sub(1)
            }
        };
        step(&mut self.slot_n[slot]);
        step(&mut self.vd_n[c.vd as usize]);
        step(&mut self.vm_n[c.vm as usize]);
        if c.stayer {
            step(&mut self.slot_stayers[slot]);
        }
        self.on[k] = add;
        let mine = &mut self.by_vol[self.ix.candidate(k).volunteer];
        if add {
            self.n_on += 1;
            mine.push(k as u32);
        } else {
            self.n_on -= 1;
            if let Some(i) = mine.iter().position(|&j| j as usize == k) {
                mine.swap_remove(i);
            }
        }
        self.objective += delta;
        delta
    }

    /// Counts `units` of work (candidates scanned) on the deterministic clock.
    pub fn charge(&mut self, units: usize) {
        self.work += units as u64;
    }

    pub fn work(&self) -> u64 {
        self.work
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            journal_len: self.journal.len(),
            objective: self.objective,
        }
    }

    /// Undoes every change since `cp`, restoring the objective bit for bit.
    pub fn rollback(&mut self, cp: Checkpoint) {
        while self.journal.len() > cp.journal_len {
            if let Some((k, added)) = self.journal.pop() {
                self.apply(k as usize, !added);
            }
        }
        self.objective = cp.objective;
    }

    /// Forgets the journal: earlier checkpoints can no longer be rolled back to.
    pub fn commit(&mut self) {
        self.journal.clear();
    }

    /// Replaces the running objective by a fresh computation (drops accumulated float noise).
    pub fn resync(&mut self) {
        self.objective = metrics::compute(self.ix.inst, &self.plan()).objective(self.ix.inst);
    }

    /// The assignments that are on.
    pub fn assigned(&self) -> impl Iterator<Item = Cand> + '_ {
        self.on
            .iter()
            .enumerate()
            .filter(|(_, &on)| on)
            .map(|(k, _)| k)
    }

    pub fn plan(&self) -> Plan {
        Plan::new(
            self.assigned()
                .map(|k| {
                    let c = self.ix.candidate(k);
                    Assignment {
                        date: c.date,
                        site: c.site,
                        volunteer: c.volunteer,
                    }
                })
                .collect(),
        )
    }
}
