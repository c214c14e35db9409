//! The callback's stop and the time left of a hot model, on a small knapsack.

use super::edit::run_time;
use super::*;

#[test]
fn stop_is_reached_by_a_plan_within_the_target_or_a_closed_gap_beyond_it() {
    let stop = Stop {
        target: 100.0,
        gap: 0.01,
    };
    // No plan yet: never.
    assert!(!stop.reached(None, Some(99.0)));
    // A plan within the target: at once, whatever the bound.
    assert!(stop.reached(Some(100.0), None));
    assert!(stop.reached(Some(99.5), Some(50.0)));
    // Beyond the target while the bound still allows a plan within it: go on, even
    // with the MIP's own gap closed.
    assert!(!stop.reached(Some(100.5), Some(99.9)));
    // Bound beyond the target: the MIP's own gap decides.
    assert!(stop.reached(Some(101.0), Some(100.5)));
    assert!(!stop.reached(Some(110.0), Some(100.5)));
}

/// A 0/1 knapsack (as a minimisation) HiGHS does not solve at its first plan.
fn knapsack() -> highs::Model {
    let mut pb = highs::RowProblem::default();
    let items: Vec<(f64, f64)> = (0..30)
        .map(|i| (10.0 + ((i * 37) % 23) as f64, 5.0 + ((i * 53) % 19) as f64))
        .collect();
    let cols: Vec<_> = items
        .iter()
        .map(|&(value, _)| pb.add_integer_column(-value, 0..=1))
        .collect();
    let weights = cols.iter().zip(&items).map(|(&c, &(_, w))| (c, w));
    pb.add_row(..=97.0, weights);
    let mut model = pb.optimise(highs::Sense::Minimise);
    model.make_quiet();
    model.set_option("threads", 1i32);
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("presolve", "off");
    model
}

#[test]
fn stop_interrupts_the_mip_at_a_plan_within_the_target() {
    // Any plan is within this target: HiGHS stops at its first one.
    let mut model = knapsack();
    let stop = Stop {
        target: 0.0,
        gap: 0.0,
    };
    let guard = install(&mut model, None, Some(stop), None);
    let solved = model.solve();
    drop(guard);
    assert_eq!(model_status(&solved), RawStatus::Limit);
    assert!(solved.objective_value() <= 0.0);
    // A target no plan reaches, every bound beyond it: the MIP's own gap (0) ends it.
    let mut model = knapsack();
    let stop = Stop {
        target: -1e9,
        gap: 0.0,
    };
    let guard = install(&mut model, None, Some(stop), None);
    let optimal = model.solve();
    drop(guard);
    assert_eq!(model_status(&optimal), RawStatus::Optimal);
    // The interrupted plan is not the optimum (so the stop did cut the search short).
    assert!(optimal.objective_value() < solved.objective_value());
}

/// Regression: the branch-and-bound gave each node "time_limit = what is
/// left", but HiGHS's clock adds up the runs of a hot model, so nodes stopped at once
/// once the model had run longer than what was left (x295-s56: 6 nodes instead of the
/// 12 that prove the plan).
#[test]
fn regression_time_left_counts_from_the_clock_of_a_hot_model() {
    let solved = knapsack().solve();
    let mut model = highs::Model::from(solved);
    let spent = run_time(&mut model);
    assert!(spent > 0.0);
    set_time_left(&mut model, 5.0);
    let mut limit = 0.0;
    // SAFETY: live model pointer; the name is NUL-terminated; `limit` outlives the call.
    unsafe {
        highs_sys::Highs_getDoubleOptionValue(
            model.as_mut_ptr(),
            c"time_limit".as_ptr(),
            &mut limit,
        );
    }
    assert!(
        (limit - (spent + 5.0)).abs() < 1e-9,
        "{limit} vs {spent} + 5"
    );
    // The clock does add up runs (what the function is for): a second run of the same
    // model starts from the first one's time.
    let again = model.solve();
    let mut model = highs::Model::from(again);
    assert!(run_time(&mut model) >= spent);
}
