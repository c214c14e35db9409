//! The exact problem of the contract as a mixed-integer program, modelled with `good_lp` and
//! solved by HiGHS through the `highs` crate (which exposes the dual bound and the gap).
//!
//! Variables (s a site, i one of its service days, k a candidate (v, s, d)):
//! - x_k ∈ {0,1}: the assignment is in the plan;
//! - c_si ∈ {0,1}: site s covered on day i, tied both ways: c_si ≤ Σ_k x_k and c_si ≥ x_k
//!   for every k at (s, i), so covered days are exact and breaks/gaps can't be misreported;
//! - u_si ≥ 0: uncovered doctors, u_si ≥ demand − Σ_k x_k;
//! - r_si ≥ 0: a run starts at i, r_si ≥ c_si − c_s(i−1); b_s ≥ Σ_i r_si − 1: breaks;
//! - e_si ≥ 0: long-gap excess, e_si ≥ 1 − Σ_{j=i−tol..i} c_sj (day i ends a window of tol+1
//!   uncovered service days; summed, that is Σ over gaps of max(0, length − tol));
//! - z_k ≥ 0 for a stayer's candidate whose previous calendar day is also a candidate at the
//!   same site: a block starts, z_k ≥ x_k − x_prev (otherwise x_k itself starts its block).
//!
//! All the continuous variables are pushed down to their exact value by a non-negative
//! weight, so at an optimum the model's objective equals the contract's; the reported
//! metrics are recomputed from the plan anyway.

use super::highs_ffi::{self, RawStatus};
use super::{relative_gap, ModelStats, Outcome, SolveOptions, Status};
use crate::model::{Assignment, Plan};
use crate::rules::{month_key, metrics, Candidate, Instance};
use good_lp::{variable, Expression, ProblemVariables, SolverModel, Variable};
use std::collections::HashMap;
use std::time::Instant;

/// A built model and where each candidate's x lives.
pub struct Built {
    pub problem: good_lp::solvers::highs::HighsProblem,
    pub x: Vec<Variable>,
    pub stats: ModelStats,
}

