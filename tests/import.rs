//! `import-volunteers` on the monthly cycle (issue 32): the shipped example export of the
//! national registration form imported as November, then as December with a few changes,
//! into the AuRA dataset; each returning doctor keeps their id, every home is at its commune,
//! site-name wishes match, unreadable rows are reported; December planned with November's
//! plan as history passes the shared checker. Then hostile exports: never a panic, every
//! problem located, nothing written on error.

mod common;

use common::{manifest_dir, renfort};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn example(file: &str) -> PathBuf {
    manifest_dir().join("examples/ars-export").join(file)
}

fn shared(file: &str) -> PathBuf {
    manifest_dir().join("../shared").join(file)
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

/// The communes file is there (else the test skips, and fails under CI).
fn communes_present() -> bool {
    common::prerequisite(
        shared("data/communes_fr.csv").exists() && shared("data/postcodes_fr.csv").exists(),
        "../shared/data/communes_fr.csv and postcodes_fr.csv",
    )
}

fn import(export: &Path, mapping: &Path, month: &str, into: &Path, out: &Path) -> Output {
    renfort(&[
        "import-volunteers",
        export.to_str().unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "--month",
        month,
        "--into",
        into.to_str().unwrap(),
        "--communes",
        shared("data/communes_fr.csv").to_str().unwrap(),
        out.to_str().unwrap(),
    ])
}

/// volunteers.csv as id → (column → cell).
fn volunteers(dir: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join("volunteers.csv")).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            let row: BTreeMap<String, String> = head
                .iter()
                .cloned()
                .zip(rec.iter().map(str::to_owned))
                .collect();
            (row["volunteer_id"].clone(), row)
        })
        .collect()
}

fn offered(dir: &Path) -> BTreeSet<String> {
    fs::read_to_string(dir.join("availability.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect()
}

/// INSEE code → (lat, lon) as communes_fr.csv writes them.
fn commune_points() -> BTreeMap<String, (String, String)> {
    let mut r = csv::Reader::from_path(shared("data/communes_fr.csv")).unwrap();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_owned(), (rec[9].to_owned(), rec[10].to_owned()))
        })
        .collect()
}

/// Homes at their commune's point, for every imported doctor (the AuRA dataset's own
/// volunteers, V0001..., were placed by `generate` near their commune).
fn assert_homes_at_communes(dir: &Path) {
    let points = commune_points();
    for (id, v) in volunteers(dir)
        .into_iter()
        .filter(|(id, _)| !id.starts_with('V'))
    {
        let insee = &v["home_insee"];
        let (lat, lon) = points
            .get(insee)
            .unwrap_or_else(|| panic!("{id}: home_insee '{insee}' is no commune"));
        let close =
            |a: &str, b: &str| (a.parse::<f64>().unwrap() - b.parse::<f64>().unwrap()).abs() < 1e-5;
        assert!(
            close(&v["lat"], lat) && close(&v["lon"], lon),
            "{id}: {v:?}"
        );
    }
}

