//! The exact problem of the contract as a mixed-integer program, modelled with `good_lp` and
//! solved by HiGHS through the `highs` crate (which exposes the dual bound and the gap).
//!
//! Variables (s a site, i one of its service days, k a candidate (v, s, d)):
//! - x_k ∈ {0,1}: the assignment is in the plan;
//! - c_si ∈ {0,1}: site s covered on day i, tied both ways: c_si ≤ Σ_k x_k and c_si ≥ x_k
//!   for every k at (s, i), so covered days are exact and breaks/gaps can't be misreported;
//! - uncovered doctors: u_si ≥ demand − Σ_k x_k (plain), or without u where an optimal
//!   plan allows (tight, see `model::Builder::tight_uncovered`);
//! - continuity (breaks, long gaps): see `continuity` (window rows, or a flow per site);
//! - z_k ≥ 0 for a stayer's candidate whose previous calendar day is also a candidate at the
//!   same site: a block starts, z_k ≥ x_k − x_prev (otherwise x_k itself starts its block).
//!
//! All the continuous variables are pushed down to their exact value by a non-negative
//! weight, so at an optimum the model's objective equals the contract's; the reported
//! metrics are recomputed from the plan anyway.

mod bnb;
mod continuity;
mod cuts;
mod exact;
mod fixing;
mod model;
mod pairs;
mod penalty;
mod pseudocost;
mod rens;
mod schedules;
mod settings;
mod symmetry;
mod target;

use super::highs_ffi;
use super::{relative_gap, Formulation, ModelStats, Outcome, ProvedBy, SolveOptions, Status};
use crate::model::Plan;
use crate::rules::{metrics, Instance};
use good_lp::SolverModel;
use std::collections::HashSet;
use std::time::Instant;

use exact::{configure, exact, plan_from};
use settings::{
    budget, dev_factor, dev_options, highs_log, no_time_to_build, node_work, search_runs,
    BNB_POLISH, BNB_RENEW,
};

/// A built model: the problem, the column of each candidate's x, the objective constant.
pub struct Built {
    pub problem: good_lp::solvers::highs::HighsProblem,
    pub x_cols: Vec<Option<usize>>,
    /// Column of each covered-day variable, per site and service day.
    pub c_cols: Vec<Vec<Option<usize>>>,
    /// Columns of the schedule variables (formulation `schedules`).
    pub lambda_cols: Vec<usize>,
    pub offset: f64,
    pub stats: ModelStats,
}

/// Builds the MIP for `inst` in the given formulation.
pub fn build(inst: &Instance, formulation: Formulation) -> Built {
    let opts = SolveOptions {
        formulation,
        ..Default::default()
    };
    build_with(inst, &opts, None)
}

/// `build` with the options' formulation, bias (extra cost per candidate) and symmetry
/// rows, and without the schedules `dropped` (by rank, see `fixing`).
pub fn build_with(inst: &Instance, opts: &SolveOptions, dropped: Option<&HashSet<usize>>) -> Built {
    let t0 = Instant::now();
    let formulation = opts.formulation;
    let mut b = model::Builder::new(
        inst,
        formulation,
        opts.bias.as_ref(),
        dropped,
        opts.block_pairs,
    );
    let symmetry_rows = if opts.symmetry && formulation != Formulation::Plain {
        b.symmetry_rows()
    } else {
        0
    };
    let cs = std::mem::take(&mut b.c);
    for (s, c) in cs.iter().enumerate() {
        let carried = inst.carried_gap(s);
        match formulation {
            Formulation::Plain => continuity::plain(&mut b, c, carried),
            Formulation::Tight | Formulation::Schedules => continuity::flow(&mut b, c, carried),
        }
    }
    let columns = b.vars.len();
    let lambda_cols = std::mem::take(&mut b.lambda_cols);
    let n_rows = b.rows.len();
    let x_cols = b.x.iter().map(|x| x.map(|(_, col)| col)).collect();
    let c_cols = cs
        .iter()
        .map(|days| days.iter().map(|c| c.map(|(_, col)| col)).collect())
        .collect();
    let mut problem = b
        .vars
        .minimise(b.objective)
        .using(good_lp::solvers::highs::highs);
    for r in b.rows {
        problem.add_constraint(r);
    }
    Built {
        problem,
        x_cols,
        c_cols,
        lambda_cols,
        offset: b.offset,
        stats: ModelStats {
            candidates: inst.candidates().len(),
            columns,
            rows: n_rows,
            build_seconds: t0.elapsed().as_secs_f64(),
            solver_objective: None,
            components: 1,
            symmetry_rows,
            proved_by: Vec::new(),
        },
    }
}

