//! Shared helpers for the integration tests: running the binary, the shared checker, brute
//! force. Random instances come from `renfort::testkit`.
#![allow(dead_code)]

use renfort::model::{Assignment, Policy};
use renfort::testkit::Size;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Writes a policy as TOML (all keys).
pub fn policy_toml(p: &Policy) -> String {
    format!(
        "[rules]\nmax_days_per_month = {}\nroad_factor = {:?}\ncommute_km = {:?}\n\n[costs]\ndaily_allowance_eur = {:?}\nkm_rate_eur = {:?}\n\n[objective]\nuncovered = {:?}\nbreak = {:?}\nlong_gap = {:?}\ngap_tolerance = {}\ntravel = {:?}\nbed_night = {:?}\npreference = {:?}\nnew_pair = {:?}\n",
        p.rules.max_days_per_month,
        p.rules.road_factor,
        p.rules.commute_km,
        p.costs.daily_allowance_eur,
        p.costs.km_rate_eur,
        p.objective.uncovered,
        p.objective.break_,
        p.objective.long_gap,
        p.objective.gap_tolerance,
        p.objective.travel,
        p.objective.bed_night,
        p.objective.preference,
        p.objective.new_pair
    )
}

/// A day before the test datasets' months: `repair`'s default --from (today, when the
/// horizon holds it) is then the month's first day whatever day the tests run.
pub const TODAY: &str = "2026-11-15";

pub fn renfort(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_renfort"))
        .env("RENFORT_TODAY", TODAY)
        .args(args)
        .output()
        .expect("run renfort")
}

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared independent checker, if it is beside the project.
pub fn shared_checker() -> Option<PathBuf> {
    let p = manifest_dir().join("../shared/tools/validate_plan.py");
    p.exists().then_some(p)
}

/// Runs the shared checker; returns (exit code, stdout+stderr).
pub fn run_shared_checker(
    dataset: &Path,
    model: &Path,
    plan_dir: &Path,
    extra: &[&str],
) -> Option<(i32, String)> {
    let checker = shared_checker()?;
    let out = Command::new("python3")
        .arg(checker)
        .arg(dataset)
        .arg(model)
        .arg(plan_dir)
        .args(extra)
        .output()
        .expect("python3 runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Some((out.status.code().unwrap_or(-1), text))
}

/// The contract's objective of a plan.
pub fn objective(inst: &renfort::Instance, plan: &renfort::Plan) -> f64 {
    renfort::rules::metrics::compute(inst, plan).objective(inst)
}

/// Float tolerance for objectives: 1e-6 relative.
pub fn tol(x: f64) -> f64 {
    1e-6 * x.abs().max(1.0)
}

/// A random-instance size with up to 2 zones and offers on 40 % of the days.
pub fn size(sites: usize, volunteers: usize, days: u32) -> Size {
    Size {
        zones: 2.min(sites),
        sites,
        volunteers,
        days,
        offer: 0.4,
    }
}

/// The best objective over every subset of candidates that is a valid plan.
pub fn brute_force(inst: &renfort::Instance) -> f64 {
    use renfort::rules::{hard, metrics};
    let cands = inst.candidates();
    assert!(
        cands.len() <= 16,
        "too many candidates for brute force: {}",
        cands.len()
    );
    let mut best = f64::INFINITY;
    for mask in 0u32..(1 << cands.len()) {
        let plan = renfort::Plan::new(
            (0..cands.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| Assignment {
                    date: cands[i].date,
                    site: cands[i].site,
                    volunteer: cands[i].volunteer,
                })
                .collect(),
        );
        if hard::check(inst, &plan).is_empty() {
            best = best.min(metrics::compute(inst, &plan).objective(inst));
        }
    }
    best
}

/// A prerequisite outside the project (`../shared`, Chromium): when it is absent the test
/// says it skipped, except under CI (`CI` set), where it fails: a missing install step must
/// not pass as green.
pub fn prerequisite(present: bool, what: &str) -> bool {
    if !present {
        assert!(
            std::env::var_os("CI").is_none(),
            "{what} is missing: CI must run this test"
        );
        eprintln!("skipped: {what} is missing");
    }
    present
}

/// A copy of the dataset folder `from` at `to` (its files, not its sub-folders), to break or
/// extend in a test; returns `to`.
pub fn copy_dataset(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
    to.to_path_buf()
}
