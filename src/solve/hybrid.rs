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
//!
//! On the largest instances (`LP_FIRST_CANDIDATES`) the LP decides: a national month of
//! 100,000 volunteers has an LP solved in about 25 s whose optimum is already a plan, so
//! the MIP starts at once from the greedy plan; a dense instance (every volunteer eligible
//! everywhere) has an LP that no time limit sees solved, so when the LP is not solved within
//! `LP_SHARE` of the time limit, the local search takes the time left (see `lp_first`).

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

/// From this many candidates on, `auto` starts with the LP (see `lp_first`). Measured
/// (`renfort plan DIR`, 2 shared cores): a national month of 100,000 volunteers (`generate
/// --national --volunteers 100000 --seed 2026`, 947,000 candidates) is proven in 26 s this
/// way, where the local search alone stops 21.7 % above its cheap bound; below this size
/// the local search first, then the ILP, proves the national months of 4,000 to 40,000
/// volunteers (docs/performance.md).
const LP_FIRST_CANDIDATES: usize = 500_000;
/// The share of the time limit by which `lp_first` wants the LP solved.
const LP_SHARE: f64 = 0.7;

pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    if inst.candidates().len() >= LP_FIRST_CANDIDATES {
        return lp_first(inst, opts);
    }
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
    if opts.tuning.highs_log {
        println!(
            "heuristic ({}): {:.3} at {:.3} s",
            heuristic.solver,
            metrics::compute(inst, &h_plan).objective(inst),
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

    combine(inst, opts, t0, heuristic, h_plan, exact, local_first)
}

/// The largest instances: the greedy plan as the fallback, then the exact solve if its LP is
/// solved within `LP_SHARE` of the time limit, else the local search in the time left (its
/// plan kept if better than what the exact solve returned: the greedy plan at least).
fn lp_first(inst: &Instance, opts: &SolveOptions) -> Outcome {
    let t0 = Instant::now();
    let greedy = greedy::solve(inst, opts);
    let Some(g_plan) = greedy.plan.clone() else {
        return greedy;
    };
    if opts.stopped() {
        return greedy;
    }
    let mut e_opts = opts.clone();
    e_opts.initial = Some(Arc::new(g_plan.clone()));
    e_opts.time_limit = opts.time_limit.map(|t| t.saturating_sub(t0.elapsed()));
    e_opts.lp_deadline = opts.time_limit.map(|t| t0 + t.mul_f64(LP_SHARE));
    let exact = solve_exact(inst, &e_opts);
    if exact.bound.is_some() || opts.stopped() {
        return combine(inst, opts, t0, greedy, g_plan, exact, false);
    }
    if opts.tuning.highs_log {
        println!(
            "LP not solved by {:.0} % of the time limit: the local search, at {:.3} s",
            LP_SHARE * 100.0,
            t0.elapsed().as_secs_f64()
        );
    }
    let mut l_opts = opts.clone();
    l_opts.time_limit = opts.time_limit.map(|t| t.saturating_sub(t0.elapsed()));
    let local = local::solve(inst, &l_opts);
    let Some(l_plan) = local.plan.clone() else {
        return combine(inst, opts, t0, greedy, g_plan, exact, false);
    };
    let mut out = combine(inst, opts, t0, local, l_plan, exact, true);
    // The exact solve's plan here is the greedy one (with the parts whose LP was solved
    // in time, if any).
    out.solver = if out.solver == LOCAL_KEPT {
        "auto (local; the LP was not solved in time)"
    } else {
        "auto (greedy; the LP was not solved in time)"
    };
    out
}

const LOCAL_KEPT: &str = "auto (local; ilp found no better plan)";

/// The better of the heuristic's plan and the exact solve's, with the best bound of the two
/// and of the cheap one (`bound`), named after the method whose plan is kept.
fn combine(
    inst: &Instance,
    opts: &SolveOptions,
    t0: Instant,
    heuristic: Outcome,
    h_plan: crate::model::Plan,
    exact: Outcome,
    local_first: bool,
) -> Outcome {
    let h_obj = metrics::compute(inst, &h_plan).objective(inst);
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
                LOCAL_KEPT
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Horizon, Policy};
    use crate::rules::hard;
    use std::time::Duration;

    fn shipped(name: &str) -> crate::model::Dataset {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets");
        crate::io::load_dataset(&root.join(name)).expect("shipped")
    }

    /// With time for its LP, `lp_first` is the exact solve from the greedy plan: the same
    /// optimum as `auto`'s usual path, with the LP's bound.
    #[test]
    fn lp_first_proves_what_the_usual_path_proves() {
        let ds = shipped("aura-2026-12");
        let policy = Policy::default();
        let inst = Instance::new(&ds, &policy, Horizon::parse_month(&ds.month).unwrap());
        let opts = SolveOptions {
            threads: Some(1),
            time_limit: Some(Duration::from_secs(60)),
            ..Default::default()
        };
        let first = lp_first(&inst, &opts);
        let usual = solve(&inst, &opts);
        assert_eq!(first.status, Status::Optimal);
        let objective =
            |o: &Outcome| metrics::compute(&inst, o.plan.as_ref().unwrap()).objective(&inst);
        assert!(relative_gap(objective(&first), objective(&usual)) <= 1e-4);
        assert!(first.bound.is_some());
        assert!(hard::check(&inst, first.plan.as_ref().unwrap()).is_empty());
    }

    /// Regression (a dense instance with `--time-limit 20` returned at 35 s): an LP not
    /// solved by its deadline ends the exact solve at once, HiGHS's MIP never starts, and
    /// the local search's plan is kept when better than the greedy one.
    #[test]
    fn regression_an_lp_out_of_time_hands_over_to_the_local_search() {
        let ds = shipped("aura-2026-12");
        let policy = Policy::default();
        let inst = Instance::new(&ds, &policy, Horizon::parse_month(&ds.month).unwrap());
        let opts = SolveOptions {
            threads: Some(1),
            // The LP's deadline (`LP_SHARE` of it) passes while the greedy plan is built.
            time_limit: Some(Duration::from_nanos(1)),
            ..Default::default()
        };
        let out = lp_first(&inst, &opts);
        assert!(
            out.solver.ends_with("the LP was not solved in time)"),
            "{}",
            out.solver
        );
        let plan = out.plan.expect("the greedy plan at least");
        assert!(hard::check(&inst, &plan).is_empty());
        assert_eq!(out.status, Status::Feasible);
        assert!(out.stats.proved_by.is_empty());
        let greedy = greedy::solve(&inst, &opts).plan.unwrap();
        let objective = |p: &crate::model::Plan| metrics::compute(&inst, p).objective(&inst);
        assert!(objective(&plan) <= objective(&greedy) + 1e-9);
    }
}