/// Builds and solves the MIP.
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    let t0 = Instant::now();
    if inst.candidates().is_empty() {
        // Nothing to decide: the empty plan is the only one (pins are candidates too).
        let plan = Plan::new(Vec::new());
        let objective = metrics::compute(inst, &plan).objective(inst);
        let stats = ModelStats {
            proved_by: vec![ProvedBy::NothingToDecide],
            ..ModelStats::default()
        };
        return Outcome::ilp(
            Some(plan),
            Some(objective),
            Status::Optimal,
            Some(objective),
            stats,
            t0,
        );
    }
    let deadline = opts.time_limit.map(|t| t0 + t);
    // LP-guided start (see `rens`), kept if better than the caller's.
    let mut initial = opts.initial.as_deref().cloned();
    let mut fixings = fixing::Fixings::default();
    let mut target = None;
    if opts.lp_start {
        if let Some(start) = rens::start_plan(inst, opts, t0) {
            let objective = |p: &Plan| metrics::compute(inst, p).objective(inst);
            let obj = objective(&start.plan);
            // Already within the gap of the LP bound: optimal, no MIP needed (the common
            // case on easy instances, where the LP is integral). Not with a bias: the bound
            // is then on objective + bias.
            let lp_proves = |obj: f64| {
                opts.bias.is_none() && relative_gap(obj, start.lp.bound) <= opts.mip_rel_gap
            };
            let lp_proved = |plan: Plan, obj: f64| {
                let bound = start.lp.bound.min(obj);
                proved_early(inst, plan, obj, bound, ProvedBy::Lp, t0)
            };
            if lp_proves(obj) {
                return lp_proved(start.plan, obj);
            }
            let given = initial.as_ref().map(objective);
            let mut polished = false;
            let (mut plan, mut obj) = match given {
                Some(g) if g < obj => (initial.take().expect("given"), g),
                _ => (start.plan, obj),
            };
            // Our own branch-and-bound on the LP in hand (see `bnb`), within its work budget
            // (see `budget`), when asked for. Not with a bias (as above). Before the polish:
            // when it proves the plan in hand optimal, the polish is time lost.
            // Too large a model, or a bias (see `search_runs`): no search. Decided here, after
            // the start: deciding in `rens` would also hand its restricted MIP the LP's own
            // model (the path without the search), another start than the one measured.
            let lp_model = start
                .lp_model
                .filter(|_| search_runs(opts, start.lp_iterations));
            if let Some(lp_model) = lp_model {
                // Within a work budget counted in the root LP's iterations (see `budget`),
                // granted again from each better plan (see `BNB_RENEW`).
                let work = budget(start.lp_iterations);
                let renew = dev_factor("RENFORT_BNB_RENEW", BNB_RENEW);
                let limits = bnb::Limits {
                    max_work: work,
                    node_work: node_work(start.lp_iterations),
                    deadline: opts.time_limit.map(|t| t0 + t),
                    renew: (renew > 0.0).then_some((work as f64 * renew) as i64),
                };
                // When its budget runs out, the search polishes its best plan once and goes
                // on if that finds a better one (see `BNB_POLISH`).
                let mut polish = |p: &Plan| rens::polish(inst, opts, start.polish_until, p.clone());
                let polish_share = dev_factor("RENFORT_BNB_POLISH", BNB_POLISH);
                let found = bnb::search(
                    inst,
                    lp_model,
                    &start.lp,
                    plan,
                    obj,
                    opts.mip_rel_gap,
                    limits,
                    (polish_share > 0.0).then_some((
                        &mut polish as &mut dyn FnMut(&Plan) -> Plan,
                        (work as f64 * polish_share) as i64,
                    )),
                );
                polished = found.polished;
                if highs_log() {
                    println!(
                        "branch-and-bound: {} nodes, {} iterations (budget {}), {} columns \
                         fixed by reduced costs, {} children dropped on their penalty, plan \
                         {:.3}, bound {:.3}, proved {}, {:.3} s",
                        found.nodes,
                        found.iterations,
                        work,
                        found.rc_fixed,
                        found.penalty_pruned,
                        found.objective,
                        found.bound,
                        found.proved,
                        t0.elapsed().as_secs_f64()
                    );
                }
                if found.proved {
                    let proof = ProvedBy::BranchAndBound { nodes: found.nodes };
                    let (objective, bound) = (found.objective, found.bound);
                    return proved_early(inst, found.plan, objective, bound, proof, t0);
                }
                plan = found.plan;
            }
            if !polished {
                plan = rens::polish(inst, opts, start.polish_until, plan);
            }
            obj = objective(&plan);
            if lp_proves(obj) {
                return lp_proved(plan, obj);
            }
            // Reduced-cost fixing (see `fixing`), with the best plan in hand as the upper
            // bound, or the search for a plan within the LP bound's target first (see
            // `target`), which replaces it when asked for. Neither with a bias: the LP's
            // objective is then objective + bias.
            if opts.bias.is_none() {
                if opts.target_fixing {
                    target = Some(target::Target::new(&start.lp, opts.mip_rel_gap));
                } else if opts.rc_fixing {
                    fixings = start.lp.fixings(obj);
                }
            }
            initial = Some(plan);
        }
    }
    // Building the whole model would end past the deadline: the best plan in hand, if any.
    if no_time_to_build(inst, deadline) {
        return out_of_time(inst, initial, t0);
    }
    if let Some(target) = &target {
        if let Some(out) = search_target(inst, opts, target, t0) {
            return out;
        }
    }
    let out = exact(inst, opts, initial.as_ref(), &fixings, None, t0);
    if out.plan.is_none() && !fixings.is_empty() {
        // No plan at all in the fixed model, though the start is one: HiGHS 1.15 has been
        // seen to declare such models infeasible wrongly (in its presolve; upstream issues
        // ERGO-Code/HiGHS#3090, #3296). Don't trust it: solve again without the fixings,
        // if there is still time to build the model.
        if no_time_to_build(inst, deadline) {
            return out_of_time(inst, initial, t0);
        }
        return exact(
            inst,
            opts,
            initial.as_ref(),
            &fixing::Fixings::default(),
            None,
            t0,
        );
    }
    out
}

