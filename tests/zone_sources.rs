//! Where zones come from, as a planner sees it: a zone's `source_status` (an extra column of
//! zones.csv) in the report and the workbook, and sites far from the others (overseas) listed
//! beside the map instead of shrinking it.

mod common;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use common::{copy_dataset, manifest_dir, renfort};
use std::fs;
use std::io::Cursor;
use std::path::Path;

fn plan(dataset: &Path, out: &Path) {
    let o = renfort(&[
        "plan",
        dataset.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The small dataset with statuses on its zones and its S3 site moved to Guadeloupe.
fn sourced_with_an_overseas_site(dir: &Path) -> std::path::PathBuf {
    let ds = copy_dataset(&manifest_dir().join("tests/data/small"), &dir.join("ds"));
    // Its pinned vacation is at S3, out of reach once S3 is overseas.
    fs::remove_file(ds.join("pinned.csv")).unwrap();
    fs::write(
        ds.join("zones.csv"),
        "zone_id,name,department,priority,source_status\n\
         Z1,Haut-Plateau,15,1.5,confirmed\n\
         Z2,Vallée,43,1.0,illustrative\n",
    )
    .unwrap();
    let sites = fs::read_to_string(ds.join("sites.csv")).unwrap();
    let sites = sites.replace("S3,Z2,EHPAD C,44.96,3.55,", "S3,Z2,EHPAD C,16.27,-61.55,");
    assert!(
        sites.contains("16.27"),
        "the small dataset changed: adapt this test"
    );
    fs::write(ds.join("sites.csv"), sites).unwrap();
    ds
}

#[test]
fn zone_status_reaches_the_report_and_the_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = sourced_with_an_overseas_site(tmp.path());
    let out = tmp.path().join("out");
    plan(&ds, &out);

    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("source confirmée"),
        "zone table shows the status"
    );
    assert!(html.contains("source illustrative"));
    assert!(html.contains("« illustrative » si la zone a été choisie par règle"));

    let bytes = fs::read(out.join("plan.xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let synth = wb.worksheet_range("Synthèse").unwrap();
    let text = |c: &Data| c.as_string().unwrap_or_default();
    let header = synth
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some("Zone"))
        .expect("the zone table's header");
    assert_eq!(header.get(12).map(text).as_deref(), Some("Source"));
    let z2 = synth
        .rows()
        .find(|r| r.first().map(text).as_deref() == Some("Z2"))
        .expect("zone Z2's row");
    assert_eq!(z2.get(12).map(text).as_deref(), Some("illustrative"));

    let summary = fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(
        summary.contains("\"source_status\": \"confirmed\""),
        "{summary}"
    );
}

#[test]
fn an_overseas_site_is_listed_beside_the_map() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = sourced_with_an_overseas_site(tmp.path());
    let out = tmp.path().join("out");
    plan(&ds, &out);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    let map = &html[html.find("<section id=\"map\">").unwrap()..];
    let map = &map[..map.find("</section>").unwrap()];
    assert!(
        map.contains("Hors de la carte"),
        "the list of sites off the map"
    );
    let svg = &map[..map.find("</svg>").unwrap()];
    assert!(!svg.contains(">EHPAD C<"), "the overseas site is not drawn");
    assert!(svg.contains(">MSP B<"), "the mainland sites are");
    assert!(map[svg.len()..].contains("EHPAD C"), "it is listed");
}

#[test]
fn a_dataset_without_statuses_shows_none() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    plan(&manifest_dir().join("tests/data/small"), &out);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains("source confirmée") && !html.contains("Hors de la carte"));
    let summary = fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(!summary.contains("source_status"));
}
