//! Each reason of `uncovered_days` on a tiny dataset built in code: one zone, sites open
//! every day, a three-day horizon (Tue 1 – Thu 3 December 2026, no holiday).

use super::*;
use crate::model::{Assignment, Dataset, Horizon, Plan, Policy, Site, Volunteer, Weekdays, Zone};

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
}

fn horizon() -> Horizon {
    Horizon::range(d(1), d(3)).unwrap()
}

fn site(id: &str, rooms: u32, demand: u32, beds: u32) -> Site {
    Site {
        id: id.into(),
        zone: 0,
        name: format!("Site {id}"),
        lat: 45.0,
        lon: 3.0,
        open_days: Weekdays(0b111_1111),
        rooms,
        demand,
        beds,
        bed_cost_eur: 0.0,
        commune: None,
        contact: Default::default(),
    }
}

fn vol(id: &str) -> Volunteer {
    Volunteer {
        id: id.into(),
        name: format!("Dr {id}"),
        lat: 45.0,
        lon: 3.0,
        authorized: true,
        max_days: 2,
        max_km: 50.0,
        overnight: false,
        zones: vec![],
        contact: Default::default(),
    }
}

fn dataset(sites: Vec<Site>, vols: Vec<Volunteer>) -> Dataset {
    let zone = Zone {
        id: "Z".into(),
        name: "Zone".into(),
        department: "15".into(),
        priority: 1.0,
        source_status: None,
    };
    Dataset {
        name: "t".into(),
        month: "2026-12".into(),
        zones: vec![zone],
        sites,
        volunteers: vols,
        ..Default::default()
    }
}

fn plan(a: &[(VolIdx, SiteIdx, u32)]) -> Plan {
    Plan::new(
        a.iter()
            .map(|&(volunteer, site, day)| Assignment {
                date: d(day),
                site,
                volunteer,
            })
            .collect(),
    )
}

/// The reasons of site s, by day of December.
fn reasons(ds: &Dataset, p: &Plan, s: SiteIdx) -> Vec<(u32, UncoveredReason)> {
    let policy = Policy::default();
    let inst = Instance::new(ds, &policy, horizon());
    uncovered_days(&inst, p)
        .into_iter()
        .filter(|u| u.site == s)
        .map(|u| (chrono::Datelike::day(&u.date), u.reason))
        .collect()
}

use UncoveredReason::*;

#[test]
fn nobody_offered_even_if_an_unauthorised_doctor_did() {
    let mut v = vol("V");
    v.authorized = false;
    let mut ds = dataset(vec![site("S", 1, 1, 0)], vec![v]);
    ds.availability.insert((0, d(2)));
    assert_eq!(
        reasons(&ds, &Plan::default(), 0),
        vec![(1, NoOffer), (2, NoOffer), (3, NoOffer)]
    );
}

#[test]
fn offered_but_too_far_or_no_overnight() {
    let (far, no_night) = (vol("FAR"), vol("NONIGHT"));
    let mut ds = dataset(vec![site("S", 1, 1, 1)], vec![far, no_night]);
    ds.volunteers[1].max_km = 500.0;
    ds.distances.insert((0, 0), 80.0); // beyond max_km 50
    ds.distances.insert((1, 0), 100.0); // a stay (> 60 km), and overnight = false
    ds.availability.insert((0, d(1)));
    ds.availability.insert((1, d(2)));
    assert_eq!(
        reasons(&ds, &Plan::default(), 0),
        vec![(1, OutOfReach), (2, OutOfReach), (3, NoOffer)]
    );
}

#[test]
fn everyone_within_reach_is_at_the_monthly_cap() {
    let mut v = vol("V");
    v.max_days = 1;
    let mut ds = dataset(vec![site("S", 1, 1, 0)], vec![v]);
    ds.availability.extend([(0, d(1)), (0, d(2))]);
    let p = plan(&[(0, 0, 1)]);
    assert_eq!(reasons(&ds, &p, 0), vec![(2, AtMonthlyCap), (3, NoOffer)]);
}

