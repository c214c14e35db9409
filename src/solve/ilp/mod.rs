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
//!
//! `solve` runs in stages (see `stages`): nothing to decide → LP-guided start (LP, zero-half
//! cuts, restricted MIP: `rens`) → LP proof → own branch-and-bound with its polish (`bnb`)
//! → polish → LP proof → regional parts on large models (`regional`) → LP proof → reduced-cost fixing (`fixing`) → HiGHS on the whole model
//! (`exact`) → again without the fixings if HiGHS finds the fixed model infeasible.

mod continuity;
mod exact;
mod fixing;
mod model;
mod pairs;
mod regional;
mod rens;
mod schedules;
mod search;
mod settings;
mod stages;

use super::{highs_ffi, Formulation, ModelStats, Outcome, SolveOptions};
use crate::rules::Instance;
use good_lp::SolverModel;
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::time::Instant;

#[cfg(test)]
use exact::exact;
use exact::{configure, plan_from};
pub use settings::{SearchSettings, Tuning};

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

/// `build` with the options' formulation and bias (extra cost per candidate), and without the schedules `dropped` (by rank, see `fixing`).
pub fn build_with(inst: &Instance, opts: &SolveOptions, dropped: Option<&HashSet<usize>>) -> Built {
    let t0 = Instant::now();
    let formulation = opts.formulation;
    let mut b = model::Builder::new(
        inst,
        formulation,
        opts.bias.as_ref(),
        dropped,
        opts.block_pairs,
        !opts.tuning.no_month_parts,
    );
    if opts.tuning.highs_log {
        let hulls = b.scheduled.iter().filter(|&&s| s).count();
        println!(
            "schedules: {} listed; of {} volunteers, {hulls} on hulls ({} on block pairs, {} \
             with a hull per month), the rest on the compact rows",
            b.listed,
            b.scheduled.len(),
            b.paired,
            b.split
        );
    }
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
            proved_by: Vec::new(),
        },
    }
}

/// Builds and solves the MIP, in stages (see `stages`): each ends the solve with a proof
/// or hands what it found to the next.
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    let run = stages::Run {
        inst,
        opts,
        t0: Instant::now(),
    };
    if let ControlFlow::Break(out) = run.nothing_to_decide() {
        return out;
    }
    match run.lp_guided() {
        ControlFlow::Break(proved) => proved,
        ControlFlow::Continue(hand) => run.whole_model(hand),
    }
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
