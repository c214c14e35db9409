//! Naive baselines: the two ways a planner fills the month by hand, so that `renfort compare`
//! can show in numbers what optimisation adds over them. Neither looks at the objective;
//! both only ever add a doctor where a site still wants one, nearest first.
//!
//! - `fcfs` ("first come, first served to the nearest site"): volunteers in registration
//!   order (the order of `volunteers.csv`); each takes their offered days in date order and
//!   goes to the nearest site that still lacks a doctor that day.
//! - `neediest` ("fill the neediest site first"): repeatedly take the site with the most
//!   uncovered doctor-days × zone priority, and give its emptiest (then earliest) day the
//!   nearest volunteer still free that day, until no site can get anyone more.
//!
//! Both start from the pins and check H2–H5 with the incremental evaluator (`State::can_add`),
//! so every plan they return is valid. They are reported like greedy: `feasible`, with the
//! cheap lower bound and its gap (`optimal` only in the rare case a plan reaches that bound,
//! which then proves it).

use super::greedy::{self, add_pins};
use super::state::{Cand, Index, Slot, State};
use super::{Outcome, SolveOptions};
use crate::rules::Instance;
use std::time::Instant;

/// Doctors still missing at a slot.
fn missing(st: &State, slot: Slot) -> u32 {
    st.index().slot[slot]
        .demand
        .saturating_sub(st.slot_count(slot))
}

/// One-way road km of a candidate (the only thing a hand planner ranks by).
fn km(ix: &Index, k: Cand) -> f64 {
    let c = ix.candidate(k);
    ix.inst.km(c.volunteer, c.site)
}

/// The nearest of `cands` that can still be added where a doctor is missing; ties go to the
/// earlier candidate, so the result never depends on anything but the input order.
fn nearest(st: &State, cands: impl Iterator<Item = Cand>) -> Option<Cand> {
    let ix = st.index();
    cands
        .filter(|&k| missing(st, ix.slot_of(k)) > 0 && st.can_add(k))
        .min_by(|&a, &b| km(ix, a).total_cmp(&km(ix, b)).then(a.cmp(&b)))
}

/// First come, first served to the nearest site.
pub mod fcfs {
    use super::*;

    /// Time options do not apply: one pass over the candidates, milliseconds even nationally.
    pub fn solve(inst: &Instance, _opts: &SolveOptions) -> Outcome {
        let t0 = Instant::now();
        let ix = Index::new(inst);
        let mut st = State::new(&ix);
        add_pins(&mut st);
        for v in 0..inst.dataset.volunteers.len() {
            // A volunteer's candidates are sorted by date then site: one group per offered day.
            let range = ix.vol_cands(v);
            let mut start = range.start;
            while start < range.end {
                let date = ix.candidate(start).date;
                let end = (start..range.end)
                    .find(|&k| ix.candidate(k).date != date)
                    .unwrap_or(range.end);
                if let Some(k) = nearest(&st, start..end) {
                    st.add(k);
                }
                start = end;
            }
        }
        greedy::outcome(inst, st.plan(), st.objective(), "fcfs", t0)
    }
}

/// How needy a site is: (uncovered doctor-days × priority, uncovered doctor-days). The second
/// key lets zero-priority sites be filled too, after every other.
fn need(st: &State, s: usize) -> (f64, u32) {
    let ix = st.index();
    let n: u32 = ix.site_slots(s).map(|slot| missing(st, slot)).sum();
    (n as f64 * ix.inst.priority(s), n)
}

/// The assignment a planner makes at site s: its day missing the most doctors (the earliest
/// among equals) that someone can still fill, with the nearest such volunteer.
fn fill_site(st: &State, s: usize) -> Option<Cand> {
    let ix = st.index();
    let mut best: Option<(u32, Cand)> = None;
    for slot in ix.site_slots(s) {
        let m = missing(st, slot);
        if m == 0 || best.is_some_and(|(b, _)| m <= b) {
            continue;
        }
        if let Some(k) = nearest(st, ix.slot_cands(slot)) {
            best = Some((m, k));
        }
    }
    best.map(|(_, k)| k)
}

/// Fill the neediest site first.
pub mod neediest {
    use super::*;

    /// A site that can take no one more never can again (the plan only grows, so rooms, beds
    /// and volunteers' days only run out): it leaves the race for good.
    pub fn solve(inst: &Instance, _opts: &SolveOptions) -> Outcome {
        let t0 = Instant::now();
        let ix = Index::new(inst);
        let mut st = State::new(&ix);
        add_pins(&mut st);
        let mut open: Vec<usize> = (0..ix.n_sites()).collect();
        let mut needs: Vec<(f64, u32)> = (0..ix.n_sites()).map(|s| need(&st, s)).collect();
        loop {
            open.retain(|&s| needs[s].1 > 0);
            // Neediest first; the first site in file order among equals.
            let Some(pos) = (0..open.len()).min_by(|&a, &b| {
                let (na, nb) = (needs[open[a]], needs[open[b]]);
                nb.0.total_cmp(&na.0).then(nb.1.cmp(&na.1)).then(a.cmp(&b))
            }) else {
                break;
            };
            let s = open[pos];
            match fill_site(&st, s) {
                Some(k) => {
                    st.add(k);
                    needs[s] = need(&st, s);
                }
                None => {
                    // `remove`, not `swap_remove`: file order breaks ties above.
                    open.remove(pos);
                }
            }
        }
        greedy::outcome(inst, st.plan(), st.objective(), "neediest", t0)
    }
}

#[cfg(test)]
mod tests;
