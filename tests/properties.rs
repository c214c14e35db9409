//! Property tests on random small instances: every plan the engine returns keeps H1–H6 (by
//! renfort's own check and by the shared checker), the ILP's own objective equals the
//! contract's recomputed one, and on tiny instances the ILP equals an exhaustive search.

mod common;

use proptest::prelude::*;
use renfort::model::Plan;
use renfort::rules::{hard, metrics};
use renfort::solve::{Formulation, SolveOptions, Status};
use renfort::testkit::{horizon_of, random_instance, Size};
use renfort::Instance;

fn exact(formulation: Formulation) -> SolveOptions {
    SolveOptions {
        mip_rel_gap: 0.0,
        threads: Some(1),
        formulation,
        lp_start: false,
        ..Default::default()
    }
}

/// Every formulation alone (schedules with and without the block pairs), the LP-guided
/// start alone, then with reduced-cost fixing, then with the own branch-and-bound too (the
/// default).
fn configurations() -> [SolveOptions; 7] {
    [
        exact(Formulation::Plain),
        exact(Formulation::Tight),
        exact(Formulation::Schedules),
        SolveOptions {
            block_pairs: false,
            ..exact(Formulation::Schedules)
        },
        SolveOptions {
            lp_start: true,
            rc_fixing: false,
            branch_and_bound: false,
            ..exact(Formulation::Schedules)
        },
        SolveOptions {
            lp_start: true,
            rc_fixing: true,
            branch_and_bound: false,
            ..exact(Formulation::Schedules)
        },
        SolveOptions {
            lp_start: true,
            rc_fixing: true,
            branch_and_bound: true,
            ..exact(Formulation::Schedules)
        },
    ]
}

/// Every configuration returns an optimal, valid plan whose objective the model states
/// exactly (when a MIP ran) and whose bound equals it.
fn every_configuration_is_exact(
    seed: u64,
    sites: usize,
    vols: usize,
    days: u32,
) -> Result<(), TestCaseError> {
    let size = Size {
        zones: 2.min(sites),
        sites,
        volunteers: vols,
        days,
        offer: 0.35,
    };
    let (ds, policy) = random_instance(seed, size);
    let inst = Instance::new(&ds, &policy, horizon_of(size));
    for opts in configurations() {
        let f = (
            opts.formulation,
            opts.lp_start,
            opts.branch_and_bound,
            opts.block_pairs,
        );
        let out = renfort::solve(&inst, &opts);
        prop_assert_eq!(out.status, Status::Optimal);
        let plan = out.plan.expect("a plan");
        let violations = hard::check(&inst, &plan);
        prop_assert!(violations.is_empty(), "{:?}", violations);
        let obj = metrics::compute(&inst, &plan).objective(&inst);
        // No MIP runs when nothing can be assigned, or when the LP bound or renfort's own
        // branch-and-bound proves the start optimal.
        if let Some(model_obj) = out.stats.solver_objective {
            prop_assert!(
                (obj - model_obj).abs() <= 1e-6 * obj.abs().max(1.0),
                "contract {} vs model {}",
                obj,
                model_obj
            );
        } else {
            prop_assert!(
                out.stats.proved_without_mip(),
                "{:?}: no solver objective",
                f
            );
        }
        let bound = out.bound.expect("bound");
        prop_assert!(bound <= obj + 1e-6);
        // Optimal with gap 0 asked: the bound is the objective (catches a bound missing the
        // objective's constant part).
        prop_assert!(
            (obj - bound).abs() <= 1e-6 * obj.abs().max(1.0),
            "{:?}: objective {} bound {}",
            f,
            obj,
            bound
        );
    }
    Ok(())
}

