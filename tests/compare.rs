//! The naive baselines and `renfort compare`.
//!
//! Baselines: on random instances their plans keep H1–H6 and every pin, they are
//! deterministic, and they never beat the exact optimum. Compare: the binary on the small
//! dataset writes one CSV row per cell whose figures are exactly what `renfort check` (and
//! the shared checker) recompute from the plan written for that cell, an offline HTML page
//! naming every solver, and auto never loses to a baseline.

mod common;

use common::{objective, size, tol};

use common::{manifest_dir, renfort};
use proptest::prelude::*;
use renfort::model::Plan;
use renfort::rules::{hard, Metrics};
use renfort::solve::{baseline, ilp, Outcome, SolveOptions, SolverKind, Status};
use renfort::testkit::{horizon_of, random_instance};
use renfort::Instance;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// What every baseline outcome must satisfy; returns its plan.
fn valid(inst: &Instance, out: &Outcome) -> Result<Plan, TestCaseError> {
    let plan = out
        .plan
        .clone()
        .ok_or_else(|| TestCaseError::fail("no plan"))?;
    let violations = hard::check(inst, &plan);
    prop_assert!(violations.is_empty(), "{}: {:?}", out.solver, violations);
    for p in inst.dataset.pinned.keys() {
        prop_assert!(plan.contains(p), "{} misses the pin {:?}", out.solver, p);
    }
    prop_assert!(matches!(out.status, Status::Feasible | Status::Optimal));
    // A hand planner sends no one where the site is already served (pins apart).
    let mut at: BTreeMap<(usize, chrono::NaiveDate), (u32, u32)> = BTreeMap::new();
    for a in plan.assignments() {
        let e = at.entry((a.site, a.date)).or_default();
        e.0 += 1;
        e.1 += u32::from(inst.dataset.pinned.contains_key(a));
    }
    for (&(s, d), &(n, pins)) in &at {
        let i = inst
            .service_index(s, d)
            .ok_or_else(|| TestCaseError::fail("not a service day"))?;
        let demand = inst.service_days(s)[i].demand;
        prop_assert!(
            n <= demand.max(pins),
            "{}: {} doctors at {:?} for a demand of {}",
            out.solver,
            n,
            (s, d),
            demand
        );
    }
    let obj = objective(inst, &plan);
    let bound = out.bound.ok_or_else(|| TestCaseError::fail("no bound"))?;
    prop_assert!(bound <= obj + tol(obj));
    Ok(plan)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn baseline_plans_are_valid_keep_pins_and_are_deterministic(seed in 0u64..1_000_000, sites in 1usize..7, vols in 1usize..30, days in 3u32..32) {
        let size = size(sites, vols, days);
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let opts = SolveOptions::default();
        for solve in [baseline::fcfs::solve, baseline::neediest::solve] {
            let first = valid(&inst, &solve(&inst, &opts))?;
            prop_assert_eq!(first, valid(&inst, &solve(&inst, &opts))?);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn baselines_never_beat_the_optimum(seed in 0u64..1_000_000, sites in 1usize..5, vols in 1usize..14, days in 3u32..14) {
        let size = size(sites, vols, days);
        let (ds, policy) = random_instance(seed, size);
        let inst = Instance::new(&ds, &policy, horizon_of(size));
        let exact = SolveOptions { mip_rel_gap: 0.0, threads: Some(1), ..Default::default() };
        let opt_out = ilp::solve(&inst, &exact);
        prop_assert_eq!(opt_out.status, Status::Optimal);
        let opt = objective(&inst, opt_out.plan.as_ref().ok_or_else(|| TestCaseError::fail("no ILP plan"))?);
        for solve in [baseline::fcfs::solve, baseline::neediest::solve] {
            let b = objective(&inst, &valid(&inst, &solve(&inst, &SolveOptions::default()))?);
            prop_assert!(b >= opt - tol(opt), "baseline {} below the optimum {}", b, opt);
        }
    }
}

#[test]
fn facade_dispatches_to_the_baselines() {
    let size = size(3, 10, 10);
    let (ds, policy) = random_instance(7, size);
    let inst = Instance::new(&ds, &policy, horizon_of(size));
    for (kind, name) in [
        (SolverKind::Fcfs, "fcfs"),
        (SolverKind::Neediest, "neediest"),
    ] {
        let opts = SolveOptions {
            kind,
            ..Default::default()
        };
        assert_eq!(renfort::solve(&inst, &opts).solver, name);
    }
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// compare.csv as one map per row, column name to cell.
fn read_rows(file: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(file).expect("compare.csv");
    let header: Vec<String> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| {
            let rec = rec.expect("row");
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect();
    (header, rows)
}

/// The figures `renfort check` prints for a plan folder, by their words in its output.
fn check_figures(dataset: &Path, model: &Path, plan: &Path) -> String {
    let o = renfort(&["check", path(dataset), path(plan), "--model", path(model)]);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "check fails on {}: {text}",
        plan.display()
    );
    text
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key} = '{}' is not a number", row[key]))
}

#[test]
fn compare_writes_rows_that_check_recomputes_and_an_offline_page() {
    let small = manifest_dir().join("tests/data/small");
    let models: Vec<PathBuf> = ["default", "lowest-travel"]
        .iter()
        .map(|m| manifest_dir().join(format!("models/{m}.toml")))
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("cmp");
    let o = renfort(&[
        "compare",
        "--datasets",
        path(&small),
        "--models",
        path(&models[0]),
        path(&models[1]),
        "--solvers",
        "auto,fcfs,neediest",
        "--measure-with",
        path(&models[0]),
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("### small × lowest-travel"), "{stdout}");
    for l in stdout.lines() {
        assert!(l.chars().count() <= 100, "over 100 columns: {l}");
    }

    let (header, rows) = read_rows(&out.join("compare.csv"));
    let columns = ["dataset", "model", "solver"]
        .into_iter()
        .chain(Metrics::KEYS)
        .chain([
            "objective",
            "status",
            "bound",
            "gap",
            "seconds",
            "coverage_pct",
            "gap_to_best_bound",
            "measured_with",
        ]);
    for col in columns {
        assert!(
            header.iter().any(|h| h == col),
            "compare.csv lacks {col}: {header:?}"
        );
    }
    assert_eq!(rows.len(), 6);

    let mut best_baseline: BTreeMap<String, f64> = BTreeMap::new();
    let mut auto: BTreeMap<String, f64> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let (model, solver) = (&row["model"], &row["solver"]);
        assert_eq!(row["dataset"], "small");
        let model_file = manifest_dir().join(format!("models/{model}.toml"));
        let plan_dir = out.join(format!("plans/small__{model}__{solver}"));
        assert_eq!(row["measured_with"], "default");
        // The figures are measured with the yardstick (--measure-with), the objective with
        // the cell's own policy.
        let text = check_figures(&small, &models[0], &plan_dir);
        let own = check_figures(&small, &model_file, &plan_dir);
        assert!(
            own.contains(&format!("objective {:.3}", num(row, "objective"))),
            "{model}/{solver}: check says\n{own}\nnot objective {}",
            row["objective"]
        );
        // `check` prints fixed decimals: compare at those.
        let expect = [
            format!("{} assignments", row["assigned_days"]),
            format!(
                "uncovered {}/{} doctor-days",
                row["uncovered_doctor_days"], row["demand_doctor_days"]
            ),
            format!("covered site-days {}", row["covered_site_days"]),
            format!("breaks {}", row["breaks"]),
            format!("long-gap excess {}", row["long_gap_excess"]),
            format!("longest gap {}", row["longest_gap"]),
            format!("travel {:.1} km", num(row, "travel_km")),
            format!("bed nights {}", row["bed_nights"]),
            format!("preference misses {}", row["preference_misses"]),
            format!("cost {:.2} EUR", num(row, "cost_eur")),
        ];
        for e in expect {
            assert!(
                text.contains(&e),
                "{model}/{solver}: check says\n{text}\nnot '{e}'"
            );
        }
        let cov =
            100.0 * (1.0 - num(row, "uncovered_doctor_days") / num(row, "demand_doctor_days"));
        assert!((num(row, "coverage_pct") - cov).abs() < 1e-9);
        assert!(["optimal", "feasible"].contains(&row["status"].as_str()));
        if i < 2 {
            if let Some((code, text)) =
                common::run_shared_checker(&small, &model_file, &plan_dir, &[])
            {
                assert_eq!(code, 0, "{model}/{solver}: {text}");
                assert!(text.contains("valid, summary consistent"), "{text}");
            }
        }
        let obj = num(row, "objective");
        if solver == "auto" {
            auto.insert(model.clone(), obj);
        } else {
            let b = best_baseline.entry(model.clone()).or_insert(f64::INFINITY);
            *b = b.min(obj);
        }
    }
    assert_eq!(auto.len(), 2);
    // Every solver's bound holds for every plan of its policy, so no plan is below the best
    // of them, and a plan is at least as close to that bound as to its own.
    for model in auto.keys() {
        let group: Vec<&BTreeMap<String, String>> =
            rows.iter().filter(|r| &r["model"] == model).collect();
        let best_bound = group
            .iter()
            .filter(|r| !r["bound"].is_empty())
            .map(|r| num(r, "bound"))
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(best_bound.is_finite(), "{model}: no bound");
        for r in &group {
            let (obj, solver) = (num(r, "objective"), &r["solver"]);
            assert!(
                obj >= best_bound - tol(obj),
                "{model}/{solver}: {obj} below {best_bound}"
            );
            let to_best = num(r, "gap_to_best_bound");
            assert!(
                (to_best - (obj - best_bound) / obj).abs() < 1e-9,
                "{model}/{solver}"
            );
            if !r["gap"].is_empty() {
                assert!(to_best <= num(r, "gap") + 1e-9, "{model}/{solver}");
            }
        }
    }
    for (model, a) in &auto {
        assert!(
            *a <= best_baseline[model] + tol(*a),
            "{model}: auto {a} loses to a baseline"
        );
    }

    let page = fs::read_to_string(out.join("compare.html")).expect("compare.html");
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "the page makes a request"
    );
    for solver in ["auto", "fcfs", "neediest"] {
        assert!(page.contains(solver), "compare.html never names {solver}");
    }
    assert!(page.contains("<svg"), "no chart");
    assert!(
        page.contains("<html lang=\"fr\">"),
        "compare.html is French by default"
    );
    assert!(
        page.contains("au-dessus de la borne") && page.contains("meilleure borne prouvée"),
        "compare.html lacks the distance to the best bound"
    );
    assert!(out.join("compare.md").exists());
}

#[test]
fn regression_compare_measured_each_policy_with_its_own_yardstick() {
    // continuity-first tolerates 2 days of absence where the default tolerates 3: counted
    // each with its own, its plan showed more long-gap days than the default's.
    let small = manifest_dir().join("tests/data/small");
    let default = manifest_dir().join("models/default.toml");
    let first = manifest_dir().join("models/continuity-first.toml");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("cmp");
    let o = renfort(&[
        "compare",
        "--datasets",
        path(&small),
        "--models",
        path(&default),
        path(&first),
        "--solvers",
        "auto",
        "--lang",
        "en",
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("measured for every cell with one policy"),
        "{stdout}"
    );
    assert!(
        stdout.contains("days of absence beyond tolerance"),
        "{stdout}"
    );
    let (_, rows) = read_rows(&out.join("compare.csv"));
    for row in &rows {
        let plan = out.join(format!("plans/small__{}__auto", row["model"]));
        // The built-in default policy is the yardstick: `check` without --model uses it.
        let o = renfort(&["check", path(&small), path(&plan)]);
        let text = String::from_utf8_lossy(&o.stdout).into_owned();
        let expect = format!("long-gap excess {}", row["long_gap_excess"]);
        assert!(
            text.contains(&expect),
            "{}: {text}\nnot {expect}",
            row["model"]
        );
    }
    let page = fs::read_to_string(out.join("compare.html")).unwrap();
    assert!(page.contains("<html lang=\"en\">"));
}

#[test]
fn compare_refuses_unreadable_inputs_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("cmp");
    let missing = tmp.path().join("no-such-dataset");
    let model = manifest_dir().join("models/default.toml");
    let o = renfort(&[
        "compare",
        "--datasets",
        path(&missing),
        "--models",
        path(&model),
        "--out",
        path(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists());
    let o = renfort(&["compare", "--solvers", "auto,nope", "--out", path(&out)]);
    assert!(!o.status.success());
    assert!(!out.exists());
}
