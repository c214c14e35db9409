//! An LP-guided starting plan (RENS, "relaxation enforced neighbourhood search",
//! Berthold 2014): solve the LP relaxation, fix every binary the LP already sets to 0 or 1
//! (except those at 0 that are nearly free, see below), and solve the small MIP left.
//!
//! The binaries at 0 whose reduced cost is within the gap asked for stay free. Measured on
//! the shipped and 12 generated AuRA-size datasets with the block pairs (`pairs`), one run
//! each: the restricted MIP takes 0.02-0.1 s longer and its plan is the optimum more often;
//! 5 datasets got faster (e.g. 2.4 -> 0.35 s, 0.44 -> 0.21 s), 1 slower (0.48 -> 0.60 s).
//!
//! Why: measured on datasets/aura-2026-12 and four generated AuRA-size datasets, HiGHS
//! proves the optimum in 0.2–0.4 s once it holds an optimal plan, but takes 2–4 s to find
//! one: its own RENS only runs after the root cut loop. The schedules formulation's LP is
//! nearly integral (70 fractional values of ~1,400 binaries on AuRA), so the leftover MIP is
//! tiny and its best plan is within 0.01–0.04 % of the optimum. A short local search from it
//! (effort `POLISH_EFFORT`, a few hundredths of a second) then closes part of what is left:
//! on the same datasets it took the start from +35 to +12 above the optimum on average.
//! The caller runs it (`polish`) after its own branch-and-bound (see `bnb`), which often
//! proves the restricted MIP's plan optimal and makes it needless.
//! The plan only seeds the exact solve: any valid plan is fine, a bad one costs nothing but
//! the time spent here.
//!
//! The restricted MIP does not stop at its own gap while a plan within the gap of the LP
//! bound may still be in it: such a plan needs no further proof. Measured on the dataset
//! v160-s31 (`generate --volunteers 160 --seed 31`): its own gap had stopped it at
//! 225,998.9, 0.014 % above the LP bound, and HiGHS then took 5 s on the whole model to
//! find the optimum; now it finds 225,989.8 (within the gap) and the solve ends at 1.1 s
//! instead of 5.8 s (`renfort speed`, median of 3). The 18 other datasets: the same times
//! within the noise.

use super::super::local;
use super::fixing::LpOptimum;
use super::settings::{no_time_to_build, pass_options, search_runs, CUT_MIN_GAIN};
use super::{build_with, configure, highs_ffi, plan_from, search, SolveOptions};
use crate::model::Plan;
use crate::rules::{metrics, Instance};
use std::sync::Arc;
use std::time::Instant;

/// At most this share of what is left of the time limit once the LP is solved goes to the
/// rest of the start (root cuts, restricted MIP, polish). The LP itself may take all the time
/// left: every later stage, HiGHS's MIP included, needs that LP (its root) first, so an LP cut
/// short leaves nothing else in time (see `NoStart::OutOfTime`).
const TIME_SHARE: f64 = 0.3;
/// From this many candidates on, HiGHS presolves the LP. Measured with highspy on the
/// relaxations of generated national months (`generate --national --volunteers N --seed 2026`,
/// presolve off -> on, one run each, 2 shared cores): 4,000 volunteers (41,000 candidates)
/// 1.1 -> 1.3 s, 16,000 (151,000) 2.2 -> 2.6 s, 40,000 (378,000) 7.0 -> 6.5 s, 100,000
/// (947,000) 34.1 -> 22.2 s. The branch-and-bound, which wants the basis of the model itself
/// (see below), never runs on such models (see `search_runs`).
const LP_PRESOLVE_CANDIDATES: usize = 500_000;
/// HiGHS's `mip_pool_soft_limit` for the restricted MIP (HiGHS's default: 10,000). HiGHS
/// 1.15 skips its tableau (Gomory) separator once the cut pool holds more cuts than this.
/// Why: on some datasets that separator takes most of the restricted MIP's time, in one
/// root separation round that no time limit interrupts (v210-s33: 0.98 s of restricted
/// MIP, 35 % of the whole solve in `HighsTableauSeparator::separateLpSolution`, `perf`).
/// Measured (one run each, `renfort plan DIR --solver ilp --threads 1`, 49 AuRA-size
/// datasets): at 50, 47 of 49 datasets at 10x against plain in two runs
/// (geometric mean 30.7x and 30.9x), against 45 of 49 (29.5x) at the default; v210-s33
/// 2.40 -> 1.70 s, y205-s63 0.54 -> 0.37 s, z230-s74 0.73 -> 0.53 s, x245-s54 0.16 ->
/// 0.23 s. At 20: 46 of 49 (31.4x); at 30: 47 (30.9x); at 100: 45 (30.5x). The same
/// limit on HiGHS's exact solve as well: 46 of 49 (30.1x), so not there. Skipping the
/// restricted MIP altogether (the greedy plan, polished, as the start): 40 of 49 (24.1x).
const CUT_POOL_SOFT_LIMIT: i32 = 50;
/// Local-search effort of the polish (1 = a full local search).
const POLISH_EFFORT: f64 = 0.2;

