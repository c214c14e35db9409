//! Improving moves around single assignments: add, remove, swap (replace an assignment by
//! another candidate of the same volunteer — another day or another site the same day — or
//! by another volunteer at the same site and day) and two-link ejection chains. Every move is priced exactly by the
//! `State`; a swap is tried for real and rolled back when no replacement pays. Continuity
//! moves change a whole stretch of a site's days at once.

use crate::model::SiteIdx;
use crate::solve::state::{Cand, Checkpoint, Slot, State, EPS};
use std::ops::Range;
use std::time::Instant;

/// First-improvement descent over `focus`, for at most `max_passes` passes; stops early when
/// a pass improves nothing. Returns whether anything improved.
pub fn descend(st: &mut State, focus: &[Cand], max_passes: usize) -> bool {
    descend_until(st, focus, max_passes, None)
}

/// `descend`, stopping once `deadline` has passed (a pass over a dense instance's millions
/// of candidates takes seconds).
pub fn descend_until(
    st: &mut State,
    focus: &[Cand],
    max_passes: usize,
    deadline: Option<Instant>,
) -> bool {
    let mut any = false;
    for _ in 0..max_passes {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let mut improved = false;
        st.charge(focus.len());
        for (i, &k) in focus.iter().enumerate() {
            // Moves from an assignment scan whole slots (thousands of candidates on dense
            // data): the clock is read before each, and every few thousand additions tried.
            let on = st.is_on(k);
            if (on || i % 4096 == 0) && deadline.is_some_and(|d| Instant::now() >= d) {
                return any | improved;
            }
            improved |= if on {
                !st.index().is_pinned(k)
                    && (try_remove(st, k) || try_swap(st, k) || try_eject(st, k))
            } else {
                try_add(st, k)
            };
        }
        any |= improved;
        if !improved {
            break;
        }
    }
    any
}

fn try_add(st: &mut State, k: Cand) -> bool {
    let ok = st.can_add(k) && st.add_delta(k) < -EPS;
    if ok {
        st.add(k);
    }
    ok
}

fn try_remove(st: &mut State, k: Cand) -> bool {
    let ok = st.remove_delta(k) < -EPS;
    if ok {
        st.remove(k);
    }
    ok
}

/// Replaces k by the best alternative, if that improves the objective.
fn try_swap(st: &mut State, k: Cand) -> bool {
    let ix = st.index();
    let cp = st.checkpoint();
    let base = st.objective();
    st.remove(k);
    let after = st.objective();
    let volunteer = ix.candidate(k).volunteer;
    st.charge(ix.vol_cands(volunteer).len() + ix.slot_len(ix.slot_of(k)));
    let mut best: Option<(f64, Cand)> = None;
    for j in ix.vol_cands(volunteer).chain(ix.slot_cands(ix.slot_of(k))) {
        if j == k || !st.can_add(j) {
            continue;
        }
        let objective = after + st.add_delta(j);
        if objective < base - EPS && best.is_none_or(|(b, _)| objective < b) {
            best = Some((objective, j));
        }
    }
    match best {
        Some((_, j)) => {
            st.add(j);
            true
        }
        None => {
            st.rollback(cp);
            false
        }
    }
}

