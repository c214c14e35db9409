//! The evaluator against the contract's metrics: after any sequence of additions and
//! removals, the running objective is the one `metrics::compute` finds from scratch.

use super::*;
use crate::model::{Dataset, Horizon, Policy, Site, Volunteer, Weekdays, Zone};
use crate::rules::Instance;
use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A small random dataset with commuters, stayers, closures, demand overrides and distances.
pub(crate) fn random_dataset(
    seed: u64,
    sites: usize,
    vols: usize,
    days: u32,
) -> (Dataset, Policy, Horizon) {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    let first = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
    let mut ds = Dataset {
        name: "t".into(),
        month: "2026-12".into(),
        ..Default::default()
    };
    for z in 0..2 {
        let priority = [0.0, 0.5, 1.0, 2.0][r.gen_range(0..4)];
        ds.zones.push(Zone {
            id: format!("Z{z}"),
            name: String::new(),
            department: "15".into(),
            priority,
            source_status: None,
        });
    }
    for s in 0..sites {
        let rooms = r.gen_range(1..=3);
        ds.sites.push(Site {
            id: format!("S{s}"),
            zone: s % 2,
            name: String::new(),
            lat: 45.0 + r.gen_range(-0.4..0.4),
            lon: 3.0 + r.gen_range(-0.5..0.5),
            open_days: Weekdays(r.gen_range(1..128)),
            rooms,
            demand: r.gen_range(0..=rooms),
            beds: r.gen_range(0..=2),
            bed_cost_eur: 10.0,
            commune: None,
            contact: Default::default(),
        });
        for d in 0..days {
            let date = first + Days::new(d as u64);
            match r.gen_range(0..12) {
                0 => {
                    ds.closures.insert((s, date));
                }
                1 => {
                    ds.demand_overrides
                        .insert((s, date), r.gen_range(0..=rooms));
                }
                _ => {}
            }
        }
    }
    for v in 0..vols {
        ds.volunteers.push(Volunteer {
            id: format!("V{v}"),
            name: String::new(),
            lat: 45.0 + r.gen_range(-0.6..0.6),
            lon: 3.0 + r.gen_range(-0.8..0.8),
            authorized: r.gen_bool(0.9),
            max_days: r.gen_range(0..=4),
            max_km: r.gen_range(30.0..200.0),
            overnight: r.gen_bool(0.6),
            zones: (0..2).filter(|_| r.gen_bool(0.4)).collect(),
            contact: Default::default(),
        });
        for d in 0..days {
            if r.gen_bool(0.5) {
                ds.availability.insert((v, first + Days::new(d as u64)));
            }
        }
    }
    let mut p = Policy::default();
    p.rules.max_days_per_month = r.gen_range(1..=4);
    p.rules.commute_km = [20.0, 40.0, 60.0][r.gen_range(0..3)];
    p.objective.gap_tolerance = r.gen_range(0..=3);
    p.objective.break_ = [0.0, 50.0, 400.0][r.gen_range(0..3)];
    p.objective.long_gap = [0.0, 100.0, 300.0][r.gen_range(0..3)];
    p.objective.travel = [0.1, 1.0][r.gen_range(0..2)];
    let last = first + Days::new(days as u64 - 1);
    let horizon = Horizon::range(first, last).unwrap_or(Horizon { first, last: first });
    (ds, p, horizon)
}

/// Adds a random history (contract v2) before a horizon that may now start a few days
/// later (so that the history holds days of the horizon's first month: H3), some of it by a
/// doctor who is not a volunteer, at most sites; and a random `new_pair` weight. Returns the
/// horizon.
pub(crate) fn add_history(seed: u64, ds: &mut Dataset, p: &mut Policy, h: Horizon) -> Horizon {
    use crate::model::{HistoryFile, HistoryOrigin, PastVisit};
    let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x005e_ed0f_1157);
    let off = r.gen_range(0..=3u64).min(h.len() as u64 - 1);
    let first = h.first + Days::new(off);
    let start = h.first - Days::new(8);
    ds.history.files = vec![HistoryFile {
        name: "history.csv".into(),
        date_column: "date (A)".into(),
    }];
    for s in 0..ds.sites.len() {
        if r.gen_bool(0.25) {
            continue;
        }
        for _ in 0..r.gen_range(1..=3) {
            let date = start + Days::new(r.gen_range(0..8 + off));
            let volunteer = if r.gen_bool(0.8) && !ds.volunteers.is_empty() {
                ds.volunteers[r.gen_range(0..ds.volunteers.len())]
                    .id
                    .clone()
            } else {
                "V-gone".into()
            };
            let visit = PastVisit {
                date,
                site: s,
                volunteer,
            };
            ds.history
                .visits
                .insert(visit, HistoryOrigin { file: 0, line: 2 });
        }
    }
    p.objective.new_pair = [0.0, 30.0, 300.0][r.gen_range(0..3)];
    Horizon::range(first, h.last).unwrap_or(h)
}

