//! The stages of `ilp::solve`, in the order they run. Each either ends the solve (a proof,
//! or the deadline: `ControlFlow::Break`) or hands what it found to the next (`Continue`):
//!
//! 1. `nothing_to_decide`: no candidate, the empty plan is optimal;
//! 2. `lp_start`: the LP relaxation, strengthened by zero-half cuts where the search will
//!    run, and the MIP restricted around its optimum (see `rens`);
//! 3. `lp_proof`: the start within the gap of the LP bound is optimal;
//! 4. `better_start`: the caller's plan instead, if better;
//! 5. `own_search`: renfort's own branch-and-bound on the LP in hand, which polishes its
//!    best plan once out of budget (see `bnb`);
//! 6. `polish`: the local search around the plan, if the search did not;
//! 7. `lp_proof` again, for the polished plan;
//! 8. `regional`: on a model too large for the own search, the plan of its regional parts
//!    solved apart, if better (see `regional`), and `lp_proof` again;
//! 9. `fixing`: what the LP's reduced costs leave out of the whole model (see `fixing`);
//! 10. `whole_model`: HiGHS's MIP on the whole model, warm-started from the plan in hand,
//!     and `retry_without_fixings` when the fixed model is declared infeasible.

use super::exact::exact;
use super::fixing::{Fixings, LpOptimum};
use super::regional;
use super::rens::{self, NoStart};
use super::search;
use super::settings::{no_time_to_build, search_runs};
use crate::model::Plan;
use crate::rules::{metrics, Instance};
use crate::solve::{relative_gap, ModelStats, Outcome, ProvedBy, SolveOptions, Status};
use std::ops::ControlFlow::{self, Break, Continue};
use std::time::Instant;

/// At most this share of the time left goes to the regional parts (see `regional`).
const REGIONAL_SHARE: f64 = 0.4;

/// One run of `ilp::solve`: the instance, the options and when the solve started.
#[derive(Clone, Copy)]
pub(super) struct Run<'a> {
    pub inst: &'a Instance<'a>,
    pub opts: &'a SolveOptions,
    pub t0: Instant,
}

/// What the stages before the whole model hand to it.
#[derive(Default)]
pub(super) struct Hand {
    /// The best plan in hand (the caller's, or the start's): the MIP's warm start.
    plan: Option<Plan>,
    /// What the LP's reduced costs leave out of the whole model (see `fixing`).
    fixings: Fixings,
    /// The LP bound, when it bounds the objective (not with a bias): the outcome's bound is
    /// never weaker, whatever HiGHS's MIP reports in its time.
    lp_bound: Option<f64>,
}

