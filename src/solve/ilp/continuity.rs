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

use super::model::Builder;
use good_lp::{variable, Expression, Variable};
use std::collections::HashMap;

type Cov = Option<(Variable, usize)>;

pub fn plain(b: &mut Builder, c: &[Cov]) {
    let w = b.inst.policy.objective.clone();
    let tol = w.gap_tolerance as usize;
    let cexp =
        |i: usize| -> Expression { c[i].map(|(v, _)| Expression::from(v)).unwrap_or_default() };
    if w.break_ > 0.0 {
        let mut runs = Expression::default();
        for i in 0..c.len() {
            let (r, _) = b.add(variable().min(0.0));
            runs += r;
            let prev = if i == 0 {
                Expression::default()
            } else {
                cexp(i - 1)
            };
            b.rows.push((r - cexp(i) + prev).geq(0.0));
        }
        let (br, _) = b.add(variable().min(0.0));
        b.objective += w.break_ * br;
        b.rows.push((br - runs).geq(-1.0));
    }
    if w.long_gap > 0.0 {
        for i in tol..c.len() {
            let (e, _) = b.add(variable().min(0.0));
            b.objective += w.long_gap * e;
            let window: Expression = (i - tol..=i).map(cexp).sum();
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

pub fn flow(b: &mut Builder, c: &[Cov]) {
    let w = b.inst.policy.objective.clone();
    if (w.break_ <= 0.0 && w.long_gap <= 0.0) || c.is_empty() {
        return;
    }
    let tol = w.gap_tolerance as usize;
    // Layer 0 holds the start state; layer i+1 the states after day i.
    let mut layer: HashMap<State, Expression> =
        HashMap::from([(State::Never(0), Expression::from(1.0))]);
    for ci in c {
        let mut next: HashMap<State, Expression> = HashMap::new();
        let mut cover_arcs = Expression::default();
        let mut states: Vec<_> = layer.keys().copied().collect();
        states.sort();
        for st in states {
            let inflow = layer.remove(&st).expect("state listed");
            let mut out = Expression::default();
            if ci.is_some() {
                let (f, _) = b.add(variable().min(0.0));
                if matches!(st, State::After(_)) && w.break_ > 0.0 {
                    b.objective += w.break_ * f;
                }
                cover_arcs += f;
                out += f;
                *next.entry(State::Covered).or_default() += f;
            }
            let (gap, make): (usize, fn(usize) -> State) = match st {
                State::Never(g) => (g, State::Never),
                State::Covered => (0, State::After),
                State::After(g) => (g, State::After),
            };
            let (f, _) = b.add(variable().min(0.0));
            if gap + 1 > tol && w.long_gap > 0.0 {
                b.objective += w.long_gap * f;
            }
            out += f;
            *next.entry(make((gap + 1).min(tol))).or_default() += f;
            // Flow conservation: what enters a state leaves it (the start has inflow 1).
            b.rows.push((out - inflow).eq(0.0));
        }
        if let Some((cv, _)) = ci {
            b.rows.push((cover_arcs - *cv).eq(0.0));
        }
        layer = next;
    }
}