/// `random_dataset` with `add_history`.
pub(crate) fn random_dataset_with_history(
    seed: u64,
    sites: usize,
    vols: usize,
    days: u32,
) -> (Dataset, Policy, Horizon) {
    let (mut ds, mut p, h) = random_dataset(seed, sites, vols, days);
    let h = add_history(seed, &mut ds, &mut p, h);
    (ds, p, h)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn running_objective_matches_metrics_after_random_moves() {
    for seed in 0..80 {
        // Odd seeds with a history: carried gaps, caps left, new pairs.
        let make = if seed % 2 == 1 {
            random_dataset_with_history
        } else {
            random_dataset
        };
        let (ds, policy, horizon) = make(
            seed,
            1 + seed as usize % 4,
            6 + seed as usize % 9,
            9 + seed as u32 % 20,
        );
        let inst = Instance::new(&ds, &policy, horizon);
        let ix = Index::new(&inst);
        if ix.n_cands() == 0 {
            continue;
        }
        let mut st = State::new(&ix);
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        for step in 0..300 {
            let k = r.gen_range(0..ix.n_cands());
            let before = st.objective();
            let (predicted, done) = if st.is_on(k) {
                (st.remove_delta(k), st.remove(k))
            } else if st.can_add(k) || r.gen_bool(0.1) {
                (st.add_delta(k), st.add(k))
            } else {
                continue;
            };
            assert_eq!(predicted, done);
            let exact = metrics::compute(&inst, &st.plan()).objective(&inst);
            assert!(
                close(st.objective(), exact),
                "seed {seed} step {step}: running {} vs exact {exact}",
                st.objective()
            );
            assert!(
                close(before + predicted, exact),
                "seed {seed} step {step}: delta {predicted} wrong"
            );
        }
    }
}

#[test]
fn rollback_restores_plan_and_objective() {
    for seed in 0..20 {
        let (ds, policy, horizon) = random_dataset(100 + seed, 3, 10, 14);
        let inst = Instance::new(&ds, &policy, horizon);
        let ix = Index::new(&inst);
        if ix.n_cands() == 0 {
            continue;
        }
        let mut st = State::new(&ix);
        let mut r = ChaCha8Rng::seed_from_u64(seed);
        for _ in 0..40 {
            let k = r.gen_range(0..ix.n_cands());
            if st.can_add(k) {
                st.add(k);
            }
        }
        let (plan, objective) = (st.plan(), st.objective());
        let cp = st.checkpoint();
        for _ in 0..60 {
            let k = r.gen_range(0..ix.n_cands());
            if st.is_on(k) {
                st.remove(k);
            } else if st.can_add(k) {
                st.add(k);
            }
        }
        st.rollback(cp);
        assert_eq!(st.plan(), plan);
        assert_eq!(st.objective(), objective);
    }
}

#[test]
fn feasible_additions_keep_the_hard_rules() {
    for seed in 0..40 {
        let make = if seed % 2 == 1 {
            random_dataset_with_history
        } else {
            random_dataset
        };
        let (ds, policy, horizon) = make(200 + seed, 4, 12, 20);
        let inst = Instance::new(&ds, &policy, horizon);
        let ix = Index::new(&inst);
        let mut st = State::new(&ix);
        for k in 0..ix.n_cands() {
            if st.can_add(k) {
                st.add(k);
            }
        }
        let violations = crate::rules::hard::check(&inst, &st.plan());
        assert!(violations.is_empty(), "seed {seed}: {violations:?}");
    }
}
