//! `auto`: heuristics first, then the exact MIP started from the heuristic's plan.
//!
//! Local search gives a valid, near-optimal plan in a fraction of a second on a region and a
//! few seconds nationally, whatever the time limit; the MIP then starts from it (a warm start
//! spares HiGHS most of its search for good plans) and proves how far from the best it is.
//! The better of the two plans is kept, so a time limit never costs the heuristic's plan.
//!
//! On a region the MIP's own LP-guided start (`ilp::rens`) is better than the local search
//! and takes a tenth of its time, so there the heuristic is the greedy plan alone (under a
//! millisecond): it still guarantees a plan at any time limit.

use super::{bound, greedy, local, relative_gap, solve_exact, Outcome, SolveOptions, Status};
use crate::rules::{metrics, Instance};
use std::sync::Arc;
use std::time::Instant;

/// Share of the time limit the heuristic may use before the MIP starts.
const HEURISTIC_SHARE: f64 = 0.25;
/// From this many candidates on, the heuristic is the local search (else greedy).
const LOCAL_FIRST_CANDIDATES: usize = 10_000;
/// The share of a full local search the heuristic does. Its plan is the fallback should the
/// MIP find nothing better in time; the MIP's own start (the LP-guided start, then the
/// regional parts: `ilp::regional`) is better on national months. Measured on fr-4000
/// (`generate --national --volunteers 4000 --seed 2026`, `renfort plan DIR`, one run each,
/// 2 shared cores under load): the same optimal plan, solve 22.1 s with the full search
/// (10 s of it), 15.4 s at 0.2, 14.8 s at 0.05.
const LOCAL_EFFORT: f64 = 0.2;

pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    let t0 = Instant::now();
    let mut h_opts = opts.clone();
    h_opts.time_limit = opts.time_limit.map(|t| t.mul_f64(HEURISTIC_SHARE));
    let local_first = inst.candidates().len() >= LOCAL_FIRST_CANDIDATES;
    if local_first {
        h_opts.effort = opts.effort * LOCAL_EFFORT;
    }
    let heuristic = if local_first {
        local::solve(inst, &h_opts)
    } else {
        greedy::solve(inst, &h_opts)
    };
    let Some(h_plan) = heuristic.plan.clone() else {
        return heuristic;
    };
    let h_obj = metrics::compute(inst, &h_plan).objective(inst);
    if opts.tuning.highs_log {
        println!(
            "heuristic ({}): {h_obj:.3} at {:.3} s",
            heuristic.solver,
            t0.elapsed().as_secs_f64()
        );
    }
    if opts.stopped() {
        // Stopped during the heuristic: its plan is the best in hand.
        return heuristic;
    }

    let mut e_opts = opts.clone();
    e_opts.initial = Some(Arc::new(h_plan.clone()));
    e_opts.time_limit = opts.time_limit.map(|t| t.saturating_sub(t0.elapsed()));
    let exact = solve_exact(inst, &e_opts);

    let e_obj = exact
        .plan
        .as_ref()
        .map(|p| metrics::compute(inst, p).objective(inst));
    let bound = [exact.bound, heuristic.bound, Some(bound::lower_bound(inst))]
        .into_iter()
        .flatten()
        .fold(None, |acc: Option<f64>, b| {
            Some(acc.map_or(b, |a| a.max(b)))
        });
    let (plan, objective, status, solver) = match e_obj {
        Some(o) if o <= h_obj + 1e-9 => (
            exact.plan.expect("has objective"),
            o,
            exact.status,
            // Named after the method whose plan is kept: on a region the exact solver's
            // own start usually beats the greedy plan, which is only the fallback there.
            if local_first {
                "auto (ilp, started from the local search's plan)"
            } else {
                "auto (ilp; the greedy plan was the fallback)"
            },
        ),
        _ => (
            h_plan,
            h_obj,
            Status::Feasible,
            if local_first {
                "auto (local; ilp found no better plan)"
            } else {
                "auto (greedy; ilp found no better plan)"
            },
        ),
    };
    let bound = bound.map(|b| b.min(objective));
    let status = match bound {
        Some(b) if status != Status::Optimal && relative_gap(objective, b) <= opts.mip_rel_gap => {
            Status::Optimal
        }
        _ => status,
    };
    Outcome {
        plan: Some(plan),
        status,
        bound,
        gap: bound.map(|b| relative_gap(objective, b)),
        seconds: t0.elapsed().as_secs_f64(),
        solver,
        stats: exact.stats,
    }
}
