//! Local search from the greedy plan: a descent over single-assignment moves (add, remove,
//! swap), then ruin-and-recreate (large-neighbourhood search). Each round removes every
//! assignment of a few sites, of a few sites over a date window, of a few volunteers, or of
//! a site together with the other days of the volunteers working there; rebuilds greedily
//! with randomised ranking; polishes the rebuilt area by descent; and keeps the result
//! unless it is worse. Accepting equal plans lets the search drift across plateaus, which
//! are common (many plans leave the same days uncovered).
//!
//! Several streams run in parallel (rayon), each with its own ChaCha generator seeded from a
//! fixed constant and its index, for a number of rounds fixed by the instance's size, so the
//! result does not depend on thread timing. A time limit, when given, can end the streams
//! earlier; only then may two runs differ.

mod moves;
mod progress;

pub use moves::{descend, descend_until, improve_sites};

use super::greedy::{self, Noise};
use super::state::{Cand, Index, Slot, State};
use super::{Outcome, SolveOptions};
use crate::model::SiteIdx;
use crate::rules::{metrics, Instance};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use std::time::Instant;

/// Independent search streams (fixed, so that results do not depend on the machine).
const STREAMS: u64 = 4;
/// Base seed of the streams' generators.
const SEED: u64 = 0x7265_6e66_6f72_7400;
/// Passes of the first full descent, and of the descent after each rebuild.
const FIRST_PASSES: usize = 20;
const ROUND_PASSES: usize = 3;
/// Work per stream, in candidates looked at (about a second on one core): the budget that
/// bounds large instances, where rounds are many and each costs more.
const WORK_PER_STREAM: u64 = 80_000_000;
/// Largest fraction by which the rebuild's ranking shrinks a gain.
const NOISE: f64 = 0.3;

/// The local-search solver.
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    let t0 = Instant::now();
    let deadline = opts.time_limit.map(|t| t0 + t);
    let ix = Index::new(inst);
    let mut start = State::new(&ix);
    greedy::add_pins(&mut start);
    match &opts.initial {
        // A caller's plan (valid by contract) replaces the greedy start.
        Some(plan) => {
            for a in plan.assignments() {
                let k = ix
                    .vol_cands(a.volunteer)
                    .find(|&k| ix.candidate(k).site == a.site && ix.candidate(k).date == a.date);
                if let Some(k) = k.filter(|&k| !start.is_on(k) && start.can_add(k)) {
                    start.add(k);
                }
            }
        }
        None => {
            greedy::fill(&mut start, 0..ix.n_slots(), None);
        }
    }
    let greedy_plan = start.plan();
    let all: Vec<Cand> = (0..ix.n_cands()).collect();
    let sites = active_sites(&ix);
    polish(&mut start, &all, &sites, FIRST_PASSES, deadline);
    start.commit();
    // The caller's observer hears each new best objective (see `progress`).
    let reporter = progress::Reporter::new(opts.observer.as_ref(), t0);
    reporter.offer(start.objective());

    // `effort` scales the search (what-if runs many plans and wants each quick).
    let effort = opts.effort.clamp(0.0, 1.0);
    let rounds = ((rounds_for(&ix) as f64 * effort).ceil() as usize).max(1);
    let n_streams = ((STREAMS as f64 * effort).round() as u64).max(1);
    let work_budget = (WORK_PER_STREAM as f64 * effort) as u64;
    let streams: Vec<(f64, State)> = (0..n_streams)
        .into_par_iter()
        .map(|i| {
            let mut st = start.clone();
            let mut rng = ChaCha8Rng::seed_from_u64(SEED.wrapping_add(i));
            let work_end = st.work() + work_budget;
            for _ in 0..rounds {
                if st.work() >= work_end
                    || deadline.is_some_and(|d| Instant::now() >= d)
                    || opts.stopped()
                {
                    break;
                }
                round(&mut st, &mut rng, &sites, deadline);
                reporter.offer(st.objective());
            }
            st.commit();
            (metrics::compute(inst, &st.plan()).objective(inst), st)
        })
        .collect();

    // The best stream, the first on ties; never worse than the greedy plan it started from.
    let greedy_objective = metrics::compute(inst, &greedy_plan).objective(inst);
    let best = streams
        .into_iter()
        .fold(None::<(f64, State)>, |best, (obj, st)| match best {
            Some((b, s)) if b <= obj => Some((b, s)),
            _ => Some((obj, st)),
        });
    match best {
        Some((obj, st)) if obj <= greedy_objective => {
            greedy::outcome(inst, st.plan(), st.objective(), "local", t0)
        }
        _ => greedy::outcome(inst, greedy_plan, greedy_objective, "local", t0),
    }
}

/// Alternates single-assignment descent and continuity moves until neither improves, or
/// until the deadline.
fn polish(
    st: &mut State,
    focus: &[Cand],
    sites: &[SiteIdx],
    passes: usize,
    deadline: Option<Instant>,
) {
    descend_until(st, focus, passes, deadline);
    for _ in 0..passes {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        if !improve_sites(st, sites) || !descend_until(st, focus, passes, deadline) {
            break;
        }
    }
}

