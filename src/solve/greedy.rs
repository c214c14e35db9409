//! Construction heuristic: from the pins, repeatedly add the assignment with the best exact
//! marginal gain that keeps H2–H5, until no addition improves the objective.
//!
//! Speed comes from scoring slots, not candidates. An addition's delta is a slot part
//! (uncovered doctors, continuity of the site) shared by all the slot's candidates plus the
//! candidate's own part (travel, bed, preference, stayer blocks), so each slot offers its
//! best candidate to a priority queue. Adding (v, s, d) can only change the offers of the
//! slots of site s and of the slots where v had candidates (v's day or month is used up, or
//! a stayer's neighbouring day becomes cheaper); only those are re-scored, and stale queue
//! entries are recognised by a per-slot version.

use super::bound;
use super::state::{Cand, Index, Slot, State, EPS};
use super::{relative_gap, ModelStats, Outcome, SolveOptions, Status};
use crate::model::{Plan, VolIdx};
use crate::rules::{metrics, Instance};
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::time::Instant;

/// Randomised ranking for ruin-and-recreate: each gain is shrunk by a pseudo-random fraction
/// (at most `amount`) so that near-ties are broken differently from one rebuild to the next.
/// Only the order of additions changes; an addition is still made only when it really improves.
#[derive(Debug, Clone, Copy)]
pub struct Noise {
    pub salt: u64,
    pub amount: f64,
}

impl Noise {
    fn rank(self, delta: f64, k: Cand) -> f64 {
        let u = (splitmix(self.salt ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 11) as f64
            / (1u64 << 53) as f64;
        delta * (1.0 - self.amount * u)
    }
}

/// A well-mixed 64-bit hash (SplitMix64's finaliser).
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A slot's best offer in the queue; the lowest rank comes out first, ties by candidate.
#[derive(Debug, Clone, Copy)]
struct Offer {
    rank: f64,
    k: Cand,
    slot: Slot,
    version: u32,
}

impl Ord for Offer {
    fn cmp(&self, o: &Self) -> Ordering {
        o.rank.total_cmp(&self.rank).then(o.k.cmp(&self.k))
    }
}
impl PartialOrd for Offer {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl PartialEq for Offer {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Offer {}

/// The best improving addition at a slot: (rank, candidate).
fn best_offer(st: &State, slot: Slot, noise: Option<Noise>) -> Option<(f64, Cand)> {
    let ix = st.index();
    if st.slot_count(slot) >= ix.slot[slot].rooms {
        return None;
    }
    let shared = st.site_add_delta(slot);
    let mut best: Option<(f64, Cand)> = None;
    for k in ix.slot_cands(slot) {
        if !st.can_add(k) {
            continue;
        }
        let delta = shared + st.own_add_delta(k);
        if delta >= -EPS {
            continue;
        }
        let rank = noise.map_or(delta, |n| n.rank(delta, k));
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, k));
        }
    }
    best
}

/// Adds every pin (pins are eligible and compatible: they are added without checks).
pub fn add_pins(st: &mut State) {
    for &k in st.index().pins() {
        if !st.is_on(k) {
            st.add(k);
        }
    }
}

