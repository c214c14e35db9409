use crate::helpers::Case;
use std::ffi::OsString;
use std::fs;

// ---------------------------------------------------------------------------------------------
// The output folder (issue 27, #5): replaced only when it is renfort's own, unchanged; checked
// before solving; never missing, and no hidden folder left by a killed run.

#[test]
fn out_dot_is_refused_before_solving() {
    let c = Case::new();
    let here = c.tmp.path().join("elsewhere");
    fs::create_dir(&here).unwrap();
    let args: Vec<OsString> = vec![
        "plan".into(),
        c.dir().into(),
        "--out".into(),
        ".".into(),
        "--quiet".into(),
    ];
    let run = c.run_in(&here, args);
    // An input error (exit code 2, "Nothing was written"), not a failed rename after solving.
    run.assert_input_error(&["--out .", "the folder renfort runs in", "[E060]"]);
    assert_eq!(fs::read_dir(&here).unwrap().count(), 0, "{}", run.context());
}

#[test]
fn a_plan_csv_edited_by_hand_is_refused_not_overwritten() {
    let c = Case::new();
    assert_eq!(c.plan(&[]).code, Some(0));
    let edited = c.read_out("plan.csv") + "V1,S1,2026-12-31\n";
    fs::write(c.out().join("plan.csv"), &edited).unwrap();
    let run = c.plan(&[]);
    run.assert_input_error(&[
        "--out",
        "plan.csv was changed",
        "copy your changes elsewhere",
        "[E060]",
    ]);
    assert_eq!(c.read_out("plan.csv"), edited, "the edit was lost");

    // A removed file too; once the folder is removed, planning works again.
    fs::remove_file(c.out().join("coverage.csv")).unwrap();
    fs::write(
        c.out().join("plan.csv"),
        c.read_out("plan.csv").replace("V1,S1,2026-12-31\n", ""),
    )
    .unwrap();
    let run = c.plan(&[]);
    run.assert_input_error(&["--out", "changed or removed", "[E060]"]);
    fs::remove_dir_all(c.out()).unwrap();
    assert_eq!(c.plan(&[]).code, Some(0));
}

#[test]
fn an_output_folder_holding_only_empty_sub_folders_is_refused() {
    let c = Case::new();
    fs::create_dir_all(c.out().join("archive/2026")).unwrap();
    let run = c.plan(&[]);
    run.assert_input_error(&["--out", "folders renfort did not make", "[E060]"]);
    assert!(c.out().join("archive/2026").is_dir());

    // Nor beside renfort's own files.
    fs::remove_dir_all(c.out()).unwrap();
    assert_eq!(c.plan(&[]).code, Some(0));
    fs::create_dir(c.out().join("archive")).unwrap();
    let run = c.plan(&[]);
    run.assert_input_error(&["--out", "the folder archive/", "[E060]"]);
}

#[test]
fn hidden_folders_of_a_killed_run_are_cleaned_by_the_next_run() {
    let c = Case::new();
    assert_eq!(c.plan(&[]).code, Some(0));
    // A run killed while replacing `out` (process id that no process has): its staging
    // folder, and the previous folder moved aside, `out` missing.
    let gone = i32::MAX;
    let aside = c.tmp.path().join(format!(".renfort-old-{gone}-a1b2c3"));
    fs::create_dir(&aside).unwrap();
    fs::rename(c.out(), aside.join("out")).unwrap();
    let staging = c.tmp.path().join(format!(".renfort-tmp-{gone}-d4e5f6"));
    fs::create_dir(&staging).unwrap();
    fs::write(staging.join("plan.csv"), "half").unwrap();

    c.expect_plan_ok(false);
    assert!(!aside.exists() && !staging.exists(), "hidden folders left");
}

/// Regression (issue 33 #8): a planner reading last run's plan.xlsx in Excel (lock file
/// `~$plan.xlsx`) or LibreOffice (`.~lock.plan.xlsx#`) could not plan again (E060: "holds
/// ~$plan.xlsx, which renfort did not write").
#[test]
fn regression_excel_lock_file_blocks_the_next_run() {
    let c = Case::new();
    assert_eq!(c.plan(&[]).code, Some(0));
    assert!(c.out().join("plan.xlsx").is_file());
    fs::write(c.out().join("~$plan.xlsx"), b"\x05Alice").unwrap();
    fs::write(
        c.out().join(".~lock.plan.xlsx#"),
        "Alice,host,/home/alice,07.12.2026",
    )
    .unwrap();
    let run = c.plan(&[]);
    assert_eq!(run.code, Some(0), "{}", run.context());
    assert!(!run.stderr.contains("E060"), "{}", run.context());

    // A file of the planner's is still refused, lock files or not.
    fs::write(c.out().join("~$plan.xlsx"), b"\x05Alice").unwrap();
    fs::write(c.out().join("notes.txt"), "mine").unwrap();
    let run = c.plan(&[]);
    run.assert_input_error(&["--out", "notes.txt, which renfort did not write", "[E060]"]);
}
