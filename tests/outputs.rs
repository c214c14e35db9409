//! The outputs people use, read back with real readers: plan.xlsx with calamine, the
//! calendars with an iCalendar parser, report.html as text and in headless Chromium.

mod common;

use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use common::{manifest_dir, renfort};
use renfort::testkit::{horizon_of, random_instance, Size};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

fn small() -> PathBuf {
    manifest_dir().join("tests/data/small")
}

/// `renfort plan DATASET --out OUT --quiet EXTRA...`, which must succeed.
fn plan(dataset: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "plan",
        dataset.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = renfort(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// plan.csv rows as (date, site_id, volunteer_id).
fn plan_rows(out: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(out.join("plan.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[1].to_string(), rec[2].to_string())
        })
        .collect()
}

fn cell_text(c: &Data) -> String {
    c.as_string().unwrap_or_default()
}

#[test]
fn xlsx_has_the_sheets_and_exactly_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&small(), &out, &[]);
    let bytes = fs::read(out.join("plan.xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Synthèse",
            "Planning",
            "Calendrier",
            "Volontaires",
            "Non couverts",
            "Continuité",
            "Non retenus"
        ]
    );

    let planning = wb.worksheet_range("Planning").unwrap();
    let got: Vec<(String, String, String)> = planning
        .rows()
        .skip(1)
        .map(|r| {
            (
                r[0].as_date().expect("a real date").to_string(),
                cell_text(&r[1]),
                cell_text(&r[5]),
            )
        })
        .collect();
    let want = plan_rows(&out);
    assert!(!want.is_empty());
    assert_eq!(got, want);

    // Calendrier: 25 December is a public holiday everywhere, S3 is closed on the 23rd.
    let cal = wb.worksheet_range("Calendrier").unwrap();
    let rows: Vec<Vec<Data>> = cal.rows().map(|r| r.to_vec()).collect();
    let day_col = |day: u32| {
        (1..rows[0].len())
            .find(|&c| {
                rows[0][c]
                    .as_date()
                    .is_some_and(|d| chrono::Datelike::day(&d) == day)
            })
            .unwrap()
    };
    let site_row = |id: &str| rows.iter().position(|r| cell_text(&r[0]) == id).unwrap();
    assert_eq!(cell_text(&rows[site_row("S1")][day_col(25)]), "férié");
    assert_eq!(cell_text(&rows[site_row("S3")][day_col(23)]), "fermé");
    assert_eq!(
        cell_text(&rows[site_row("S1")][day_col(2)]),
        "Dr Alice Martin",
        "V1 works at S1 on the 2nd: her name, not a count"
    );

    // Non couverts: exactly the (site, date) rows of coverage.csv with uncovered > 0.
    let mut cov = csv::Reader::from_path(out.join("coverage.csv")).unwrap();
    let want: BTreeSet<(String, String)> = cov
        .records()
        .map(|r| r.unwrap())
        .filter(|r| r[4].parse::<u32>().unwrap() > 0)
        .map(|r| (r[0].to_string(), r[1].to_string()))
        .collect();
    let nc = wb.worksheet_range("Non couverts").unwrap();
    let got: BTreeSet<(String, String)> = nc
        .rows()
        .skip(1)
        .map(|r| (cell_text(&r[0]), r[2].as_date().unwrap().to_string()))
        .collect();
    assert_eq!(got, want);
    assert!(
        nc.rows().skip(1).all(|r| !cell_text(&r[5]).is_empty()),
        "every row has a reason"
    );

    let vol = wb.worksheet_range("Volontaires").unwrap();
    assert_eq!(vol.rows().count(), 1 + 6);
}

#[test]
fn outputs_are_byte_identical_across_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    plan(&small(), &a, &[]);
    plan(&small(), &b, &[]);
    for f in [
        "plan.xlsx",
        "report.html",
        "calendars/volunteers/V1.ics",
        "calendars/sites/S1.ics",
    ] {
        assert!(
            fs::read(a.join(f)).unwrap() == fs::read(b.join(f)).unwrap(),
            "{f} differs between two runs"
        );
    }
}