/// An ejection chain of two links: k's place goes to another volunteer w who is busy that
/// day or at their monthly cap; one of w's assignments in the way (b) is dropped, and its
/// slot refilled by its best candidate (often k's volunteer: the chain is then an exchange)
/// or left as it is. Keeps the first chain that improves.
///
/// Chains are pruned on own costs before being tried: with k's place filled by j and b's by
/// its refill, the sites see the same counts, so the chain can only pay if what k and b cost
/// exceeds what j costs (refills are rarely cheaper than nothing).
fn try_eject(st: &mut State, k: Cand) -> bool {
    let ix = st.index();
    let base = st.objective();
    let own_k = st.own_add_delta(k);
    let cp = st.checkpoint();
    let slot = ix.slot_of(k);
    let v = ix.candidate(k).volunteer;
    st.remove(k);
    st.charge(ix.slot_len(slot));
    for j in ix.slot_cands(slot) {
        let w = ix.candidate(j).volunteer;
        if w == v || st.is_on(j) || st.can_add(j) {
            continue;
        }
        let gain_j = own_k - st.own_add_delta(j);
        let day = ix.candidate(j).date;
        let month_full = st.month_full(j);
        let blockers: Vec<Cand> = st
            .assignments_of(w)
            .filter(|&b| !ix.is_pinned(b))
            .filter(|&b| ix.candidate(b).date == day || (month_full && st.same_month(b, j)))
            .filter(|&b| gain_j + st.own_add_delta(b) > EPS)
            .collect();
        for b in blockers {
            let cp2 = st.checkpoint();
            st.remove(b);
            if st.can_add(j) {
                st.add(j);
                let refill_slot = ix.slot_of(b);
                st.charge(ix.slot_len(refill_slot));
                let refill = ix
                    .slot_cands(refill_slot)
                    .filter(|&r| st.can_add(r))
                    .map(|r| (st.add_delta(r), r))
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                if let Some((d, r)) = refill {
                    if d < -EPS {
                        st.add(r);
                    }
                }
                if st.objective() < base - EPS {
                    return true;
                }
            }
            st.rollback(cp2);
        }
    }
    st.rollback(cp);
    false
}

/// Longest stretch of days that a continuity move fills or clears at once.
const MAX_STRETCH: usize = 8;

/// Continuity moves, which single assignments cannot make because their gain only comes
/// once a whole stretch changes: cover every day of a gap between two runs (one break
/// fewer), or clear a short run (one break fewer, perhaps a longer gap). Each is tried for
/// real and kept only if it improves. Returns whether anything improved.
pub fn improve_sites(st: &mut State, sites: &[SiteIdx]) -> bool {
    let mut any = false;
    for &s in sites {
        // Each success changes the stretches: look again, a bounded number of times.
        for _ in 0..st.index().site_slots(s).len() {
            let improved = stretches(st, s).into_iter().any(|(slots, covered)| {
                if covered {
                    try_clear(st, slots)
                } else {
                    try_fill(st, slots)
                }
            });
            any |= improved;
            if !improved {
                break;
            }
        }
    }
    any
}

/// The runs (covered) and inner gaps (uncovered, between two runs) of a site, up to
/// `MAX_STRETCH` days long.
fn stretches(st: &State, s: SiteIdx) -> Vec<(Range<Slot>, bool)> {
    let all = st.index().site_slots(s);
    let mut out = Vec::new();
    let mut start = all.start;
    while start < all.end {
        let covered = st.slot_count(start) > 0;
        let end = (start..all.end)
            .find(|&j| (st.slot_count(j) > 0) != covered)
            .unwrap_or(all.end);
        let inner = start > all.start && end < all.end;
        if end - start <= MAX_STRETCH && (covered || inner) {
            out.push((start..end, covered));
        }
        start = end;
    }
    out
}

/// Covers every day of `slots` with its cheapest feasible candidate; keeps it if it pays.
fn try_fill(st: &mut State, slots: Range<Slot>) -> bool {
    let ix = st.index();
    let cp = st.checkpoint();
    let before = st.objective();
    for slot in slots {
        st.charge(ix.slot_len(slot));
        let best = ix
            .slot_cands(slot)
            .filter(|&k| st.can_add(k))
            .map(|k| (st.own_add_delta(k), k))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        match best {
            Some((_, k)) => {
                st.add(k);
            }
            None => {
                st.rollback(cp);
                return false;
            }
        }
    }
    keep_if_better(st, cp, before)
}

/// Removes every doctor of a run (none may be pinned); keeps it if it pays.
fn try_clear(st: &mut State, slots: Range<Slot>) -> bool {
    let ix = st.index();
    let on: Vec<Cand> = slots
        .flat_map(|slot| ix.slot_cands(slot))
        .filter(|&k| st.is_on(k))
        .collect();
    if on.iter().any(|&k| ix.is_pinned(k)) {
        return false;
    }
    let cp = st.checkpoint();
    let before = st.objective();
    for k in on {
        st.remove(k);
    }
    keep_if_better(st, cp, before)
}

fn keep_if_better(st: &mut State, cp: Checkpoint, before: f64) -> bool {
    let better = st.objective() < before - EPS;
    if !better {
        st.rollback(cp);
    }
    better
}
