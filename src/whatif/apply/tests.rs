use super::*;
use crate::io::load_dataset;
use crate::whatif::communes::tests::sample;
use chrono::{Datelike, Weekday};

fn small() -> Dataset {
    load_dataset(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/small"))
        .unwrap()
}

fn run(text: &str) -> Result<Applied, InputError> {
    let sc = Scenario::parse(text, "sc.toml")?;
    let h = Horizon::parse_month("2026-12").unwrap();
    apply(&small(), &Policy::default(), &sc, Some(&sample()), &h, 7)
}

fn ymd(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

#[test]
fn empty_scenario_changes_nothing() {
    let a = run("").unwrap();
    let ds = small();
    assert_eq!(a.dataset.sites, ds.sites);
    assert_eq!(a.dataset.availability, ds.availability);
    assert_eq!(a.policy, Policy::default());
    assert!(a.notes.is_empty());
}

#[test]
fn adds_a_site_and_its_zone_from_a_commune() {
    let a = run(
        "[[add_site]]\ncommune = \"43080\"\nopen_days = \"mon thu\"\nbeds = 1\npriority = 1.5\n",
    )
    .unwrap();
    let s = a.dataset.sites.last().unwrap();
    assert_eq!((s.id.as_str(), s.lat, s.beds), ("S43080", 45.3297, 1));
    assert_eq!(s.name, "Lieu de consultation de Craponne-sur-Arzon");
    let z = &a.dataset.zones[s.zone];
    assert_eq!(
        (z.id.as_str(), z.department.as_str(), z.priority),
        ("Z200043", "43", 1.5)
    );
    // Into an existing zone, by point.
    let a = run("[[add_site]]\nid = \"S9\"\nlat = 45.0\nlon = 3.0\nzone = \"Z2\"\n").unwrap();
    assert_eq!(a.dataset.zones.len(), 2);
    assert_eq!(a.dataset.zones[a.dataset.sites[3].zone].id, "Z2");
}

#[test]
fn closes_removes_and_changes_demand() {
    let a = run("remove_sites = [\"S2\"]\nremove_volunteers = [\"V3\"]\n[[close_site]]\nsite = \"S1\"\ndates = [\"2026-12-07..2026-12-09\"]\n[[demand]]\nsite = \"S3\"\ndates = \"all\"\ndemand = 1\n").unwrap();
    let ds = &a.dataset;
    assert!(ds.site_index("S2").is_none() && ds.volunteer_index("V3").is_none());
    let s1 = ds.site_index("S1").unwrap();
    assert!((7..=9).all(|d| ds.closures.contains(&(s1, ymd(d)))));
    let s3 = ds.site_index("S3").unwrap();
    assert_eq!(ds.sites[s3].demand, 1);
    assert!(!ds.demand_overrides.keys().any(|&(s, _)| s == s3));
    // V5's pin at S3 survives the re-indexing.
    assert!(ds
        .pinned
        .keys()
        .any(|p| ds.volunteers[p.volunteer].id == "V5"));
}

#[test]
fn closing_a_pinned_day_drops_the_pin_with_a_note() {
    let a = run("[[close_site]]\nsite = \"S3\"\ndates = [\"2026-12-04\"]\n").unwrap();
    assert!(a.dataset.pinned.is_empty());
    assert!(a.notes[0].contains("V5"), "{:?}", a.notes);
}

#[test]
fn policy_table_applies_on_top() {
    let a = run("[policy.rules]\nmax_days_per_month = 4\n[policy.objective]\nbreak = 0\n").unwrap();
    assert_eq!(a.policy.rules.max_days_per_month, 4);
    assert_eq!(a.policy.objective.break_, 0.0);
    assert_eq!(a.policy.objective.uncovered, 1000.0);
}

#[test]
fn new_volunteers_are_seeded_and_plausible() {
    let text = "[[add_volunteers]]\ncount = 20\naround = \"43157\"\nradius_km = 40\n[[add_volunteers]]\ncount = 5\ndepartment = \"43\"\nmax_days = 1\n";
    let (a, b) = (run(text).unwrap(), run(text).unwrap());
    assert_eq!(a.dataset.volunteers, b.dataset.volunteers);
    assert_eq!(a.dataset.availability, b.dataset.availability);
    let new = &a.dataset.volunteers[6..];
    assert_eq!(new.len(), 25);
    assert_eq!(new[0].id, "NEW1-001");
    assert_eq!(new[20].id, "NEW2-001");
    assert!(new.iter().all(|v| v.authorized && v.max_km == 120.0));
    let overnight = new.iter().filter(|v| v.overnight).count();
    assert!((2..=20).contains(&overnight), "{overnight}");
    for v in 6..a.dataset.volunteers.len() {
        let days: Vec<_> = a
            .dataset
            .availability
            .iter()
            .filter(|(x, _)| *x == v)
            .map(|(_, d)| *d)
            .collect();
        assert!((2..=8).contains(&days.len()));
        assert!(days
            .iter()
            .all(|d| d.weekday() != Weekday::Sun && *d != ymd(25)));
    }
}

#[test]
fn dropout_is_seeded_and_removes_pins_with_their_days() {
    let ds = small();
    let d = Dropout {
        volunteer: 0.5,
        day: 0.2,
    };
    let a = draw_dropout(&ds, &d, &mut rng_for(3, 1));
    let b = draw_dropout(&ds, &d, &mut rng_for(3, 1));
    assert_eq!(a.availability, b.availability);
    assert!(a.availability.is_subset(&ds.availability));
    let all = draw_dropout(
        &ds,
        &Dropout {
            volunteer: 1.0,
            day: 0.0,
        },
        &mut rng_for(3, 2),
    );
    assert!(all.availability.is_empty() && all.pinned.is_empty());
    let none = draw_dropout(&ds, &Dropout::default(), &mut rng_for(3, 2));
    assert_eq!(none.availability, ds.availability);
    let runs: Vec<_> = (1..=10)
        .map(|r| draw_dropout(&ds, &d, &mut rng_for(3, r)).availability.len())
        .collect();
    assert!(
        runs.windows(2).any(|w| w[0] != w[1]),
        "runs differ: {runs:?}"
    );
}

#[test]
fn errors_point_at_the_line() {
    let e = run("\n[[close_site]]\nsite = \"S7\"\ndates = \"all\"\n").unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::UnknownReference, Some(3)));
    let e = run("[[add_site]]\ncommune = \"99999\"\n").unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::UnknownReference, Some(2)));
    let e = run("[[demand]]\nsite = \"S2\"\ndates = \"all\"\ndemand = 3\n").unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::OutOfRange, Some(4)));
    let e = run("[[add_site]]\nid = \"S1\"\nlat = 45.0\nlon = 3.0\nzone = \"Z1\"\n").unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::DuplicateId, Some(2)));
    let e =
        run("[[add_site]]\nlat = 45.0\nlon = 3.0\nzone = \"Z1\"\npriority = 2.0\nid = \"S8\"\n")
            .unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::BadValue, Some(5)));
    let e = run("[policy.rules]\nmax_days_per_month = -1\n").unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::BadValue, Some(2)));
    let e = run("[[add_volunteers]]\ncount = 2\ndepartment = \"99\"\n").unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::UnknownReference, Some(3)));
    let sc = Scenario::parse("[[add_site]]\ncommune = \"43080\"\n", "sc.toml").unwrap();
    let h = Horizon::parse_month("2026-12").unwrap();
    let e = apply(&small(), &Policy::default(), &sc, None, &h, 1).unwrap_err();
    assert_eq!(e.code, Code::MissingFile);
}

