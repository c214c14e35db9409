use super::*;
use crate::rules::Instance;
use crate::solve::highs_ffi;
use crate::solve::ilp::fixing::LpOptimum;
use crate::solve::ilp::rens;
use crate::solve::ilp::tests::exact_options;
use crate::solve::SolveOptions;
use crate::testkit::solver_instance;
use std::time::Instant;

/// The LP value HiGHS reaches from where the model is, and whether it is optimal (else
/// infeasible, or a failure the test reports).
fn solve(model: highs::Model) -> (highs::Model, Option<f64>) {
    let solved = model.try_solve().expect("HiGHS runs");
    let value = match highs_ffi::model_status(&solved) {
        highs_ffi::RawStatus::Optimal => Some(solved.objective_value()),
        highs_ffi::RawStatus::Infeasible => None,
        other => panic!("node LP ended {other:?}"),
    };
    (highs::Model::from(solved), value)
}

/// The root LP of a random instance as the search holds it: its optimum, the solved model
/// (presolve off) and a pricer for it; from seed 40 on with the root's cuts (see `cuts`),
/// whose rows the penalties then read too. None when the start finds no LP optimum.
fn root(
    seed: u64,
    sites: usize,
    vols: usize,
    days: u32,
) -> Option<(LpOptimum, highs::Model, Pricer)> {
    let (ds, policy, horizon) = solver_instance(seed, sites, vols, days);
    let inst = Instance::new(&ds, &policy, horizon);
    let opts = SolveOptions {
        branch_and_bound: true,
        root_cuts: seed >= 40,
        ..exact_options()
    };
    let start = rens::start_plan(&inst, &opts, Instant::now())?;
    let mut model = start.lp_model.expect("kept for the search");
    model.set_option("presolve", "off");
    let pricer = Pricer::new(&mut model).expect("row bounds");
    Some((start.lp, model, pricer))
}

/// The heart of the search's pruning: a penalty never exceeds what the child's LP really
/// adds. On random instances, for up to 25 fractional binaries each, both children are
/// solved and compared with the parent's value plus the penalty (an infeasible child is
/// above any bound). Also checks that the penalties are not all zero (a sign taken the
/// wrong way round would make them vanish, not fail).
#[test]
fn a_penalty_never_exceeds_the_child_lp() {
    let (mut checked, mut positive, mut would_prune, mut with_cuts) = (0, 0, 0, 0);
    for (seed, sites, vols, days) in (0..30)
        .map(|s| (s, 3, 8, 14))
        .chain((30..40).map(|s| (s, 4, 14, 20)))
        .chain((40..60).map(|s| (s, 4, 14, 20)))
    {
        let Some((lp, mut model, mut pricer)) = root(seed, sites, vols, days) else {
            continue;
        };
        let binaries: Vec<usize> = lp
            .c_cols
            .iter()
            .flatten()
            .flatten()
            .chain(lp.x_cols.iter().flatten())
            .copied()
            .collect();
        let mut tried = std::collections::HashSet::new();
        let mut parent = lp.bound;
        let mut values = lp.values.clone();
        for _ in 0..25 {
            let Some(&col) = binaries
                .iter()
                .find(|&&c| !tried.contains(&c) && (values[c] - values[c].round()).abs() > 1e-6)
            else {
                break;
            };
            tried.insert(col);
            let p = pricer.penalties(&mut model, col).expect("a basic column");
            assert!(p.down >= 0.0 && p.up >= 0.0, "{p:?}");
            for (side, penalty) in [(0.0, p.down), (1.0, p.up)] {
                highs_ffi::set_column_bounds(&mut model, &[(col, side, side)]);
                let (m, child) = solve(model);
                model = m;
                if let Some(child) = child {
                    let slack = 1e-6 * (1.0 + parent.abs());
                    assert!(
                        parent + penalty <= child + slack,
                        "seed {seed}, column {col} = {}: parent {parent} + penalty {penalty} \
                         > child {child}",
                        values[col]
                    );
                }
                checked += 1;
                if seed >= 40 {
                    with_cuts += 1;
                }
                if penalty > 1e-6 {
                    positive += 1;
                }
                if child.is_some_and(|c| c > parent + 1e-6) && penalty > 1e-6 {
                    would_prune += 1;
                }
            }
            // Back to the parent (maybe at another optimal vertex: any will do).
            highs_ffi::set_column_bounds(&mut model, &[(col, 0.0, 1.0)]);
            let solved = model.try_solve().expect("HiGHS runs");
            let status = highs_ffi::model_status(&solved);
            assert_eq!(
                status,
                highs_ffi::RawStatus::Optimal,
                "the parent LP is feasible"
            );
            parent = solved.objective_value();
            values = solved.get_solution().columns().to_vec();
            model = highs::Model::from(solved);
        }
    }
    assert!(checked > 100, "only {checked} children checked");
    assert!(
        with_cuts > 20,
        "only {with_cuts} children of LPs with cuts checked"
    );
    assert!(
        positive * 10 >= checked,
        "penalties positive on {positive} of {checked} children ({would_prune} where the \
         child's LP rose): a sign the wrong way round?"
    );
}

