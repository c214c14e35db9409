//! The whole model handed to HiGHS's MIP solver, after the start and the search: the
//! options every HiGHS solve of renfort gets, the warm start, and the plan read back with
//! HiGHS's status, bound and gap.

use super::settings::pass_options;
use super::{build_with, fixing};
use crate::model::{Assignment, Plan};
use crate::rules::{metrics, Instance};
use crate::solve::highs_ffi::{self, RawStatus};
use crate::solve::{Outcome, ProvedBy, SolveOptions, Status};
use std::time::Instant;

/// The exact solve: the model (without what `fixings` leaves out), warm-started from
/// `initial` when given.
pub(super) fn exact(
    inst: &Instance,
    opts: &SolveOptions,
    initial: Option<&Plan>,
    fixings: &fixing::Fixings,
    t0: Instant,
) -> Outcome {
    let built = build_with(inst, opts, Some(&fixings.dropped_schedules));
    let mut stats = built.stats;
    if stats.columns == 0 {
        // The model rules every candidate out (each volunteer's offered days allow no valid
        // schedule): the empty plan is the only one. HiGHS refuses an empty model, which
        // would read as "no plan in time".
        let plan = Plan::new(Vec::new());
        let objective = metrics::compute(inst, &plan).objective(inst);
        stats.proved_by.push(ProvedBy::NothingToDecide);
        let bound = Some(objective);
        return Outcome::ilp(
            Some(plan),
            Some(objective),
            Status::Optimal,
            bound,
            stats,
            t0,
        );
    }
    let mut model = built.problem.into_inner();
    configure(&mut model, opts, built.offset, t0);
    if !fixings.is_empty() {
        if opts.tuning.highs_log {
            println!(
                "reduced-cost fixing: {} binaries fixed, {} schedules left out",
                fixings.x.len() + fixings.c.len(),
                fixings.dropped_schedules.len()
            );
        }
        fixings.apply(&mut model, &built.x_cols, &built.c_cols);
    }
    if let Some(initial) = initial {
        warm_start(&mut model, &built.x_cols, &built.c_cols, inst, initial);
    }
    if initial.is_some() {
        // Measured on datasets/aura-2026-12 (`renfort speed`): from a local-search start,
        // HiGHS without presolve reaches the proven optimum in about 60 % of the time (its
        // presolve mostly re-derives what the tight model already states). Presolve also
        // declared a model with reduced-cost fixings wrongly infeasible (see
        // `stages::retry_without_fixings`).
        model.set_option("presolve", "off");
        // Feasibility jump looks for a first plan: with one in hand it is wasted time
        // (0.07-0.1 s of 0.3-0.5 s on easy AuRA-size datasets, median of 3, 13 datasets).
        model.set_option("mip_heuristic_run_feasibility_jump", false);
    }
    pass_options(&mut model, &opts.tuning.highs_options, "whole model");
    if let Some(path) = &opts.tuning.write_model {
        let n_cols = stats.columns;
        for col in 0..n_cols {
            highs_ffi::name_column(&mut model, col, &format!("y{col}"));
        }
        for (k, col) in built.x_cols.iter().enumerate() {
            if let Some(col) = col {
                let c = &inst.candidates()[k];
                let name = format!("x_{}_{}_{}", c.volunteer, c.site, c.date);
                highs_ffi::name_column(&mut model, *col, &name);
            }
        }
        for (s, days) in built.c_cols.iter().enumerate() {
            for (i, col) in days.iter().enumerate() {
                if let Some(col) = col {
                    highs_ffi::name_column(&mut model, *col, &format!("c_{s}_{i}"));
                }
            }
        }
        if !highs_ffi::write_model(&mut model, path) {
            eprintln!("HiGHS could not write the model to {path}");
        }
    }
    let observer = opts.observer.as_deref().map(|o| o as highs_ffi::Observer);
    let _guard = (observer.is_some() || opts.stop.is_some())
        .then(|| highs_ffi::install(&mut model, observer, None, opts.stop.clone()));
    let no_plan = |status, stats| Outcome::ilp(None, None, status, None, stats, t0);
    let Ok(solved) = model.try_solve() else {
        return no_plan(Status::TimeoutNoSolution, stats);
    };
    let raw = highs_ffi::model_status(&solved);
    if raw == RawStatus::Infeasible {
        return no_plan(Status::Infeasible, stats);
    }
    // When presolve solves the whole model, HiGHS reports Optimal but leaves the solution
    // status info unset: the solution is there all the same.
    if raw != RawStatus::Optimal && !highs_ffi::has_feasible_solution(&solved) {
        return no_plan(Status::TimeoutNoSolution, stats);
    }
    let plan = plan_from(inst, &built.x_cols, solved.get_solution().columns());
    let objective = metrics::compute(inst, &plan).objective(inst);
    stats.solver_objective = Some(solved.objective_value());
    let status = if raw == RawStatus::Optimal {
        Status::Optimal
    } else {
        Status::Feasible
    };
    let mip_info_set = solved
        .double_info_value(c"mip_gap")
        .is_ok_and(f64::is_finite);
    let bound = if status == Status::Optimal && !mip_info_set {
        // Presolve solved the whole model: HiGHS proves optimality but leaves its MIP
        // figures (dual bound, gap) unset.
        Some(objective)
    } else {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            // HiGHS sees only the linear part of the objective; its bound can exceed the
            // rounded plan's objective by float noise: never report a bound above the plan.
            .map(|b| b.min(objective))
    };
    if status == Status::Optimal {
        stats.proved_by.push(ProvedBy::Highs);
    }
    Outcome::ilp(Some(plan), Some(objective), status, bound, stats, t0)
}

