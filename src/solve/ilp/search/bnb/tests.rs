use super::*;
use crate::solve::ilp::fixing::LpOptimum;
use crate::solve::ilp::settings::SearchSettings;
use crate::solve::ilp::tests::exact_options;
use crate::solve::ilp::{exact, fixing::Fixings, rens};
use crate::solve::{greedy, SolveOptions};
use crate::testkit::solver_instance;
use std::time::Instant;

/// The options of the tests (exact, with the search), the optimum HiGHS proves (gap
/// 0), and the clock the start counts from.
fn optimum(inst: &Instance) -> (SolveOptions, f64, Instant) {
    let (opts, optimum, t0, _) = optimum_plan(inst);
    (opts, optimum, t0)
}

/// `optimum`, and the plan HiGHS proves optimal.
fn optimum_plan(inst: &Instance) -> (SolveOptions, f64, Instant, Plan) {
    let opts = SolveOptions {
        branch_and_bound: true,
        ..exact_options()
    };
    let t0 = Instant::now();
    let best = exact(inst, &opts, None, &Fixings::default(), t0);
    let plan = best.plan.expect("a plan");
    let optimum = metrics::compute(inst, &plan).objective(inst);
    (opts, optimum, t0, plan)
}

/// The LP-guided start (its LP kept for the search) and the greedy plan with its
/// objective, the search's incumbent in these tests; None if the LP isn't solved.
fn start_and_greedy(
    inst: &Instance,
    opts: &SolveOptions,
    t0: Instant,
) -> Option<(highs::Model, LpOptimum, Plan, f64)> {
    let start = rens::start_plan(inst, opts, t0)?;
    let greedy = greedy::solve(inst, opts).plan.expect("greedy plans");
    let upper = metrics::compute(inst, &greedy).objective(inst);
    let model = start.lp_model.expect("kept for the search");
    Some((model, start.lp, greedy, upper))
}

/// The search from `start_and_greedy`'s start at gap 0, out of budget after a few
/// nodes, with `polish` as the caller's polish (granted ample work) and `deadline`.
fn search_polished(
    inst: &Instance,
    (model, lp, greedy, upper): (highs::Model, LpOptimum, Plan, f64),
    deadline: Option<Instant>,
    polish: &mut dyn FnMut(&Plan) -> Plan,
) -> Search {
    let limits = Limits {
        max_work: 3 * NODE_WORK,
        deadline,
        ..Limits::none()
    };
    let polish = Some((polish, 1_000_000));
    let settings = SearchSettings::default();
    search(
        inst, model, &lp, greedy, upper, 0.0, limits, &settings, polish,
    )
}

/// Without a budget, the search from the greedy plan reaches the optimum that HiGHS
/// proves (gap 0), or a plan within the gap asked for (gap 1e-3), and its bound never
/// exceeds the optimum, also when the nodes' reduced costs fixed columns.
#[test]
fn search_reaches_the_optimum() {
    let (mut improved, mut branched, mut rc_fixed, mut pruned) = (0, 0, 0, 0);
    // Small instances, then larger ones where the search has more to branch on.
    let sizes = (0..40).map(|seed| (seed, 3, 6, 12));
    for (seed, sites, vols, days) in sizes.chain((40..52).map(|seed| (seed, 4, 14, 20))) {
        let (ds, policy, horizon) = solver_instance(seed, sites, vols, days);
        let inst = Instance::new(&ds, &policy, horizon);
        let (opts, optimum, t0) = optimum(&inst);
        for gap in [0.0, 1e-3] {
            let Some(start) = rens::start_plan(&inst, &opts, t0) else {
                continue;
            };
            let greedy = greedy::solve(&inst, &opts)
                .plan
                .expect("greedy always plans");
            let upper = metrics::compute(&inst, &greedy).objective(&inst);
            let lp_model = start.lp_model.expect("kept for the search");
            let found = search(
                &inst,
                lp_model,
                &start.lp,
                greedy,
                upper,
                gap,
                Limits::none(),
                &SearchSettings::default(),
                None,
            );
            let at = format!("seed {seed}, gap {gap}");
            assert!(found.proved, "{at}: not proved");
            assert!(hard::check(&inst, &found.plan).is_empty(), "{at}");
            let got = metrics::compute(&inst, &found.plan).objective(&inst);
            assert!((got - found.objective).abs() < 1e-6, "{at}");
            assert!(
                got <= optimum + gap * optimum.abs() + 1e-6,
                "{at}: {got} vs {optimum}"
            );
            assert!(
                found.bound <= optimum + 1e-6,
                "{at}: bound {} above the optimum {optimum}",
                found.bound
            );
            assert_eq!(
                found.penalty_overshoots, 0,
                "{at}: a penalty above a node's LP"
            );
            improved += usize::from(got < upper - 1e-6);
            branched += usize::from(found.nodes > 0);
            rc_fixed += usize::from(found.rc_fixed > 0);
            pruned += found.penalty_pruned;
        }
    }
    // The test means something only if the search branches, fixes columns by reduced
    // costs, drops children on their penalties and finds better plans.
    assert!(
        improved > 0 && branched > 0 && rc_fixed > 0 && pruned > 0,
        "improved {improved}, branched {branched}, fixed by reduced costs {rc_fixed}, \
         dropped on a penalty {pruned}"
    );
}

