//! Shared helpers for the integration tests: random instances, running the binary, the
//! shared checker.
#![allow(dead_code)]

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use renfort::model::{Assignment, Dataset, Policy, Site, Volunteer, Weekdays, Zone};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Size of a random instance.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub zones: usize,
    pub sites: usize,
    pub volunteers: usize,
    /// Days in the horizon, from 2026-12-01.
    pub days: u32,
    /// Probability that a volunteer offers a given day.
    pub offer: f64,
}

/// A random but valid dataset (and a policy) from a seed. Sites and homes sit in a
/// 100 km square of the Massif central so that commuters and stayers both occur.
pub fn random_instance(seed: u64, size: Size) -> (Dataset, Policy) {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    let mut ds = Dataset {
        name: format!("random-{seed}"),
        month: "2026-12".into(),
        ..Default::default()
    };
    for z in 0..size.zones {
        ds.zones.push(Zone {
            id: format!("Z{z}"),
            name: format!("Zone {z}"),
            department: "15".into(),
            priority: [0.0, 0.5, 1.0, 1.0, 1.5, 2.0][r.gen_range(0..6)],
            source_status: None,
        });
    }
    for s in 0..size.sites {
        let rooms = r.gen_range(1..=2);
        let mut open = Weekdays::default();
        for d in 0..7 {
            if r.gen_bool(0.7) {
                open.insert(d);
            }
        }
        if open.0 == 0 {
            open.insert(r.gen_range(0..7));
        }
        ds.sites.push(Site {
            id: format!("S{s}"),
            zone: if s < size.zones {
                s
            } else {
                r.gen_range(0..size.zones)
            },
            name: format!("Site {s}"),
            lat: 45.0 + r.gen_range(-0.45..0.45),
            lon: 3.0 + r.gen_range(-0.6..0.6),
            open_days: open,
            rooms,
            demand: r.gen_range(0..=rooms),
            beds: r.gen_range(0..=2),
            bed_cost_eur: r.gen_range(0..4) as f64 * 10.0,
            commune: None,
            contact: Default::default(),
        });
    }
    let first = ymd(2026, 12, 1);
    for v in 0..size.volunteers {
        let zones = (0..size.zones).filter(|_| r.gen_bool(0.3)).collect();
        ds.volunteers.push(Volunteer {
            id: format!("V{v}"),
            name: format!("Dr {v}"),
            lat: 45.0 + r.gen_range(-0.6..0.6),
            lon: 3.0 + r.gen_range(-0.8..0.8),
            authorized: r.gen_bool(0.9),
            max_days: r.gen_range(0..=3),
            max_km: r.gen_range(20.0..160.0),
            overnight: r.gen_bool(0.5),
            zones,
            contact: Default::default(),
        });
        for d in 0..size.days {
            if r.gen_bool(size.offer) {
                ds.availability
                    .insert((v, first + chrono::Days::new(d as u64)));
            }
        }
    }
    for s in 0..size.sites {
        for d in 0..size.days {
            let date = first + chrono::Days::new(d as u64);
            match r.gen_range(0..20) {
                0 => {
                    ds.closures.insert((s, date));
                }
                1 => {
                    let rooms = ds.sites[s].rooms;
                    ds.demand_overrides
                        .insert((s, date), r.gen_range(0..=rooms));
                }
                _ => {}
            }
        }
        for v in 0..size.volunteers {
            if r.gen_range(0..15) == 0 {
                ds.distances.insert((v, s), r.gen_range(0.0..150.0));
            }
        }
    }
    let mut policy = Policy::default();
    policy.rules.max_days_per_month = r.gen_range(1..=3);
    policy.rules.commute_km = [30.0, 60.0, 90.0][r.gen_range(0..3)];
    policy.objective.gap_tolerance = r.gen_range(0..=3);
    if r.gen_bool(0.3) {
        policy.objective.break_ = 400.0;
        policy.objective.long_gap = 300.0;
        policy.objective.uncovered = 200.0;
    }
    // One pin, on an eligible candidate of a volunteer with room under their cap.
    let horizon =
        renfort::Horizon::range(first, first + chrono::Days::new(size.days as u64 - 1)).unwrap();
    let pin = {
        let inst = renfort::Instance::new(&ds, &policy, horizon);
        let c: Vec<_> = inst
            .candidates()
            .iter()
            .filter(|c| {
                inst.monthly_cap(c.volunteer) >= 1
                    && (!inst.is_stayer(c.volunteer, c.site) || ds.sites[c.site].beds >= 1)
            })
            .copied()
            .collect();
        (!c.is_empty() && r.gen_bool(0.5)).then(|| c[r.gen_range(0..c.len())])
    };
    if let Some(c) = pin {
        ds.pinned.insert(
            Assignment {
                date: c.date,
                site: c.site,
                volunteer: c.volunteer,
            },
            2,
        );
    }
    (ds, policy)
}

pub fn horizon_of(size: Size) -> renfort::Horizon {
    let first = ymd(2026, 12, 1);
    renfort::Horizon::range(first, first + chrono::Days::new(size.days as u64 - 1)).unwrap()
}

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
