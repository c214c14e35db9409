use super::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn shared(file: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(file);
    if !path.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "shared/data absent: CI must run this test"
        );
        eprintln!("shared/data absent: skipped");
        return None;
    }
    Some(path)
}

fn totals_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/sources/zones_rouges_totals.csv")
}

#[test]
fn quotas_add_up_and_follow_sizes() {
    assert_eq!(largest_remainders(&[10, 20, 30], 6), vec![1, 2, 3]);
    let q = largest_remainders(&[7, 3, 5, 1], 10);
    assert_eq!(q.iter().sum::<usize>(), 10);
    assert!(q.iter().zip([7, 3, 5, 1]).all(|(a, b)| *a <= b));
    assert_eq!(largest_remainders(&[], 3), Vec::<usize>::new());
}

#[test]
fn national_zones_from_the_shared_communes() {
    let Some(path) = shared("communes_fr.csv") else {
        return;
    };
    let communes = Communes::read(&path, &crate::generate::communes::NEEDS).unwrap();
    let none = NationalSources::default();
    let z = zones(&communes, "communes_fr.csv", 151, 7, &none).unwrap();
    assert_eq!(z.len(), 151);
    let regions: BTreeSet<_> = z.iter().map(|z| z.region.clone()).collect();
    assert_eq!(regions.len(), 13, "{regions:?}");
    let ids: BTreeSet<_> = z.iter().map(|z| z.site_id.clone()).collect();
    assert_eq!(ids.len(), 151, "one site per zone, distinct communes");
    assert!(z
        .iter()
        .all(|z| z.source_status == Some(SourceStatus::Illustrative)));
    let again = zones(&communes, "communes_fr.csv", 151, 7, &none).unwrap();
    assert_eq!(
        again.iter().map(|z| &z.zone_id).collect::<Vec<_>>(),
        z.iter().map(|z| &z.zone_id).collect::<Vec<_>>()
    );
}

/// The national dataset's zones: every zone the sources confirm or infer, each region at the
/// total the sources state, 151 in all.
#[test]
fn named_zones_first_then_stated_totals() {
    let (Some(communes_path), Some(named_path)) =
        (shared("communes_fr.csv"), shared("zones_rouges_fr.csv"))
    else {
        return;
    };
    let communes = Communes::read(&communes_path, &crate::generate::communes::NEEDS).unwrap();
    let totals = totals_file();
    let sources = NationalSources {
        named: Some(&named_path),
        totals: Some(&totals),
    };
    let z = zones(&communes, "communes_fr.csv", 151, 2026, &sources).unwrap();
    assert_eq!(z.len(), 151);

    let text = std::fs::read_to_string(&named_path).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut wanted = BTreeMap::new();
    for r in reader.records() {
        let r = r.unwrap();
        if r[6].starts_with("confirmed") || r[6].starts_with("inferred") {
            wanted.insert(format!("Z{}", &r[0]), r[6].to_owned());
        } else {
            assert!(
                z.iter().all(|z| z.zone_id != format!("Z{}", &r[0])),
                "a zone with conflicting sources is left out"
            );
        }
    }
    for (id, status) in &wanted {
        let zone = z.iter().find(|z| &z.zone_id == id).expect(id);
        let expected = if status == "confirmed" {
            SourceStatus::Confirmed
        } else {
            SourceStatus::Inferred
        };
        assert_eq!(zone.source_status, Some(expected), "{id}");
    }
    let count = |s| z.iter().filter(|z| z.source_status == Some(s)).count();
    assert_eq!(
        (
            count(SourceStatus::Confirmed),
            count(SourceStatus::Inferred),
            count(SourceStatus::Illustrative)
        ),
        (74, 2, 75)
    );
    // The stated totals hold: Occitanie (76) 28, Grand Est (44) 10, the overseas group 8.
    let in_regions = |codes: &[&str]| {
        z.iter()
            .filter(|z| codes.contains(&z.region.as_str()))
            .count()
    };
    assert_eq!(in_regions(&["76"]), 28);
    assert_eq!(in_regions(&["44"]), 10);
    assert_eq!(in_regions(&["01", "03", "06"]), 8);
    // A named site is at its commune, with its name and kind.
    let montlucon = z.iter().find(|z| z.zone_id == "Z200071082").unwrap();
    assert_eq!(
        (
            montlucon.site_id.as_str(),
            montlucon.site_name.as_str(),
            montlucon.site_kind.as_str()
        ),
        ("S03185", "Centre de santé Bien Assis", "health_centre")
    );
    let ids: BTreeSet<_> = z.iter().map(|z| z.site_id.clone()).collect();
    assert_eq!(ids.len(), 151, "one site per zone, distinct communes");
}