/// Greedily adds improving assignments, starting from the offers of `seeds` (and of every
/// slot whose offer changes on the way). Returns the number of additions.
pub fn fill(st: &mut State, seeds: impl IntoIterator<Item = Slot>, noise: Option<Noise>) -> usize {
    let ix = st.index();
    let mut version = vec![0u32; ix.n_slots()];
    let mut queue = BinaryHeap::new();
    // Without noise each slot's offer comes from its candidates sorted by cost (see `Lazy`);
    // with noise the ranking depends on the slot's shared part, so the slot is rescanned.
    let mut lazy = noise.is_none().then(|| Lazy::new(st));
    let offer = |st: &State, lazy: &mut Option<Lazy>, slot: Slot, version: u32| {
        let best = match lazy {
            Some(l) => l.best_offer(st, slot),
            None => best_offer(st, slot, noise),
        };
        best.map(|(rank, k)| Offer {
            rank,
            k,
            slot,
            version,
        })
    };
    for slot in seeds {
        queue.extend(offer(st, &mut lazy, slot, 0));
        st.charge(ix.slot_len(slot));
    }
    let mut added = 0;
    let mut touched = Vec::new();
    while let Some(o) = queue.pop() {
        if o.version != version[o.slot] {
            continue;
        }
        // A safety net: the offer must still be what it was when queued.
        let fresh = st.can_add(o.k) && {
            let delta = st.add_delta(o.k);
            delta < -EPS && noise.map_or(delta, |n| n.rank(delta, o.k)) == o.rank
        };
        if !fresh {
            version[o.slot] += 1;
            queue.extend(offer(st, &mut lazy, o.slot, version[o.slot]));
            continue;
        }
        st.add(o.k);
        if let Some(l) = &mut lazy {
            l.added(ix, o.k);
        }
        added += 1;
        affected_slots(ix, st, o.k, &mut touched);
        for &slot in &touched {
            version[slot] += 1;
            queue.extend(offer(st, &mut lazy, slot, version[slot]));
            st.charge(ix.slot_len(slot));
        }
    }
    added
}

/// Each slot's best offer without rescanning its candidates, for one `fill` (additions
/// only), in time near-linear in the candidates over the whole fill.
///
/// A candidate's own cost is its cost alone (`Index::alone_cost`) unless its volunteer
/// already works at its site (a stayer's block goes on, a pair is held): those volunteers
/// ("workers", a few per site) are priced one by one. Every other candidate costs exactly its
/// cost alone, so the best of them is the first feasible one in the slot's list by cost.
/// During a fill a candidate that cannot be added never can again (its volunteer's day or
/// month is used, the slot's beds are taken): a cursor per slot moves past them for good.
/// The offer is the one `best_offer` finds (lowest delta, then lowest candidate), bit for bit.
struct Lazy {
    cursor: Vec<usize>,
    workers: Vec<Vec<VolIdx>>,
}

impl Lazy {
    fn new(st: &State) -> Self {
        let ix = st.index();
        let mut workers = vec![Vec::new(); ix.n_sites()];
        for v in 0..ix.inst.dataset.volunteers.len() {
            for k in st.assignments_of(v) {
                let site = ix.candidate(k).site;
                if !workers[site].contains(&v) {
                    workers[site].push(v);
                }
            }
        }
        Lazy {
            cursor: vec![0; ix.n_slots()],
            workers,
        }
    }

    fn added(&mut self, ix: &Index, k: Cand) {
        let c = ix.candidate(k);
        if !self.workers[c.site].contains(&c.volunteer) {
            self.workers[c.site].push(c.volunteer);
        }
    }

    fn best_offer(&mut self, st: &State, slot: Slot) -> Option<(f64, Cand)> {
        let ix = st.index();
        let list = ix.slot_by_cost(slot);
        if st.slot_count(slot) >= ix.slot[slot].rooms || list.is_empty() {
            return None;
        }
        let shared = st.site_add_delta(slot);
        let mut best: Option<(f64, Cand)> = None;
        let consider = |best: &mut Option<(f64, Cand)>, k: Cand| {
            let delta = shared + st.own_add_delta(k);
            if delta < -EPS && best.is_none_or(|(d, b)| delta < d || (delta == d && k < b)) {
                *best = Some((delta, k));
            }
        };
        let first = ix.candidate(list[0] as usize);
        let site = first.site;
        for &v in &self.workers[site] {
            if let Some(k) = ix.find(v, first.date, site).filter(|&k| st.can_add(k)) {
                consider(&mut best, k);
            }
        }
        let cursor = &mut self.cursor[slot];
        while *cursor < list.len() && !st.can_add(list[*cursor] as usize) {
            *cursor += 1;
        }
        let mut j = *cursor;
        while j < list.len() {
            let k = list[j] as usize;
            if !st.can_add(k) {
                j += 1;
                continue;
            }
            let alone = ix.alone_cost(k);
            // No later candidate but a worker's (priced above) costs less than this.
            match best {
                Some((d, _)) if shared + alone > d => break,
                None if shared + alone >= -EPS => break,
                _ => {}
            }
            consider(&mut best, k);
            // The rest of k's group by cost costs the same with a larger index: skipped.
            j += 1 + list[j + 1..].partition_point(|&x| ix.alone_cost(x as usize) <= alone);
        }
        best
    }
}

