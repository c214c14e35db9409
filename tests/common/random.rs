//! Random but valid instances from a seed: the one generator of the integration tests and
//! the examples (which include this file by path).

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use renfort::model::{Assignment, Dataset, Policy, Site, Volunteer, Weekdays, Zone};

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