#[test]
fn november_then_december_keep_identities_and_plan_with_history() {
    if !communes_present()
        || !common::prerequisite(
            common::shared_checker().is_some(),
            "../shared/tools/validate_plan.py",
        )
    {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (nov, dec) = (tmp.path().join("nov"), tmp.path().join("dec"));
    let aura = manifest_dir().join("datasets/aura-2026-12");
    let mapping = example("mapping.toml");

    // November, into the AuRA dataset: its 150 doctors kept, without offers.
    let o = import(
        &example("dossiers-2026-11.csv"),
        &mapping,
        "2026-11",
        &aura,
        &nov,
    );
    assert_eq!(o.status.code(), Some(1), "rows with problems: {}", text(&o));
    let report = fs::read_to_string(nov.join("import_report.txt")).unwrap();
    for needle in [
        "25 rows, 22 volunteers imported, 5 rows with problems",
        "line 20 (imported with what could be read):\n  column créneaux souhaités (L): 'tous les lundis'",
        "line 23 (imported with what could be read):\n  column lieu(x) souhaité(s) (K): 'Sogues': no zone matches 'Sogues' (did you mean 'Centre de santé de Saugues' (site, zone Z200073393), or 'Saugues' (site commune",
        "line 24 (NOT imported):\n  column adresse (H): 'Le Bourg, 43170': postcode 43170 serves several communes",
        "line 25 (NOT imported):\n  column adresse (H): 'voir avec le secrétariat'",
        "line 27 (NOT imported):\n  column numéro rpps (E): '10101234503': 10101234503 is already on line 4 with another name or home ('Dr Anaïs Léger', Clermont-Ferrand 63113)",
        "10101234508  Dr Lucas Girard, CDOM Loire: pending ('En cours')",
        "10101234511  Dr Sarah Blanc, CDOM Puy-de-Dôme: no authorisation given",
        "0 known volunteers updated, 22 new; 150 known volunteers kept without offers",
    ] {
        assert!(report.contains(needle), "{needle}\n---\n{report}");
    }
    let v = volunteers(&nov);
    assert_eq!(v.len(), 172);
    assert_homes_at_communes(&nov);
    let home = |id: &str| (v[id]["home_commune"].as_str(), v[id]["home_insee"].as_str());
    assert_eq!(home("10101234501"), ("Le Puy-en-Velay", "43157"));
    assert_eq!(home("10101234502"), ("Aurillac", "15014")); // RPPS typed "101 0123 4502"
    assert_eq!(home("10101234503"), ("Clermont-Ferrand", "63113")); // address on two lines
    assert_eq!(home("10101234510"), ("Saint-Flour", "15187")); // "St Flour"
    assert_eq!(home("10101234520"), ("Murat", "15138")); // "15300 Murat": 12 communes
    assert_eq!(home("claire-vidal-07110"), ("Joyeuse", "07110")); // no RPPS: a visible key
                                                                  // Wishes by site name, town, zone words and department; "Indifférent" is no preference.
    let zones = |id: &str| v[id]["zones"].clone();
    assert_eq!(zones("10101234501"), "Z200073393"); // Saugues (the site's town)
    assert_eq!(zones("10101234510"), "Z200066637"); // Centre hospitalier de Murat
    assert_eq!(zones("10101234508"), "Z244200820"); // CC du Pays d'Urfé
    assert_eq!(zones("10101234513"), "Z240300558"); // Tronçais
    assert_eq!(zones("10101234509"), "Z200073393;Z244301123"); // Haute-Loire
    assert_eq!(zones("10101234516"), "");
    assert_eq!(v["10101234508"]["authorized"], "false");
    assert_eq!(v["10101234503"]["authorized"], "true"); // "accordée le 14/10/2026"
    let o = renfort(&[
        "plan",
        nov.to_str().unwrap(),
        "--out",
        tmp.path().join("nov-plan").to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", text(&o));

    // December, into November's dataset.
    let o = import(
        &example("dossiers-2026-12.csv"),
        &mapping,
        "2026-12",
        &nov,
        &dec,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = fs::read_to_string(dec.join("import_report.txt")).unwrap();
    for needle in [
        "25 rows, 25 volunteers imported, 1 rows with problems",
        "line 19 (imported with what could be read):\n  column créneaux souhaités (L): 'semaine du 14, le 21 décembre'",
        "21 known volunteers updated, 4 new; 151 known volunteers kept without offers",
        "Homes moved since: 10101234501 (Le Puy-en-Velay → Saugues)",
    ] {
        assert!(report.contains(needle), "{needle}\n---\n{report}");
    }
    assert!(!report.contains("CDOM authorisation missing"), "{report}");
    let w = volunteers(&dec);
    assert_homes_at_communes(&dec);
    // Every doctor of November is still there, under the same id; the one who skipped
    // December has no offers; "VIDAL Claire" is the same doctor as "Dr Claire Vidal".
    for id in v.keys() {
        assert!(w.contains_key(id), "{id} lost");
    }
    let offers = offered(&dec);
    assert!(!offers.contains("10101234510"));
    assert!(offers.contains("claire-vidal-07110"), "{offers:?}");
    for id in [
        "10101234522",
        "10101234523",
        "10101234526",
        "jeanne-roche-43244",
    ] {
        assert!(w.contains_key(id) && !v.contains_key(id), "{id} new");
    }
    assert_eq!(w["10101234501"]["home_commune"], "Saugues");
    assert_eq!(w["10101234501"]["name"], "Dr Élise FABRE");
    assert_eq!(w["10101234511"]["authorized"], "true");
    assert_eq!(w["10101234521"]["zones"], "Z200073393");

    // December planned with November's plan as history passes the shared checker (which
    // reads the history from the dataset's history.csv).
    let plan = tmp.path().join("dec-plan");
    let o = renfort(&[
        "plan",
        dec.to_str().unwrap(),
        "--history",
        tmp.path().join("nov-plan").to_str().unwrap(),
        "--out",
        plan.to_str().unwrap(),
        "--quiet",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let checked = common::copy_dataset(&dec, &tmp.path().join("dec-checked"));
    fs::copy(
        tmp.path().join("nov-plan/plan.csv"),
        checked.join("history.csv"),
    )
    .unwrap();
    let (code, out) = common::run_shared_checker(
        &checked,
        &manifest_dir().join("models/default.toml"),
        &plan,
        &[],
    )
    .unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("valid, summary consistent"), "{out}");
    // Doctors came back to a site they worked at in November.
    let summary = fs::read_to_string(plan.join("summary.json")).unwrap();
    let s: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let pairs = s["metrics"]["new_pairs"].as_u64().unwrap();
    let days = fs::read_to_string(plan.join("plan.csv"))
        .unwrap()
        .lines()
        .count() as u64
        - 1;
    assert!(
        days > 0 && pairs < days,
        "{pairs} new pairs, {days} vacations"
    );
}

/// The shipped workbook is the same export: the same volunteers, offers and report.
#[test]
fn the_example_workbook_imports_like_the_csv() {
    if !communes_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let aura = manifest_dir().join("datasets/aura-2026-12");
    let mapping = example("mapping.toml");
    let mut outs = Vec::new();
    for ext in ["csv", "xlsx"] {
        let out = tmp.path().join(ext);
        let o = import(
            &example(&format!("dossiers-2026-11.{ext}")),
            &mapping,
            "2026-11",
            &aura,
            &out,
        );
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        outs.push(out);
    }
    for f in ["volunteers.csv", "availability.csv"] {
        let a = fs::read_to_string(outs[0].join(f)).unwrap();
        let b = fs::read_to_string(outs[1].join(f)).unwrap();
        assert_eq!(a, b, "{f}");
    }
    // The same report, but for the line numbers: a CSV's count its lines (an address on two
    // lines shifts the rows after it), a workbook's are the rows Excel shows.
    let report = |d: &Path| {
        let r = fs::read_to_string(d.join("import_report.txt")).unwrap();
        let r = r.replace(".xlsx", ".csv");
        let mut out = String::new();
        for (i, part) in r.split("line ").enumerate() {
            if i > 0 {
                out += "line #";
            }
            out += part.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        out
    };
    assert_eq!(report(&outs[0]), report(&outs[1]));
}

/// A small dataset folder to import into: the AuRA zones and sites, no volunteers.
fn small_into(dir: &Path) -> PathBuf {
    let d = dir.join("into");
    fs::create_dir_all(&d).unwrap();
    let aura = manifest_dir().join("datasets/aura-2026-12");
    for f in ["dataset.toml", "zones.csv", "sites.csv"] {
        fs::copy(aura.join(f), d.join(f)).unwrap();
    }
    d
}

const HOSTILE_MAPPING: &str = "[columns]\nvolunteer_id = \"RPPS\"\nname = \"Nom\"\n\
    availability = \"Dates\"\nzones = \"Lieux\"\nauthorized = \"CDOM\"\naddress = \"Adresse\"\n\
    \n[defaults]\nmax_days = 2\nmax_km = 100.0\novernight = false\n";

/// Line breaks in names, formulas, long cells: imported or reported, located, never a
/// panic; the output is a dataset `renfort check` reads.
#[test]
fn hostile_cells_are_located_never_a_panic() {
    if !communes_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let into = small_into(tmp.path());
    let long = "x".repeat(100_000);
    let rows = [
        "RPPS,Nom,Dates,Lieux,CDOM,Adresse".to_owned(),
        "10101234501,\"Dr Élise\nFabre\",3 décembre,Saugues,oui,\"1 rue X, 43170 Saugues\"".into(),
        "10101234502,=HYPERLINK(\"http://x\"),4 décembre,Thiers,oui,63300 Thiers".into(),
        format!("10101234503,Dr Long,5 décembre,{long},oui,\"{long} 43000 Le Puy\""),
        format!("=1+1,Dr Formule,7 décembre,Ambert,{long},63600 Ambert"),
        format!("10101234505,{long},8 décembre,Murat,oui,15300 Murat"),
        "1010123456,Dr Court,9 décembre,Thiers,oui,63300 Thiers".into(),
    ];
    let export = tmp.path().join("export.csv");
    fs::write(&export, rows.join("\n")).unwrap();
    let mapping = tmp.path().join("m.toml");
    fs::write(&mapping, HOSTILE_MAPPING).unwrap();
    let out = tmp.path().join("out");
    let o = import(&export, &mapping, "2026-12", &into, &out);
    let t = text(&o);
    assert!(!t.contains("panicked"), "{t}");
    assert_eq!(o.status.code(), Some(1), "{t}");
    let report = fs::read_to_string(out.join("import_report.txt")).unwrap();
    assert!(report.len() < 20_000, "{} bytes", report.len());
    for needle in [
        "line 2 (imported with what could be read):\n  column nom (B): 'Dr Élise Fabre': the name had line breaks",
        "line 4 (imported with what could be read):\n  column nom (B): '=HYPERLINK(\"http://x\")': the name looks like a spreadsheet formula",
        "line 5 (NOT imported):\n  column adresse (F): 'xxxx",
        "line 6 (imported with what could be read):\n  column rpps (A): a formula is no RPPS number",
        "line 7 (imported with what could be read):\n  column nom (B): 'xxxx",
        "line 8 (imported with what could be read):\n  column rpps (A): '1010123456': an RPPS number has 11 digits, this one 10",
    ] {
        assert!(report.contains(needle), "{needle}\n---\n{report}");
    }
    let v = volunteers(&out);
    assert_eq!(v["10101234501"]["name"], "Dr Élise Fabre");
    assert_eq!(v["10101234502"]["name"], "'=HYPERLINK(\"http://x\")");
    assert!(v.contains_key("formule-63003"), "{:?}", v.keys());
    let o = renfort(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// A mapping naming a column the export lacks, or a spreadsheet bomb: exit 2, the file
/// named, nothing written.
#[test]
fn an_export_that_cannot_be_read_writes_nothing() {
    if !communes_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let into = small_into(tmp.path());
    let mapping = tmp.path().join("m.toml");
    fs::write(&mapping, HOSTILE_MAPPING).unwrap();
    let export = tmp.path().join("export.csv");
    fs::write(
        &export,
        "RPPS,Nom,Dates,Lieux,CDOM\n1,Dr A,3 décembre,Saugues,oui\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = import(&export, &mapping, "2026-12", &into, &out);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("export.csv") && t.contains("adresse"), "{t}");
    assert!(!out.exists());
    // One cell at XFD1048576 of a small workbook: refused, not allocated.
    let bomb = tmp.path().join("export.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["RPPS", "Nom", "Dates", "Lieux", "CDOM", "Adresse"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&bomb).unwrap();
    let o = import(&bomb, &mapping, "2026-12", &into, &out);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    assert!(t.contains("export.xlsx") && !t.contains("panicked"), "{t}");
    assert!(!out.exists());
}

/// Random byte mutations of the example export (CSV and workbook), imported in process: a
/// result or a located error, never a panic.
#[test]
fn mutated_exports_never_panic() {
    use rand::{Rng, SeedableRng};
    use renfort::io::import::{import_volunteers, ImportRequest};
    if !communes_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let into = small_into(tmp.path());
    let communes = shared("data/communes_fr.csv");
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(32);
    for ext in ["csv", "xlsx"] {
        let original = fs::read(example(&format!("dossiers-2026-12.{ext}"))).unwrap();
        for i in 0..12 {
            let mut bytes = original.clone();
            for _ in 0..rng.gen_range(1..8) {
                let at = rng.gen_range(0..bytes.len());
                match rng.gen_range(0..3) {
                    0 => bytes[at] = rng.gen(),
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, *b";\n\"=\r\xff0".get(rng.gen_range(0..7)).unwrap()),
                }
            }
            let export = tmp.path().join(format!("m{i}.{ext}"));
            fs::write(&export, &bytes).unwrap();
            let r = import_volunteers(&ImportRequest {
                export: &export,
                mapping: &example("mapping.toml"),
                month: "2026-12",
                zones: None,
                into: Some(&into),
                communes: Some(&communes),
                postcodes: None,
                name: "m",
            });
            if let Err(e) = r {
                let shown = e.to_string();
                assert!(shown.contains(&format!("m{i}.{ext}")), "{shown}");
            }
        }
    }
}

/// Into a dataset that knows the doctors: a home that cannot be read this month keeps the
/// known one (said so), a different name under a known RPPS is reported, a doctor absent from
/// the export is kept without offers.
#[test]
fn known_doctors_are_updated_and_reported() {
    if !communes_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let into = small_into(tmp.path());
    fs::write(
        into.join("volunteers.csv"),
        "volunteer_id,name,home_commune,home_insee,lat,lon,authorized,max_days,max_km,overnight,zones\n\
         10101234501,Dr Élise Fabre,Saugues,43234,44.96010,3.54628,true,2,90,false,\n\
         10101234502,Dr Jérôme Roux,Aurillac,15014,44.93032,2.44495,true,2,120,true,\n\
         10101234503,Dr Anaïs Léger,Clermont-Ferrand,63113,45.77949,3.08612,true,2,100,false,\n",
    )
    .unwrap();
    fs::write(into.join("availability.csv"), "volunteer_id,date\n").unwrap();
    let export = tmp.path().join("export.csv");
    fs::write(
        &export,
        "RPPS,Nom,Dates,Lieux,CDOM,Adresse\n\
         10101234501,FABRE Élise,3 décembre,Saugues,oui,voir courriel\n\
         10101234502,Dr Paul Roux,4 décembre,Murat,oui,\"8 av. de la République, 15000 Aurillac\"\n",
    )
    .unwrap();
    let mapping = tmp.path().join("m.toml");
    fs::write(&mapping, HOSTILE_MAPPING).unwrap();
    let out = tmp.path().join("out");
    let o = import(&export, &mapping, "2026-12", &into, &out);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let report = fs::read_to_string(out.join("import_report.txt")).unwrap();
    for needle in [
        "'voir courriel': no commune named 'voir courriel'; home not placed",
        "the home of 10101234501 known in the dataset is kept (Saugues)",
        "10101234502 is 'Dr Jérôme Roux' in the dataset and 'Dr Paul Roux' here: check it is the same doctor",
        "2 known volunteers updated, 0 new; 1 known volunteers kept without offers this month: 10101234503.",
    ] {
        assert!(report.contains(needle), "{needle}\n---\n{report}");
    }
    let v = volunteers(&out);
    assert_eq!(v["10101234501"]["home_insee"], "43234");
    assert_eq!(v["10101234501"]["name"], "FABRE Élise");
    assert_eq!(v.len(), 3);
    assert_eq!(offered(&out).len(), 2);
    let o = renfort(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}
