//! The baselines on a hand-made instance whose plans can be worked out on paper: two sites
//! 20 km apart, the second in a zone of twice the priority, and two volunteers living at the
//! first site who both offer the same single day.

use super::{fcfs, neediest};
use crate::model::{Assignment, Dataset, Horizon, Plan, Policy, Site, Volunteer, Weekdays, Zone};
use crate::rules::{hard, Instance};
use crate::solve::SolveOptions;
use chrono::NaiveDate;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default()
}

fn dataset() -> Dataset {
    let mut ds = Dataset {
        name: "paper".into(),
        month: "2026-12".into(),
        ..Default::default()
    };
    for (z, priority) in [1.0, 2.0].into_iter().enumerate() {
        ds.zones.push(Zone {
            id: format!("Z{z}"),
            name: String::new(),
            department: "15".into(),
            priority,
            source_status: None,
        });
    }
    for (s, lon) in [3.0, 3.2].into_iter().enumerate() {
        ds.sites.push(Site {
            id: format!("S{s}"),
            zone: s,
            name: String::new(),
            lat: 45.0,
            lon,
            open_days: Weekdays(0b111_1111),
            rooms: 1,
            demand: 1,
            beds: 0,
            bed_cost_eur: 0.0,
            commune: None,
            contact: Default::default(),
        });
    }
    for v in 0..2 {
        ds.volunteers.push(Volunteer {
            id: format!("V{v}"),
            name: String::new(),
            lat: 45.0,
            lon: 3.0,
            authorized: true,
            max_days: 2,
            max_km: 200.0,
            overnight: false,
            zones: Vec::new(),
            contact: Default::default(),
        });
        ds.availability.insert((v, day(1)));
    }
    ds
}

fn plan_of(ds: &Dataset, solve: fn(&Instance, &SolveOptions) -> crate::solve::Outcome) -> Plan {
    let policy = Policy::default();
    let horizon = Horizon::range(day(1), day(3)).expect("an ordered range");
    let inst = Instance::new(ds, &policy, horizon);
    let out = solve(&inst, &SolveOptions::default());
    let plan = out.plan.unwrap_or_default();
    assert!(hard::check(&inst, &plan).is_empty(), "{plan:?}");
    plan
}

fn at(v: usize, s: usize) -> Assignment {
    Assignment {
        date: day(1),
        site: s,
        volunteer: v,
    }
}

#[test]
fn fcfs_sends_each_volunteer_in_file_order_to_the_nearest_site_still_short() {
    let plan = plan_of(&dataset(), fcfs::solve);
    assert_eq!(plan, Plan::new(vec![at(0, 0), at(1, 1)]));
}

#[test]
fn fcfs_places_the_pins_first() {
    let mut ds = dataset();
    ds.pinned.insert(at(1, 0), 2);
    let plan = plan_of(&ds, fcfs::solve);
    assert_eq!(plan, Plan::new(vec![at(0, 1), at(1, 0)]));
}

#[test]
fn neediest_serves_the_higher_priority_site_first() {
    let plan = plan_of(&dataset(), neediest::solve);
    assert_eq!(plan, Plan::new(vec![at(0, 1), at(1, 0)]));
}

#[test]
fn baselines_never_add_a_doctor_beyond_demand() {
    let mut ds = dataset();
    ds.sites[1].demand = 0;
    for solve in [fcfs::solve, neediest::solve] {
        assert_eq!(plan_of(&ds, solve), Plan::new(vec![at(0, 0)]));
    }
}
