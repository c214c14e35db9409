use crate::helpers::Case;

// ---------------------------------------------------------------------------------------------
// Valid input that is probably a mistake: the plan is made, the same as without it where the
// repeat changes nothing, and a warning names the file, line and column with a W code.

#[test]
fn availability_row_given_twice_is_said_and_changes_nothing() {
    let c = Case::new();
    c.append("availability.csv", "V1,2026-12-01");
    c.expect_plan_ok(true);
    c.plan(&[]).assert_warning(&[
        "availability.csv",
        "line 20",
        "column date (B)",
        "already offers this date on line 2",
        "[W001]",
    ]);
    c.check(&[])
        .assert_warning(&["availability.csv", "line 20", "[W001]"]);
    // The plan's own files say it too: summary.json and the report.
    let summary = c.read_out("summary.json");
    let v: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let warnings = v["warnings"]
        .as_array()
        .expect("summary.json lists the warnings");
    assert_eq!(warnings.len(), 1, "{summary}");
    assert!(
        warnings[0].as_str().unwrap().contains("line 20"),
        "{summary}"
    );
    let report = c.read_out("report.html");
    assert!(report.contains(r#"<section id="warnings">"#) && report.contains("[W001]"));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(c.tmp.path().join("out/plan.xlsx")).expect("plan.xlsx");
    let sheet = calamine::Reader::worksheet_range(&mut book, "Synthèse").expect("Synthèse");
    assert!(
        sheet
            .rows()
            .any(|r| r.iter().any(|cell| cell.to_string().contains("[W001]"))),
        "the Synthèse sheet does not list the warning"
    );
}

#[test]
fn a_dataset_without_warnings_has_no_warnings_in_its_outputs() {
    let c = Case::new();
    let run = c.plan(&[]);
    assert_eq!(run.code, Some(0), "{}", run.context());
    assert!(run.warning_lines().is_empty(), "{}", run.context());
    assert!(!c.read_out("summary.json").contains("\"warnings\""));
    assert!(!c
        .read_out("report.html")
        .contains(r#"<section id="warnings">"#));
}

#[test]
fn closure_given_twice_is_said_and_changes_nothing() {
    let c = Case::new();
    c.append("closures.csv", "S3,2026-12-23");
    c.expect_plan_ok(true);
    c.plan(&[])
        .assert_warning(&["closures.csv", "line 3", "already on line 2", "[W001]"]);
}

#[test]
fn pin_given_twice_is_said_and_changes_nothing() {
    let c = Case::new();
    c.append("pinned.csv", "V5,S3,2026-12-04");
    c.expect_plan_ok(true);
    c.plan(&[])
        .assert_warning(&["pinned.csv", "line 3", "already pinned on line 2", "[W001]"]);
}

#[test]
fn zone_without_site_is_said() {
    let c = Case::new();
    c.append("zones.csv", "Z9,Nowhere,99,1.0");
    c.expect_plan_ok(true);
    c.plan(&[]).assert_warning(&[
        "zones.csv",
        "line 4",
        "column zone_id (A)",
        "zone 'Z9' has no site",
        "[W002]",
    ]);
}

/// Regression: a site with an empty `open_days` was listed by `check` among the sites no
/// volunteer can reach, which sent the planner looking at distances.
#[test]
fn site_that_never_opens_is_said_as_such_not_as_unreachable() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "open_days", "");
    c.plan(&[]).assert_warning(&[
        "sites.csv",
        "line 3",
        "column open_days (F)",
        "never opens",
        "[W003]",
    ]);
    let run = c.check(&[]);
    run.assert_warning(&["[W003]"]);
    let digest = run.context();
    assert!(
        digest.contains("sites with no service day in the horizon") && digest.contains("S2"),
        "{digest}"
    );
    assert!(!digest.contains("no volunteer can reach"), "{digest}");
}

#[test]
fn a_sheet_pasted_twice_gives_a_count_not_a_wall_of_warnings() {
    let c = Case::new();
    let body: String = c
        .read("availability.csv")
        .lines()
        .skip(1)
        .map(|l| format!("{l}\n"))
        .collect();
    c.write(
        "availability.csv",
        format!("{}{body}", c.read("availability.csv")),
    );
    c.expect_plan_ok(true);
    let run = c.plan(&[]);
    let lines = run.warning_lines();
    assert_eq!(lines.len(), 6, "{}", run.context());
    assert_eq!(lines[5], "warning: and 13 more like it [W001]");
}

/// Regression (issue 27, #7): one stray Windows-1252 byte in a UTF-8 file made renfort read
/// the whole file as Windows-1252 (every accented name garbled) and say nothing.
#[test]
fn one_stray_byte_in_a_utf8_file_is_said_where_it_is() {
    let c = Case::new();
    let mut bytes = c
        .read("sites.csv")
        .replacen("MSP B,", "MSP B\u{1}", 1)
        .into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xE9; // é in Windows-1252, in a file whose "santé" is UTF-8
    bytes.insert(at + 1, b',');
    c.write("sites.csv", &bytes);
    c.plan(&[])
        .assert_warning(&["sites.csv", "line 3, column 12", "0xE9", "[W005]"]);
    // plan.csv names the sites: the UTF-8 names as written, the stray byte as meant.
    let plan = c.read_out("plan.csv");
    assert!(
        plan.contains(",Centre de santé A,"),
        "a UTF-8 name was garbled\n{plan}"
    );
    assert!(plan.contains(",MSP Bé,"), "{plan}");
}
