use super::*;
use crate::model::{Assignment, Plan};
use crate::rules::{metrics, Instance};
use crate::solve::ilp::tests::{exact_options, plan_fixes};
use crate::solve::ilp::{build, rens};
use crate::solve::{greedy, Formulation, SolveOptions};
use crate::testkit::solver_instance;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// A row given by hand: lower, upper, entries (column, coefficient).
type HandRow<'a> = (f64, f64, &'a [(usize, f64)]);

/// Rows given by hand.
fn rows(list: &[HandRow]) -> Rows {
    let mut r = Rows {
        lower: Vec::new(),
        upper: Vec::new(),
        start: vec![0],
        index: Vec::new(),
        coef: Vec::new(),
    };
    for &(l, u, entries) in list {
        r.lower.push(l);
        r.upper.push(u);
        for &(j, a) in entries {
            r.index.push(j as i32);
            r.coef.push(a);
        }
        r.start.push(r.index.len() as i32);
    }
    r
}

/// The textbook case: three binaries pairwise exclusive (an odd cycle). The LP takes a half
/// of each; half the sum of the three rows, rounded down, is x0 + x1 + x2 ≤ 1.
#[test]
fn an_odd_cycle_gives_its_zero_half_cut() {
    let inf = f64::INFINITY;
    let r = rows(&[
        (-inf, 1.0, &[(0, 1.0), (1, 1.0)]),
        (-inf, 1.0, &[(1, 1.0), (2, 1.0)]),
        (-inf, 1.0, &[(0, 1.0), (2, 1.0)]),
    ]);
    let (lower, upper) = (vec![0.0; 3], vec![1.0; 3]);
    let cuts = separate(&r, &lower, &upper, &[0.5, 0.5, 0.5]);
    assert_eq!(
        cuts,
        vec![Cut {
            entries: vec![(0, 1), (1, 1), (2, 1)],
            rhs: 1
        }]
    );
    assert!((cuts[0].violation(&[0.5, 0.5, 0.5]) - 0.5).abs() < 1e-12);
    // At an integral point nothing is cut off.
    assert!(separate(&r, &lower, &upper, &[1.0, 0.0, 0.0]).is_empty());
    // An even cycle has no such cut (the halves are a convex combination of plans).
    let even = rows(&[
        (-inf, 1.0, &[(0, 1.0), (1, 1.0)]),
        (-inf, 1.0, &[(1, 1.0), (2, 1.0)]),
        (-inf, 1.0, &[(2, 1.0), (3, 1.0)]),
        (-inf, 1.0, &[(0, 1.0), (3, 1.0)]),
    ]);
    let x = [0.5; 4];
    assert!(separate(&even, &[0.0; 4], &[1.0; 4], &x).is_empty());
}

/// A column at its upper bound evens out with x ≤ 1, whose right-hand side counts in the
/// parity: x0 + x1 ≤ 1 and x1 + x2 ≤ 1 and x0 + x2 + y ≤ 2 with y at 1 is the odd cycle
/// again (x0 + x1 + x2 ≤ 1), not a cut with y in it.
#[test]
fn a_column_at_its_upper_bound_counts_its_bound_in_the_parity() {
    let inf = f64::INFINITY;
    let r = rows(&[
        (-inf, 1.0, &[(0, 1.0), (1, 1.0)]),
        (-inf, 1.0, &[(1, 1.0), (2, 1.0)]),
        (-inf, 2.0, &[(0, 1.0), (2, 1.0), (3, 1.0)]),
    ]);
    let x = [0.5, 0.5, 0.5, 1.0];
    let cuts = separate(&r, &[0.0; 4], &[1.0; 4], &x);
    assert_eq!(cuts.len(), 1);
    // Half of (2x0 + 2x1 + 2x2 + y ≤ 4) with y evened out by y ≤ 1: x0 + x1 + x2 + y ≤ 2.
    assert_eq!(cuts[0].entries, vec![(0, 1), (1, 1), (2, 1), (3, 1)]);
    assert_eq!(cuts[0].rhs, 2);
    // Every 0/1 point of the rows satisfies it.
    for bits in 0..16u32 {
        let p: Vec<f64> = (0..4).map(|j| f64::from((bits >> j) & 1)).collect();
        let fits = (0..3).all(|i| {
            let s = r.start[i] as usize..r.start[i + 1] as usize;
            s.map(|k| r.coef[k] * p[r.index[k] as usize]).sum::<f64>() <= r.upper[i]
        });
        if fits {
            assert!(cuts[0].violation(&p) <= 0.0, "cuts off the plan {p:?}");
        }
    }
}

