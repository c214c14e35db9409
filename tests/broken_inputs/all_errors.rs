use crate::helpers::Case;

// ---------------------------------------------------------------------------------------------
// Every error at once

#[test]
fn three_broken_cells_give_three_errors() {
    let c = Case::new();
    // V1, V3 and V5 are referenced by availability.csv and pinned.csv: their rows being
    // broken must not add "unknown volunteer" errors there.
    c.set_cell("volunteers.csv", 2, "lat", "abc");
    c.set_cell("volunteers.csv", 4, "authorized", "maybe");
    c.set_cell("volunteers.csv", 6, "max_days", "-3");
    let run = c.check(&[]);
    run.assert_input_error(&["volunteers.csv", "line 2", "column lat (C)", "[E020]"]);
    run.assert_input_error(&[
        "volunteers.csv",
        "line 4",
        "column authorized (E)",
        "[E021]",
    ]);
    run.assert_input_error(&["volunteers.csv", "line 6", "column max_days (F)", "[E023]"]);
    assert_eq!(
        run.error_lines().len(),
        3,
        "exactly the three broken cells\n{}",
        run.context()
    );
    assert!(run.stderr.contains("3 input errors"), "{}", run.context());
    let run = c.plan(&[]);
    assert_eq!(run.error_lines().len(), 3, "{}", run.context());
    c.assert_nothing_written(&run);
}

#[test]
fn errors_in_several_files_are_all_reported() {
    let c = Case::new();
    c.set_cell("zones.csv", 3, "priority", "x");
    c.set_cell("sites.csv", 2, "beds", "-2");
    c.set_cell("availability.csv", 10, "date", "31/02/2026");
    c.append("closures.csv", "S9,2026-12-24");
    let run = c.check(&[]);
    run.assert_input_error(&["zones.csv", "line 3", "column priority (D)", "[E020]"]);
    run.assert_input_error(&["sites.csv", "line 2", "column beds (I)", "[E023]"]);
    run.assert_input_error(&["availability.csv", "line 10", "column date (B)", "[E022]"]);
    run.assert_input_error(&[
        "closures.csv",
        "line 3",
        "column site_id (A)",
        "[E030]",
        "unknown site 'S9'",
    ]);
    assert_eq!(
        run.error_lines().len(),
        4,
        "exactly the four errors, no cascade\n{}",
        run.context()
    );
}
