//! Integration tests of `renfort whatif`, `renfort repair` and `renfort marginal`.

mod common;
#[path = "whatif/repair_marginal.rs"]
mod repair_marginal;
#[path = "whatif/shard.rs"]
mod shard;
#[path = "whatif/words.rs"]
mod words;

use common::{manifest_dir, renfort};
use renfort::rules::Metrics;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

pub fn small() -> PathBuf {
    manifest_dir().join("tests/data/small")
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

pub fn json(p: &Path) -> Value {
    serde_json::from_slice(&fs::read(p).unwrap()).unwrap()
}

fn communes() -> Option<PathBuf> {
    let p = manifest_dir().join("../shared/data/communes_fr.csv");
    p.exists().then_some(p)
}

/// `renfort whatif` on a dataset with a scenario; extra flags after.
fn whatif(ds: &Path, scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "whatif",
        s(ds),
        "--scenario",
        s(scenario),
        "--out",
        s(out),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    renfort(&args)
}

/// The `total` row of a metric in whatif.json.
fn total<'v>(report: &'v Value, metric: &str) -> &'v Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["scope"] == "total" && r["metric"] == metric)
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(1.0)
}

/// The scenario's figures are those of its plan as `renfort check` and the shared checker
/// see it, on the scenario's own dataset and model; the baseline's are `renfort plan`'s.
fn assert_consistent(ds: &Path, out: &Path) {
    let report = json(&out.join("whatif.json"));
    for (side, dir) in [("scenario", "scenario"), ("baseline", "baseline")] {
        let summary = json(&out.join(dir).join("summary.json"));
        for m in Metrics::KEYS {
            let v = total(&report, m)[side].as_f64().unwrap();
            assert!(
                close(v, summary["metrics"][m].as_f64().unwrap()),
                "{side} {m}"
            );
        }
        assert!(close(
            total(&report, "objective")[side].as_f64().unwrap(),
            summary["objective"].as_f64().unwrap()
        ));
        let r = total(&report, "uncovered_doctor_days");
        let delta = r["scenario"].as_f64().unwrap() - r["baseline"].as_f64().unwrap();
        assert!(close(r["delta"].as_f64().unwrap(), delta));
    }
    let (sds, model, plan) = (
        out.join("scenario-dataset"),
        out.join("scenario-model.toml"),
        out.join("scenario"),
    );
    let o = renfort(&["check", s(&sds), s(&plan), "--model", s(&model)]);
    ok(&o);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let uncovered = total(&report, "uncovered_doctor_days")["scenario"]
        .as_f64()
        .unwrap();
    let demand = total(&report, "demand_doctor_days")["scenario"]
        .as_f64()
        .unwrap();
    assert!(
        text.contains(&format!("uncovered {uncovered}/{demand} doctor-days")),
        "{text}"
    );
    if let Some((code, text)) = common::run_shared_checker(&sds, &model, &plan, &[]) {
        assert_eq!(code, 0, "{text}");
    }
    let o = renfort(&["check", s(ds), s(&out.join("baseline"))]);
    ok(&o);
}

#[test]
fn cap_scenario_figures_match_the_checkers() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w");
    ok(&whatif(
        &small(),
        &manifest_dir().join("scenarios/cap-4-days.toml"),
        &out,
        &[],
    ));
    assert_consistent(&small(), &out);
    let report = json(&out.join("whatif.json"));
    let obj = total(&report, "objective");
    assert!(
        obj["scenario"].as_f64().unwrap() <= obj["baseline"].as_f64().unwrap() + 1e-6,
        "a looser cap can't do worse"
    );
    let csv = fs::read_to_string(out.join("whatif.csv")).unwrap();
    assert!(csv
        .starts_with("scope,metric,baseline,scenario,delta,mean,mean_delta,p10,p50,p90,min,max\n"));
}

#[test]
fn zone_18_adds_a_zone_and_its_figures_match_the_checkers() {
    let Some(communes) = communes() else {
        common::prerequisite(false, "../shared/data/communes_fr.csv");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w");
    let o = whatif(
        &small(),
        &manifest_dir().join("scenarios/zone-18.toml"),
        &out,
        &["--communes", s(&communes)],
    );
    ok(&o);
    assert_consistent(&small(), &out);
    let zones = fs::read_to_string(out.join("scenario-dataset/zones.csv")).unwrap();
    assert!(zones.contains("Z200073419"), "{zones}");
    let sites = fs::read_to_string(out.join("scenario-dataset/sites.csv")).unwrap();
    assert!(
        sites.contains("S43080,Z200073419,Maison de santé de Craponne-sur-Arzon"),
        "{sites}"
    );
    let report = json(&out.join("whatif.json"));
    assert!(report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["scope"] == "Z200073419" && r["baseline"].is_null()));
}

