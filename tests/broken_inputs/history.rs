use crate::helpers::Case;

// ---------------------------------------------------------------------------------------------
// history.csv (contract v2): vacations before the horizon

const HEADER: &str = "date,site_id,volunteer_id";

#[test]
fn history_date_inside_the_horizon() {
    let c = Case::new();
    c.write(
        "history.csv",
        format!("{HEADER}\n2026-11-30,S1,V1\n2026-12-03,S2,V2\n"),
    );
    c.expect_input_error(
        &[],
        &[
            "history.csv",
            "line 3",
            "column date (A)",
            "[E042]",
            "belongs in pinned.csv",
        ],
    );
}

#[test]
fn history_unknown_site() {
    let c = Case::new();
    c.write("history.csv", format!("{HEADER}\n2026-11-30,S9,V1\n"));
    c.expect_input_error(
        &[],
        &[
            "history.csv",
            "line 2",
            "column site_id (B)",
            "[E030]",
            "unknown site 'S9'",
        ],
    );
}

#[test]
fn history_bad_date() {
    let c = Case::new();
    c.write("history.csv", format!("{HEADER}\n30 novembre,S1,V1\n"));
    c.expect_input_error(&[], &["history.csv", "line 2", "column date (A)", "[E022]"]);
}

#[test]
fn history_missing_column() {
    let c = Case::new();
    c.write("history.csv", "date,volunteer_id\n2026-11-30,V1\n");
    c.expect_input_error(&[], &["history.csv", "[E004]", "site_id"]);
}

/// A doctor who no longer volunteers still counts for the site's continuity: no error.
#[test]
fn history_doctor_not_in_volunteers_is_fine() {
    let c = Case::new();
    c.write("history.csv", format!("{HEADER}\n2026-11-30,S1,V99\n"));
    let run = c.plan(&[]);
    run.assert_no_panic();
    assert_eq!(run.code, Some(0), "{}", run.context());
}

/// `--history` with a dataset that has its own history.csv: refused, not combined silently.
#[test]
fn history_file_and_history_flag_together() {
    let c = Case::new();
    c.write("history.csv", format!("{HEADER}\n2026-11-30,S1,V1\n"));
    let prev = c.dir().join("..").join("prev");
    std::fs::create_dir_all(&prev).unwrap();
    std::fs::write(
        prev.join("plan.csv"),
        format!("{HEADER}\n2026-11-27,S2,V2\n"),
    )
    .unwrap();
    let prev = prev.to_string_lossy().into_owned();
    c.expect_input_error(
        &["--history", &prev],
        &["[E060]", "--history", "already has"],
    );
}

/// `--history` pointing at a folder without plan.csv.
#[test]
fn history_flag_without_plan_csv() {
    let c = Case::new();
    let prev = c.dir().join("..").join("empty");
    std::fs::create_dir_all(&prev).unwrap();
    let prev = prev.to_string_lossy().into_owned();
    c.expect_input_error(&["--history", &prev], &["plan.csv", "[E001]", "--history"]);
}
