//! The evaluator against the contract's metrics: after any sequence of additions and
//! removals, the running objective is the one `metrics::compute` finds from scratch.

use super::*;
use crate::rules::Instance;
use crate::testkit::{solver_instance, solver_instance_with_history};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn running_objective_matches_metrics_after_random_moves() {
    for seed in 0..80 {
        // Odd seeds with a history: carried gaps, caps left, new pairs.
        let make = if seed % 2 == 1 {
            solver_instance_with_history
        } else {
            solver_instance
        };
        let (ds, policy, horizon) = make(
            seed,
            1 + seed as usize % 4,
            6 + seed as usize % 9,
            9 + seed as u32 % 20,
        );
        let inst = Instance::new(&ds, &policy, horizon);
        let ix = Index::new(&inst);
        if ix.n_cands() == 0 {
            continue;
        }
        let mut st = State::new(&ix);
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        for step in 0..300 {
            let k = r.gen_range(0..ix.n_cands());
            let before = st.objective();
            let (predicted, done) = if st.is_on(k) {
                (st.remove_delta(k), st.remove(k))
            } else if st.can_add(k) || r.gen_bool(0.1) {
                (st.add_delta(k), st.add(k))
            } else {
                continue;
            };
            assert_eq!(predicted, done);
            let exact = metrics::compute(&inst, &st.plan()).objective(&inst);
            assert!(
                close(st.objective(), exact),
                "seed {seed} step {step}: running {} vs exact {exact}",
                st.objective()
            );
            assert!(
                close(before + predicted, exact),
                "seed {seed} step {step}: delta {predicted} wrong"
            );
        }
    }
}

#[test]
fn rollback_restores_plan_and_objective() {
    for seed in 0..20 {
        let (ds, policy, horizon) = solver_instance(100 + seed, 3, 10, 14);
        let inst = Instance::new(&ds, &policy, horizon);
        let ix = Index::new(&inst);
        if ix.n_cands() == 0 {
            continue;
        }
        let mut st = State::new(&ix);
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..40 {
            let k = r.gen_range(0..ix.n_cands());
            if st.can_add(k) {
                st.add(k);
            }
        }
        let (plan, objective) = (st.plan(), st.objective());
        let cp = st.checkpoint();
        for _ in 0..60 {
            let k = r.gen_range(0..ix.n_cands());
            if st.is_on(k) {
                st.remove(k);
            } else if st.can_add(k) {
                st.add(k);
            }
        }
        st.rollback(cp);
        assert_eq!(st.plan(), plan);
        assert_eq!(st.objective(), objective);
    }
}

#[test]
fn feasible_additions_keep_the_hard_rules() {
    for seed in 0..40 {
        let make = if seed % 2 == 1 {
            solver_instance_with_history
        } else {
            solver_instance
        };
        let (ds, policy, horizon) = make(200 + seed, 4, 12, 20);
        let inst = Instance::new(&ds, &policy, horizon);
        let ix = Index::new(&inst);
        let mut st = State::new(&ix);
        for k in 0..ix.n_cands() {
            if st.can_add(k) {
                st.add(k);
            }
        }
        let violations = crate::rules::hard::check(&inst, &st.plan());
        assert!(violations.is_empty(), "seed {seed}: {violations:?}");
    }
}