/// CI of 2026-11-23 (proptest seed 155032): renfort's own branch-and-bound proved the plan,
/// so no MIP ran and there was no solver objective, which the property did not allow.
#[test]
fn regression_branch_and_bound_proof_has_no_solver_objective() {
    every_configuration_is_exact(155032, 3, 12, 12).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ilp_plans_are_valid_and_exactly_modelled(seed in 0u64..1_000_000, sites in 1usize..5, vols in 1usize..14, days in 3u32..15) {
        every_configuration_is_exact(seed, sites, vols, days)?;
    }

    #[test]
    fn ilp_equals_exhaustive_search_on_tiny_instances(seed in 0u64..1_000_000, sites in 1usize..3, vols in 1usize..4, days in 3u32..7) {
        let size = Size { zones: 1, sites, volunteers: vols, days, offer: 0.45 };
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        prop_assume!(inst.candidates().len() <= 14);
        let best = common::brute_force(&inst);
        for opts in configurations() {
            let f = (opts.formulation, opts.lp_start, opts.block_pairs);
            let out = renfort::solve(&inst, &opts);
            let plan = out.plan.expect("a plan");
            let ilp = metrics::compute(&inst, &plan).objective(&inst);
            prop_assert!((ilp - best).abs() <= 1e-6 * best.abs().max(1.0), "{:?}: ILP {} vs exhaustive {}", f, ilp, best);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// Solving independent components apart gives the same optimum, a valid plan, and a
    /// bound that is the sum of the parts' bounds.
    #[test]
    fn components_solved_apart_give_the_same_optimum(seed in 0u64..1_000_000, sites in 2usize..7, vols in 2usize..12, days in 4u32..12) {
        let size = Size { zones: 2, sites, volunteers: vols, days, offer: 0.3 };
        let (mut ds, policy) = random_instance(seed, size);
        // Short reach makes several components likely.
        for v in &mut ds.volunteers {
            v.max_km = v.max_km.min(45.0);
        }
        ds.pinned.clear();
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let whole = renfort::solve(&inst, &exact(Formulation::Tight));
        let parts = renfort::solve(&inst, &SolveOptions { decompose: true, ..exact(Formulation::Tight) });
        let plan = parts.plan.expect("plan");
        prop_assert!(hard::check(&inst, &plan).is_empty());
        let (a, b) = (metrics::compute(&inst, whole.plan.as_ref().unwrap()).objective(&inst), metrics::compute(&inst, &plan).objective(&inst));
        prop_assert!((a - b).abs() <= 1e-6 * a.abs().max(1.0), "whole {} parts {} ({} parts)", a, b, parts.stats.components);
        prop_assert_eq!(parts.status, Status::Optimal);
        let bound = parts.bound.expect("bound");
        prop_assert!((bound - b).abs() <= 1e-6 * b.abs().max(1.0), "bound {} objective {}", bound, b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// A warm start (the optimum itself, or a worse valid plan) never changes the optimum.
    #[test]
    fn warm_start_keeps_the_optimum(seed in 0u64..1_000_000, sites in 1usize..5, vols in 2usize..12, days in 4u32..12) {
        let size = Size { zones: 2.min(sites), sites, volunteers: vols, days, offer: 0.35 };
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let cold = renfort::solve(&inst, &exact(Formulation::Tight));
        let best = cold.plan.clone().expect("plan");
        let best_obj = metrics::compute(&inst, &best).objective(&inst);
        let pins = Plan::new(ds.pinned.keys().copied().collect());
        for start in [best, pins] {
            let opts = SolveOptions { initial: Some(std::sync::Arc::new(start)), ..exact(Formulation::Tight) };
            let warm = renfort::solve(&inst, &opts);
            let plan = warm.plan.expect("plan");
            prop_assert!(hard::check(&inst, &plan).is_empty());
            let obj = metrics::compute(&inst, &plan).objective(&inst);
            prop_assert!((obj - best_obj).abs() <= 1e-6 * best_obj.abs().max(1.0), "warm {} cold {}", obj, best_obj);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// `auto` (a heuristic plan, then the ILP warm-started from it) ends at the exact optimum.
    #[test]
    fn auto_reaches_the_exact_optimum(seed in 0u64..1_000_000, sites in 1usize..5, vols in 2usize..14, days in 4u32..14) {
        let size = Size { zones: 2.min(sites), sites, volunteers: vols, days, offer: 0.35 };
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let exact_obj = metrics::compute(&inst, &renfort::solve(&inst, &exact(Formulation::Tight)).plan.unwrap()).objective(&inst);
        let out = renfort::solve(&inst, &SolveOptions { kind: renfort::solve::SolverKind::Auto, ..exact(Formulation::Tight) });
        prop_assert_eq!(out.status, Status::Optimal);
        let plan = out.plan.expect("plan");
        prop_assert!(hard::check(&inst, &plan).is_empty());
        let obj = metrics::compute(&inst, &plan).objective(&inst);
        prop_assert!((obj - exact_obj).abs() <= 1e-6 * exact_obj.abs().max(1.0), "auto {} exact {}", obj, exact_obj);
    }
}

/// The binary's plans on random instances pass the shared checker (an independent reading
/// of the contract), summary included.
#[test]
fn random_plans_pass_the_shared_checker() {
    if !common::prerequisite(
        common::shared_checker().is_some(),
        "../shared/tools/validate_plan.py",
    ) {
        return;
    }
    for seed in 0..10u64 {
        let size = Size {
            zones: 2,
            sites: 4,
            volunteers: 12,
            days: 14,
            offer: 0.35,
        };
        let (ds, policy) = random_instance(1000 + seed, size);
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        renfort::io::write_dataset(&ds, &data).unwrap();
        let model = tmp.path().join("model.toml");
        std::fs::write(&model, common::policy_toml(&policy)).unwrap();
        let out = tmp.path().join("out");
        let h = horizon_of(size);
        let (from, to) = (h.first.to_string(), h.last.to_string());
        let o = common::renfort(&[
            "plan",
            data.to_str().unwrap(),
            "--model",
            model.to_str().unwrap(),
            "--from",
            &from,
            "--to",
            &to,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]);
        assert!(
            o.status.success(),
            "seed {seed}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let (code, text) =
            common::run_shared_checker(&data, &model, &out, &["--from", &from, "--to", &to])
                .unwrap();
        assert_eq!(code, 0, "seed {seed}: shared checker says:\n{text}");
        assert!(text.contains("valid, summary consistent"), "{text}");
        let o = common::renfort(&[
            "check",
            data.to_str().unwrap(),
            out.to_str().unwrap(),
            "--model",
            model.to_str().unwrap(),
            "--from",
            &from,
            "--to",
            &to,
        ]);
        assert!(
            o.status.success(),
            "seed {seed}: renfort check: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
}