fn tiny() -> (tempfile::TempDir, Communes) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("communes.csv");
    let mut text = String::from(
        "insee,name,department,region,region_name,epci_siren,epci_name,population,lat,lon\n",
    );
    // Ten EPCIs of 5,000 inhabitants in region 84, two communes each.
    for e in 0..10 {
        for c in 0..2 {
            text += &format!(
                "01{e}{c}0,Commune {e}{c},01,84,Auvergne-Rhône-Alpes,20000000{e},EPCI {e},{},45.{e},4.{c}\n",
                2_000 + 1_000 * c + 10 * e
            );
        }
    }
    std::fs::write(&p, text).unwrap();
    let communes = Communes::read(&p, &crate::generate::communes::NEEDS).unwrap();
    (dir, communes)
}

fn named_file(dir: &tempfile::TempDir, rows: &str) -> PathBuf {
    let p = dir.path().join("named.csv");
    std::fs::write(
        &p,
        format!("epci_siren,zone_name,region,status,site_commune,site_kind,site_detail\n{rows}"),
    )
    .unwrap();
    p
}

fn named_only(p: &Path) -> NationalSources<'_> {
    NationalSources {
        named: Some(p),
        totals: None,
    }
}

#[test]
fn a_named_zone_is_placed_at_its_site() {
    let (dir, communes) = tiny();
    let p = named_file(
        &dir,
        "200000003,Zone trois,Auvergne-Rhône-Alpes,confirmed,Commune 30,msp,\"maison de santé, 1 rue X\"\n",
    );
    let sources = named_only(&p);
    let z = zones(&communes, "c", 3, 1, &sources).unwrap();
    assert_eq!(z.len(), 3);
    let named = z.iter().find(|z| z.zone_id == "Z200000003").unwrap();
    assert_eq!(
        (
            named.site_id.as_str(),
            named.site_name.as_str(),
            named.site_kind.as_str()
        ),
        ("S01300", "Maison de santé", "msp")
    );
    assert_eq!(named.name, "Zone trois");
}

#[test]
fn a_named_zone_outside_the_communes_file_names_its_cell() {
    let (dir, communes) = tiny();
    let p = named_file(
        &dir,
        "249999999,Ailleurs,Auvergne-Rhône-Alpes,confirmed,,,\n",
    );
    let sources = named_only(&p);
    let e = zones(&communes, "c", 3, 1, &sources).unwrap_err();
    assert_eq!((e.code, e.at.line), (Code::UnknownReference, Some(2)));
    assert!(e.at.column.unwrap().starts_with("epci_siren"));
}

#[test]
fn an_unknown_status_is_refused() {
    let (dir, communes) = tiny();
    let p = named_file(&dir, "200000003,Z,Auvergne-Rhône-Alpes,rumoured,,,\n");
    let sources = named_only(&p);
    let e = zones(&communes, "c", 3, 1, &sources).unwrap_err();
    assert_eq!(e.code, Code::OutOfRange);
    assert!(e.message.contains("'rumoured'"), "{}", e.message);
}

#[test]
fn a_stated_total_below_the_named_zones_is_refused() {
    let (dir, communes) = tiny();
    let p = named_file(
        &dir,
        "200000003,A,Auvergne-Rhône-Alpes,confirmed,,,\n200000004,B,Auvergne-Rhône-Alpes,confirmed,,,\n",
    );
    let t = dir.path().join("totals.csv");
    std::fs::write(&t, "regions,stated_total\nAuvergne-Rhône-Alpes,1\n").unwrap();
    let sources = NationalSources {
        named: Some(&p),
        totals: Some(&t),
    };
    let e = zones(&communes, "c", 3, 1, &sources).unwrap_err();
    assert!(e.message.contains("state 1 zones"), "{}", e.message);
}
