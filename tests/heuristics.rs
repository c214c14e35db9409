//! The MIP-free solvers on random small instances: their plans keep H1–H6 and every pin,
//! local search never does worse than greedy, neither beats the ILP's optimum, the cheap
//! lower bound never exceeds it, and two runs give the same plan. Then the binary with
//! `--solver local`, checked by the shared checker.

mod common;

use common::{objective, size, tol};

use proptest::prelude::*;
use renfort::rules::hard;
use renfort::solve::{bound, greedy, ilp, local, Outcome, SolveOptions, SolverKind, Status};
use renfort::testkit::{horizon_of, random_instance};
use renfort::Instance;

fn exact() -> SolveOptions {
    SolveOptions {
        mip_rel_gap: 0.0,
        threads: Some(1),
        ..Default::default()
    }
}

/// Checks what every heuristic outcome must satisfy; returns its plan's objective.
fn valid(inst: &Instance, out: &Outcome) -> Result<f64, TestCaseError> {
    let plan = out
        .plan
        .as_ref()
        .ok_or_else(|| TestCaseError::fail("no plan"))?;
    let violations = hard::check(inst, plan);
    prop_assert!(
        violations.is_empty(),
        "{} plan breaks rules: {:?}",
        out.solver,
        violations
    );
    for p in inst.dataset.pinned.keys() {
        prop_assert!(
            plan.contains(p),
            "{} plan misses the pin {:?}",
            out.solver,
            p
        );
    }
    let obj = objective(inst, plan);
    prop_assert!(matches!(out.status, Status::Feasible | Status::Optimal));
    let bound = out.bound.ok_or_else(|| TestCaseError::fail("no bound"))?;
    prop_assert!(bound <= obj + tol(obj));
    Ok(obj)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn heuristic_plans_are_valid_and_keep_pins(seed in 0u64..1_000_000, sites in 1usize..6, vols in 1usize..25, days in 3u32..25) {
        let size = size(sites, vols, days);
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let g = valid(&inst, &greedy::solve(&inst, &SolveOptions::default()))?;
        let l = valid(&inst, &local::solve(&inst, &SolveOptions::default()))?;
        prop_assert!(l <= g + tol(g), "local {} worse than greedy {}", l, g);
    }

    #[test]
    fn heuristics_and_bound_sit_on_the_right_side_of_the_optimum(seed in 0u64..1_000_000, sites in 1usize..5, vols in 1usize..16, days in 3u32..16) {
        let size = size(sites, vols, days);
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let opt_out = ilp::solve(&inst, &exact());
        prop_assert_eq!(opt_out.status, Status::Optimal);
        let opt = objective(&inst, opt_out.plan.as_ref().ok_or_else(|| TestCaseError::fail("no ILP plan"))?);
        let g = valid(&inst, &greedy::solve(&inst, &SolveOptions::default()))?;
        let l = valid(&inst, &local::solve(&inst, &SolveOptions::default()))?;
        prop_assert!(g >= opt - tol(opt), "greedy {} below the optimum {}", g, opt);
        prop_assert!(l >= opt - tol(opt), "local {} below the optimum {}", l, opt);
        prop_assert!(l <= g + tol(g), "local {} worse than greedy {}", l, g);
        let lb = bound::lower_bound(&inst);
        prop_assert!(lb <= opt + tol(opt), "bound {} above the optimum {}", lb, opt);
    }

    /// From a caller's plan (the pins alone, or the greedy plan), the local search returns a
    /// valid plan with every pin, never worse than the plan it started from.
    #[test]
    fn local_search_from_a_given_plan_never_makes_it_worse(seed in 0u64..1_000_000, sites in 1usize..6, vols in 1usize..25, days in 3u32..25) {
        let size = size(sites, vols, days);
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let greedy_plan = greedy::solve(&inst, &SolveOptions::default()).plan.expect("greedy plan");
        for start in [ds.pinned_plan(), greedy_plan] {
            let start_obj = objective(&inst, &start);
            let opts = SolveOptions { initial: Some(std::sync::Arc::new(start)), effort: 0.2, ..SolveOptions::default() };
            let l = valid(&inst, &local::solve(&inst, &opts))?;
            prop_assert!(l <= start_obj + tol(start_obj), "local {} worse than its start {}", l, start_obj);
        }
    }

    #[test]
    fn heuristics_are_deterministic(seed in 0u64..1_000_000, sites in 1usize..6, vols in 1usize..25, days in 3u32..25) {
        let size = size(sites, vols, days);
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let opts = SolveOptions::default();
        prop_assert_eq!(greedy::solve(&inst, &opts).plan, greedy::solve(&inst, &opts).plan);
        prop_assert_eq!(local::solve(&inst, &opts).plan, local::solve(&inst, &opts).plan);
    }
}

#[test]
fn facade_dispatches_on_the_kind() {
    let size = size(3, 10, 10);
    let (ds, policy) = random_instance(7, size);
    let inst = Instance::new(&ds, &policy, horizon_of(size));
    for (kind, name) in [
        (SolverKind::Greedy, "greedy"),
        (SolverKind::Local, "local"),
        (SolverKind::Ilp, "ilp"),
    ] {
        let out = renfort::solve(
            &inst,
            &SolveOptions {
                kind,
                ..Default::default()
            },
        );
        assert_eq!(out.solver, name);
    }
}

#[test]
fn binary_plans_with_local_search_and_the_shared_checker_agrees() {
    let small = common::manifest_dir().join("tests/data/small");
    for solver in ["local", "greedy"] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("p");
        let o = common::renfort(&[
            "plan",
            small.to_str().expect("utf-8 path"),
            "--solver",
            solver,
            "--out",
            out.to_str().expect("utf-8 path"),
            "--quiet",
        ]);
        assert!(
            o.status.success(),
            "{solver}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("summary"))
                .expect("json");
        assert_eq!(summary["solver"]["name"], solver);
        assert!(summary["solver"]["bound"].is_number());
        let o = common::renfort(&[
            "check",
            small.to_str().expect("utf-8"),
            out.to_str().expect("utf-8"),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
        let model = common::manifest_dir().join("models/default.toml");
        if let Some((code, text)) = common::run_shared_checker(&small, &model, &out, &[]) {
            assert_eq!(code, 0, "{solver}: {text}");
            assert!(text.contains("valid, summary consistent"), "{text}");
        }
    }
}