/// Stopped by the deadline before the whole model's MIP: the caller's or the start's plan
/// (feasible, without a bound), or no plan at all (the contract's `timeout_no_solution`).
fn out_of_time(inst: &Instance, initial: Option<Plan>, t0: Instant) -> Outcome {
    let status = if initial.is_some() {
        Status::Feasible
    } else {
        Status::TimeoutNoSolution
    };
    let stats = ModelStats {
        candidates: inst.candidates().len(),
        components: 1,
        ..ModelStats::default()
    };
    Outcome::ilp(initial, None, status, None, stats, t0)
}

/// A plan within `target` (see `target`), optimal with the bound that proves it within the
/// gap, or None if there is none (or none was found in time).
fn search_target(
    inst: &Instance,
    opts: &SolveOptions,
    target: &target::Target,
    t0: Instant,
) -> Option<Outcome> {
    let stop = highs_ffi::Stop {
        target: target.value,
        gap: opts.mip_rel_gap,
    };
    let out = exact(inst, opts, None, &target.fixings, Some(stop), t0);
    let objective = metrics::compute(inst, out.plan.as_ref()?).objective(inst);
    let bound = target.bound(out.bound).min(objective);
    if highs_log() {
        println!(
            "target {:.3}: plan {objective:.3}, bound {bound:.3}, {:.3} s",
            target.value,
            t0.elapsed().as_secs_f64()
        );
    }
    let stats = ModelStats {
        proved_by: vec![ProvedBy::Target],
        ..out.stats
    };
    (relative_gap(objective, bound) <= opts.mip_rel_gap).then(|| {
        let status = Status::Optimal;
        Outcome::ilp(out.plan, Some(objective), status, Some(bound), stats, t0)
    })
}

/// An optimal plan proved before the whole model's MIP ran (by the LP bound, or our own
/// branch-and-bound, as `proof` says), with its objective and the bound that proves it.
fn proved_early(
    inst: &Instance,
    plan: Plan,
    objective: f64,
    bound: f64,
    proof: ProvedBy,
    t0: Instant,
) -> Outcome {
    let stats = ModelStats {
        candidates: inst.candidates().len(),
        components: 1,
        proved_by: vec![proof],
        ..ModelStats::default()
    };
    let status = Status::Optimal;
    Outcome::ilp(Some(plan), Some(objective), status, Some(bound), stats, t0)
}

#[cfg(test)]
pub(super) mod tests {
    use crate::model::{Assignment, Plan};
    use crate::rules::Instance;
    use crate::solve::{Formulation, SolveOptions, SolverKind};

    /// Each candidate's x column with its value in `plan` (1 if the plan has it, else 0).
    pub fn plan_fixes(inst: &Instance, x_cols: &[Option<usize>], plan: &Plan) -> Vec<(usize, f64)> {
        inst.candidates()
            .iter()
            .zip(x_cols)
            .filter_map(|(k, col)| {
                let a = Assignment {
                    date: k.date,
                    site: k.site,
                    volunteer: k.volunteer,
                };
                col.map(|col| (col, if plan.contains(&a) { 1.0 } else { 0.0 }))
            })
            .collect()
    }

    /// The whole model solved exactly (gap 0), on one thread, without the LP-guided start.
    pub fn exact_options() -> SolveOptions {
        SolveOptions {
            formulation: Formulation::Schedules,
            kind: SolverKind::Ilp,
            decompose: false,
            lp_start: false,
            mip_rel_gap: 0.0,
            threads: Some(1),
            ..Default::default()
        }
    }
}
