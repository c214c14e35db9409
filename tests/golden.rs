//! The golden instance (tests/data/golden): one site, the week of 7–13 December 2026, two
//! volunteers with road distances given. Every figure below is worked out by hand.
//!
//! Site S1 (zone Z1, priority 2.0) opens Mon–Fri; Friday 11 is closed (closures.csv), the
//! weekend is not an opening day, so its service days are Mon 7, Tue 8, Wed 9, Thu 10, with
//! demand 1, 1, 2 (demand.csv), 1: 5 doctor-days. V1 lives 40 road km away (a commuter,
//! prefers Z1); V2 100 km (a stayer: > 60 km; accepts overnight; prefers Z2).

mod common;

use renfort::io::{load_dataset, read_plan};
use renfort::model::Horizon;
use renfort::rules::metrics;
use renfort::testkit::ymd;
use renfort::{Instance, Policy};

fn golden_dir() -> std::path::PathBuf {
    common::manifest_dir().join("tests/data/golden")
}

fn week() -> Horizon {
    Horizon::range(ymd(2026, 12, 7), ymd(2026, 12, 13)).unwrap()
}

#[test]
fn hand_made_plan_metrics_worked_by_hand() {
    // Plan: V1 on Mon 7; V2 on Wed 9 and Thu 10.
    let ds = load_dataset(&golden_dir()).unwrap();
    let policy = Policy::default();
    let inst = Instance::new(&ds, &policy, week());
    let plan = read_plan(&ds, &golden_dir().join("handmade-plan"))
        .unwrap()
        .plan;
    let m = metrics::compute(&inst, &plan);
    assert_eq!(m.demand_doctor_days, 5); // 1 + 1 + 2 + 1
    assert_eq!(m.uncovered_doctor_days, 2); // Tue 8 (1) + Wed 9 (2 − 1)
    assert_eq!(m.weighted_uncovered, 4.0); // 2 × priority 2.0
    assert_eq!(m.covered_site_days, 3); // Mon, Wed, Thu
    assert_eq!(m.breaks, 1); // runs [Mon] [Wed Thu]
    assert_eq!(m.long_gap_excess, 0); // one gap of 1 day ≤ tolerance 3
    assert_eq!(m.longest_gap, 1);
    assert_eq!(m.travel_km, 280.0); // V1 commutes: 2 × 40; V2 stays, one block 9–10: 2 × 100
    assert_eq!(m.bed_nights, 2);
    assert_eq!(m.preference_misses, 2); // V2 prefers Z2, works twice in Z1
    assert_eq!(m.assigned_days, 3);
    assert_eq!(m.cost_eur, 758.0); // 200 × 3 + 0.35 × 280 + 2 beds × 30
                                   // 1000 × 4 + 50 × 1 + 100 × 0 + 0.1 × 280 + 5 × 2 + 20 × 2
    assert_eq!(m.objective(&inst), 4128.0);
}

#[test]
fn optimal_plan_matches_the_golden_file() {
    // By hand: V1 on Mon 7 and Tue 8 (2 × 80 km), V2 on Wed 9 and Thu 10 (one block, 200 km,
    // 2 beds, 2 misses). Only Wed lacks a second doctor: weighted uncovered 2 → 2000.
    // Objective 2000 + 0.1 × 360 + 5 × 2 + 20 × 2 = 2086. Every other plan uncovers more.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plan");
    let g = golden_dir();
    let o = common::renfort(&[
        "plan",
        g.to_str().unwrap(),
        "--from",
        "2026-12-07",
        "--to",
        "2026-12-13",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    let want = std::fs::read_to_string(g.join("expected/plan.csv")).unwrap();
    assert_lines_eq(&got, &want);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["objective"].as_f64().unwrap(), 2086.0);
    assert_eq!(summary["solver"]["status"], "optimal");
    assert_eq!(summary["metrics"]["travel_km"].as_f64().unwrap(), 360.0);
    assert_eq!(summary["metrics"]["breaks"].as_u64().unwrap(), 0);
    let coverage = std::fs::read_to_string(out.join("coverage.csv")).unwrap();
    assert_lines_eq(
        &coverage,
        &std::fs::read_to_string(g.join("expected/coverage.csv")).unwrap(),
    );
    if let Some((code, text)) = common::run_shared_checker(
        &g,
        &common::manifest_dir().join("models/default.toml"),
        &out,
        &["--from", "2026-12-07", "--to", "2026-12-13"],
    ) {
        assert_eq!(code, 0, "{text}");
    }
}

/// Compares line by line and shows the first differing lines, not two walls of text.
fn assert_lines_eq(got: &str, want: &str) {
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "line {} differs\n got: {g}\nwant: {w}", i + 1);
    }
    assert_eq!(
        got.lines().count(),
        want.lines().count(),
        "different number of lines:\n{got}"
    );
}

#[test]
fn check_command_reports_the_hand_made_plan() {
    let g = golden_dir();
    let o = common::renfort(&[
        "check",
        g.to_str().unwrap(),
        g.join("handmade-plan").to_str().unwrap(),
        "--from",
        "2026-12-07",
        "--to",
        "2026-12-13",
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{stdout}");
    assert!(stdout.contains("uncovered 2/5 doctor-days"), "{stdout}");
    assert!(stdout.contains("objective 4128.000"), "{stdout}");
}