/// Renewal: a search that finds better plans goes on past its first work budget, one
/// that finds none stops at it; either way its bound stays valid. (Larger instances
/// than above: on those the root LP is mostly integral.)
#[test]
fn renewal_lets_an_improving_search_go_on() {
    let (mut longer, mut improved) = (0, 0);
    for seed in 60..80 {
        let (ds, policy, horizon) = solver_instance(seed, 6, 30, 28);
        let inst = Instance::new(&ds, &policy, horizon);
        let (opts, optimum, t0) = optimum(&inst);
        let run = |renew: Option<i64>| {
            let (model, lp, greedy, upper) = start_and_greedy(&inst, &opts, t0)?;
            let limits = Limits {
                max_work: 3 * NODE_WORK,
                renew,
                ..Limits::none()
            };
            Some((
                search(
                    &inst,
                    model,
                    &lp,
                    greedy,
                    upper,
                    0.0,
                    limits,
                    &opts.tuning.search,
                    None,
                ),
                upper,
            ))
        };
        let (Some((plain, upper)), Some((renewed, _))) = (run(None), run(Some(3 * NODE_WORK)))
        else {
            continue;
        };
        for found in [&plain, &renewed] {
            assert!(
                found.bound <= optimum + 1e-6,
                "seed {seed}: bound above optimum"
            );
            assert!(hard::check(&inst, &found.plan).is_empty(), "seed {seed}");
        }
        // Without renewal the work budget stops the search: each node LP counts at least
        // NODE_WORK, and none starts once the work reaches 3 * NODE_WORK, so at most 3 are
        // solved (whatever their iterations).
        assert!(
            plain.nodes <= 3,
            "seed {seed}: {} nodes, work {}",
            plain.nodes,
            plain.work()
        );
        if plain.objective < upper - 1e-6 {
            improved += 1;
            assert!(renewed.nodes >= plain.nodes, "seed {seed}");
        } else if !plain.proved {
            // No better plan: nothing is granted again.
            assert_eq!(renewed.nodes, plain.nodes, "seed {seed}");
        }
        longer += usize::from(renewed.nodes > plain.nodes);
    }
    assert!(
        improved > 0 && longer > 0,
        "improved {improved}, longer {longer}"
    );
}

/// Out of budget, the search polishes its best plan once: a better plan (here the
/// optimum HiGHS proves) lets it go on with the work granted; the same plan stops it
/// where it would have stopped anyway. Either way its plan is valid and its bound never
/// exceeds the optimum.
#[test]
fn polish_once_when_out_of_budget() {
    let (mut went_on, mut polished) = (0, 0);
    for seed in 60..76 {
        let (ds, policy, horizon) = solver_instance(seed, 6, 30, 28);
        let inst = Instance::new(&ds, &policy, horizon);
        let (opts, optimum, t0, best) = optimum_plan(&inst);
        let run = |better: bool| {
            let start = start_and_greedy(&inst, &opts, t0)?;
            let mut calls = 0;
            let mut polish = |p: &Plan| {
                calls += 1;
                if better {
                    best.clone()
                } else {
                    p.clone()
                }
            };
            let found = search_polished(&inst, start, None, &mut polish);
            Some((found, calls))
        };
        let (Some((same, same_calls)), Some((on, on_calls))) = (run(false), run(true)) else {
            continue;
        };
        for (found, calls) in [(&same, same_calls), (&on, on_calls)] {
            assert!(calls <= 1, "seed {seed}: polished {calls} times");
            assert_eq!(found.polished, calls == 1, "seed {seed}");
            assert!(
                found.bound <= optimum + 1e-6,
                "seed {seed}: bound above optimum"
            );
            assert!(hard::check(&inst, &found.plan).is_empty(), "seed {seed}");
        }
        polished += usize::from(on.polished);
        if on.polished && same.objective > optimum + 1e-6 {
            // The polish gave a better plan (the optimum): with the work granted, the
            // search goes on and proves it.
            assert!(on.objective <= optimum + 1e-6, "seed {seed}");
            assert!(
                on.proved,
                "seed {seed}: not proved with the optimum in hand"
            );
            assert!(on.nodes >= same.nodes, "seed {seed}");
            went_on += 1;
        }
    }
    assert!(
        polished > 0 && went_on > 0,
        "polished {polished}, went on {went_on}"
    );
}