/// Rounds per stream: enough to revisit every slot a few times on small instances, bounded
/// so that large ones finish in seconds.
fn rounds_for(ix: &Index) -> usize {
    (ix.n_slots() * 3).clamp(300, 20_000)
}

/// Sites with at least one candidate (the only ones a ruin can change).
fn active_sites(ix: &Index) -> Vec<SiteIdx> {
    (0..ix.n_sites())
        .filter(|&s| {
            ix.site_slots(s)
                .any(|slot| ix.slot_cands(slot).next().is_some())
        })
        .collect()
}

/// One ruin-and-recreate round; keeps the result unless it is worse.
fn round(st: &mut State, rng: &mut ChaCha8Rng, sites: &[SiteIdx], deadline: Option<Instant>) {
    let ix = st.index();
    let before = st.objective();
    let cp = st.checkpoint();
    let removed = ruin(st, rng, sites);
    if removed.is_empty() {
        return;
    }
    // Rebuild where the ruin changed something: the sites emptied (their continuity moved)
    // and every slot where a freed volunteer could go.
    let mut seeds: Vec<Slot> = Vec::new();
    let mut focus: Vec<Cand> = Vec::new();
    let mut vols: Vec<usize> = removed.iter().map(|&k| ix.candidate(k).volunteer).collect();
    vols.sort_unstable();
    vols.dedup();
    let mut ruined: Vec<SiteIdx> = removed.iter().map(|&k| ix.candidate(k).site).collect();
    ruined.sort_unstable();
    ruined.dedup();
    for &s in &ruined {
        for slot in ix.site_slots(s) {
            seeds.push(slot);
            focus.extend(ix.slot_cands(slot));
        }
    }
    for &v in &vols {
        seeds.extend(ix.vol_cands(v).map(|k| ix.slot_of(k)));
        focus.extend(ix.vol_cands(v));
    }
    seeds.sort_unstable();
    seeds.dedup();
    focus.sort_unstable();
    focus.dedup();
    greedy::fill(
        st,
        seeds,
        Some(Noise {
            salt: rng.gen(),
            amount: NOISE,
        }),
    );
    polish(st, &focus, &ruined, ROUND_PASSES, deadline);
    if st.objective() <= before {
        st.commit();
    } else {
        st.rollback(cp);
    }
}

/// Removes a random group of (unpinned) assignments; returns them.
fn ruin(st: &mut State, rng: &mut ChaCha8Rng, sites: &[SiteIdx]) -> Vec<Cand> {
    let ix = st.index();
    let mut removed = Vec::new();
    if sites.is_empty() {
        return removed;
    }
    let mut take = |st: &mut State, k: Cand| {
        if st.is_on(k) && !ix.is_pinned(k) {
            st.remove(k);
            removed.push(k);
        }
    };
    let pick_site = |rng: &mut ChaCha8Rng| sites[rng.gen_range(0..sites.len())];
    match rng.gen_range(0..4) {
        // A few whole sites.
        0 => {
            for _ in 0..rng.gen_range(1..=3) {
                let s = pick_site(rng);
                for k in ix.site_slots(s).flat_map(|slot| ix.slot_cands(slot)) {
                    take(st, k);
                }
            }
        }
        // A few sites over a window of dates.
        1 => {
            let h = ix.inst.horizon;
            let start = h.first + chrono::Days::new(rng.gen_range(0..h.len()) as u64);
            let end = start + chrono::Days::new(rng.gen_range(2..=7));
            for _ in 0..rng.gen_range(1..=6) {
                let s = pick_site(rng);
                for k in ix.site_slots(s).flat_map(|slot| ix.slot_cands(slot)) {
                    let d = ix.candidate(k).date;
                    if start <= d && d < end {
                        take(st, k);
                    }
                }
            }
        }
        // A few volunteers, found by sampling assignments.
        2 => {
            let wanted = rng.gen_range(2..=8);
            let mut found = 0;
            for _ in 0..400 {
                let k = rng.gen_range(0..ix.n_cands());
                if st.is_on(k) && !ix.is_pinned(k) {
                    for j in ix.vol_cands(ix.candidate(k).volunteer) {
                        take(st, j);
                    }
                    found += 1;
                    if found == wanted {
                        break;
                    }
                }
            }
        }
        // A site and every other day of the volunteers working there.
        _ => {
            let s = pick_site(rng);
            let working: Vec<Cand> = ix
                .site_slots(s)
                .flat_map(|slot| ix.slot_cands(slot))
                .filter(|&k| st.is_on(k))
                .collect();
            for k in working {
                for j in ix.vol_cands(ix.candidate(k).volunteer) {
                    take(st, j);
                }
            }
        }
    }
    removed
}