/// Options every HiGHS solve of renfort gets: quiet (or the developer log), gap, seed,
/// threads, what is left of the time limit since `t0`, and the objective's constant.
pub(super) fn configure(model: &mut highs::Model, opts: &SolveOptions, offset: f64, t0: Instant) {
    model.make_quiet();
    if opts.tuning.highs_log {
        // Developer aid: HiGHS's own log on stdout (root gap, nodes, cuts).
        model.set_option("output_flag", true);
        model.set_option("log_to_console", true);
    }
    model.set_option("mip_rel_gap", opts.mip_rel_gap);
    model.set_option("random_seed", 0i32);
    if let Some(t) = opts.time_limit {
        // The limit covers building the model too: HiGHS gets what is left.
        let left = t.as_secs_f64() - t0.elapsed().as_secs_f64();
        model.set_option("time_limit", left.max(0.01));
    }
    if let Some(n) = opts.threads {
        model.set_option("threads", n as i32);
    }
    // good_lp passes only the linear part of the objective: give HiGHS the constant too, so
    // that its objective, bound, relative gap (hence "optimal") and progress are the
    // contract's.
    highs_ffi::set_objective_offset(model, offset);
}

/// The plan of a solution: the candidates whose x is 1.
pub(super) fn plan_from(inst: &Instance, x_cols: &[Option<usize>], cols: &[f64]) -> Plan {
    let cands = inst.candidates();
    Plan::new(
        (0..x_cols.len())
            .filter(|&i| x_cols[i].is_some_and(|col| cols[col] > 0.5))
            .map(|i| Assignment {
                date: cands[i].date,
                site: cands[i].site,
                volunteer: cands[i].volunteer,
            })
            .collect(),
    )
}

/// Hands a valid plan to HiGHS as a starting solution: the assignment and covered-day
/// binaries only; HiGHS completes the continuous variables itself.
fn warm_start(
    model: &mut highs::Model,
    x_cols: &[Option<usize>],
    c_cols: &[Vec<Option<usize>>],
    inst: &Instance,
    plan: &Plan,
) {
    let mut entries: Vec<(i32, f64)> = Vec::new();
    for (k, cand) in inst.candidates().iter().enumerate() {
        if let Some(col) = x_cols[k] {
            let a = Assignment {
                date: cand.date,
                site: cand.site,
                volunteer: cand.volunteer,
            };
            entries.push((col as i32, if plan.contains(&a) { 1.0 } else { 0.0 }));
        }
    }
    let mut covered = std::collections::HashSet::new();
    for a in plan.assignments() {
        covered.insert((a.site, a.date));
    }
    for (s, days) in c_cols.iter().enumerate() {
        for (i, col) in days.iter().enumerate() {
            if let Some(col) = col {
                let d = inst.service_days(s)[i].date;
                entries.push((
                    *col as i32,
                    if covered.contains(&(s, d)) { 1.0 } else { 0.0 },
                ));
            }
        }
    }
    highs_ffi::set_sparse_solution(model, &entries);
}