/// A starting plan and what the LP proved.
pub struct Start {
    pub plan: Plan,
    /// The LP relaxation's optimum (its value is a lower bound on every plan's objective).
    pub lp: LpOptimum,
    /// The model whose LP relaxation gave `lp`, still solved (binaries continuous); kept
    /// only for the branch-and-bound (`SolveOptions::branch_and_bound`).
    pub lp_model: Option<highs::Model>,
    /// Simplex iterations that LP took from scratch.
    pub lp_iterations: i64,
    /// When the start's share of the time limit ends (see `polish`).
    pub polish_until: Option<Instant>,
}

/// Why there is no start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoStart {
    /// The LP was not solved in time (or there was no time to build it): no later stage
    /// can do better in the time left, since each needs that LP first.
    OutOfTime,
    /// The LP or the restricted MIP failed otherwise (numerics, the restricted MIP
    /// infeasible or out of its share of time): HiGHS may still solve the whole model.
    Failed,
}

/// The best plan of the MIP restricted around the LP optimum (not yet polished, see
/// `polish`), or None (see `start`).
#[cfg(test)]
pub fn start_plan(inst: &Instance, opts: &SolveOptions, t0: Instant) -> Option<Start> {
    start(inst, opts, t0).ok()
}

/// The best plan of the MIP restricted around the LP optimum (not yet polished, see
/// `polish`), or why there is none.
pub fn start(inst: &Instance, opts: &SolveOptions, t0: Instant) -> Result<Start, NoStart> {
    let deadline = opts.time_limit.map(|t| t0 + t);
    if no_time_to_build(inst, deadline) {
        return Err(NoStart::OutOfTime);
    }
    let built = build_with(inst, opts, None);
    let mut model = built.problem.into_inner();
    configure(&mut model, opts, built.offset, t0);
    if let Some(lp_deadline) = opts.lp_deadline {
        let left = lp_deadline.saturating_duration_since(Instant::now());
        let whole = deadline.map_or(left, |d| d.saturating_duration_since(Instant::now()));
        highs_ffi::set_time_left(&mut model, left.min(whole).as_secs_f64().max(0.01));
    }
    let binaries: Vec<usize> = built
        .x_cols
        .iter()
        .chain(built.c_cols.iter().flatten())
        .flatten()
        .copied()
        .collect();
    highs_ffi::set_integrality(&mut model, &binaries, false);
    // Presolve off where schedules are listed: that LP is 20-40 % faster without (measured
    // with highspy on the models of three generated AuRA-size datasets: 119 -> 95, 81 -> 48,
    // 71 -> 54 ms), and its basis is then one of the model itself, as the branch-and-bound
    // needs. Not where no schedule is listed (every volunteer on the block pairs, or on the
    // compact rows): when the national instance still kept the compact rows, its start
    // came out worse without presolve (60 s solve: gap 0.017 % instead of optimal in 44 s).
    // With the block pairs it lists 1,837 schedules, runs without, and is optimal in 37 s.
    let large = inst.candidates().len() >= LP_PRESOLVE_CANDIDATES;
    let presolve = large || (built.lambda_cols.is_empty() && !opts.branch_and_bound);
    if !presolve {
        model.set_option("presolve", "off");
    }
    let tb = t0.elapsed().as_secs_f64();
    let lp = model.try_solve().map_err(|_| NoStart::Failed)?;
    let tl = t0.elapsed().as_secs_f64();
    match highs_ffi::model_status(&lp) {
        highs_ffi::RawStatus::Optimal => {}
        highs_ffi::RawStatus::Limit => return Err(NoStart::OutOfTime),
        _ => return Err(NoStart::Failed),
    }
    let lp_iterations = lp.simplex_iteration_count();
    // One budget, from here, for the cuts, the restricted MIP and the polish together.
    let started = Instant::now();
    let budget = opts
        .time_limit
        .map(|t| t.saturating_sub(t0.elapsed()).mul_f64(TIME_SHARE));
    let left = || budget.map(|b| b.saturating_sub(started.elapsed()));
    let mut sub = opts.clone();
    sub.time_limit = budget;
    // The search's root: the LP strengthened by zero-half cuts (see `cuts`), where the
    // search will run (as `ilp::solve` decides: regional size, no bias).
    let rounds = opts.tuning.search.cut_rounds;
    let lp = if search_runs(opts, lp_iterations) && opts.root_cuts && rounds > 0 {
        let min_gain = CUT_MIN_GAIN * lp.objective_value().abs();
        // Within the start's share of the time limit, as the restricted MIP after them.
        let until = budget.map(|b| started + b);
        match search::root_cuts(lp, rounds, min_gain, until) {
            Some((lp, c)) => {
                if opts.tuning.highs_log {
                    println!(
                        "root cuts: {} rounds, {} cuts, {} kept, LP {:.3} -> {:.3}, {} iterations, separation {:.3} s, at {:.3} s",
                        c.rounds,
                        c.added,
                        c.kept,
                        c.before,
                        c.after,
                        c.iterations,
                        c.separation,
                        t0.elapsed().as_secs_f64()
                    );
                }
                lp
            }
            // A solve failed (numerics): no start; HiGHS solves the whole model.
            None => return Err(NoStart::Failed),
        }
    } else {
        lp
    };
    let solution = lp.get_solution();
    let lp_opt = LpOptimum {
        bound: lp.objective_value(),
        values: solution.columns().to_vec(),
        reduced: solution.dual_columns().to_vec(),
        x_cols: built.x_cols,
        c_cols: built.c_cols,
        lambda_cols: built.lambda_cols,
    };
    // An integral LP optimum is a plan at the LP bound: the restricted MIP has nothing to
    // find (on a national month of 100,000 volunteers its presolve alone took 4.8 of its
    // 7.7 s to say so, every column fixed).
    if let Some(plan) = integral_plan(inst, &lp_opt) {
        if opts.tuning.highs_log {
            println!(
                "LP-guided start: the LP optimum is integral, {:.3} s (LP {:.3} s)",
                t0.elapsed().as_secs_f64(),
                tl - tb
            );
        }
        return Ok(Start {
            plan,
            lp: lp_opt,
            lp_model: opts.branch_and_bound.then(|| highs::Model::from(lp)),
            lp_iterations,
            polish_until: budget.map(|b| started + b),
        });
    }
    let values = &lp_opt.values;
    // For the branch-and-bound, the LP stays solved (and hot) (see `bnb`) and the restricted
    // MIP gets a model of its own, built again (the same columns in the same order).
    // Otherwise the LP's model becomes the restricted MIP.
    let (lp_model, mut model) = if opts.branch_and_bound {
        // Not in time for the second model: no start (the exact solve checks again).
        if no_time_to_build(inst, deadline) {
            return Err(NoStart::OutOfTime);
        }
        let mut mip = build_with(inst, opts, None).problem.into_inner();
        configure(&mut mip, &sub, built.offset, started);
        (Some(highs::Model::from(lp)), mip)
    } else {
        let mut mip = highs::Model::from(lp);
        highs_ffi::set_integrality(&mut mip, &binaries, true);
        // Presolve back on: it removes the columns fixed below.
        mip.set_option("presolve", "choose");
        (None, mip)
    };
    // A binary at 0 whose reduced cost is within the gap asked for stays free: a plan that
    // the LP bound alone proves optimal may use it (see `fixing`: such a plan y pays at
    // least Σ_j d_j (y_j − y*_j) over the bound, so each column it moves off the LP's
    // value has |d_j| ≤ gap × bound). The columns at 1 stay fixed: freeing those as well
    // made the whole solve 3 to 13 times slower on 4 of 13 datasets (e.g. 0.21 -> 2.77 s).
    let target = lp_opt.target(opts.mip_rel_gap);
    let room = target - lp_opt.bound;
    let fixes: Vec<(usize, f64)> = binaries
        .iter()
        .map(|&c| (c, values[c]))
        .filter(|(_, v)| (v - v.round()).abs() < 1e-6)
        .filter(|&(c, v)| v > 0.5 || lp_opt.reduced[c] > room)
        .map(|(c, v)| (c, v.round()))
        .collect();
    highs_ffi::fix_columns(&mut model, &fixes);
    // The restricted MIP looks for a plan that the LP bound alone proves within the gap,
    // and stops when it has one; once its own bound shows there is none, its own gap ends
    // it as before (see `highs_ffi::Stop`). Without restarts: measured with them, on
    // v160-s31 (see the module doc), 1.9 s instead of 1.0 s to the same plan; elsewhere
    // the same to ±10 % (one run each, 19 datasets).
    let stop = highs_ffi::Stop {
        target,
        gap: opts.mip_rel_gap,
    };
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("mip_allow_restart", false);
    model.set_option("mip_pool_soft_limit", CUT_POOL_SOFT_LIMIT);
    pass_options(&mut model, &opts.tuning.rens_options, "restricted MIP");
    let _guard = highs_ffi::install(&mut model, None, Some(stop), opts.stop.clone());
    if let Some(l) = left() {
        // Without the branch-and-bound this is the LP's own model: its clock has run.
        highs_ffi::set_time_left(&mut model, l.as_secs_f64().max(0.01));
    }
    let mip = model.try_solve().map_err(|_| NoStart::Failed)?;
    let tm = t0.elapsed().as_secs_f64();
    // (Optimal without a solution status: presolve solved it all, the solution is there.)
    let optimal = highs_ffi::model_status(&mip) == highs_ffi::RawStatus::Optimal;
    if !optimal && !highs_ffi::has_feasible_solution(&mip) {
        return Err(NoStart::Failed);
    }
    let plan = plan_from(inst, &lp_opt.x_cols, mip.get_solution().columns());
    if opts.tuning.highs_log {
        let mip_iterations = mip.simplex_iteration_count();
        let objective = metrics::compute(inst, &plan).objective(inst);
        println!(
            "restricted MIP: bound {:?}, LP bound's target {:.3}",
            mip.double_info_value(c"mip_dual_bound").ok(),
            stop.target
        );
        println!(
            "LP-guided start: {objective:.3} after the restricted MIP, {:.3} s (model built \
             at {tb:.3} s, LP {:.3} s, restricted MIP {:.3} s, iterations LP {lp_iterations}, \
             restricted MIP {mip_iterations})",
            t0.elapsed().as_secs_f64(),
            tl - tb,
            tm - tl,
        );
    }
    Ok(Start {
        plan,
        lp: lp_opt,
        lp_model,
        lp_iterations,
        polish_until: budget.map(|b| started + b),
    })
}