#[test]
fn dropout_same_seed_same_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let sc = manifest_dir().join("scenarios/dropout-20.toml");
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    ok(&whatif(&small(), &sc, &a, &["--runs", "12", "--seed", "5"]));
    ok(&whatif(&small(), &sc, &b, &["--runs", "12", "--seed", "5"]));
    ok(&whatif(&small(), &sc, &c, &["--runs", "12", "--seed", "6"]));
    let read = |p: &Path| fs::read_to_string(p.join("whatif.csv")).unwrap();
    assert_eq!(read(&a), read(&b));
    assert_ne!(read(&a), read(&c));
    let report = json(&a.join("whatif.json"));
    assert_eq!(report["runs"], 12);
    let r = total(&report, "uncovered_doctor_days");
    let d = &r["runs"];
    let (p10, p50, p90) = (
        d["p10"].as_f64().unwrap(),
        d["p50"].as_f64().unwrap(),
        d["p90"].as_f64().unwrap(),
    );
    assert!(p10 <= p50 && p50 <= p90);
    let (min, max) = (d["min"].as_f64().unwrap(), d["max"].as_f64().unwrap());
    assert!(min <= p10 && p90 <= max);
    // Withdrawals can only remove plans: no run beats the scenario without them.
    assert!(p10 >= r["scenario"].as_f64().unwrap());
    for m in ["breaks", "longest_gap", "cost_eur"] {
        assert!(total(&report, m)["runs"]["mean"].is_number(), "{m}");
    }
    assert!(report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["scope"] == "Z1"
            && r["metric"] == "longest_gap"
            && r["runs"]["p90"].is_number()));
}

#[test]
fn bad_scenario_exits_2_with_file_and_line_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        ("[dropout]\nvolunteer = 0.2\nday = 1.5\n", "line 3", "E052"),
        (
            "name = \"x\"\n[[close_site]]\nsite = \"S9\"\ndates = \"all\"\n",
            "line 3",
            "E030",
        ),
        (
            "[policy.objective]\nbreak = 1\ntravle = 2\n",
            "line 3",
            "E051",
        ),
        (
            "[[demand]]\nsite = \"S2\"\ndates = [\"2026-12-01\"]\ndemand = 5\n",
            "line 4",
            "E023",
        ),
        ("[[close_site\n", "line 1", "E050"),
    ];
    for (i, (text, line, code)) in cases.iter().enumerate() {
        let sc = tmp.path().join(format!("bad{i}.toml"));
        fs::write(&sc, text).unwrap();
        let out = tmp.path().join(format!("out{i}"));
        let o = whatif(&small(), &sc, &out, &[]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{text}: {err}");
        assert!(
            err.contains(&format!("bad{i}.toml, {line}")) && err.contains(code),
            "{text}: {err}"
        );
        assert!(!out.exists());
    }
}

/// The realistic dataset, once it is merged: the raised cap on AuRA, checked.
#[test]
fn aura_cap_scenario_if_present() {
    let ds = manifest_dir().join("datasets/aura-2026-12");
    if !common::prerequisite(ds.exists(), "datasets/aura-2026-12") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("w");
    ok(&whatif(
        &ds,
        &manifest_dir().join("scenarios/cap-4-days.toml"),
        &out,
        &[],
    ));
    assert_consistent(&ds, &out);
}

/// Regression: a scenario of withdrawals alone leaves the instance as it is, and it was
/// solved a second time, which may stop at another plan within the gap (national month:
/// baseline 331,176.9, scenario 331,185.7), read as the scenario's effect. The scenario is
/// now the baseline's solve; a scenario that changes the instance is still solved.
#[test]
fn regression_an_unchanged_instance_was_solved_twice_with_two_objectives() {
    use renfort::whatif::scenario::Scenario;
    use renfort::whatif::{apply, solve_case, solve_scenario, Solver};
    use renfort::{Horizon, Policy, SolveOptions};
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    use std::sync::Arc;

    let ds = renfort::io::load_dataset(&small()).unwrap();
    let policy = Policy::default();
    let horizon = Horizon::parse_month(&ds.month).unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let solver = Solver {
        options: SolveOptions::default(),
        solve: Arc::new(move |i, o| {
            counted.fetch_add(1, SeqCst);
            renfort::solve(i, o)
        }),
        concurrent: false,
    };
    let base = solve_case(&solver, &ds, &policy, horizon, "the baseline").unwrap();
    let cases = [
        ("name = \"d\"\n[dropout]\nvolunteer = 0.2\n", 1),
        ("name = \"c\"\n[policy.rules]\nmax_days_per_month = 4\n", 2),
    ];
    for (text, solves) in cases {
        calls.store(1, SeqCst);
        let sc = Scenario::parse(text, "scenario.toml").unwrap();
        let applied = apply::apply(&ds, &policy, &sc, None, &horizon, 1).unwrap();
        let scen = solve_scenario(
            &solver,
            (&base, &ds, &policy),
            &applied.dataset,
            &applied.policy,
            horizon,
        )
        .unwrap();
        assert_eq!(calls.load(SeqCst), solves, "{text}");
        if solves == 1 {
            assert_eq!(scen.plan, base.plan);
            assert_eq!(scen.figures.objective, base.figures.objective);
        }
    }
}