/// The slots whose best offer may change once k is on: its site's (coverage, continuity) and
/// those of the volunteer's candidates that k makes infeasible or cheaper.
fn affected_slots(ix: &Index, st: &State, k: Cand, out: &mut Vec<Slot>) {
    out.clear();
    let c = ix.candidate(k);
    out.extend(ix.site_slots(c.site));
    let month_full = st.month_full(k);
    for j in ix.vol_cands(c.volunteer) {
        let same_day = ix.cand[j].vd == ix.cand[k].vd;
        let same_month = ix.cand[j].vm == ix.cand[k].vm;
        let neighbour = ix.prev(k) == Some(j) || ix.next(k) == Some(j);
        if same_day || neighbour || (same_month && month_full) {
            out.push(ix.slot_of(j));
        }
    }
    out.sort_unstable();
    out.dedup();
}

/// The greedy solver. Nothing in `SolveOptions` applies: the construction is deterministic
/// and near-linear in the candidates (about 2 s on 6.4 million, see docs/performance.md), and
/// it is the plan that exists at any time limit, so it does not stop early.
pub fn solve(inst: &Instance, _opts: &SolveOptions) -> Outcome {
    let t0 = Instant::now();
    let ix = Index::new(inst);
    let mut st = State::new(&ix);
    add_pins(&mut st);
    fill(&mut st, 0..ix.n_slots(), None);
    outcome(inst, st.plan(), st.objective(), "greedy", t0)
}

/// The outcome of a heuristic plan, with the cheap lower bound. The plan is proven optimal
/// only when it reaches that bound.
pub(crate) fn outcome(
    inst: &Instance,
    plan: Plan,
    running: f64,
    solver: &'static str,
    t0: Instant,
) -> Outcome {
    let objective = metrics::compute(inst, &plan).objective(inst);
    let bound = bound::lower_bound(inst).min(objective);
    let gap = relative_gap(objective, bound);
    let status = if gap == 0.0 {
        Status::Optimal
    } else {
        Status::Feasible
    };
    Outcome {
        plan: Some(plan),
        status,
        bound: Some(bound),
        gap: Some(gap),
        seconds: t0.elapsed().as_secs_f64(),
        solver,
        stats: ModelStats {
            candidates: inst.candidates().len(),
            solver_objective: Some(running),
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Horizon, Policy};

    /// The greedy's lazy offers (`Lazy`) against a rescan of every slot: a noise of amount 0
    /// ranks by the exact delta, so the rescanning path must build the very same plan. On
    /// the shipped months (January with its history, so that stayers' blocks and returning
    /// pairs price candidates below their cost alone) and a dense instance, with a weight on
    /// new pairs.
    #[test]
    fn lazy_offers_build_the_plan_a_rescan_builds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        let base = crate::io::load_dataset(&root.join("aura-2026-12")).expect("shipped");
        let january = crate::io::load_dataset(&root.join("aura-2027-01")).expect("shipped");
        let december = Horizon::parse_month(&base.month).expect("month");
        let dense = crate::generate::dense(&base, &december, 300, 3);
        let mut policy = Policy::default();
        for new_pair in [0.0, 30.0] {
            policy.objective.new_pair = new_pair;
            for ds in [&base, &january, &dense] {
                let horizon = Horizon::parse_month(&ds.month).expect("month");
                let inst = Instance::new(ds, &policy, horizon);
                let ix = Index::new(&inst);
                let build = |noise| {
                    let mut st = State::new(&ix);
                    add_pins(&mut st);
                    fill(&mut st, 0..ix.n_slots(), noise);
                    st.plan()
                };
                let rescan = build(Some(Noise {
                    salt: 0,
                    amount: 0.0,
                }));
                assert!(!rescan.is_empty());
                assert_eq!(build(None), rescan, "{} (new_pair {new_pair})", ds.name);
            }
        }
    }
}