impl Run<'_> {
    fn objective(&self, plan: &Plan) -> f64 {
        metrics::compute(self.inst, plan).objective(self.inst)
    }

    /// Stage 1: nothing to decide (no candidate; pins are candidates too), so the empty
    /// plan is the only one.
    pub fn nothing_to_decide(&self) -> ControlFlow<Outcome> {
        if !self.inst.candidates().is_empty() {
            return Continue(());
        }
        let plan = Plan::new(Vec::new());
        let objective = self.objective(&plan);
        let stats = ModelStats {
            proved_by: vec![ProvedBy::NothingToDecide],
            ..ModelStats::default()
        };
        let status = Status::Optimal;
        let bound = Some(objective);
        Break(Outcome::ilp(
            Some(plan),
            Some(objective),
            status,
            bound,
            stats,
            self.t0,
        ))
    }

    /// Stages 2 to 9, from the LP-guided start (when asked for and found) to the fixings.
    pub fn lp_guided(&self) -> ControlFlow<Outcome, Hand> {
        let given = self.opts.initial.as_deref().cloned();
        let mut start = match self.lp_start() {
            Ok(start) => start,
            // Every later stage needs this LP first: the plan in hand is all there is.
            Err(NoStart::OutOfTime) => return Break(self.out_of_time(given, None)),
            Err(NoStart::Failed) => {
                return Continue(Hand {
                    plan: given,
                    ..Hand::default()
                })
            }
        };
        // The stages hand the plan on: `start` keeps the LP and the search's model.
        let plan = self.lp_proof(&start.lp, std::mem::take(&mut start.plan))?;
        let (plan, obj) = self.better_start(given, plan);
        let lp_model = start.lp_model.take();
        let (plan, polished) = self.own_search(&start, lp_model, plan, obj)?;
        let plan = if polished {
            plan
        } else {
            rens::polish(self.inst, self.opts, start.polish_until, plan)
        };
        let plan = self.lp_proof(&start.lp, plan)?;
        let plan = self.regional(&start, plan);
        let plan = self.lp_proof(&start.lp, plan)?;
        Continue(self.fixing(&start.lp, plan))
    }

    /// Stage 2: the LP relaxation and the plan of the MIP restricted around its optimum.
    fn lp_start(&self) -> Result<rens::Start, NoStart> {
        if !self.opts.lp_start {
            return Err(NoStart::Failed);
        }
        rens::start(self.inst, self.opts, self.t0)
    }

    /// Stages 3 and 7: `plan` within the gap of the LP bound is optimal, no MIP needed (the
    /// common case on easy instances, where the LP is integral). Not with a bias: the bound
    /// is then on objective + bias.
    fn lp_proof(&self, lp: &LpOptimum, plan: Plan) -> ControlFlow<Outcome, Plan> {
        let obj = self.objective(&plan);
        if self.opts.bias.is_some() || relative_gap(obj, lp.bound) > self.opts.mip_rel_gap {
            return Continue(plan);
        }
        Break(self.proved(plan, obj, lp.bound.min(obj), ProvedBy::Lp))
    }

    /// Stage 4: the caller's plan if better than the start's, with its objective.
    fn better_start(&self, given: Option<Plan>, start: Plan) -> (Plan, f64) {
        let obj = self.objective(&start);
        match given.map(|g| (self.objective(&g), g)) {
            Some((g, given)) if g < obj => (given, g),
            _ => (start, obj),
        }
    }

    /// Stage 5: renfort's own branch-and-bound on the LP in hand (see `bnb`), within its
    /// work budget (see `budget`), granted again from each better plan (see `BNB_RENEW`).
    /// Before the polish: when it proves the plan in hand optimal, the polish is time lost.
    /// Too large a model, or a bias (see `search_runs`): no search. Decided here, after the
    /// start: deciding in `rens` would also hand its restricted MIP the LP's own model (the
    /// path without the search), another start than the one measured. Returns the best plan
    /// and whether the search polished it.
    fn own_search(
        &self,
        start: &rens::Start,
        lp_model: Option<highs::Model>,
        plan: Plan,
        obj: f64,
    ) -> ControlFlow<Outcome, (Plan, bool)> {
        let Some(lp_model) = lp_model.filter(|_| search_runs(self.opts, start.lp_iterations))
        else {
            return Continue((plan, false));
        };
        let settings = &self.opts.tuning.search;
        let work = settings.work_budget(start.lp_iterations);
        let renew = settings.renew;
        let limits = search::Limits {
            max_work: work,
            node_work: settings.node_work(start.lp_iterations),
            deadline: self.opts.time_limit.map(|t| self.t0 + t),
            renew: (renew > 0.0).then_some((work as f64 * renew) as i64),
        };
        // When its budget runs out, the search polishes its best plan once and goes on if
        // that finds a better one (see `BNB_POLISH`).
        let mut polish =
            |p: &Plan| rens::polish(self.inst, self.opts, start.polish_until, p.clone());
        let polish_share = settings.polish;
        let found = search::run(
            self.inst,
            lp_model,
            &start.lp,
            plan,
            obj,
            self.opts.mip_rel_gap,
            limits,
            settings,
            (polish_share > 0.0).then_some((
                &mut polish as &mut dyn FnMut(&Plan) -> Plan,
                (work as f64 * polish_share) as i64,
            )),
        );
        if self.opts.tuning.highs_log {
            println!(
                "branch-and-bound: {} nodes, {} iterations (budget {}), {} columns fixed by \
                 reduced costs, {} children dropped on their penalty, plan {:.3}, bound \
                 {:.3}, proved {}, {:.3} s",
                found.nodes,
                found.iterations,
                work,
                found.rc_fixed,
                found.penalty_pruned,
                found.objective,
                found.bound,
                found.proved,
                self.t0.elapsed().as_secs_f64()
            );
        }
        if found.proved {
            let proof = ProvedBy::BranchAndBound { nodes: found.nodes };
            return Break(self.proved(found.plan, found.objective, found.bound, proof));
        }
        Continue((found.plan, found.polished))
    }

    /// Stage 8: on a model too large for the own search, the plan of its regional parts,
    /// each solved exactly, if better (see `regional`).
    fn regional(&self, start: &rens::Start, plan: Plan) -> Plan {
        let opts = self.opts;
        if opts.tuning.no_regional || opts.bias.is_some() || search_runs(opts, start.lp_iterations)
        {
            return plan;
        }
        let until = opts.time_limit.map(|t| {
            let left = (self.t0 + t).saturating_duration_since(Instant::now());
            Instant::now() + left.mul_f64(REGIONAL_SHARE)
        });
        regional::start(self.inst, opts, &start.lp, plan, until)
    }

    /// Stage 9: reduced-cost fixing (see `fixing`), with the best plan in hand as the upper
    /// bound. Not with a bias: the LP's objective is then objective + bias.
    fn fixing(&self, lp: &LpOptimum, plan: Plan) -> Hand {
        let fixings = if self.opts.bias.is_none() && self.opts.rc_fixing {
            lp.fixings(self.objective(&plan))
        } else {
            Fixings::default()
        };
        Hand {
            plan: Some(plan),
            fixings,
            lp_bound: self.opts.bias.is_none().then_some(lp.bound),
        }
    }

    /// Stage 10: HiGHS's MIP on the whole model (without what `hand.fixings` leaves out),
    /// warm-started from the plan in hand. Building the whole model would end past the
    /// deadline: the plan in hand, if any.
    pub fn whole_model(&self, hand: Hand) -> Outcome {
        if self.no_time_to_build() {
            return self.out_of_time(hand.plan, hand.lp_bound);
        }
        let (inst, opts, t0) = (self.inst, self.opts, self.t0);
        let out = exact(inst, opts, hand.plan.as_ref(), &hand.fixings, t0);
        let out = if out.plan.is_none() && !hand.fixings.is_empty() {
            self.retry_without_fixings(hand.plan, hand.lp_bound)
        } else {
            out
        };
        self.with_lp_bound(out, hand.lp_bound)
    }

    /// `out` with the LP bound where HiGHS's own is weaker or missing (a MIP stopped by
    /// the time limit before its root LP), and optimal if that bound proves it.
    fn with_lp_bound(&self, mut out: Outcome, lp_bound: Option<f64>) -> Outcome {
        let Some(plan) = &out.plan else {
            return out;
        };
        let objective = self.objective(plan);
        let Some(bound) = out.bound.into_iter().chain(lp_bound).reduce(f64::max) else {
            return out;
        };
        let bound = bound.min(objective);
        let gap = relative_gap(objective, bound);
        if out.status == Status::Feasible && gap <= self.opts.mip_rel_gap {
            out.status = Status::Optimal;
            out.stats.proved_by.push(ProvedBy::Lp);
        }
        out.bound = Some(bound);
        out.gap = Some(gap);
        out
    }

    /// No plan at all in the fixed model, though the start is one: HiGHS 1.15 has been seen
    /// to declare such models infeasible wrongly (in its presolve; upstream issues
    /// ERGO-Code/HiGHS#3090, #3296). Don't trust it: solve again without the fixings, if
    /// there is still time to build the model.
    fn retry_without_fixings(&self, plan: Option<Plan>, lp_bound: Option<f64>) -> Outcome {
        if self.no_time_to_build() {
            return self.out_of_time(plan, lp_bound);
        }
        let none = Fixings::default();
        exact(self.inst, self.opts, plan.as_ref(), &none, self.t0)
    }

    fn no_time_to_build(&self) -> bool {
        let deadline = self.opts.time_limit.map(|t| self.t0 + t);
        no_time_to_build(self.inst, deadline)
    }

    /// Stopped by the deadline before the whole model's MIP: the caller's or the start's
    /// plan (feasible, with the LP bound if solved), or no plan at all (the contract's
    /// `timeout_no_solution`).
    fn out_of_time(&self, plan: Option<Plan>, lp_bound: Option<f64>) -> Outcome {
        let status = if plan.is_some() {
            Status::Feasible
        } else {
            Status::TimeoutNoSolution
        };
        let out = Outcome::ilp(plan, None, status, None, self.whole_stats(None), self.t0);
        self.with_lp_bound(out, lp_bound)
    }

    /// An optimal plan proved before the whole model's MIP ran (by the LP bound, or our own
    /// branch-and-bound, as `proof` says), with its objective and the bound that proves it.
    fn proved(&self, plan: Plan, objective: f64, bound: f64, proof: ProvedBy) -> Outcome {
        let stats = self.whole_stats(Some(proof));
        let status = Status::Optimal;
        Outcome::ilp(
            Some(plan),
            Some(objective),
            status,
            Some(bound),
            stats,
            self.t0,
        )
    }

    /// The figures of a solve that ended before the whole model was built.
    fn whole_stats(&self, proof: Option<ProvedBy>) -> ModelStats {
        ModelStats {
            candidates: self.inst.candidates().len(),
            components: 1,
            proved_by: proof.into_iter().collect(),
            ..ModelStats::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::{hard, Instance};
    use crate::solve::{solve, SolveOptions, Status};

    /// Regression: instances whose candidates give the model no column at all came back
    /// `timeout_no_solution` without a time limit (HiGHS refuses an empty model).
    #[test]
    fn regression_a_model_without_columns_had_no_plan() {
        for seed in [180, 253] {
            let (ds, policy, horizon) = crate::testkit::solver_instance(seed, 3, 6, 12);
            let inst = Instance::new(&ds, &policy, horizon);
            let out = solve(&inst, &SolveOptions::default());
            let plan = out.plan.expect("a plan");
            assert_eq!(out.status, Status::Optimal, "seed {seed}");
            assert!(hard::check(&inst, &plan).is_empty(), "seed {seed}");
            // The model had no column because no candidate can be in any valid plan.
            assert!(out.stats.columns == 0 && !inst.candidates().is_empty());
            for c in inst.candidates() {
                let one = crate::model::Plan::new(vec![crate::model::Assignment {
                    date: c.date,
                    site: c.site,
                    volunteer: c.volunteer,
                }]);
                assert!(!hard::check(&inst, &one).is_empty(), "seed {seed}: {c:?}");
            }
        }
    }
}