/// Every .ics under `dir`, parsed: file stem → [(UID, DTSTART)].
fn read_calendars(dir: &Path) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.split('\n').all(|l| l.is_empty() || l.ends_with('\r')),
            "{}: lines end in CRLF",
            path.display()
        );
        assert!(
            text.split("\r\n").all(|l| l.len() <= 75),
            "{}: lines folded at 75 octets",
            path.display()
        );
        let unfolded = icalendar::parser::unfold(&text);
        let cal = icalendar::parser::read_calendar(&unfolded)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut events = Vec::new();
        for c in cal
            .components
            .iter()
            .filter(|c| c.name.as_str() == "VEVENT")
        {
            let prop = |n: &str| {
                c.properties
                    .iter()
                    .find(|p| p.name.as_str() == n)
                    .map(|p| p.val.as_str().to_string())
            };
            for required in [
                "UID",
                "DTSTAMP",
                "DTSTART",
                "DTEND",
                "SUMMARY",
                "LOCATION",
                "DESCRIPTION",
            ] {
                assert!(
                    prop(required).is_some(),
                    "{}: {required} missing",
                    path.display()
                );
            }
            events.push((prop("UID").unwrap(), prop("DTSTART").unwrap()));
        }
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        out.insert(stem, events);
    }
    out
}

#[test]
fn calendars_parse_with_one_event_per_assignment_and_stable_uids() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    plan(&small(), &a, &[]);
    plan(&small(), &b, &[]);
    let rows = plan_rows(&a);
    let vols = read_calendars(&a.join("calendars/volunteers"));
    let sites = read_calendars(&a.join("calendars/sites"));
    for (who, cals) in [("volunteer", &vols), ("site", &sites)] {
        let events: Vec<&(String, String)> = cals.values().flatten().collect();
        assert_eq!(events.len(), rows.len(), "one {who} event per assignment");
        let uids: BTreeSet<&String> = events.iter().map(|(u, _)| u).collect();
        assert_eq!(uids.len(), events.len(), "{who} UIDs are unique");
    }
    // Each volunteer's calendar holds exactly their days.
    let from_files: BTreeSet<(String, String)> = vols
        .iter()
        .flat_map(|(v, evs)| evs.iter().map(move |(_, d)| (v.clone(), d.clone())))
        .collect();
    let from_plan: BTreeSet<(String, String)> = rows
        .iter()
        .map(|(d, _, v)| (v.clone(), d.replace('-', "")))
        .collect();
    assert_eq!(from_files, from_plan);
    // The volunteer, the site and the date, nothing else (not the dataset's name).
    let uid = "renfort-V1-S1-20261202@renfort";
    assert!(vols["V1"].iter().any(|(u, _)| u == uid), "{:?}", vols["V1"]);
    // The same plan gives the same UIDs: a re-import replaces events.
    assert_eq!(vols, read_calendars(&b.join("calendars/volunteers")));
    assert_eq!(sites, read_calendars(&b.join("calendars/sites")));
    // The overnight note is there for stayers only (V1 stays at S1, V3 commutes to S2).
    let text = |p: &str| icalendar::parser::unfold(&fs::read_to_string(a.join(p)).unwrap());
    assert!(text("calendars/volunteers/V1.ics")
        .to_lowercase()
        .contains("nuit sur place la veille"));
    assert!(!text("calendars/volunteers/V3.ics")
        .to_lowercase()
        .contains("nuit sur place"));
}

/// What minijinja's HTML escaping makes of a text.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
        .replace('/', "&#x2f;")
}

fn assert_offline(html: &str) {
    for bad in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "http://",
        "https://",
        "<script",
        "<link",
        "<iframe",
    ] {
        assert!(
            !html.contains(bad),
            "the report refers to something outside itself: {bad}"
        );
    }
}

