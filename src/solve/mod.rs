//! Solvers side by side behind one small facade: `solve(instance, options) -> Outcome`.
//! An outcome says what is known about the plan: optimal, feasible with a bound, infeasible,
//! or stopped before any plan.

pub mod baseline;
pub mod bound;
pub mod decompose;
pub mod greedy;
pub mod highs_ffi;
pub mod hybrid;
pub mod ilp;
pub mod local;
pub mod state;

pub use highs_ffi::SolveProgress;

use crate::choice::{choice_str, Choice};
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Formulation {
    /// The textbook model.
    Plain,
    /// Continuity as a flow per site.
    Tight,
    /// `Tight` with each volunteer's feasible schedules listed.
    #[default]
    Schedules,
}

impl Choice for Formulation {
    const ALL: &'static [Self] = &[
        Formulation::Plain,
        Formulation::Tight,
        Formulation::Schedules,
    ];

    fn name(self) -> &'static str {
        match self {
            Formulation::Plain => "plain",
            Formulation::Tight => "tight",
            Formulation::Schedules => "schedules",
        }
    }

    fn about(self) -> &'static str {
        match self {
            Formulation::Plain => "The textbook model (window rows for gaps, run-start rows for breaks)",
            Formulation::Tight => "Continuity as a flow per site, fewer variables, dominance cuts",
            Formulation::Schedules => {
                "`tight`, with each volunteer's feasible schedules listed (exact block travel in the LP)"
            }
        }
    }
}
choice_str!(Formulation);

/// Which solver plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverKind {
    #[default]
    Ilp,
    Greedy,
    Local,
    Auto,
    Fcfs,
    Neediest,
}

impl Choice for SolverKind {
    const ALL: &'static [Self] = &[
        SolverKind::Ilp,
        SolverKind::Greedy,
        SolverKind::Local,
        SolverKind::Auto,
        SolverKind::Fcfs,
        SolverKind::Neediest,
    ];

    fn name(self) -> &'static str {
        match self {
            SolverKind::Ilp => "ilp",
            SolverKind::Greedy => "greedy",
            SolverKind::Local => "local",
            SolverKind::Auto => "auto",
            SolverKind::Fcfs => "fcfs",
            SolverKind::Neediest => "neediest",
        }
    }

    fn about(self) -> &'static str {
        match self {
            SolverKind::Ilp => "The exact MIP (HiGHS): optimal plans, or a proven gap at the time limit",
            SolverKind::Greedy => "Greedy construction: fast, no MIP",
            SolverKind::Local => {
                "Greedy, then local search and ruin-and-recreate in parallel streams: no MIP"
            }
            SolverKind::Auto => {
                "A heuristic plan first, then the ILP started from it (the better plan is kept); \
                 the local search instead when the ILP's LP is not solved in time"
            }
            SolverKind::Fcfs => {
                "Baseline: volunteers in registration order, each to the nearest site still short that day"
            }
            SolverKind::Neediest => {
                "Baseline: the site with the most uncovered doctor-days × priority first, nearest volunteer"
            }
        }
    }
}
choice_str!(SolverKind);

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
    /// A valid plan to start from (a MIP warm start).
    pub initial: Option<std::sync::Arc<Plan>>,
    /// Which solver plans.
    pub kind: SolverKind,
    /// Extra objective cost per listed candidate assignment (ILP only): `renfort repair`
    /// gives each kept assignment of the previous plan a bonus (a negative cost) so that
    /// changing it costs something. The keys are in the instance's own indices, so a biased
    /// solve is never split into components (see `solve`).
    pub bias: Option<Bias>,
    /// Share (0–1] of its usual search the local search does: 1 for a plan, less for the
    /// many quick plans of a simulation.
    pub effort: f64,
    /// ILP: look for a starting plan near the LP relaxation first (see `ilp::rens`).
    pub lp_start: bool,
    /// ILP: give up at this instant when the LP relaxation is not solved by then (the solve
    /// then ends with the plan it was given: `auto` on the largest instances, see `hybrid`).
    pub lp_deadline: Option<std::time::Instant>,
    /// ILP, after the LP-guided start: leave out the columns whose LP reduced cost shows
    /// they can't be in a better plan (see `ilp::fixing`). On by default: over 33 AuRA-size
    /// datasets it is faster than without on the whole (README, Performance), though not
    /// on every one.
    pub rc_fixing: bool,
    /// ILP, after the LP-guided start: try renfort's own small branch-and-bound on the LP
    /// in hand before the polish and HiGHS's MIP solver (see `ilp::search::bnb`). On by default
    /// since it runs before the polish: over 41 AuRA-size datasets, 31 reach 10x against 29
    /// without it (README, Performance); slower on some.
    pub branch_and_bound: bool,
    /// ILP (formulation schedules): volunteers with a monthly cap of 2 get the block-pair
    /// hull instead of a list of their schedules (see `ilp::pairs`; same LP bound, smaller
    /// LP). Off: the schedules are listed as before (for `renfort speed`).
    pub block_pairs: bool,
    /// ILP, with `branch_and_bound`: strengthen the search's root LP with rounds of
    /// zero-half cuts (see `ilp::search::cuts`). On by default (README, Performance).
    pub root_cuts: bool,
    /// Developer aids: settings of the search changed, HiGHS options and log (see
    /// `ilp::Tuning`; the default is the measured settings).
    pub tuning: ilp::Tuning,
    /// Set by another thread to stop the solve as at its time limit, keeping the best plan
    /// found (the web app's Stop button).
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl SolveOptions {
    /// Whether another thread asked the solve to stop (`stop`).
    pub fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(std::sync::atomic::Ordering::Relaxed))
    }
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
            formulation: Formulation::Schedules,
            decompose: true,
            initial: None,
            kind: SolverKind::Ilp,
            bias: None,
            effort: 1.0,
            lp_start: true,
            lp_deadline: None,
            rc_fixing: true,
            branch_and_bound: true,
            block_pairs: true,
            root_cuts: true,
            tuning: ilp::Tuning::default(),
            stop: None,
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