/// The plan of an LP optimum whose assignment and covered-day columns are all 0 or 1, if it
/// keeps every hard rule (it does when the model states them: a 0/1 point in the hull of
/// a volunteer's valid schedules is one of them; checked all the same, it is cheap).
fn integral_plan(inst: &Instance, lp: &LpOptimum) -> Option<Plan> {
    let integral = |col: &Option<usize>| {
        col.is_none_or(|c| (lp.values[c] - lp.values[c].round()).abs() < INTEGRAL)
    };
    let all = lp.x_cols.iter().all(integral) && lp.c_cols.iter().flatten().all(integral);
    let plan = all.then(|| plan_from(inst, &lp.x_cols, &lp.values))?;
    crate::rules::hard::check(inst, &plan)
        .is_empty()
        .then_some(plan)
}

/// How far from 0 or 1 a column may be and count as integral (HiGHS's own
/// `mip_feasibility_tolerance`).
const INTEGRAL: f64 = 1e-6;

/// The start's plan after a short local search (effort `POLISH_EFFORT`), within what is
/// left of the start's share of the time limit (`until`, see `Start::polish_until`); never
/// worse than `plan`.
pub fn polish(inst: &Instance, opts: &SolveOptions, until: Option<Instant>, plan: Plan) -> Plan {
    let t = Instant::now();
    let polish = SolveOptions {
        initial: Some(Arc::new(plan.clone())),
        effort: POLISH_EFFORT,
        time_limit: until.map(|until| until.saturating_duration_since(t)),
        ..opts.clone()
    };
    let polished = local::solve(inst, &polish).plan;
    if opts.tuning.highs_log {
        let objective = |p: &Plan| metrics::compute(inst, p).objective(inst);
        println!(
            "polish: {:.3} -> {:?}, {:.3} s",
            objective(&plan),
            polished.as_ref().map(objective),
            t.elapsed().as_secs_f64()
        );
    }
    // The local search never returns a plan worse than its start.
    polished.unwrap_or(plan)
}
