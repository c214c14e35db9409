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
mod fixing;
mod model;
mod pairs;
mod pseudocost;
mod rens;
mod schedules;
mod symmetry;
mod target;

use super::highs_ffi::{self, RawStatus};
use super::{relative_gap, Formulation, ModelStats, Outcome, SolveOptions, Status};
use crate::model::{Assignment, Plan};
use crate::rules::{metrics, Instance};
use good_lp::SolverModel;
use std::collections::HashSet;
use std::time::Instant;

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
    for c in &cs {
        match formulation {
            Formulation::Plain => continuity::plain(&mut b, c),
            Formulation::Tight | Formulation::Schedules => continuity::flow(&mut b, c),
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
            lp_proved: false,
            symmetry_rows,
            bnb_proved: false,
            bnb_nodes: 0,
            target_proved: false,
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
        let stats = ModelStats::default();
        return Outcome {
            plan: Some(plan),
            status: Status::Optimal,
            bound: Some(objective),
            gap: Some(0.0),
            seconds: t0.elapsed().as_secs_f64(),
            solver: "ilp",
            stats,
        };
    }
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
                let stats = ModelStats {
                    lp_proved: true,
                    ..ModelStats::default()
                };
                proved_early(inst, plan, obj, start.lp.bound.min(obj), stats, t0)
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
            // Too large a model (see `BNB_MAX_LP_ITERATIONS`): no search. Decided here, after
            // the start: deciding in `rens` would also hand its restricted MIP the LP's own
            // model (the path without the search), another start than the one measured.
            let lp_model = start
                .lp_model
                .filter(|_| start.lp_iterations <= BNB_MAX_LP_ITERATIONS);
            if let (Some(lp_model), None) = (lp_model, &opts.bias) {
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
                         fixed by reduced costs, plan {:.3}, bound {:.3}, proved {}, {:.3} s",
                        found.nodes,
                        found.iterations,
                        work,
                        found.rc_fixed,
                        found.objective,
                        found.bound,
                        found.proved,
                        t0.elapsed().as_secs_f64()
                    );
                }
                if found.proved {
                    let stats = ModelStats {
                        bnb_proved: true,
                        bnb_nodes: found.nodes,
                        ..ModelStats::default()
                    };
                    let (objective, bound) = (found.objective, found.bound);
                    return proved_early(inst, found.plan, objective, bound, stats, t0);
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
    if let Some(target) = &target {
        if let Some(out) = search_target(inst, opts, target, t0) {
            return out;
        }
    }
    let out = exact(inst, opts, initial.as_ref(), &fixings, None, t0);
    if out.plan.is_none() && !fixings.is_empty() {
        // No plan at all in the fixed model, though the start is one: HiGHS 1.15 has been
        // seen to declare such models infeasible wrongly (in its presolve; upstream issues
        // ERGO-Code/HiGHS#3090, #3296). Don't trust it: solve again without the fixings.
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
    let gap = relative_gap(objective, bound);
    (gap <= opts.mip_rel_gap).then_some(Outcome {
        status: Status::Optimal,
        bound: Some(bound),
        gap: Some(gap),
        stats: ModelStats {
            target_proved: true,
            ..out.stats
        },
        ..out
    })
}

/// An optimal plan proved before the whole model's MIP ran (by the LP bound, or our own
/// branch-and-bound, as `stats` says), with its objective and the bound that proves it.
fn proved_early(
    inst: &Instance,
    plan: Plan,
    objective: f64,
    bound: f64,
    stats: ModelStats,
    t0: Instant,
) -> Outcome {
    Outcome {
        plan: Some(plan),
        status: Status::Optimal,
        bound: Some(bound),
        gap: Some(relative_gap(objective, bound)),
        seconds: t0.elapsed().as_secs_f64(),
        solver: "ilp",
        stats: ModelStats {
            candidates: inst.candidates().len(),
            components: 1,
            ..stats
        },
    }
}

/// Developer aid for experiments: the environment variable `var` set to
/// "name=value,name=value" passes those options to HiGHS.
pub(super) fn dev_options(model: &mut highs::Model, var: &str) {
    let Ok(extra) = std::env::var(var) else {
        return;
    };
    for (k, v) in extra.split(',').filter_map(|kv| kv.split_once('=')) {
        let ok = match (v.parse::<i32>(), v.parse::<f64>()) {
            (Ok(i), _) => model.try_set_option(k, i).is_ok(),
            (_, Ok(f)) => model.try_set_option(k, f).is_ok(),
            _ => model.try_set_option(k, v).is_ok(),
        };
        if !ok {
            eprintln!("{var}: HiGHS refused {k}={v}");
        }
    }
}

/// Developer aid: RENFORT_HIGHS_LOG set shows HiGHS's log and renfort's own steps.
pub(super) fn highs_log() -> bool {
    std::env::var_os("RENFORT_HIGHS_LOG").is_some()
}

/// The branch-and-bound's work budget (see `bnb::search`): `BNB_BUDGET` times the simplex
/// iterations of the root LP (HiGHS's MIP solver spends that whole LP again before its first
/// cut). Developer aid: RENFORT_BNB_BUDGET=F sets the factor.
fn budget(lp_iterations: i64) -> i64 {
    let factor = dev_factor("RENFORT_BNB_BUDGET", BNB_BUDGET);
    (lp_iterations.max(1) as f64 * factor) as i64
}

/// What a node of the branch-and-bound counts in its budget beyond its iterations (see
/// `NODE_SHARE`). Developer aid: RENFORT_BNB_NODE_SHARE=N sets the share.
fn node_work(lp_iterations: i64) -> i64 {
    let share = dev_factor("RENFORT_BNB_NODE_SHARE", NODE_SHARE as f64).max(1.0);
    (lp_iterations as f64 / share) as i64
}

/// Developer aid for experiments: the number in the environment variable `var`, else
/// `default`.
fn dev_factor(var: &str, default: f64) -> f64 {
    std::env::var(var)
        .ok()
        .and_then(|f| f.parse::<f64>().ok())
        .unwrap_or(default)
}

/// What one node of the branch-and-bound costs beyond its simplex iterations, as a share of
/// the root LP's iterations: a node costs 1/`NODE_SHARE` of the root LP's time, whatever the
/// model's size, since HiGHS's fixed cost per `run` (rebuild, initialisation, KKT check)
/// grows with the model as the root LP does. Measured with the node trace
/// (RENFORT_BNB_TRACE=1): y260-s66 nodes of 3.2 ms against an LP of 57 ms (1/18), a150-s11
/// 3.5 against 85 ms (1/24), x185-s52 4.4 against 118 ms (1/27), the national instance
/// 59.5 against 1,160 ms (1/20). This replaced a time cap (6 times the LP's time): the
/// search then stopped on the clock in 9 of the 11 AuRA-size searches it left unproved,
/// so a busy machine gave another search, another time and sometimes another plan
/// (a150-s11: proved in 0.7 s, or stopped and handed to HiGHS for 8 s, from run to run).
const NODE_SHARE: i64 = 20;

/// The share of the branch-and-bound's work budget granted again, from that moment, each
/// time it finds a better plan (see `bnb::Limits`). A search that still improves its plan
/// is often close to a proof: a150-s11 finds its optimum at node 55 to 62 and proves it a
/// few nodes later. Measured under the earlier time cap (`renfort plan /tmp/ds/a150-s11
/// --solver ilp --threads 1`, most fractional branching): 10.6 s in 5 of 5 runs without
/// renewal (the cap stops the search, HiGHS then takes 10 s), 0.67 s in 5 of 5 with it;
/// the cost where the better plan doesn't lead to a proof: a300-s27 0.65 -> 0.87 s (3 runs
/// each). Developer aid: RENFORT_BNB_RENEW=F sets it (0: never).
const BNB_RENEW: f64 = 1.0;

/// Out of budget, the branch-and-bound polishes its best plan once (the local search
/// `rens::polish`, which ran after it anyway) and, from a better plan, goes on with this
/// share of its budget instead of handing over to HiGHS: the better plan prunes open nodes
/// and tightens the reduced-cost fixing. Measured (`scripts/sweep.sh`, one run each, twice,
/// 65 datasets, eleventh session's plain medians): without it 55 and 61 at 10x (29.2x,
/// 32.6x); share 1: 60 and 60 (32.3x, 32.7x); 0.5: 59 and 61 (32.9x, 33.2x); 0.25: 60 and
/// 61 (32.1x, 33.3x). Where the search runs out (seconds, without -> 0.5): x165-s51 2.09,
/// 1.82 -> 0.74, 0.71; x185-s52 1.69, 1.50 -> 1.01, 1.03; p205-s93 1.34, 1.08 -> 0.71,
/// 0.66; w170-s41 1.07, 1.00 -> 1.13, 1.15 (the better plan, then no proof: the share
/// spent for nothing, 1.43 and 1.58 s at share 1); at 0.25 x185-s52 loses it (1.62, 1.52).
/// Developer aid: RENFORT_BNB_POLISH=F sets the share (0: no polish in the search).
const BNB_POLISH: f64 = 0.5;

/// The branch-and-bound's work budget, in root-LP iterations, nodes counted at
/// `NODE_SHARE` (so 6 is about six times the root LP's time). Swept on 57 AuRA-size datasets
/// (`scripts/sweep.sh`, one run each, twice, eleventh session): 5 -> 51 and 48 at 10x
/// against plain, 6 -> 53 and 54, 8 -> 51 and 51, 10 -> 51 and 50; geometric means 28.1x
/// to 31.4x, 30.6x and 31.3x at 6. The same sweep with the earlier rule (2 root LPs of
/// iterations, 40 per node, and a cap of 6 root LPs' time): 51 and 49 (29.5x, 27.1x).
const BNB_BUDGET: f64 = 6.0;

/// The search runs only on models whose root LP took at most this many simplex
/// iterations: AuRA-size ones (117 to 4,234 on the 73 datasets of the sweeps), not the
/// large component of a national instance (26,204 to 34,664), where it proved nothing and
/// only delayed HiGHS (fourteenth session, `renfort plan DIR --time-limit 60`, with and
/// without `--no-branch-and-bound`): france-2026-12 proven optimal at 60.1 and 60.4 s
/// against 48.0 and 48.5 s; two more made by `generate --national --seed 7|8`: 32.6 against
/// 23.3 s, and feasible at the limit (gap 0.028 %) against proven optimal at 49.4 s.
const BNB_MAX_LP_ITERATIONS: i64 = 15_000;

/// The exact solve: the model (without what `fixings` leaves out), warm-started from
/// `initial` when given.
fn exact(
    inst: &Instance,
    opts: &SolveOptions,
    initial: Option<&Plan>,
    fixings: &fixing::Fixings,
    stop: Option<highs_ffi::Stop>,
    t0: Instant,
) -> Outcome {
    let built = build_with(inst, opts, Some(&fixings.dropped_schedules));
    let mut stats = built.stats;
    let mut model = built.problem.into_inner();
    configure(&mut model, opts, built.offset, t0);
    if !fixings.is_empty() {
        if highs_log() {
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
    if let Some(stop) = stop {
        // Every plan above the target is pruned: HiGHS says "infeasible" if none is left.
        model.set_option("objective_bound", stop.target);
    }
    if initial.is_some() || stop.is_some() {
        // Measured on datasets/aura-2026-12 (`renfort speed`): from a local-search start,
        // HiGHS without presolve reaches the proven optimum in about 60 % of the time (its
        // presolve mostly re-derives what the tight model already states). Presolve also
        // declared a model with reduced-cost fixings wrongly infeasible (see `solve`), and
        // the search for a target (see `target`) has such fixings.
        model.set_option("presolve", "off");
        // Feasibility jump looks for a first plan: with one in hand it is wasted time
        // (0.07-0.1 s of 0.3-0.5 s on easy AuRA-size datasets, median of 3, 13 datasets),
        // and the search for a target needs a plan within it, not any plan.
        model.set_option("mip_heuristic_run_feasibility_jump", false);
    }
    dev_options(&mut model, "RENFORT_HIGHS_OPTIONS");
    // Developer aid: RENFORT_WRITE_MODEL=file.mps writes the model as HiGHS receives it.
    if let Ok(path) = std::env::var("RENFORT_WRITE_MODEL") {
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
        if !highs_ffi::write_model(&mut model, &path) {
            eprintln!("RENFORT_WRITE_MODEL: HiGHS could not write {path}");
        }
    }
    let observer = opts.observer.as_deref().map(|o| o as highs_ffi::Observer);
    let _guard = (observer.is_some() || stop.is_some())
        .then(|| highs_ffi::install(&mut model, observer, stop));
    let no_plan = |status, stats| Outcome {
        plan: None,
        status,
        bound: None,
        gap: None,
        seconds: t0.elapsed().as_secs_f64(),
        solver: "ilp",
        stats,
    };
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
    let gap = bound.map(|b| relative_gap(objective, b));
    Outcome {
        plan: Some(plan),
        status,
        bound,
        gap,
        seconds: t0.elapsed().as_secs_f64(),
        solver: "ilp",
        stats,
    }
}

/// Options every HiGHS solve of renfort gets: quiet (or the developer log), gap, seed,
/// threads, what is left of the time limit since `t0`, and the objective's constant.
fn configure(model: &mut highs::Model, opts: &SolveOptions, offset: f64, t0: Instant) {
    model.make_quiet();
    if highs_log() {
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
fn plan_from(inst: &Instance, x_cols: &[Option<usize>], cols: &[f64]) -> Plan {
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

#[cfg(test)]
pub(super) mod tests {
    use crate::solve::{Formulation, SolveOptions, SolverKind};

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
