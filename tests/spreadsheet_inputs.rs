//! Datasets kept as spreadsheets: every table read from .xlsx (one workbook per table, or one
//! workbook with a sheet per table) must plan exactly like the CSV dataset, and a bad cell
//! must be located as Excel shows it (file, row number, column name and letter).

mod common;

use common::{manifest_dir, renfort};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::fs;
use std::path::{Path, PathBuf};

const TABLES: [&str; 7] = [
    "zones",
    "sites",
    "volunteers",
    "availability",
    "closures",
    "demand",
    "pinned",
];

fn small() -> PathBuf {
    manifest_dir().join("tests/data/small")
}

/// Columns that hold text even when they look like numbers (an id, a department code).
fn is_text_column(col: &str) -> bool {
    col.ends_with("_id") || matches!(col, "name" | "department" | "zones" | "open_days")
}

/// Writes one CSV table into a worksheet as a planner's spreadsheet holds it: numbers as
/// numbers, dates as real Excel dates with a date format, booleans as booleans.
fn fill_sheet(sheet: &mut Worksheet, csv_text: &str, start_row: u32) {
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let mut lines = csv_text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(start_row, c as u16, *h).unwrap();
    }
    for (r, line) in lines.enumerate() {
        let row = start_row + 1 + r as u32;
        for (c, cell) in line.split(',').enumerate() {
            let col = c as u16;
            let name = header[c];
            if cell.is_empty() {
                continue;
            }
            if name == "date" {
                let d = ExcelDateTime::parse_from_str(cell).unwrap();
                sheet
                    .write_datetime_with_format(row, col, &d, &date_format)
                    .unwrap();
            } else if cell == "true" || cell == "false" {
                sheet.write_boolean(row, col, cell == "true").unwrap();
            } else if let (false, Ok(x)) = (is_text_column(name), cell.parse::<f64>()) {
                sheet.write_number(row, col, x).unwrap();
            } else {
                sheet.write_string(row, col, cell).unwrap();
            }
        }
    }
}

/// The small dataset in `dir`, each table as `<table>.xlsx`.
fn write_xlsx_dataset(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::copy(small().join("dataset.toml"), dir.join("dataset.toml")).unwrap();
    for t in TABLES {
        let text = fs::read_to_string(small().join(format!("{t}.csv"))).unwrap();
        let mut wb = Workbook::new();
        fill_sheet(wb.add_worksheet(), &text, 0);
        wb.save(dir.join(format!("{t}.xlsx"))).unwrap();
    }
}

fn plan(dataset: &Path, out: &Path) -> std::process::Output {
    renfort(&[
        "plan",
        dataset.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--threads",
        "1",
    ])
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn xlsx_dataset_plans_exactly_like_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let xlsx = tmp.path().join("xlsx");
    write_xlsx_dataset(&xlsx);
    let a = plan(&small(), &tmp.path().join("out-csv"));
    let b = plan(&xlsx, &tmp.path().join("out-xlsx"));
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(b.status.code(), Some(0), "{}", text(&b.stderr));
    let pa = fs::read(tmp.path().join("out-csv/plan.csv")).unwrap();
    let pb = fs::read(tmp.path().join("out-xlsx/plan.csv")).unwrap();
    assert!(!pa.is_empty());
    assert_eq!(text(&pa), text(&pb));
}

#[test]
fn one_workbook_with_a_sheet_per_table() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("book");
    fs::create_dir_all(&dir).unwrap();
    fs::copy(small().join("dataset.toml"), dir.join("dataset.toml")).unwrap();
    let mut wb = Workbook::new();
    for t in TABLES {
        let csv = fs::read_to_string(small().join(format!("{t}.csv"))).unwrap();
        fill_sheet(wb.add_worksheet().set_name(t).unwrap(), &csv, 0);
    }
    wb.save(dir.join("dataset.xlsx")).unwrap();
    let a = plan(&small(), &tmp.path().join("out-csv"));
    let b = plan(&dir, &tmp.path().join("out-book"));
    assert_eq!(b.status.code(), Some(0), "{}", text(&b.stderr));
    assert_eq!(
        fs::read_to_string(tmp.path().join("out-csv/plan.csv")).unwrap(),
        fs::read_to_string(tmp.path().join("out-book/plan.csv")).unwrap()
    );
    assert_eq!(a.status.code(), Some(0));
}

