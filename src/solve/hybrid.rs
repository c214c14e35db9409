//! `auto`: heuristics first, then the exact MIP started from the heuristic's plan.
//!
//! Local search gives a valid, near-optimal plan in a fraction of a second on a region and a
//! few seconds nationally, whatever the time limit; the MIP then starts from it (a warm start
//! spares HiGHS most of its search for good plans) and proves how far from the best it is.
//! The better of the two plans is kept, so a time limit never costs the heuristic's plan.
//!
//! Over several calendar months, `Tuning::month_start` (a developer aid, off by default) makes
//! the heuristic the months planned one after the other, each exactly, with the months
//! before it as its history (`month_by_month`). Measured on two quarters (docs/performance.md,
//! "Quarters"), it did not pay: with a hull per month (`ilp::schedules`) the joint model's own
//! LP-guided start is better and cheaper (AuRA: 560,187 at 2.5 s against 560,461; national:
//! a third of the heuristic's 30 s is too short for a national month's exact solve).
//!
//! On a region the MIP's own LP-guided start (`ilp::rens`) is better than the local search
//! and takes a tenth of its time, so there the heuristic is the greedy plan alone (under a
//! millisecond): it still guarantees a plan at any time limit.

use super::{
    bound, greedy, local, relative_gap, solve_exact, ModelStats, Outcome, SolveOptions, Status,
};
use crate::model::{HistoryFile, HistoryOrigin, Horizon, PastVisit, Plan};
use crate::rules::{metrics, Instance};
use chrono::Datelike;
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
    let months = calendar_months(&inst.horizon);
    let by_months = months.len() > 1 && opts.tuning.month_start;
    let heuristic = if by_months {
        month_by_month(inst, &h_opts, &months)
    } else if local_first {
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
            if by_months {
                "auto (ilp, started from the months planned one after the other)"
            } else if local_first {
                "auto (ilp, started from the local search's plan)"
            } else {
                "auto (ilp; the greedy plan was the fallback)"
            },
        ),
        _ => (
            h_plan,
            h_obj,
            Status::Feasible,
            if by_months {
                "auto (the months planned one after the other; ilp found no better plan)"
            } else if local_first {
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

/// The calendar months `horizon` spans, each cut to the horizon (one for a single month).
pub fn calendar_months(horizon: &Horizon) -> Vec<Horizon> {
    let mut out = Vec::new();
    let mut first = horizon.first;
    while first <= horizon.last {
        let month_end = Horizon::month(first.year(), first.month()).map_or(first, |m| m.last);
        let last = month_end.min(horizon.last);
        out.extend(Horizon::range(first, last));
        match last.succ_opt() {
            Some(next) => first = next,
            None => break,
        }
    }
    out
}

/// The months of `inst`'s horizon planned one after the other by the exact solver, each
/// within an equal share of what is left of `opts.time_limit`, each with the plans of the
/// months before it added to the history (contract v2: the carried gap, the breaks across
/// the month's start, the caps). A heuristic for the whole horizon: what crosses a month's
/// end (a run of covered days, a stayer's block) is decided one month at a time. A month
/// gets the greedy plan where the exact solve found none better in its time; stopped, the
/// months planned so far: still a valid plan.
fn month_by_month(inst: &Instance, opts: &SolveOptions, months: &[Horizon]) -> Outcome {
    let t0 = Instant::now();
    let mut ds = inst.dataset.clone();
    let mut assignments = Vec::new();
    for (i, month) in months.iter().enumerate() {
        if opts.stopped() {
            break;
        }
        let mut m_opts = opts.clone();
        m_opts.initial = None;
        let left = (months.len() - i) as f64;
        m_opts.time_limit = opts
            .time_limit
            .map(|t| t.saturating_sub(t0.elapsed()).div_f64(left));
        let plan = {
            let sub = Instance::new(&ds, inst.policy, *month);
            // Out of time, the exact solve may hand back no plan, or the plans of the
            // components it finished only (a national month needs more than a few seconds):
            // the month's greedy plan when better, so that every month is planned.
            let exact = solve_exact(&sub, &m_opts).plan;
            let greedy = greedy::solve(&sub, &m_opts).plan;
            let objective = |p: &Plan| metrics::compute(&sub, p).objective(&sub);
            match (exact, greedy) {
                (Some(e), Some(g)) if objective(&g) < objective(&e) => Some(g),
                (e, g) => e.or(g),
            }
        };
        let Some(plan) = plan else { break };
        let file = ds.history.files.len();
        ds.history.files.push(HistoryFile {
            name: format!("the plan of {month}"),
            date_column: "date".into(),
        });
        for a in plan.assignments() {
            let visit = PastVisit {
                date: a.date,
                site: a.site,
                volunteer: ds.volunteers[a.volunteer].id.clone(),
            };
            ds.history
                .visits
                .entry(visit)
                .or_insert(HistoryOrigin { file, line: 0 });
        }
        assignments.extend_from_slice(plan.assignments());
    }
    Outcome {
        plan: Some(Plan::new(assignments)),
        status: Status::Feasible,
        bound: None,
        gap: None,
        seconds: t0.elapsed().as_secs_f64(),
        solver: "the months one after the other",
        stats: ModelStats::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn a_horizon_splits_at_month_ends() {
        let h = Horizon::range(day(2026, 12, 15), day(2027, 2, 3)).expect("a range");
        let got: Vec<_> = calendar_months(&h)
            .iter()
            .map(|m| (m.first, m.last))
            .collect();
        assert_eq!(
            got,
            [
                (day(2026, 12, 15), day(2026, 12, 31)),
                (day(2027, 1, 1), day(2027, 1, 31)),
                (day(2027, 2, 1), day(2027, 2, 3)),
            ]
        );
        let dec = Horizon::month(2026, 12).expect("a month");
        assert_eq!(calendar_months(&dec), [dec]);
    }

    /// The months planned one after the other make a valid plan of the whole horizon (H3 per
    /// month with the earlier months as history, H1–H6 over the horizon), in every month.
    #[test]
    fn the_months_one_after_the_other_make_a_valid_plan() {
        use crate::rules::hard;
        use crate::solve::state::tests::random_dataset;
        let mut in_both = 0;
        for seed in 0..12 {
            // Dec 1 to Jan 14: two months.
            let (ds, policy, horizon) = random_dataset(seed, 3, 6, 45);
            let inst = Instance::new(&ds, &policy, horizon);
            let months = calendar_months(&inst.horizon);
            assert_eq!(months.len(), 2);
            let opts = SolveOptions {
                threads: Some(1),
                ..SolveOptions::default()
            };
            let plan = month_by_month(&inst, &opts, &months).plan.expect("a plan");
            let broken = hard::check(&inst, &plan);
            assert!(broken.is_empty(), "seed {seed}: {broken:?}");
            let planned = |m: &Horizon| plan.assignments().iter().any(|a| m.contains(a.date));
            if months.iter().all(planned) {
                in_both += 1;
            }
        }
        assert!(in_both > 2, "only {in_both} plans in both months");
    }
}
