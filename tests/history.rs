//! Contract v2: the history before the horizon. A golden case worked out by hand, then
//! properties on random small instances with random histories: the ILP (every formulation)
//! equals an exhaustive search, plans pass `check` and the shared checker, and at sites with a
//! vacation in the history, two periods planned one after the other add up to both planned at
//! once with the same assignments.

mod common;

use proptest::prelude::*;
use renfort::io::{load_dataset, read_plan};
use renfort::model::{Assignment, HistoryOrigin, PastVisit, Plan, Policy};
use renfort::rules::{hard, metrics};
use renfort::solve::{Formulation, SolveOptions, Status};
use renfort::testkit::{add_history, horizon_of, random_instance, ymd, Mix, Size};
use renfort::{Horizon, Instance};
use std::path::PathBuf;

fn golden_history() -> PathBuf {
    common::manifest_dir().join("tests/data/golden-history")
}

fn week() -> Horizon {
    Horizon::range(ymd(2026, 12, 7), ymd(2026, 12, 13)).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Golden: tests/data/golden (one site, the week of 7-13 December, see tests/golden.rs) with a
// history: V9 (no longer a volunteer) at S1 on Mon 30 Nov, V1 at S1 on Thu 3 Dec.
//
// L(S1) = Thu 3 Dec; the service days strictly between it and Mon 7 are Fri 4 (the weekend is
// not an opening day): c(S1) = 1. V1 worked 1 day of December already: 1 day left (cap 2).

/// The hand-made plan (V1 Mon 7, V2 Wed 9 and Thu 10), by hand under contract v2.
#[test]
fn golden_history_hand_made_plan() {
    let ds = load_dataset(&golden_history()).unwrap();
    let policy = Policy::default();
    let inst = Instance::new(&ds, &policy, week());
    assert_eq!(inst.carried_gap(0), Some(1));
    assert_eq!(inst.last_before(0), Some(ymd(2026, 12, 3)));
    let plan = read_plan(
        &ds,
        &common::manifest_dir().join("tests/data/golden/handmade-plan"),
    )
    .unwrap()
    .plan;
    assert!(hard::check(&inst, &plan).is_empty());
    let m = metrics::compute(&inst, &plan);
    // Runs [Mon] [Wed Thu]; c = 1, so the first run does not continue the history's: 2.
    assert_eq!(m.breaks, 2);
    assert_eq!(m.long_gap_excess, 0); // the only gap, Tue, is 1 day
    assert_eq!(m.longest_gap, 1); // the carried gap closed before the week: not counted
    assert_eq!(m.new_pairs, 1); // V1 returns to S1; V2 is new there
                                // golden.rs's 4128 for this plan without history, with one break more: + 50.
    assert_eq!(m.objective(&inst), 4178.0);
}

/// The optimum by hand. V1 has one day left. V1 on Tue 8 makes one run Tue-Thu: one break
/// (c = 1, so it does not continue the history's run), and the leading gap, Mon, continues
/// the carried one (1 + 1 = 2 ≤ 3: no excess). V1 on Mon 7 makes two runs: two breaks. So V1
/// Tue 8, V2 Wed 9 and Thu 10: uncovered Mon (1) and Wed's second doctor (1), priority 2:
/// 4000; one break 50; travel 0.1 × (80 + 200) = 28; beds 5 × 2; V2's misses 20 × 2: 4128.
#[test]
fn golden_history_optimal_plan_by_file_and_by_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let want = "date,site_id,volunteer_id\n2026-12-08,S1,V1\n2026-12-09,S1,V2\n2026-12-10,S1,V2\n";
    let golden = common::manifest_dir().join("tests/data/golden");
    let previous = golden_history().join("previous-plan");
    for (name, dataset, extra) in [
        ("file", golden_history(), vec![]),
        (
            "flag",
            golden.clone(),
            vec!["--history".to_owned(), previous.display().to_string()],
        ),
    ] {
        let out = tmp.path().join(name);
        let mut args = vec![
            "plan".to_owned(),
            dataset.display().to_string(),
            "--from".into(),
            "2026-12-07".into(),
            "--to".into(),
            "2026-12-13".into(),
            "--out".into(),
            out.display().to_string(),
            "--quiet".into(),
        ];
        args.extend(extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = common::renfort(&args);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // The contract's three columns (renfort adds more).
        let got = std::fs::read_to_string(out.join("plan.csv")).unwrap();
        let got: String = got
            .lines()
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(",") + "\n")
            .collect();
        assert_eq!(got, want, "{name}");
        let s: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        assert_eq!(s["objective"].as_f64().unwrap(), 4128.0, "{name}");
        assert_eq!(s["solver"]["status"], "optimal");
        assert_eq!(s["metrics"]["breaks"].as_u64(), Some(1));
        assert_eq!(s["metrics"]["longest_gap"].as_u64(), Some(2)); // c + Mon
        assert_eq!(s["metrics"]["new_pairs"].as_u64(), Some(1));
        assert_eq!(s["sites"][0]["carried_gap"].as_u64(), Some(1));
        assert_eq!(s["sites"][0]["returning"].as_u64(), Some(1));
        // UPC: S1's vacations V9, V1, V1, V2, V2: the most frequent doctor did 2 of 5.
        assert_eq!(s["sites"][0]["upc"].as_f64(), Some(0.4));
        if name == "file" {
            let (code, text) = common::run_shared_checker(
                &dataset,
                &common::manifest_dir().join("models/default.toml"),
                &out,
                &["--from", "2026-12-07", "--to", "2026-12-13"],
            )
            .expect("the shared checker (../shared/tools/validate_plan.py)");
            assert_eq!(code, 0, "{text}");
            assert!(text.contains("valid, summary consistent"), "{text}");
        }
    }
}

