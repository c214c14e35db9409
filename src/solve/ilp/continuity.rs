//! Continuity of care at one site: breaks between vacations and gap days beyond the
//! tolerance, as a function of which service days are covered (c_i). Two models:
//!
//! - `plain`: r_i ≥ c_i − c_(i−1) counts run starts, b ≥ Σ r − 1 the breaks; e_i ≥ 1 − Σ of
//!   the c's in the window of tol+1 days ending at i counts the gap days beyond tolerance.
//!   Its LP relaxation is weak: c_i = 1/(tol+1) everywhere costs nothing.
//! - `flow`: the covered/uncovered sequence is a path through a small layered graph whose
//!   states are "never covered yet, gap g", "covered today", "in a gap of g after a
//!   vacation" (g capped at tol). Costs sit on arcs (a break when coverage resumes after a
//!   gap, a long-gap day when an uncovered day extends a gap past tol). One unit of flow,
//!   and c_i = flow on the "cover" arcs of day i. The LP of a path polytope is integral, so
//!   for any coverage vector the relaxation charges the exact convex envelope of the
//!   continuity cost: a much stronger bound.
//!
//! A site with history (contract v2) starts from its past: `plain` sees a covered day before
//! the first (carried gap 0) or the carried gap's uncovered days, and counts every run; `flow`
//! starts in the state the carried gap leaves ("covered today", or "in a gap of c after a
//! vacation"), so both charge exactly `metrics::continuity`.

use super::model::Builder;
use good_lp::{variable, Expression, Variable};
use std::collections::HashMap;

type Cov = Option<(Variable, usize)>;

pub fn plain(b: &mut Builder, c: &[Cov], carried: Option<u32>) {
    let w = b.inst.policy.objective.clone();
    let tol = w.gap_tolerance as usize;
    let cexp =
        |i: usize| -> Expression { c[i].map(|(v, _)| Expression::from(v)).unwrap_or_default() };
    if w.break_ > 0.0 {
        let mut runs = Expression::default();
        for i in 0..c.len() {
            let (r, _) = b.add(variable().min(0.0));
            runs += r;
            let prev = if i > 0 {
                cexp(i - 1)
            } else if carried == Some(0) {
                Expression::from(1.0)
            } else {
                Expression::default()
            };
            b.rows.push((r - cexp(i) + prev).geq(0.0));
        }
        let (br, _) = b.add(variable().min(0.0));
        b.objective += w.break_ * br;
        // Without history the first run is no break; with it, every run that starts counts.
        let first_free = if carried.is_some() { 0.0 } else { -1.0 };
        b.rows.push((br - runs).geq(first_free));
    }
    if w.long_gap > 0.0 {
        // Day i is beyond the tolerance when it and the tol days before are uncovered; with
        // a carried gap of k, the k days before the horizon are uncovered ones.
        let from = tol.saturating_sub(carried.map_or(0, |k| k as usize));
        for i in from..c.len() {
            let (e, _) = b.add(variable().min(0.0));
            b.objective += w.long_gap * e;
            let window: Expression = (i.saturating_sub(tol)..=i).map(cexp).sum();
            b.rows.push((e + window).geq(1.0));
        }
    }
}

/// A state of the continuity automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum State {
    /// No covered day yet; current gap length (capped at tol).
    Never(usize),
    /// Covered today.
    Covered,
    /// In a gap after a vacation; its length (capped at tol).
    After(usize),
}

/// The state after an uncovered day, and the length of the gap that day extends.
fn after_gap(st: State, tol: usize) -> (State, usize) {
    let (gap, make): (usize, fn(usize) -> State) = match st {
        State::Never(g) => (g, State::Never),
        State::Covered => (0, State::After),
        State::After(g) => (g, State::After),
    };
    (make((gap + 1).min(tol)), gap)
}