#[test]
fn csv_wins_over_a_workbook_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("both");
    write_xlsx_dataset(&dir);
    // A broken sites.xlsx is ignored while sites.csv is there.
    let mut wb = Workbook::new();
    wb.add_worksheet().write_string(0, 0, "nonsense").unwrap();
    wb.save(dir.join("sites.xlsx")).unwrap();
    fs::copy(small().join("sites.csv"), dir.join("sites.csv")).unwrap();
    let r = renfort(&["check", dir.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
}

#[test]
fn bad_cell_in_xlsx_is_located_like_excel_shows_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("bad");
    write_xlsx_dataset(&dir);
    // sites.xlsx with two title rows above the header (row 3): S2 is on row 5, lat in D.
    let csv = fs::read_to_string(small().join("sites.csv"))
        .unwrap()
        .replace("S2,Z1,MSP B,45.28", "S2,Z1,MSP B,quarante-cinq");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.write_string(0, 0, "Sites de consultation").unwrap();
    fill_sheet(sheet, &csv, 2);
    wb.save(dir.join("sites.xlsx")).unwrap();
    let r = plan(&dir, &tmp.path().join("out"));
    let err = text(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.lines().any(|l| l.contains("sites.xlsx")
            && l.contains("line 5")
            && l.contains("column lat (D)")
            && l.contains("quarante-cinq")),
        "{err}"
    );
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn missing_table_names_the_alternatives() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("missing");
    write_xlsx_dataset(&dir);
    fs::remove_file(dir.join("zones.xlsx")).unwrap();
    let r = renfort(&["check", dir.to_str().unwrap()]);
    let err = text(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.contains("zones.csv") && err.contains("zones.xlsx") && err.contains("[E001]"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_workbook_is_an_input_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("garbage");
    write_xlsx_dataset(&dir);
    fs::write(dir.join("zones.xlsx"), b"zone_id,name\nZ1,x\n").unwrap();
    let r = renfort(&["check", dir.to_str().unwrap()]);
    let err = text(&r.stderr);
    assert_eq!(r.status.code(), Some(2), "{err}");
    assert!(
        err.contains("zones.xlsx") && err.contains("[E003]") && !err.contains("panicked"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// import-volunteers

fn import(export: &Path, out: &Path) -> Option<std::process::Output> {
    let communes = manifest_dir().join("../shared/data/communes_fr.csv");
    if !common::prerequisite(communes.exists(), "../shared/data/communes_fr.csv") {
        return None;
    }
    let m = manifest_dir();
    Some(renfort(&[
        "import-volunteers",
        export.to_str().unwrap(),
        "--mapping",
        m.join("docs/import-mapping.example.toml").to_str().unwrap(),
        "--month",
        "2026-12",
        "--zones",
        small().join("zones.csv").to_str().unwrap(),
        "--communes",
        communes.to_str().unwrap(),
        out.to_str().unwrap(),
    ]))
}

#[test]
fn import_example_export_reports_the_broken_row_and_loads() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("imported");
    let export = manifest_dir().join("tests/data/registration/export.csv");
    let Some(r) = import(&export, &out) else {
        return;
    };
    assert_eq!(r.status.code(), Some(1), "{}", text(&r.stderr));
    let report = fs::read_to_string(out.join("import_report.txt")).unwrap();
    assert!(
        report.contains("6 volunteers imported, 1 rows with problems"),
        "{report}"
    );
    assert!(report.contains("line 7"), "{report}");
    for needle in ["peut-etre", "Montagne noire", "janvier", "à vérifier"] {
        assert!(report.contains(needle), "{needle}: {report}");
    }
    let avail = fs::read_to_string(out.join("availability.csv")).unwrap();
    assert!(avail.contains("10001234568,2026-12-15"), "{avail}");
    assert!(!avail.contains("10001234572"), "{avail}");
    // The imported tables load with the small dataset's zones and sites.
    let ds = tmp.path().join("ds");
    fs::create_dir(&ds).unwrap();
    for f in ["dataset.toml", "zones.csv", "sites.csv"] {
        fs::copy(small().join(f), ds.join(f)).unwrap();
    }
    for f in ["volunteers.csv", "availability.csv"] {
        fs::copy(out.join(f), ds.join(f)).unwrap();
    }
    let r = renfort(&["check", ds.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
}

#[test]
fn import_from_xlsx_with_real_dates_is_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export.xlsx");
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let head = [
        "RPPS",
        "Nom et prénom",
        "Département",
        "Disponibilités",
        "Sites souhaités",
        "Autorisation CDOM",
    ];
    for (c, h) in head.iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_number(1, 0, 10001234567.0).unwrap();
    s.write_string(1, 1, "Dr Élise Fabre").unwrap();
    s.write_number(1, 2, 15.0).unwrap();
    let date = ExcelDateTime::from_ymd(2026, 12, 9).unwrap();
    s.write_datetime_with_format(1, 3, &date, &Format::new().set_num_format("dd/mm/yyyy"))
        .unwrap();
    s.write_string(1, 4, "vallée").unwrap();
    s.write_boolean(1, 5, true).unwrap();
    wb.save(&export).unwrap();
    let out = tmp.path().join("imported");
    let Some(r) = import(&export, &out) else {
        return;
    };
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let avail = fs::read_to_string(out.join("availability.csv")).unwrap();
    assert_eq!(avail, "volunteer_id,date\n10001234567,2026-12-09\n");
    let vols = fs::read_to_string(out.join("volunteers.csv")).unwrap();
    assert!(
        vols.contains("10001234567,Dr Élise Fabre,") && vols.trim_end().ends_with(",Z2"),
        "{vols}"
    );
}

#[test]
fn import_with_a_bad_mapping_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mapping = tmp.path().join("m.toml");
    fs::write(
        &mapping,
        "[columns]\nvolunteer_id = \"RPPS\"\nname = \"Nom\"\navailability = \"Dispo\"\n",
    )
    .unwrap();
    let out = tmp.path().join("imported");
    let r = renfort(&[
        "import-volunteers",
        manifest_dir()
            .join("tests/data/registration/export.csv")
            .to_str()
            .unwrap(),
        "--mapping",
        mapping.to_str().unwrap(),
        "--month",
        "2026-12",
        "--zones",
        small().join("zones.csv").to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r.stderr));
    assert!(!out.exists());
}

/// Regression (hostile input): one cell at XFD1048576 in a 6 KB sites.xlsx made the reader
/// allocate the whole rectangle from A1 (512 GiB) and abort. Refused with the file named,
/// exit 2, nothing written.
#[test]
fn regression_a_stray_far_cell_is_refused_not_allocated() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("far");
    write_xlsx_dataset(&dir);
    let mut wb = Workbook::new();
    let csv = fs::read_to_string(small().join("sites.csv")).unwrap();
    let ws = wb.add_worksheet();
    fill_sheet(ws, &csv, 0);
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(dir.join("sites.xlsx")).unwrap();
    assert!(fs::metadata(dir.join("sites.xlsx")).unwrap().len() < 20_000);
    let out = tmp.path().join("out");
    let r = plan(&dir, &out);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r.stderr));
    let err = text(&r.stderr);
    assert!(
        err.contains("sites.xlsx") && err.contains("[E003]"),
        "{err}"
    );
    assert!(
        err.contains("row 1048576") && err.contains("column 16384"),
        "{err}"
    );
    assert!(!out.exists());
}