/// Builds the MIP for `inst` (plain formulation).
pub fn build(inst: &Instance) -> Built {
    let t0 = Instant::now();
    let ds = inst.dataset;
    let w = &inst.policy.objective;
    let cands: &[Candidate] = inst.candidates();
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    let mut rows: Vec<good_lp::Constraint> = Vec::new();

    let pinned: std::collections::HashSet<(usize, usize, chrono::NaiveDate)> =
        ds.pinned.keys().map(|p| (p.volunteer, p.site, p.date)).collect();
    let x: Vec<Variable> = cands
        .iter()
        .map(|k| {
            let lo = if pinned.contains(&(k.volunteer, k.site, k.date)) { 1.0 } else { 0.0 };
            vars.add(variable().integer().min(lo).max(1.0))
        })
        .collect();

    // Candidates at each (site, service day), and by (volunteer, site, date).
    let mut at_site_day: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut by_vsd: HashMap<(usize, usize, chrono::NaiveDate), usize> = HashMap::new();
    for (i, k) in cands.iter().enumerate() {
        at_site_day.entry((k.site, k.day)).or_default().push(i);
        by_vsd.insert((k.volunteer, k.site, k.date), i);
    }

    // Per-candidate costs: travel, bed nights, preferences.
    for (i, k) in cands.iter().enumerate() {
        let km = inst.km(k.volunteer, k.site);
        let mut cost = 0.0;
        if inst.is_stayer(k.volunteer, k.site) {
            cost += w.bed_night;
            let prev = k.date.pred_opt().and_then(|p| by_vsd.get(&(k.volunteer, k.site, p)));
            match prev {
                Some(&j) if w.travel > 0.0 => {
                    let z = vars.add(variable().min(0.0));
                    objective += 2.0 * km * w.travel * z;
                    rows.push((z - x[i] + x[j]).geq(0.0));
                }
                _ => cost += 2.0 * km * w.travel,
            }
        } else {
            cost += 2.0 * km * w.travel;
        }
        if inst.preference_miss(k.volunteer, k.site) {
            cost += w.preference;
        }
        if cost != 0.0 {
            objective += cost * x[i];
        }
    }

    // Sites: coverage, uncovered, breaks, long gaps, rooms, beds.
    let tol = w.gap_tolerance as usize;
    for s in 0..ds.sites.len() {
        let days = inst.service_days(s);
        if days.is_empty() {
            continue;
        }
        let prio = inst.priority(s);
        let site = &ds.sites[s];
        let mut c = Vec::with_capacity(days.len());
        for (i, sd) in days.iter().enumerate() {
            let ks = at_site_day.get(&(s, i)).map(Vec::as_slice).unwrap_or(&[]);
            let a: Expression = ks.iter().map(|&k| x[k]).sum();
            let ci = vars.add(variable().binary().max(if ks.is_empty() { 0.0 } else { 1.0 }));
            c.push(ci);
            rows.push((ci - a.clone()).leq(0.0));
            for &k in ks {
                rows.push((x[k] - ci).leq(0.0));
            }
            if w.uncovered * prio > 0.0 {
                let u = vars.add(variable().min(0.0));
                objective += w.uncovered * prio * u;
                rows.push((u + a.clone()).geq(sd.demand as f64));
            }
            if ks.len() > site.rooms as usize {
                rows.push(a.clone().leq(site.rooms as f64));
            }
            let stayers: Vec<usize> = ks.iter().copied().filter(|&k| inst.is_stayer(cands[k].volunteer, s)).collect();
            if stayers.len() > site.beds as usize {
                let b: Expression = stayers.iter().map(|&k| x[k]).sum();
                rows.push(b.leq(site.beds as f64));
            }
        }
        if w.break_ > 0.0 {
            let mut runs = Expression::default();
            for i in 0..c.len() {
                let r = vars.add(variable().min(0.0));
                runs += r;
                if i == 0 {
                    rows.push((r - c[0]).geq(0.0));
                } else {
                    rows.push((r - c[i] + c[i - 1]).geq(0.0));
                }
            }
            let b = vars.add(variable().min(0.0));
            objective += w.break_ * b;
            rows.push((b - runs).geq(-1.0));
        }
        if w.long_gap > 0.0 {
            for i in tol..c.len() {
                let e = vars.add(variable().min(0.0));
                objective += w.long_gap * e;
                let window: Expression = c[i - tol..=i].iter().copied().sum();
                rows.push((e + window).geq(1.0));
            }
        }
    }

    // Volunteers: one place a day (H2), monthly cap (H3).
    let mut per_vd: HashMap<(usize, chrono::NaiveDate), Vec<usize>> = HashMap::new();
    let mut per_vm: HashMap<(usize, (i32, u32)), Vec<usize>> = HashMap::new();
    for (i, k) in cands.iter().enumerate() {
        per_vd.entry((k.volunteer, k.date)).or_default().push(i);
        per_vm.entry((k.volunteer, month_key(k.date))).or_default().push(i);
    }
    let mut keys: Vec<_> = per_vd.keys().copied().collect();
    keys.sort();
    for key in keys {
        let ks = &per_vd[&key];
        if ks.len() > 1 {
            rows.push(ks.iter().map(|&k| x[k]).sum::<Expression>().leq(1.0));
        }
    }
    let mut keys: Vec<_> = per_vm.keys().copied().collect();
    keys.sort();
    for key in keys {
        let ks = &per_vm[&key];
        let cap = inst.monthly_cap(key.0) as usize;
        if ks.len() > cap {
            rows.push(ks.iter().map(|&k| x[k]).sum::<Expression>().leq(cap as f64));
        }
    }

    let columns = vars.len();
    let n_rows = rows.len();
    let mut problem = vars.minimise(objective).using(good_lp::solvers::highs::highs);
    for r in rows {
        problem.add_constraint(r);
    }
    Built {
        problem,
        x,
        stats: ModelStats {
            candidates: cands.len(),
            columns,
            rows: n_rows,
            build_seconds: t0.elapsed().as_secs_f64(),
            solver_objective: None,
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
    let built = build(inst);
    let mut stats = built.stats;
    let mut model = built.problem.into_inner();
    model.make_quiet();
    model.set_option("mip_rel_gap", opts.mip_rel_gap);
    model.set_option("random_seed", 0i32);
    if let Some(t) = opts.time_limit {
        model.set_option("time_limit", t.as_secs_f64().max(0.01));
    }
    if let Some(n) = opts.threads {
        model.set_option("threads", n as i32);
    }
    let _guard = opts.observer.as_deref().map(|o| highs_ffi::install(&mut model, o));
    let no_plan = |status, stats| Outcome {
        plan: None,
        status,
        bound: None,
        gap: None,
        seconds: t0.elapsed().as_secs_f64(),
        solver: "ilp",
        stats,
    };
    let Ok(solved) = model.try_solve() else { return no_plan(Status::TimeoutNoSolution, stats) };
    let raw = highs_ffi::model_status(&solved);
    if raw == RawStatus::Infeasible {
        return no_plan(Status::Infeasible, stats);
    }
    // When presolve solves the whole model, HiGHS reports Optimal but leaves the solution
    // status info unset: the solution is there all the same.
    if raw != RawStatus::Optimal && !highs_ffi::has_feasible_solution(&solved) {
        return no_plan(Status::TimeoutNoSolution, stats);
    }
    let sol = solved.get_solution();
    let cols = sol.columns();
    let cands = inst.candidates();
    let plan = Plan::new(
        (0..built.x.len())
            .filter(|&i| cols[i] > 0.5) // x are the first columns, in candidate order
            .map(|i| Assignment { date: cands[i].date, site: cands[i].site, volunteer: cands[i].volunteer })
            .collect(),
    );
    let objective = metrics::compute(inst, &plan).objective(inst);
    stats.solver_objective = Some(solved.objective_value());
    let status = if raw == RawStatus::Optimal { Status::Optimal } else { Status::Feasible };
    let dual = solved.double_info_value(c"mip_dual_bound").ok().filter(|b| b.is_finite());
    // HiGHS's bound can exceed the rounded plan's objective by float noise; never report a
    // bound above the plan.
    let bound = dual.map(|b| b.min(objective));
    let gap = bound.map(|b| relative_gap(objective, b));
    Outcome { plan: Some(plan), status, bound, gap, seconds: t0.elapsed().as_secs_f64(), solver: "ilp", stats }
}