/// What makes the cuts safe for the search: on random instances, after the root's rounds,
/// (1) the LP bound is still at most the optimum (solved exactly, gap 0), and (2) with x
/// fixed to a plan (the optimum, and parts of the greedy plan), the LP with the cuts still
/// prices it at its objective: no cut removes a plan's cheapest completion. Also checks
/// that cuts were found and raised the bound on some instances (else it tests nothing).
#[test]
fn cuts_keep_every_plans_objective() {
    let mut r = ChaCha8Rng::seed_from_u64(11);
    let (mut with_cuts, mut raised, mut priced) = (0, 0, 0);
    for seed in 0..30 {
        let (ds, policy, horizon) = solver_instance(seed, 4, 14, 20);
        let inst = Instance::new(&ds, &policy, horizon);
        let opts = SolveOptions {
            branch_and_bound: true,
            ..exact_options()
        };
        let Some(start) = rens::start_plan(&inst, &opts, Instant::now()) else {
            continue;
        };
        let optimum = crate::solve::ilp::solve(&inst, &exact_options());
        let Some(best) = optimum.plan else { continue };
        let best_obj = metrics::compute(&inst, &best).objective(&inst);
        let mut model = start.lp_model.expect("kept for the search");
        let solved = model.try_solve().expect("HiGHS runs");
        let bound = solved.objective_value();
        let n_rows = solved.get_solution().rows().len();
        let built = build(&inst, Formulation::Schedules);
        let (plain_rows, offset) = (built.stats.rows, built.offset);
        let mut uncut = built.problem.into_inner();
        uncut.set_option("output_flag", false);
        let binaries: Vec<usize> = start.lp.x_cols.iter().flatten().copied().collect();
        let cs: Vec<usize> = start
            .lp
            .c_cols
            .iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        highs_ffi::set_integrality(&mut uncut, &[binaries, cs].concat(), false);
        let uncut_bound = uncut.solve().objective_value() + offset;
        if n_rows > plain_rows {
            with_cuts += 1;
            if bound > uncut_bound + 1e-6 {
                raised += 1;
            }
        }
        assert!(
            bound <= best_obj + 1e-6 * (1.0 + best_obj.abs()),
            "seed {seed}: the LP with cuts {bound} is above the optimum {best_obj}"
        );
        model = highs::Model::from(solved);
        let greedy = greedy::solve(&inst, &SolveOptions::default())
            .plan
            .unwrap_or_else(|| Plan::new(Vec::new()));
        let mut plans = vec![best];
        for part in 0..4 {
            let keep = 1.0 - part as f64 / 4.0;
            let kept: Vec<Assignment> = greedy
                .assignments()
                .iter()
                .filter(|_| r.gen_bool(keep))
                .copied()
                .collect();
            plans.push(Plan::new(kept));
        }
        for plan in plans {
            let want = metrics::compute(&inst, &plan).objective(&inst);
            let fixes = plan_fixes(&inst, &start.lp.x_cols, &plan);
            highs_ffi::fix_columns(&mut model, &fixes);
            let solved = model.try_solve().expect("HiGHS runs");
            assert_eq!(
                highs_ffi::model_status(&solved),
                highs_ffi::RawStatus::Optimal,
                "seed {seed}: a cut makes the plan infeasible"
            );
            let got = solved.objective_value();
            assert!(
                (got - want).abs() <= 1e-6 * (1.0 + want.abs()),
                "seed {seed}: the LP with cuts prices the plan {got}, the contract {want}"
            );
            priced += 1;
            model = highs::Model::from(solved);
        }
    }
    assert!(priced > 100, "only {priced} plans priced");
    assert!(
        with_cuts >= 5 && raised >= 3,
        "cuts on {with_cuts} instances, the bound raised on {raised}"
    );
}