/// Regression: a polish that found a better plan but ended past the deadline used to
/// be dropped (the search stopped with its own plan, and the caller, seeing the search
/// had polished, did not polish again): the search now keeps it.
#[test]
fn better_polish_past_the_deadline_is_kept() {
    for seed in 60..76 {
        let (ds, policy, horizon) = solver_instance(seed, 6, 30, 28);
        let inst = Instance::new(&ds, &policy, horizon);
        let (opts, optimum, t0, best) = optimum_plan(&inst);
        let Some(start) = start_and_greedy(&inst, &opts, t0) else {
            continue;
        };
        let greedy_objective = start.3;
        if greedy_objective <= optimum + 1e-6 {
            continue; // nothing for the polish to improve
        }
        let deadline = Instant::now() + std::time::Duration::from_millis(500);
        // A polish that returns the optimum once the deadline has passed.
        let mut polish = |_: &Plan| {
            while Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            best.clone()
        };
        let found = search_polished(&inst, start, Some(deadline), &mut polish);
        if !found.polished {
            continue; // proved or exhausted within the budget
        }
        assert!(
            found.objective <= optimum + 1e-6,
            "seed {seed}: polished plan dropped"
        );
        assert!(hard::check(&inst, &found.plan).is_empty(), "seed {seed}");
        assert!(found.bound <= optimum + 1e-6, "seed {seed}");
        return;
    }
    panic!("no seed where the search ran out of budget before a better plan");
}

/// The search stops on its work, never on the clock, except at the caller's deadline:
/// the same input gets the same search however busy the machine.
#[test]
fn only_the_deadline_is_a_clock() {
    let now = Instant::now();
    let later = now + std::time::Duration::from_secs(3600);
    let mut limits = Limits {
        max_work: 1000,
        renew: Some(500),
        ..Limits::none()
    };
    assert!(
        !limits.reached(999, later),
        "no deadline: time alone never stops it"
    );
    assert!(limits.reached(1000, now));
    limits.renew_after(900);
    assert_eq!(limits.max_work, 1400, "granted again from the work done");
    limits.renew_after(100);
    assert_eq!(limits.max_work, 1400, "never taken back");
    let limits = Limits {
        deadline: Some(now),
        ..limits
    };
    assert!(limits.reached(0, later), "the deadline stops it");
}

/// The cutoff is the objective below which a plan can still change the verdict: one
/// at it is proved within the gap by a bound at it.
#[test]
fn cutoff_proves_the_gap() {
    for (upper, gap) in [
        (100.0, 1e-4),
        (190_796.473, 1e-4),
        (5.0, 0.0),
        (-10.0, 1e-3),
    ] {
        let cut = cutoff(upper, gap);
        assert!(cut <= upper, "{upper} {gap}");
        assert!(relative_gap(upper, cut) <= gap, "{upper} {gap}: {cut}");
    }
}

/// Reduced-cost fixing: a column at 0 is fixed only when its reduced cost takes the LP
/// value past the cutoff, a column at 1 the other way round, a fractional or already
/// decided column never.
#[test]
fn rc_fixes_only_what_the_cutoff_rules_out() {
    let cols = [0, 1, 2, 3, 4, 5, 6];
    let values = [0.0, 0.0, 1.0, 1.0, 0.5, 0.0, 0.0];
    let reduced = [3.0, 1.0, -3.0, -1.0, 0.0, 5.0, 1.5];
    let known = HashMap::from([(5, 0.0)]);
    // LP value 100, cutoff 102: room 2 (plus the float slack).
    let fixed = rc_fixes(&cols, &values, &reduced, 100.0, 102.0, &known);
    assert_eq!(fixed, vec![(0, 0.0), (2, 1.0)]);
    // A cutoff at the LP value: every nonzero reduced cost rules out.
    let fixed = rc_fixes(&cols, &values, &reduced, 100.0, 100.0, &known);
    assert_eq!(
        fixed,
        vec![(0, 0.0), (1, 0.0), (2, 1.0), (3, 1.0), (6, 0.0)]
    );
}