impl Outcome {
    /// The exact path's outcome: `plan`, whose objective is `objective`, with its status and
    /// the bound known (the gap follows from both), timed from `t0`.
    pub fn ilp(
        plan: Option<Plan>,
        objective: Option<f64>,
        status: Status,
        bound: Option<f64>,
        stats: ModelStats,
        t0: std::time::Instant,
    ) -> Outcome {
        Outcome {
            plan,
            status,
            bound,
            gap: bound.zip(objective).map(|(b, o)| relative_gap(o, b)),
            seconds: t0.elapsed().as_secs_f64(),
            solver: "ilp",
            stats,
        }
    }
}

/// How a plan was proved optimal (within the relative gap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProvedBy {
    /// Nothing to decide (no candidate, or none the model allows): the empty plan is the only
    /// one.
    NothingToDecide,
    /// The LP bound alone: the LP-guided start was within the gap, no MIP ran.
    Lp,
    /// renfort's own branch-and-bound (see `ilp::search::bnb`), no MIP ran; `nodes` is 0 when it
    /// proved the plan at its root.
    BranchAndBound { nodes: usize },
    /// HiGHS's MIP solver on the whole model.
    Highs,
}

impl ProvedBy {
    /// Proved before any MIP ran (so there is no solver objective).
    pub fn without_mip(self) -> bool {
        matches!(
            self,
            ProvedBy::NothingToDecide | ProvedBy::Lp | ProvedBy::BranchAndBound { .. }
        )
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(into = "ModelStatsJson")]
pub struct ModelStats {
    pub candidates: usize,
    pub columns: usize,
    pub rows: usize,
    pub build_seconds: f64,
    /// The solver's own objective value (a cross-check; the reported objective is recomputed).
    pub solver_objective: Option<f64>,
    /// Independent parts solved apart (1: solved whole).
    pub components: usize,
    /// How each part solved apart (one, when solved whole) was proved optimal; a part not
    /// proved has no entry.
    pub proved_by: Vec<ProvedBy>,
}

impl ModelStats {
    /// Proved optimal before any MIP ran (so there is no solver objective).
    pub fn proved_without_mip(&self) -> bool {
        !self.proved_by.is_empty() && self.proved_by.iter().all(|p| p.without_mip())
    }

    /// Whether some part was proved as `which` says.
    pub fn proved(&self, which: impl Fn(ProvedBy) -> bool) -> bool {
        self.proved_by.iter().any(|&p| which(p))
    }

    /// Nodes of renfort's own branch-and-bound over the parts it proved.
    pub fn bnb_nodes(&self) -> usize {
        self.proved_by
            .iter()
            .map(|p| match p {
                ProvedBy::BranchAndBound { nodes } => *nodes,
                _ => 0,
            })
            .sum()
    }
}

/// `ModelStats` as summary.json writes it: the proofs as the flags scripts and tests read.
#[derive(Serialize)]
struct ModelStatsJson {
    candidates: usize,
    columns: usize,
    rows: usize,
    build_seconds: f64,
    solver_objective: Option<f64>,
    components: usize,
    /// Some part's LP-guided start was proved optimal by the LP bound alone.
    lp_proved: bool,
    /// renfort's own branch-and-bound proved some part (see `ilp::search::bnb`).
    bnb_proved: bool,
    /// Nodes of renfort's own branch-and-bound, over the parts it proved.
    bnb_nodes: usize,
}

impl From<ModelStats> for ModelStatsJson {
    fn from(s: ModelStats) -> Self {
        ModelStatsJson {
            lp_proved: s.proved(|p| p == ProvedBy::Lp),
            bnb_proved: s.proved(|p| matches!(p, ProvedBy::BranchAndBound { .. })),
            bnb_nodes: s.bnb_nodes(),
            candidates: s.candidates,
            columns: s.columns,
            rows: s.rows,
            build_seconds: s.build_seconds,
            solver_objective: s.solver_objective,
            components: s.components,
        }
    }
}

/// Solves with the solver `opts.kind` names (`Auto` resolved for this instance).
pub fn solve(inst: &Instance, opts: &SolveOptions) -> Outcome {
    match opts.kind {
        SolverKind::Greedy => greedy::solve(inst, opts),
        SolverKind::Local => local::solve(inst, opts),
        SolverKind::Ilp => solve_exact(inst, opts),
        SolverKind::Auto => hybrid::solve(inst, opts),
        SolverKind::Fcfs => baseline::fcfs::solve(inst, opts),
        SolverKind::Neediest => baseline::neediest::solve(inst, opts),
    }
}

/// The MIP, on independent components apart when `opts.decompose`.
pub fn solve_exact(inst: &Instance, opts: &SolveOptions) -> Outcome {
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
