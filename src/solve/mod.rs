//! Solvers side by side behind one small facade: `solve(instance, options) -> Outcome`.
//! An outcome says what is known about the plan: optimal, feasible with a bound, infeasible,
//! or stopped before any plan.

pub mod decompose;
pub mod highs_ffi;
pub mod ilp;

pub use highs_ffi::SolveProgress;

use crate::model::Plan;
use crate::rules::Instance;
use serde::Serialize;
use std::time::Duration;

/// What the solver can say about its plan (the contract's `solver.status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven optimal (within the relative gap tolerance).
    Optimal,
    /// A valid plan, not proven optimal (time limit).
    Feasible,
    /// No valid plan exists.
    Infeasible,
    /// Stopped before any plan was found.
    TimeoutNoSolution,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::TimeoutNoSolution => "timeout_no_solution",
        }
    }
}

/// The MIP formulation to build (kept selectable so speed-ups are measured as ratios).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Formulation {
    /// The textbook model (window rows for gaps, run-start rows for breaks).
    Plain,
    /// Continuity as a flow per site, fewer variables, dominance cuts (see `ilp`).
    #[default]
    Tight,
}

/// Receives progress snapshots while a solver runs (from the solver's thread).
pub type Observer = std::sync::Arc<dyn Fn(&SolveProgress) + Send + Sync>;

/// How to solve.
#[derive(Clone)]
pub struct SolveOptions {
    pub time_limit: Option<Duration>,
    /// HiGHS threads (None: HiGHS's own choice).
    pub threads: Option<u32>,
    /// Relative gap at which a plan counts as optimal.
    pub mip_rel_gap: f64,
    /// Called with progress snapshots while solving.
    pub observer: Option<Observer>,
    pub formulation: Formulation,
    /// Solve the independent components of the volunteer–site graph apart.
    pub decompose: bool,
    /// Extra objective cost per listed candidate assignment (ILP only): `renfort repair`
    /// gives each kept assignment of the previous plan a bonus (a negative cost) so that
    /// changing it costs something. The keys are in the instance's own indices, so a biased
    /// solve is never split into components (see `solve`).
    pub bias: Option<Bias>,
}

/// Objective cost added per candidate assignment (see `SolveOptions::bias`).
pub type Bias = std::sync::Arc<std::collections::HashMap<crate::model::Assignment, f64>>;

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            threads: None,
            mip_rel_gap: 1e-4,
            observer: None,
            formulation: Formulation::Tight,
            decompose: true,
            bias: None,
        }
    }
}

/// The result of a solve.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The plan (None only when infeasible or stopped without one).
    pub plan: Option<Plan>,
    pub status: Status,
    /// Best proven lower bound on the objective.
    pub bound: Option<f64>,
    /// Relative gap between the plan's objective and the bound.
    pub gap: Option<f64>,
    pub seconds: f64,
    /// Which solver produced the plan.
    pub solver: &'static str,
    /// Size of the model solved, for the summary.
    pub stats: ModelStats,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ModelStats {
    pub candidates: usize,
    pub columns: usize,
    pub rows: usize,
    pub build_seconds: f64,
    /// The solver's own objective value (a cross-check; the reported objective is recomputed).
    pub solver_objective: Option<f64>,
    /// Independent parts solved apart (1: solved whole).
    pub components: usize,
}

/// Solves with the ILP.
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    // Components re-index sites and volunteers: a bias (keyed by the whole instance's
    // indices) is only honoured by a whole solve.
    if opts.decompose && opts.bias.is_none() {
        decompose::solve_by_components(inst, opts, ilp::solve)
    } else {
        ilp::solve(inst, opts)
    }
}

/// Relative gap as HiGHS defines it: |objective − bound| / max(|objective|, tiny).
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    let diff = (objective - bound).abs();
    if diff <= 1e-9 {
        0.0
    } else {
        diff / objective.abs().max(1e-9)
    }
}