pub fn flow(b: &mut Builder, c: &[Cov], carried: Option<u32>) {
    let w = b.inst.policy.objective.clone();
    if (w.break_ <= 0.0 && w.long_gap <= 0.0) || c.is_empty() {
        return;
    }
    let tol = w.gap_tolerance as usize;
    let n = c.len();
    let start = match carried {
        None => State::Never(0),
        Some(0) => State::Covered,
        Some(k) => State::After((k as usize).min(tol)),
    };
    // Forward: the states of each layer (layer 0 holds the start state, layer i+1 the states
    // after day i) and how many arcs enter each.
    let mut ways_in: Vec<HashMap<State, usize>> = vec![HashMap::from([(start, 0)])];
    for ci in c {
        let mut next: HashMap<State, usize> = HashMap::new();
        for &st in ways_in.last().expect("layer 0").keys() {
            if ci.is_some() {
                *next.entry(State::Covered).or_default() += 1;
            }
            *next.entry(after_gap(st, tol).0).or_default() += 1;
        }
        ways_in.push(next);
    }
    // Backward: each state's outflow, as an expression. The uncovered-day arc into a state
    // with no other way in carries exactly that state's outflow: it gets no column and the
    // state no conservation row (the substitution HiGHS's presolve makes, done once here:
    // about a fifth fewer rows in every LP the search solves).
    let mut outflow: Vec<HashMap<State, Expression>> = vec![HashMap::new(); n];
    // Arcs into the states that keep a conservation row.
    let mut inflow: Vec<HashMap<State, Expression>> = vec![HashMap::new(); n + 1];
    for (i, ci) in c.iter().enumerate().rev() {
        let mut states: Vec<_> = ways_in[i].keys().copied().collect();
        states.sort();
        let mut cover_arcs = Expression::default();
        for st in states {
            let mut out = Expression::default();
            if ci.is_some() {
                let (f, _) = b.add(variable().min(0.0));
                if matches!(st, State::After(_)) && w.break_ > 0.0 {
                    b.objective += w.break_ * f;
                }
                cover_arcs += f;
                out += f;
                *inflow[i + 1].entry(State::Covered).or_default() += f;
            }
            let (to, gap) = after_gap(st, tol);
            let arc = if i + 1 < n && ways_in[i + 1][&to] == 1 {
                outflow[i + 1]
                    .remove(&to)
                    .expect("later layers are built first")
            } else {
                let (f, _) = b.add(variable().min(0.0));
                *inflow[i + 1].entry(to).or_default() += f;
                Expression::from(f)
            };
            if gap + 1 > tol && w.long_gap > 0.0 {
                b.objective += w.long_gap * arc.clone();
            }
            out += arc;
            outflow[i].insert(st, out);
        }
        if let Some((cv, _)) = ci {
            b.rows.push((cover_arcs - *cv).eq(0.0));
        }
    }
    // Flow conservation where a state keeps its row: what enters it leaves it (the start has
    // inflow 1; the last layer's states are sinks).
    for (i, layer) in outflow.into_iter().enumerate() {
        let mut states: Vec<_> = layer.into_iter().collect();
        states.sort_by_key(|(st, _)| *st);
        for (st, out) in states {
            let inflow = if i == 0 {
                Expression::from(1.0)
            } else {
                inflow[i]
                    .remove(&st)
                    .expect("an arc enters every later state")
            };
            b.rows.push((out - inflow).eq(0.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::plan_fixes;
    use super::super::{build, highs_ffi};
    use crate::model::{Assignment, Plan};
    use crate::rules::{metrics, Instance};
    use crate::solve::{greedy, Formulation, SolveOptions};
    use crate::testkit::{solver_instance, solver_instance_with_history};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// With every x fixed to a plan, the LP of the tight model costs exactly what the
    /// contract's metrics say: the flow's uncovered-day arcs substituted away (see `flow`)
    /// still charge every break and every gap day beyond the tolerance. Plans: the greedy
    /// plan and random parts of it (still valid), so that coverage has gaps of every length.
    #[test]
    fn the_model_prices_every_plan_as_the_contract_does() {
        let mut r = ChaCha8Rng::seed_from_u64(7);
        let mut priced = 0;
        for seed in 0..48 {
            // Odd seeds with a history: the flow starts from the carried gap.
            let (ds, mut policy, horizon) = if seed % 2 == 1 {
                solver_instance_with_history(seed, 3, 6, 14)
            } else {
                solver_instance(seed, 3, 6, 14)
            };
            policy.objective.gap_tolerance = (seed % 4) as u32;
            let inst = Instance::new(&ds, &policy, horizon);
            let Some(greedy) = greedy::solve(&inst, &SolveOptions::default()).plan else {
                continue;
            };
            // One model per dataset, its x fixed anew to each plan (every x, every time).
            let built = build(&inst, Formulation::Schedules);
            let mut model = built.problem.into_inner();
            model.set_option("output_flag", false);
            let x: Vec<usize> = built.x_cols.iter().flatten().copied().collect();
            let c: Vec<usize> = built.c_cols.iter().flatten().flatten().copied().collect();
            highs_ffi::set_integrality(&mut model, &[x, c].concat(), false);
            for part in 0..6 {
                let keep = 1.0 - part as f64 / 6.0;
                let kept: Vec<Assignment> = greedy
                    .assignments()
                    .iter()
                    .filter(|_| r.gen_bool(keep))
                    .copied()
                    .collect();
                let plan = Plan::new(kept);
                let want = metrics::compute(&inst, &plan).objective(&inst);
                let fixes = plan_fixes(&inst, &built.x_cols, &plan);
                highs_ffi::fix_columns(&mut model, &fixes);
                let solved = model.solve();
                let got = solved.objective_value() + built.offset;
                assert!(
                    (got - want).abs() <= 1e-6 * (1.0 + want.abs()),
                    "seed {seed}, part {part}: the LP prices the plan {got}, the contract {want}"
                );
                priced += 1;
                model = highs::Model::from(solved);
            }
        }
        assert!(priced > 200, "only {priced} plans priced");
    }
}