#[test]
fn html_is_self_contained_and_in_french_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&small(), &out, &[]);
    let html = String::from_utf8(fs::read(out.join("report.html")).unwrap()).expect("UTF-8");
    assert_offline(&html);
    assert!(html.contains("<html lang=\"fr\">"));
    for site in ["Centre de santé A", "MSP B", "EHPAD C"] {
        assert!(html.contains(site), "{site}");
    }
    for label in [
        "Chiffres clés",
        "Carte des sites et des trajets",
        "Calendrier par site",
        "Férié",
        "Fermé",
        "Planning des volontaires",
        "Dr Chloé Durand",
    ] {
        assert!(html.contains(&escaped(label)), "{label}");
    }
    assert!(html.contains(&escaped(
        "aucun volontaire autorisé ne s'est proposé ce jour-là"
    )));
    assert!(html.contains("<svg class=\"map\""));
}

#[test]
fn html_in_english_with_lang_en() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&small(), &out, &["--lang", "en"]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert_offline(&html);
    assert!(html.contains("<html lang=\"en\">"));
    for label in [
        "Key figures",
        "Calendar per site",
        "Public holiday",
        "Volunteers&#x27; schedules",
        "no authorised volunteer offered that day",
    ] {
        assert!(html.contains(label), "{label}");
    }
    assert!(!html.contains("Chiffres clés"));
}

#[test]
fn user_text_is_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("ds");
    fs::create_dir(&ds).unwrap();
    for entry in fs::read_dir(small()).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, ds.join(p.file_name().unwrap())).unwrap();
    }
    let nasty = "MSP <script>alert(\"x\")</script> & Co";
    let sites = fs::read_to_string(ds.join("sites.csv"))
        .unwrap()
        .replace("MSP B", "\"MSP <script>alert(\"\"x\"\")</script> & Co\"");
    fs::write(ds.join("sites.csv"), sites).unwrap();
    let out = tmp.path().join("p");
    plan(&ds, &out, &[]);
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        !html.contains("<script"),
        "raw markup from the data reached the page"
    );
    assert!(html.contains(&escaped(nasty)));
    let ics = fs::read_to_string(out.join("calendars/sites/S2.ics")).unwrap();
    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).unwrap();
    assert!(cal.components.iter().any(|c| c.name.as_str() == "VEVENT"));
}

/// Headless Chromium under a time limit, as every test here runs it.
fn headless(chromium: &Path) -> std::process::Command {
    let mut c = std::process::Command::new("timeout");
    c.arg("120").arg(chromium).args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
    ]);
    c
}

#[test]
fn headless_chromium_renders_the_report() {
    let chromium = Path::new("/usr/bin/chromium");
    if !common::prerequisite(
        chromium.exists(),
        "/usr/bin/chromium (apt-get install chromium)",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    plan(&small(), &out, &[]);
    let png = tmp.path().join("report.png");
    let o = headless(chromium)
        .arg("--disable-quic")
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .args(["--enable-logging=stderr", "--v=0"])
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2400")
        .arg(format!("file://{}", out.join("report.html").display()))
        .output()
        .expect("chromium runs");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "chromium failed: {stderr}");
    let size = fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 10_000, "screenshot of {size} bytes");
    // Chromium's own complaints about the machine (no D-Bus, no GPU, no sandbox) are noise.
    let noise = [
        "dbus", "DBus", "D-Bus", "gpu", "GPU", "sandbox", "vaapi", "Floss", "UPower",
    ];
    let page_errors: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            ["Uncaught", "ERR_", "Failed to load"]
                .iter()
                .any(|k| l.contains(k))
        })
        .filter(|l| !noise.iter().any(|n| l.contains(n)))
        .collect();
    assert!(
        page_errors.is_empty(),
        "the page logged errors: {page_errors:#?}"
    );
    // The map as Chromium laid it out: the departments' outlines are drawn behind the sites.
    let o = headless(chromium)
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile2").display()
        ))
        .arg("--dump-dom")
        .arg(format!("file://{}", out.join("report.html").display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&o.stdout);
    let departments = dom
        .split("<g class=\"departments\"")
        .nth(1)
        .and_then(|g| g.split("</g>").next())
        .unwrap_or("");
    assert!(
        departments.matches("<path d=\"M").count() >= 3,
        "no department outline on the map"
    );
}

