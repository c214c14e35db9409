//! Solvers side by side behind one small facade: `solve(instance, options) -> Outcome`.
//! An outcome says what is known about the plan: optimal, feasible with a bound, infeasible,
//! or stopped before any plan.

pub mod bound;
pub mod greedy;
pub mod highs_ffi;
pub mod ilp;
pub mod local;
pub mod state;

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
    /// The textbook model.
    #[default]
    Plain,
}

/// Which solver plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverKind {
    /// The exact MIP (HiGHS): optimal plans, or a proven gap at the time limit.
    #[default]
    Ilp,
    /// Greedy construction: fast, no MIP.
    Greedy,
    /// Greedy, then local search and ruin-and-recreate in parallel streams: no MIP.
    Local,
    /// The ILP when the instance is small enough for it to finish in time, else local search.
    Auto,
}

impl SolverKind {
    /// Largest instance (in candidates) that `Auto` gives to the ILP.
    pub const AUTO_ILP_CANDIDATES: usize = 60_000;
    /// Shortest time limit with which `Auto` gives an instance to the ILP.
    pub const AUTO_ILP_SECONDS: f64 = 10.0;

    /// The solver that will actually run (`Auto` resolved for this instance and time limit).
    pub fn resolve(self, candidates: usize, time_limit: Option<Duration>) -> SolverKind {
        match self {
            SolverKind::Auto => {
                let enough_time = time_limit.is_none_or(|t| t.as_secs_f64() >= Self::AUTO_ILP_SECONDS);
                if candidates <= Self::AUTO_ILP_CANDIDATES && enough_time {
                    SolverKind::Ilp
                } else {
                    SolverKind::Local
                }
            }
            kind => kind,
        }
    }
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
    /// Which solver plans.
    pub kind: SolverKind,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions { time_limit: None, threads: None, mip_rel_gap: 1e-4, observer: None, formulation: Formulation::Plain, kind: SolverKind::Ilp }
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
}

/// Solves with the solver `opts.kind` names (`Auto` resolved for this instance).
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    match opts.kind.resolve(inst.candidates().len(), opts.time_limit) {
        SolverKind::Greedy => greedy::solve(inst, opts),
        SolverKind::Local => local::solve(inst, opts),
        SolverKind::Ilp | SolverKind::Auto => ilp::solve(inst, opts),
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
