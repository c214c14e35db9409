//! The generator: zones, sites with their calendars, volunteers with their offers, given
//! distances, the policy, a pin, drawn in that order from one seeded stream.

use super::{first_day, horizon_of, Mix, OpenDays, Size, Weights};
use crate::model::{Assignment, Dataset, Policy, Site, Volunteer, Weekdays, Zone};
use crate::rules::Instance;
use chrono::Days;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A random but valid dataset and policy from a seed, drawn from [`Mix::CONTRACT`].
pub fn random_instance(seed: u64, size: Size) -> (Dataset, Policy) {
    random_instance_with(seed, size, &Mix::CONTRACT)
}

/// A random but valid dataset and policy from a seed, drawn from `mix`.
pub fn random_instance_with(seed: u64, size: Size, mix: &Mix) -> (Dataset, Policy) {
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
            priority: pick(&mut r, mix.priorities),
            source_status: None,
        });
    }
    for s in 0..size.sites {
        ds.sites.push(site(&mut r, s, size, mix));
        calendar(&mut r, &mut ds, s, size, mix);
    }
    for v in 0..size.volunteers {
        ds.volunteers.push(volunteer(&mut r, v, size, mix));
        for d in 0..size.days {
            if r.gen_bool(size.offer) {
                ds.availability
                    .insert((v, first_day() + Days::new(u64::from(d))));
            }
        }
    }
    if let Some(one_in) = mix.given_distance_one_in {
        for s in 0..size.sites {
            for v in 0..size.volunteers {
                if r.gen_range(0..one_in) == 0 {
                    ds.distances.insert((v, s), r.gen_range(0.0..150.0));
                }
            }
        }
    }
    let policy = policy(&mut r, mix);
    if mix.pin > 0.0 {
        pin(&mut r, &mut ds, &policy, size, mix.pin);
    }
    (ds, policy)
}

/// One of `options` (with one option, nothing is drawn).
fn pick(r: &mut ChaCha8Rng, options: &[f64]) -> f64 {
    match options {
        [only] => *only,
        _ => options[r.gen_range(0..options.len())],
    }
}

/// Site `s`, in zone `s` modulo the zones (so that every zone has a site when there are
/// enough).
fn site(r: &mut ChaCha8Rng, s: usize, size: Size, mix: &Mix) -> Site {
    let rooms = r.gen_range(mix.rooms.clone());
    let (dlat, dlon) = mix.site_spread;
    Site {
        id: format!("S{s}"),
        zone: s % size.zones,
        name: format!("Site {s}"),
        lat: 45.0 + r.gen_range(-dlat..dlat),
        lon: 3.0 + r.gen_range(-dlon..dlon),
        open_days: open_days(r, mix.open_days),
        rooms,
        demand: r.gen_range(0..=rooms),
        beds: r.gen_range(0..=2),
        bed_cost_eur: pick(r, mix.bed_costs_eur),
        commune: None,
        contact: Default::default(),
    }
}

fn open_days(r: &mut ChaCha8Rng, open: OpenDays) -> Weekdays {
    match open {
        OpenDays::AnySet => Weekdays(r.gen_range(1..128)),
        OpenDays::EachDay(odds) => {
            let mut days = Weekdays::default();
            for d in 0..7 {
                if r.gen_bool(odds) {
                    days.insert(d);
                }
            }
            if days.0 == 0 {
                days.insert(r.gen_range(0..7));
            }
            days
        }
    }
}

/// Site `s`'s closed days and demand overrides.
fn calendar(r: &mut ChaCha8Rng, ds: &mut Dataset, s: usize, size: Size, mix: &Mix) {
    let rooms = ds.sites[s].rooms;
    for d in 0..size.days {
        let date = first_day() + Days::new(u64::from(d));
        match r.gen_range(0..mix.one_in_days) {
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

fn volunteer(r: &mut ChaCha8Rng, v: usize, size: Size, mix: &Mix) -> Volunteer {
    Volunteer {
        id: format!("V{v}"),
        name: format!("Dr {v}"),
        lat: 45.0 + r.gen_range(-0.6..0.6),
        lon: 3.0 + r.gen_range(-0.8..0.8),
        authorized: r.gen_bool(0.9),
        max_days: r.gen_range(mix.max_days.clone()),
        max_km: r.gen_range(mix.max_km.clone()),
        overnight: r.gen_bool(mix.overnight),
        zones: (0..size.zones)
            .filter(|_| r.gen_bool(mix.prefers_zone))
            .collect(),
        contact: Default::default(),
    }
}

fn policy(r: &mut ChaCha8Rng, mix: &Mix) -> Policy {
    let mut p = Policy::default();
    p.rules.max_days_per_month = r.gen_range(mix.cap.clone());
    p.rules.commute_km = pick(r, mix.commute_km);
    p.objective.gap_tolerance = r.gen_range(0..=3);
    match mix.weights {
        Weights::DefaultOrHarsh(odds) => {
            if r.gen_bool(odds) {
                p.objective.break_ = 400.0;
                p.objective.long_gap = 300.0;
                p.objective.uncovered = 200.0;
            }
        }
        Weights::Drawn => {
            p.objective.break_ = pick(r, &[0.0, 50.0, 400.0]);
            p.objective.long_gap = pick(r, &[0.0, 100.0, 300.0]);
            p.objective.travel = pick(r, &[0.1, 1.0]);
        }
    }
    p
}

/// With odds `odds`, one pin on an eligible candidate of a volunteer with room under their
/// cap (and a bed, for a stayer), so that the pins alone are a valid plan.
fn pin(r: &mut ChaCha8Rng, ds: &mut Dataset, policy: &Policy, size: Size, odds: f64) {
    let eligible: Vec<_> = {
        let inst = Instance::new(ds, policy, horizon_of(size));
        inst.candidates()
            .iter()
            .filter(|c| {
                inst.monthly_cap(c.volunteer) >= 1
                    && (!inst.is_stayer(c.volunteer, c.site) || ds.sites[c.site].beds >= 1)
            })
            .copied()
            .collect()
    };
    if eligible.is_empty() || !r.gen_bool(odds) {
        return;
    }
    let c = eligible[r.gen_range(0..eligible.len())];
    ds.pinned.insert(
        Assignment {
            date: c.date,
            site: c.site,
            volunteer: c.volunteer,
        },
        2,
    );
}
