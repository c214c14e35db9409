//! What-if tools for the planner: simulate a scenario against the month's plan
//! (`scenario`, `apply`, `compare`), repair a plan after cancellations (`repair`), and find
//! where one more doctor would help most (`marginal`).
//!
//! The solver is a parameter everywhere ([`Solver`]): the exact solve, or the local search
//! for the many runs of a simulation. Whether stochastic runs may go in parallel is the
//! solver's property: HiGHS 1.15's C API resets its thread scheduler when a model is
//! destroyed, which upstream found unsafe with several models in several threads; so ILP
//! runs are sequential (see docs/whatif.md for the experiment).

pub mod apply;
pub mod communes;
pub mod compare;
pub mod files;
pub mod marginal;
mod raw;
pub mod repair;
pub mod report;
pub mod scenario;
pub mod shard;
pub mod stats;
mod volunteers;
pub mod why;

use crate::model::{Dataset, Horizon, Plan, Policy};
use crate::rules::metrics::{breakdown, Metrics};
use crate::rules::Instance;
use crate::solve::{Outcome, SolveOptions, Status};
use rayon::prelude::*;
use std::sync::Arc;

/// A solve function: `renfort::solve` (ILP) or any other with the same shape.
pub type SolveFn = Arc<dyn Fn(&Instance, &SolveOptions) -> Outcome + Send + Sync>;

/// A solver and its options, as the what-if tools use it.
#[derive(Clone)]
pub struct Solver {
    pub options: SolveOptions,
    pub solve: SolveFn,
    /// Whether several solves may run at once in this process.
    pub concurrent: bool,
}

impl Solver {
    /// The ILP (HiGHS): exact, one solve at a time.
    pub fn ilp(options: SolveOptions) -> Solver {
        Solver {
            options,
            solve: Arc::new(crate::solve::solve),
            concurrent: false,
        }
    }

    /// Local search (pure Rust, no HiGHS): many solves may run at once.
    pub fn local(options: SolveOptions) -> Solver {
        Solver {
            options: SolveOptions {
                kind: crate::solve::SolverKind::Local,
                ..options
            },
            solve: Arc::new(crate::solve::solve),
            concurrent: true,
        }
    }

    pub fn run(&self, inst: &Instance) -> Outcome {
        (self.solve)(inst, &self.options)
    }

    /// The same solver with other options (e.g. a bias or a shorter time limit).
    pub fn with_options(&self, options: SolveOptions) -> Solver {
        Solver {
            options,
            ..self.clone()
        }
    }

    /// Runs `f` on each item, in parallel when the solver allows it; results in item order.
    pub fn map<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
        if self.concurrent {
            items.par_iter().map(f).collect()
        } else {
            items.iter().map(f).collect()
        }
    }
}

/// No plan could be made.
#[derive(Debug, thiserror::Error)]
#[error("no valid plan exists for {what} (the solver proved it infeasible)")]
pub struct Infeasible {
    pub what: String,
}

/// A plan from an outcome: the solver's, or the pins alone when it stopped before any plan
/// (they are a valid plan: `validate_pins`); the outcome's status then stays the contract's
/// `timeout_no_solution` (issue 27: the pins alone were labelled `feasible`).
pub fn plan_of(outcome: &mut Outcome, ds: &Dataset, what: &str) -> Result<Plan, Infeasible> {
    match outcome.plan.take() {
        Some(p) => Ok(p),
        None if outcome.status == Status::Infeasible => Err(Infeasible { what: what.into() }),
        None => {
            outcome.status = Status::TimeoutNoSolution;
            Ok(ds.pinned_plan())
        }
    }
}

/// The figures of one solved case: totals and per zone (in the dataset's zone order).
#[derive(Debug, Clone)]
pub struct Figures {
    pub total: Metrics,
    pub objective: f64,
    pub zones: Vec<(String, Metrics)>,
}

impl Figures {
    pub fn of(inst: &Instance, plan: &Plan) -> Figures {
        let b = breakdown(inst, plan);
        let zones = inst
            .dataset
            .zones
            .iter()
            .map(|z| z.id.clone())
            .zip(b.per_zone(inst))
            .collect();
        Figures {
            objective: b.total.objective(inst),
            total: b.total,
            zones,
        }
    }
}

/// One case solved: its plan, the solver's outcome and the figures.
#[derive(Clone)]
pub struct Solved {
    pub plan: Plan,
    pub outcome: Outcome,
    pub figures: Figures,
}

pub fn solve_case(
    solver: &Solver,
    ds: &Dataset,
    policy: &Policy,
    horizon: Horizon,
    what: &str,
) -> Result<Solved, Infeasible> {
    let inst = Instance::new(ds, policy, horizon);
    let mut outcome = solver.run(&inst);
    let plan = plan_of(&mut outcome, ds, what)?;
    let figures = Figures::of(&inst, &plan);
    Ok(Solved {
        plan,
        outcome,
        figures,
    })
}

/// The scenario solved, or the baseline's solve again when the scenario leaves the instance
/// as it is (a scenario of withdrawals alone): one instance, one plan. Two solves of the same
/// instance may stop at two plans within the gap of each other (a time limit, the
/// heuristics' clock), and the difference would read as the scenario's effect.
pub fn solve_scenario(
    solver: &Solver,
    (base, base_ds, base_policy): (&Solved, &Dataset, &Policy),
    ds: &Dataset,
    policy: &Policy,
    horizon: Horizon,
) -> Result<Solved, Infeasible> {
    if ds.same_problem(base_ds) && policy == base_policy {
        return Ok(base.clone());
    }
    solve_case(solver, ds, policy, horizon, "the scenario")
}

/// `runs` random draws of `dropout` on `ds`, each answering "what happens to `published`
/// when these doctors withdraw": the plan minus the withdrawn vacations, repaired as
/// `renfort repair` does (changes to the others cost `[repair] change`, the rest of the
/// plan is the start). A draw that withdraws nothing reproduces the published plan, so the
/// runs measure the scenario rather than the solver. Run r (of `runs`, numbered from 1)
/// uses stream r of `seed`, so its figures depend only on the seed and r (and the solver's
/// determinism), not on which other runs the process does: `shard::Shard` splits the runs
/// over processes on that ground. Results in the order of `runs`.
pub fn dropout_runs(
    solver: &Solver,
    ds: &Dataset,
    policy: &Policy,
    horizon: Horizon,
    dropout: &scenario::Dropout,
    (runs, seed): (&[u64], u64),
    published: &Plan,
) -> Result<Vec<Figures>, Infeasible> {
    solver
        .map(runs, |&r| {
            let drawn = apply::draw_dropout(ds, dropout, &mut apply::rng_for(seed, r));
            if published
                .assignments()
                .iter()
                .all(|a| drawn.availability.contains(&(a.volunteer, a.date)))
            {
                // Nothing the plan uses was withdrawn (its pins included): it stands as
                // published.
                return Ok(Figures::of(
                    &Instance::new(&drawn, policy, horizon),
                    published,
                ));
            }
            let cancels: Vec<repair::Cancel> = ds
                .availability
                .difference(&drawn.availability)
                .map(|&(volunteer, date)| repair::Cancel {
                    volunteer,
                    date: Some(date),
                })
                .collect();
            let fixed = repair::repair_plan(
                solver,
                ds,
                policy,
                horizon,
                published,
                &cancels,
                horizon.first,
            )
            .map_err(|e| Infeasible {
                what: format!("dropout run {r}: {}", e.what),
            })?;
            Ok(fixed.figures)
        })
        .into_iter()
        .collect()
}