#[test]
fn everyone_within_reach_works_elsewhere_that_day() {
    let mut ds = dataset(vec![site("A", 1, 1, 0), site("B", 1, 1, 0)], vec![vol("V")]);
    ds.availability.insert((0, d(1)));
    let p = plan(&[(0, 0, 1)]);
    assert_eq!(reasons(&ds, &p, 0), vec![(2, NoOffer), (3, NoOffer)]);
    assert_eq!(
        reasons(&ds, &p, 1),
        vec![(1, BusyElsewhere), (2, NoOffer), (3, NoOffer)]
    );
}

#[test]
fn rooms_full_when_demand_exceeds_rooms() {
    // Outside the contract (demand ≤ rooms), built by hand: the reason must still be true.
    let mut ds = dataset(vec![site("S", 1, 2, 0)], vec![vol("A"), vol("B")]);
    ds.availability.extend([(0, d(1)), (1, d(1))]);
    let p = plan(&[(0, 0, 1)]);
    assert_eq!(reasons(&ds, &p, 0)[0], (1, RoomsFull));
}

#[test]
fn only_stayers_and_no_bed_left() {
    let mut stayer = vol("STAY");
    stayer.overnight = true;
    stayer.max_km = 200.0;
    let mut other = stayer.clone();
    other.id = "STAY2".into();
    // Site 0 has no bed; site 1 has one bed, taken by the first stayer on day 1.
    let mut ds = dataset(
        vec![site("NOBED", 1, 1, 0), site("ONEBED", 2, 2, 1)],
        vec![stayer, other],
    );
    for v in 0..2 {
        for s in 0..2 {
            ds.distances.insert((v, s), 100.0);
        }
    }
    ds.availability.extend([(0, d(1)), (1, d(1)), (1, d(2))]);
    let p = plan(&[(0, 1, 1)]);
    assert_eq!(
        reasons(&ds, &p, 0),
        vec![(1, NoBed), (2, NoBed), (3, NoOffer)]
    );
    assert_eq!(
        reasons(&ds, &p, 1),
        vec![(1, NoBed), (2, OptimiserChoice), (3, NoOffer)]
    );
}

#[test]
fn a_commuter_could_have_come_so_it_was_the_optimiser() {
    let mut ds = dataset(vec![site("S", 1, 1, 0)], vec![vol("V")]);
    ds.availability.insert((0, d(3)));
    assert_eq!(
        reasons(&ds, &Plan::default(), 0),
        vec![(1, NoOffer), (2, NoOffer), (3, OptimiserChoice)]
    );
}

#[test]
fn partly_covered_days_are_listed_and_covered_days_are_not() {
    let mut ds = dataset(vec![site("S", 2, 2, 0)], vec![vol("A"), vol("B")]);
    ds.availability.extend([(0, d(1)), (0, d(2)), (1, d(2))]);
    let policy = Policy::default();
    let inst = Instance::new(&ds, &policy, horizon());
    let p = plan(&[(0, 0, 1), (0, 0, 2), (1, 0, 2)]);
    let u = uncovered_days(&inst, &p);
    assert_eq!(u.len(), 2, "{u:?}");
    assert_eq!(
        (u[0].date, u[0].assigned, u[0].missing(), u[0].reason),
        (d(1), 1, 1, NoOffer)
    );
    assert_eq!(
        (u[0].offered, u[0].reachable),
        (0, 0),
        "the doctor already there does not count"
    );
    assert_eq!(u[1].date, d(3));
}

#[test]
fn non_service_days_are_never_uncovered() {
    let mut ds = dataset(vec![site("S", 1, 1, 0)], vec![vol("V")]);
    ds.closures.insert((0, d(1)));
    ds.demand_overrides.insert((0, d(2)), 0);
    let days: Vec<_> = reasons(&ds, &Plan::default(), 0)
        .into_iter()
        .map(|(day, _)| day)
        .collect();
    assert_eq!(days, vec![3]);
}

#[test]
fn every_reason_has_distinct_labels_in_both_languages() {
    let mut seen = std::collections::HashSet::new();
    for r in UncoveredReason::ALL {
        for text in [
            r.code(),
            r.label_fr(),
            r.label_en(),
            r.short_fr(),
            r.short_en(),
        ] {
            assert!(
                !text.is_empty() && seen.insert(text),
                "{r:?}: '{text}' empty or repeated"
            );
        }
    }
}
