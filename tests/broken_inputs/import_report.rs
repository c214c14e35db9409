use crate::helpers::Case;
use std::ffi::OsStr;
use std::fs;

// ---------------------------------------------------------------------------------------------
// import-volunteers: the report's size does not grow with a cell's (issue 27, #3). The export
// comes from a public registration form.

/// An export with homes as coordinates (no communes file needed) and the given availability
/// cells, one volunteer each (11-digit RPPS numbers); runs `import-volunteers` and returns the report.
fn import(c: &Case, cells: &[String]) -> String {
    let dir = c.tmp.path();
    let mut export = "rpps,nom,lat,lon,dispo\n".to_owned();
    for (i, cell) in cells.iter().enumerate() {
        export += &format!(
            "{},Dr {i},45.1,3.5,\"{cell}\"\n",
            10_100_000_000u64 + i as u64
        );
    }
    fs::write(dir.join("export.csv"), export).unwrap();
    fs::write(
        dir.join("mapping.toml"),
        "[columns]\nvolunteer_id = \"rpps\"\nname = \"nom\"\navailability = \"dispo\"\n\
         lat = \"lat\"\nlon = \"lon\"\n\n[defaults]\nmax_days = 2\nmax_km = 100.0\n\
         overnight = false\nauthorized = true\n",
    )
    .unwrap();
    let p = |n: &str| dir.join(n).into_os_string();
    let zones = c.path("zones.csv").into_os_string();
    let run = c.run_args(&[
        OsStr::new("import-volunteers"),
        &p("export.csv"),
        OsStr::new("--mapping"),
        &p("mapping.toml"),
        OsStr::new("--month"),
        OsStr::new("2026-12"),
        OsStr::new("--zones"),
        &zones,
        &p("imported"),
    ]);
    run.assert_no_panic();
    assert_eq!(run.code, Some(1), "rows with problems\n{}", run.context());
    fs::read_to_string(dir.join("imported/import_report.txt")).unwrap()
}

/// Regression: each unreadable part of a cell quoted the whole cell again, so a 48 KB cell
/// gave a 384 MB report (600 KB aborted after 3 GB).
#[test]
fn import_report_does_not_grow_with_the_square_of_a_cell() {
    let c = Case::new();
    // 12 KB of parts that are no dates, then a readable day (36 MB of report before).
    let cell = "zz, ".repeat(3_000) + "3 décembre";
    let report = import(&c, &[cell]);
    assert!(report.len() < 10_000, "{} bytes", report.len());
    assert!(
        report.contains("line 2 (imported with what could be read)"),
        "{report}"
    );
    assert!(
        report.contains("zz, zz, zz"),
        "the cell is quoted\n{report}"
    );
    assert!(report.contains("…"), "the cell is cut\n{report}");
    assert!(report.contains("and 2990 more parts"), "{report}");
    let volunteers = fs::read_to_string(c.tmp.path().join("imported/availability.csv")).unwrap();
    assert!(
        volunteers.contains("10100000000,2026-12-03"),
        "{volunteers}"
    );
}

#[test]
fn import_report_lists_a_bounded_number_of_rows() {
    let c = Case::new();
    let rows = vec!["pas de date".to_owned(); 1_500];
    let report = import(&c, &rows);
    assert!(report.contains("line 1001 ("), "the first rows are listed");
    assert!(!report.contains("line 1002 ("), "then counted");
    assert!(
        report.contains("... and 500 more rows with problems"),
        "{}",
        &report[report.len() - 300..]
    );
    assert!(report.len() < 200_000, "{} bytes", report.len());
}