/// Any plan — valid or not, empty, on odd datasets and horizons across two months — gives
/// the reports without a panic, and every uncovered day has a reason.
#[test]
fn reports_never_panic_on_random_plans() {
    use rand::{Rng, SeedableRng};
    use renfort::model::{Assignment, Plan};
    use renfort::report::{html, ics, xlsx, Lang, Summary};
    use renfort::rules::uncovered::uncovered_days;
    use renfort::solve::{ModelStats, Outcome, Status};

    for seed in 0..12u64 {
        let size = Size {
            zones: 1 + seed as usize % 3,
            sites: seed as usize % 5,
            volunteers: seed as usize % 7,
            days: 20 + 3 * seed as u32,
            offer: 0.4,
        };
        let (ds, policy) = random_instance(seed, size);
        let inst = renfort::Instance::new(&ds, &policy, horizon_of(size));
        let mut r = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let days: Vec<_> = inst.horizon.days().collect();
        let mut plans = vec![Plan::default()];
        // Candidates only (mostly valid), then anything at all (invalid on purpose).
        plans.push(Plan::new(
            inst.candidates()
                .iter()
                .filter(|_| r.gen_bool(0.3))
                .map(|c| Assignment {
                    date: c.date,
                    site: c.site,
                    volunteer: c.volunteer,
                })
                .collect(),
        ));
        if !ds.sites.is_empty() && !ds.volunteers.is_empty() {
            plans.push(Plan::new(
                (0..15)
                    .map(|_| Assignment {
                        date: days[r.gen_range(0..days.len())],
                        site: r.gen_range(0..ds.sites.len()),
                        volunteer: r.gen_range(0..ds.volunteers.len()),
                    })
                    .collect(),
            ));
        }
        for p in plans {
            let outcome = Outcome {
                plan: None,
                status: Status::Feasible,
                bound: None,
                gap: None,
                seconds: 0.0,
                solver: "test",
                stats: ModelStats::default(),
            };
            let summary = Summary::new(&inst, &p, &outcome);
            let unc = uncovered_days(&inst, &p);
            let short: u64 = unc.iter().map(|u| u.missing() as u64).sum();
            assert_eq!(short, summary.metrics.uncovered_doctor_days, "seed {seed}");
            for lang in [Lang::Fr, Lang::En] {
                let page = html::render(&inst, &p, &summary, &unc, lang).unwrap();
                assert!(page.contains("</html>"));
            }
            assert!(!xlsx::to_bytes(&inst, &p, &summary, &unc)
                .unwrap()
                .is_empty());
            let cals = ics::calendars(&inst, &p, None);
            let volunteers: BTreeSet<_> = p.assignments().iter().map(|a| a.volunteer).collect();
            let sites: BTreeSet<_> = p.assignments().iter().map(|a| a.site).collect();
            assert_eq!(cals.len(), volunteers.len() + sites.len());
        }
    }
}

/// With a history, the workbook's Continuité sheet and the report give each site's last
/// vacation before the period, its carried gap and its returning doctors (golden-history:
/// S1 last worked on 3 December, 1 service day without a doctor since; V1 returns).
#[test]
fn history_reaches_the_workbook_and_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    let dataset = manifest_dir().join("tests/data/golden-history");
    plan(
        &dataset,
        &out,
        &["--from", "2026-12-07", "--to", "2026-12-13"],
    );
    let bytes = fs::read(out.join("plan.xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("Continuité").unwrap();
    let row: Vec<&Data> = sheet.rows().nth(1).expect("one site").iter().collect();
    assert_eq!(cell_text(row[0]), "S1");
    assert_eq!(row[2].as_date().expect("a date").to_string(), "2026-12-03");
    assert_eq!(row[3].as_f64(), Some(1.0)); // carried gap
    assert_eq!((row[4].as_f64(), row[5].as_f64()), (Some(2.0), Some(1.0))); // V1, V2; V1 returns
    assert_eq!(row[6].as_f64(), Some(5.0)); // V9, V1 in the history; V1, V2, V2 in the plan
    let html = fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("Dernière vacation avant la période"),
        "no history line"
    );
    assert!(html.contains("1 jours d&#x27;ouverture sans médecin depuis"));
}