/// min −x + 3y, x − y ≤ 0.5 (or the same row times −1), x ∈ [0, 1], y ≥ 0: x = 0.5 is basic,
/// y and the row are nonbasic. Down (x = 0) only the row can move x, at its dual 1: the LP
/// rises by 0.5. Up (x = 1) only y can, at its reduced cost 2: it rises by 1. Both
/// penalties are exact here, and each depends on the row's sign being read right: the
/// test pins HiGHS's conventions (logicals s = −row activity, the row's dual sign).
#[test]
fn penalties_are_exact_on_a_one_row_lp_whichever_way_the_row_is_written() {
    for sign in [1.0, -1.0] {
        let mut pb = highs::RowProblem::default();
        let x = pb.add_column(-1.0, 0.0..=1.0);
        let y = pb.add_column(3.0, 0.0..);
        if sign > 0.0 {
            pb.add_row(..=0.5, [(x, 1.0), (y, -1.0)]);
        } else {
            pb.add_row(-0.5.., [(x, -1.0), (y, 1.0)]);
        }
        let mut model = pb.optimise(highs::Sense::Minimise);
        model.set_option("presolve", "off");
        model.set_option("output_flag", false);
        let (mut model, value) = solve(model);
        assert_eq!(value, Some(-0.5));
        let mut pricer = Pricer::new(&mut model).unwrap();
        let p = pricer.penalties(&mut model, 0).expect("x is basic");
        assert!((p.down - 0.5).abs() < 1e-9, "row sign {sign}: {p:?}");
        assert!((p.up - 1.0).abs() < 1e-9, "row sign {sign}: {p:?}");
    }
}

/// `penalties_of` reads the node's optimum once and prices each column exactly as
/// `penalties` does on its own (the search prices several candidates per node with it).
#[test]
fn pricing_several_columns_at_once_gives_each_its_own_penalties() {
    let mut compared = 0;
    for seed in 30..50 {
        let Some((lp, mut model, mut pricer)) = root(seed, 4, 14, 20) else {
            continue;
        };
        let values = &lp.values;
        let fractional: Vec<usize> = lp
            .x_cols
            .iter()
            .flatten()
            .chain(lp.c_cols.iter().flatten().flatten())
            .copied()
            .filter(|&c| (values[c] - values[c].round()).abs() > 1e-6)
            .take(12)
            .collect();
        let together = pricer.penalties_of(&mut model, &fractional);
        for (&col, p) in fractional.iter().zip(&together) {
            assert!(p.is_some(), "seed {seed}: column {col} not priced");
            assert_eq!(
                *p,
                pricer.penalties(&mut model, col),
                "seed {seed}, column {col}"
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "only {compared} columns compared");
}
