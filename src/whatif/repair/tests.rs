use super::*;
use crate::io::load_dataset;
use crate::whatif::Solver;
use chrono::Datelike;

fn small() -> Dataset {
    load_dataset(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/small"))
        .unwrap()
}

fn ymd(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

fn a(ds: &Dataset, v: &str, s: &str, d: u32) -> Assignment {
    Assignment {
        date: ymd(d),
        site: ds.site_index(s).unwrap(),
        volunteer: ds.volunteer_index(v).unwrap(),
    }
}

#[test]
fn freezes_the_past_and_withdraws_cancelled_days() {
    let ds = small();
    let v1 = ds.volunteer_index("V1").unwrap();
    let prev = Plan::new(vec![
        a(&ds, "V1", "S1", 1),
        a(&ds, "V1", "S1", 2),
        a(&ds, "V6", "S1", 15),
    ]);
    let cancels = [Cancel {
        volunteer: v1,
        date: None,
    }];
    let r = repair_dataset(&ds, &prev, &cancels, ymd(2));
    // Before the 2nd only the frozen V1 on the 1st is offered, and pinned.
    assert!(r
        .availability
        .iter()
        .all(|&(v, d)| d >= ymd(2) || (v, d) == (v1, ymd(1))));
    assert!(r.pinned.contains_key(&a(&ds, "V1", "S1", 1)));
    // From the 2nd, V1 offers nothing; V5's pin on the 4th stays.
    assert!(!r.availability.iter().any(|&(v, d)| v == v1 && d >= ymd(2)));
    assert!(r.pinned.contains_key(&a(&ds, "V5", "S3", 4)));
    // One date only.
    let r = repair_dataset(
        &ds,
        &prev,
        &[Cancel {
            volunteer: v1,
            date: Some(ymd(3)),
        }],
        ymd(1),
    );
    assert!(r.availability.contains(&(v1, ymd(2))) && !r.availability.contains(&(v1, ymd(3))));
}

#[test]
fn diff_names_cancellations_moves_and_gaps() {
    let ds = small();
    let policy = Policy::default();
    let h = Horizon::parse_month("2026-12").unwrap();
    let inst = Instance::new(&ds, &policy, h);
    let v1 = ds.volunteer_index("V1").unwrap();
    let prev = Plan::new(vec![
        a(&ds, "V1", "S1", 2),
        a(&ds, "V6", "S1", 15),
        a(&ds, "V2", "S2", 8),
    ]);
    let new = Plan::new(vec![a(&ds, "V6", "S1", 16), a(&ds, "V3", "S2", 8)]);
    let d = diff(
        &inst,
        &inst,
        &prev,
        &new,
        &[Cancel {
            volunteer: v1,
            date: None,
        }],
        ymd(1),
    );
    let kinds: Vec<_> = d
        .iter()
        .map(|c| (c.kind, c.volunteer.as_str(), c.date.day()))
        .collect();
    assert!(kinds.contains(&("cancelled", "V1", 2)), "{kinds:?}");
    assert!(kinds.contains(&("moved", "V6", 16)), "{kinds:?}");
    assert!(kinds.contains(&("removed", "V2", 8)), "{kinds:?}");
    assert!(kinds.contains(&("added", "V3", 8)), "{kinds:?}");
    assert!(kinds.contains(&("newly_uncovered", "", 2)), "{kinds:?}");
    assert!(kinds.contains(&("newly_uncovered", "", 15)), "{kinds:?}");
    let text = String::from_utf8(diff_csv(&d)).unwrap();
    assert!(text.starts_with("kind,date,site,volunteer,detail\n"));
}

#[test]
fn repair_keeps_what_it_can_and_drops_the_cancelled() {
    let ds = small();
    let policy = Policy::default();
    let h = Horizon::parse_month("2026-12").unwrap();
    let solver = Solver::ilp(SolveOptions::default());
    let inst = Instance::new(&ds, &policy, h);
    let prev = solver.run(&inst).plan.unwrap();
    let v6 = ds.volunteer_index("V6").unwrap();
    let r = repair(
        &solver,
        &ds,
        &policy,
        h,
        &prev,
        &[Cancel {
            volunteer: v6,
            date: None,
        }],
        ymd(1),
    )
    .unwrap();
    assert!(r.plan.assignments().iter().all(|a| a.volunteer != v6));
    let rinst = Instance::new(&r.dataset, &policy, h);
    assert!(hard::check(&rinst, &r.plan).is_empty());
    assert!(r
        .changes
        .iter()
        .any(|c| c.kind == "cancelled" && c.volunteer == "V6"));
    // Nothing forces the others to change.
    for a in prev.assignments().iter().filter(|a| a.volunteer != v6) {
        assert!(r.plan.contains(a), "{a:?} was dropped");
    }
    assert_eq!(r.kept, r.keepable);
}

/// Two co-located sites, priorities 2 and 1, and two doctors offering 1 December.
fn two_sites() -> Dataset {
    use crate::model::{Site, Volunteer, Weekdays, Zone};
    let zone = |id: &str, priority| Zone {
        id: id.into(),
        name: id.into(),
        department: "43".into(),
        priority,
        source_status: None,
    };
    let site = |id: &str, zone| Site {
        id: id.into(),
        zone,
        name: id.into(),
        lat: 45.0,
        lon: 3.5,
        open_days: Weekdays(0b1_1111),
        rooms: 1,
        demand: 1,
        beds: 0,
        bed_cost_eur: 0.0,
        commune: None,
        contact: Default::default(),
    };
    let vol = |id: &str| Volunteer {
        id: id.into(),
        name: id.into(),
        lat: 45.0,
        lon: 3.5,
        authorized: true,
        max_days: 2,
        max_km: 50.0,
        overnight: false,
        zones: vec![],
        contact: Default::default(),
    };
    Dataset {
        name: "two".into(),
        month: "2026-12".into(),
        zones: vec![zone("HI", 2.0), zone("LO", 1.0)],
        sites: vec![site("SHI", 0), site("SLO", 1)],
        volunteers: vec![vol("A"), vol("B")],
        availability: [(0, ymd(1)), (1, ymd(1))].into_iter().collect(),
        ..Default::default()
    }
}

#[test]
fn a_change_is_made_only_when_it_gains_more_than_it_costs() {
    let ds = two_sites();
    let h = Horizon::parse_month("2026-12").unwrap();
    let solver = Solver::ilp(SolveOptions::default());
    let prev = Plan::new(vec![a(&ds, "A", "SHI", 1), a(&ds, "B", "SLO", 1)]);
    let cancel = [Cancel {
        volunteer: 0,
        date: None,
    }];
    // Moving B to the priority-2 site gains 1000 and costs 500: B moves.
    let r = repair(&solver, &ds, &Policy::default(), h, &prev, &cancel, ymd(1)).unwrap();
    assert_eq!(r.plan.assignments(), [a(&ds, "B", "SHI", 1)]);
    let kinds: Vec<_> = r
        .changes
        .iter()
        .map(|c| (c.kind, c.site.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("cancelled", "SHI"),
            ("moved", "SHI"),
            ("newly_uncovered", "SLO")
        ]
    );
    assert_eq!((r.kept, r.keepable), (0, 1));
    // At 1500 a change, B stays.
    let mut dear = Policy::default();
    dear.repair.change = 1500.0;
    let r = repair(&solver, &ds, &dear, h, &prev, &cancel, ymd(1)).unwrap();
    assert_eq!(r.plan.assignments(), [a(&ds, "B", "SLO", 1)]);
    assert_eq!((r.kept, r.keepable), (1, 1));
}