/// H3 with the history: V1 worked on 3 Dec, so two more December days break the cap.
#[test]
fn golden_history_cap_counts_the_days_already_worked() {
    let ds = load_dataset(&golden_history()).unwrap();
    let policy = Policy::default();
    let inst = Instance::new(&ds, &policy, week());
    let plan = Plan::new(vec![
        Assignment {
            date: ymd(2026, 12, 7),
            site: 0,
            volunteer: 0,
        },
        Assignment {
            date: ymd(2026, 12, 8),
            site: 0,
            volunteer: 0,
        },
    ]);
    let v = hard::check(&inst, &plan);
    assert_eq!(v.len(), 1, "{v:?}");
    assert!(
        v[0].to_string().contains("after 1 in the history"),
        "{}",
        v[0]
    );
}

// ---------------------------------------------------------------------------------------------
// Random histories (`renfort::testkit::add_history`)

fn exact(formulation: Formulation) -> SolveOptions {
    SolveOptions {
        mip_rel_gap: 0.0,
        threads: Some(1),
        formulation,
        lp_start: false,
        ..Default::default()
    }
}

fn configurations() -> Vec<SolveOptions> {
    vec![
        exact(Formulation::Plain),
        exact(Formulation::Tight),
        exact(Formulation::Schedules),
        SolveOptions {
            block_pairs: false,
            ..exact(Formulation::Schedules)
        },
        SolveOptions {
            lp_start: true,
            ..exact(Formulation::Schedules)
        },
        SolveOptions {
            kind: renfort::solve::SolverKind::Auto,
            ..exact(Formulation::Schedules)
        },
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn ilp_equals_exhaustive_search_with_history(seed in 0u64..1_000_000, sites in 1usize..3, vols in 1usize..4, days in 4u32..8) {
        let size = Size { zones: 1, sites, volunteers: vols, days, offer: 0.45 };
        let (mut ds, mut policy) = random_instance(seed, size);
        let horizon = add_history(seed, &mut ds, &mut policy, horizon_of(size), &Mix::CONTRACT);
        let inst = Instance::new(&ds, &policy, horizon);
        prop_assume!(inst.candidates().len() <= 14);
        let best = common::brute_force(&inst);
        for opts in configurations() {
            let f = (opts.formulation, opts.lp_start, opts.block_pairs, opts.kind);
            let out = renfort::solve(&inst, &opts);
            prop_assert_eq!(out.status, Status::Optimal);
            let plan = out.plan.expect("a plan");
            let broken = hard::check(&inst, &plan);
            prop_assert!(broken.is_empty(), "{:?}: {:?}", f, broken);
            let ilp = metrics::compute(&inst, &plan).objective(&inst);
            prop_assert!(close(ilp, best), "{:?}: ILP {} vs exhaustive {}", f, ilp, best);
            if let Some(b) = out.bound {
                prop_assert!(b <= best + 1e-6 * best.abs().max(1.0), "{:?}: bound {} above {}", f, b, best);
            }
            if let Some(model) = out.stats.solver_objective {
                prop_assert!(close(model, ilp), "{:?}: model {} vs contract {}", f, model, ilp);
            }
        }
    }

    /// Heuristics with history: valid plans, never better than the optimum.
    #[test]
    fn heuristics_with_history_are_valid(seed in 0u64..1_000_000, sites in 1usize..5, vols in 2usize..14, days in 5u32..15) {
        let size = Size { zones: 2.min(sites), sites, volunteers: vols, days, offer: 0.35 };
        let (mut ds, mut policy) = random_instance(seed, size);
        let horizon = add_history(seed, &mut ds, &mut policy, horizon_of(size), &Mix::CONTRACT);
        let inst = Instance::new(&ds, &policy, horizon);
        let best = metrics::compute(&inst, &renfort::solve(&inst, &exact(Formulation::Schedules)).plan.unwrap()).objective(&inst);
        for kind in [renfort::solve::SolverKind::Greedy, renfort::solve::SolverKind::Local] {
            let out = renfort::solve(&inst, &SolveOptions { kind, ..Default::default() });
            let plan = out.plan.expect("a plan");
            prop_assert!(hard::check(&inst, &plan).is_empty(), "{:?}", kind);
            let obj = metrics::compute(&inst, &plan).objective(&inst);
            prop_assert!(obj >= best - 1e-6 * best.abs().max(1.0), "{:?}: {} below the optimum {}", kind, obj, best);
        }
    }

    /// Planning month after month adds up: a period and the next one planned with the first's
    /// assignments as history give, at every site with a vacation in the history, the
    /// breaks, long-gap excess and uncovered days of both planned at once with the same
    /// assignments (and the longest gap is the larger of the two).
    #[test]
    fn two_periods_planned_apart_add_up(seed in 0u64..1_000_000, sites in 1usize..5, vols in 2usize..12, days in 8u32..20, cut in 2u32..6) {
        let size = Size { zones: 2.min(sites), sites, volunteers: vols, days, offer: 0.4 };
        let (mut ds, mut policy) = random_instance(seed, size);
        let whole_h = add_history(seed, &mut ds, &mut policy, horizon_of(size), &Mix::CONTRACT);
        prop_assume!(whole_h.len() as u32 > cut);
        let split = whole_h.first + chrono::Days::new(cut as u64);
        let first_h = Horizon::range(whole_h.first, split.pred_opt().unwrap()).unwrap();
        let second_h = Horizon::range(split, whole_h.last).unwrap();
        let whole = Instance::new(&ds, &policy, whole_h);
        let plan = renfort::solve(&whole, &exact(Formulation::Schedules)).plan.unwrap();
        let part = |h: &Horizon| Plan::new(plan.assignments().iter().filter(|a| h.contains(a.date)).copied().collect());
        let (p1, p2) = (part(&first_h), part(&second_h));
        let first = Instance::new(&ds, &policy, first_h);
        // The second period's history: the first's, plus its plan.
        let mut ds2 = ds.clone();
        ds2.pinned.retain(|a, _| second_h.contains(a.date));
        for a in p1.assignments() {
            let visit = PastVisit { date: a.date, site: a.site, volunteer: ds.volunteers[a.volunteer].id.clone() };
            ds2.history.visits.insert(visit, HistoryOrigin { file: 0, line: 0 });
        }
        let second = Instance::new(&ds2, &policy, second_h);
        let broken = hard::check(&second, &p2);
        prop_assert!(broken.is_empty(), "{:?} (whole plan: {:?})", broken, hard::check(&whole, &plan));
        let (b, b1, b2) = (metrics::breakdown(&whole, &plan), metrics::breakdown(&first, &p1), metrics::breakdown(&second, &p2));
        for s in 0..ds.sites.len() {
            if whole.carried_gap(s).is_none() {
                continue;
            }
            let (m, m1, m2) = (&b.per_site[s], &b1.per_site[s], &b2.per_site[s]);
            prop_assert_eq!(m.breaks, m1.breaks + m2.breaks, "site {} breaks", s);
            prop_assert_eq!(m.long_gap_excess, m1.long_gap_excess + m2.long_gap_excess, "site {} excess", s);
            prop_assert_eq!(m.uncovered_doctor_days, m1.uncovered_doctor_days + m2.uncovered_doctor_days);
            prop_assert_eq!(m.covered_site_days, m1.covered_site_days + m2.covered_site_days);
            prop_assert_eq!(m.longest_gap, m1.longest_gap.max(m2.longest_gap), "site {} longest gap", s);
        }
    }
}

/// The binary's plans with random histories (history.csv, `new_pair` weights) pass the
/// shared checker, summary included, and `renfort check`.
#[test]
fn random_plans_with_history_pass_the_shared_checker() {
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
        let (mut ds, mut policy) = random_instance(2000 + seed, size);
        let h = add_history(
            2000 + seed,
            &mut ds,
            &mut policy,
            horizon_of(size),
            &Mix::CONTRACT,
        );
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        renfort::io::write_dataset(&ds, &data).unwrap();
        assert!(data.join("history.csv").exists());
        let model = tmp.path().join("model.toml");
        std::fs::write(&model, common::policy_toml(&policy)).unwrap();
        let out = tmp.path().join("out");
        let (from, to) = (h.first.to_string(), h.last.to_string());
        let args = [
            "--model",
            model.to_str().unwrap(),
            "--from",
            &from,
            "--to",
            &to,
        ];
        let mut plan_args = vec![
            "plan",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        plan_args.extend(args);
        let o = common::renfort(&plan_args);
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
        let mut check_args = vec!["check", data.to_str().unwrap(), out.to_str().unwrap()];
        check_args.extend(args);
        let o = common::renfort(&check_args);
        assert!(
            o.status.success(),
            "seed {seed}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
        // The dataset digest reports the history.
        let mut digest_args = vec!["check", data.to_str().unwrap()];
        digest_args.extend(args);
        let o = common::renfort(&digest_args);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.contains("carried gap"), "{text}");
    }
}

/// Regression (seed 198): solved by independent parts, a doctor whose history day of the
/// month was at a site of another part was given a day over the cap (the part kept only its
/// own sites' history; without `History::elsewhere`, the plain formulation gives V2 a day).
#[test]
fn regression_parts_keep_the_cap_used_at_other_sites() {
    let size = Size {
        zones: 2,
        sites: 2,
        volunteers: 5,
        days: 14,
        offer: 0.4,
    };
    let (mut ds, mut policy) = random_instance(198, size);
    let h = add_history(198, &mut ds, &mut policy, horizon_of(size), &Mix::CONTRACT);
    let inst = Instance::new(&ds, &policy, h);
    assert_eq!(inst.cap_in_month(2, (2026, 12)), 0, "V2 worked on 2 Dec");
    for opts in configurations() {
        let plan = renfort::solve(&inst, &opts).plan.expect("a plan");
        assert!(
            hard::check(&inst, &plan).is_empty(),
            "{:?}",
            opts.formulation
        );
    }
}