#[test]
fn scenario_file_errors_are_located() {
    let e = Scenario::parse("runs = 10\n[dropout]\nvolunteer = 1.5\n", "f.toml")
        .err()
        .unwrap();
    assert_eq!((e.code, e.at.line), (Code::BadValue, Some(3)));
    let e = Scenario::parse("[dropout]\nvolonteer = 0.1\n", "f.toml")
        .err()
        .unwrap();
    assert_eq!((e.code, e.at.line), (Code::UnknownKey, Some(2)));
    let e = Scenario::parse(
        "[[close_site]]\nsite = \"S1\"\ndates = [\"2026-13-01\"]\n",
        "f.toml",
    )
    .err()
    .unwrap();
    assert_eq!((e.code, e.at.line), (Code::BadValue, Some(3)));
    let e = Scenario::parse("[[add_site]]\nid = \"X\"\n", "f.toml")
        .err()
        .unwrap();
    assert_eq!((e.code, e.at.line), (Code::BadValue, Some(1)));
    let e = Scenario::parse(
        "[[add_site]]\ncommune = \"43080\"\nopen_days = \"mon funday\"\n",
        "f.toml",
    )
    .err()
    .unwrap();
    assert_eq!(
        (e.code, e.at.line, e.at.column.as_deref()),
        (Code::BadValue, Some(3), Some("13"))
    );
    let e = Scenario::parse("runs = 0\n", "f.toml").err().unwrap();
    assert_eq!(e.code, Code::BadValue);
    let sc = Scenario::parse("[dropout]\nvolunteer = 0.2\n", "dir/dropout-20.toml").unwrap();
    assert_eq!(sc.name, "dropout-20");
    assert!(sc.dropout.is_active() && !sc.needs_communes());
}
