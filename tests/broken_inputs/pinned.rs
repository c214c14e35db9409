use crate::helpers::Case;

// ---------------------------------------------------------------------------------------------
// Pinned assignments

#[test]
fn pinned_on_a_day_the_volunteer_did_not_offer() {
    let c = Case::new();
    // V1 offers 1-3 December only.
    c.append("pinned.csv", "V1,S1,2026-12-04");
    c.expect_input_error(
        &[],
        &[
            "pinned.csv",
            "line 3",
            "[E040]",
            "V1 at S1 on 2026-12-04 is not eligible",
            "did not offer that day",
        ],
    );
}

#[test]
fn pinned_on_a_closed_day() {
    let c = Case::new();
    // S3 is closed on 23 December (closures.csv); V6 offers that day.
    c.append("availability.csv", "V6,2026-12-23");
    c.append("pinned.csv", "V6,S3,2026-12-23");
    c.expect_input_error(
        &[],
        &[
            "pinned.csv",
            "line 3",
            "[E040]",
            "is not eligible",
            "not a service day",
        ],
    );
}

#[test]
fn pinned_outside_the_horizon_with_reordered_columns() {
    let c = Case::new();
    c.write(
        "pinned.csv",
        "date,volunteer_id,site_id\n2026-12-04,V5,S3\n",
    );
    c.expect_input_error(
        &["--month", "2026-11"],
        &[
            "pinned.csv",
            "line 2",
            "column date (A)",
            "[E040]",
            "outside the horizon",
        ],
    );
}

#[test]
fn pinned_two_sites_same_day() {
    let c = Case::new();
    // V5 is pinned at S3 on 4 December (line 2); pinning them at S1 too breaks H2.
    c.append("pinned.csv", "V5,S1,2026-12-04");
    c.expect_input_error(
        &[],
        &[
            "pinned.csv",
            "line 3",
            "[E041]",
            "H2",
            "V5 has 2 assignments on 2026-12-04",
            "lines 2 and 3",
        ],
    );
}

#[test]
fn pinned_over_the_monthly_cap() {
    let c = Case::new();
    // V6 offers 15, 16, 17 December; the national cap is 2 days a month.
    c.append("pinned.csv", "V6,S1,2026-12-15");
    c.append("pinned.csv", "V6,S1,2026-12-16");
    c.append("pinned.csv", "V6,S1,2026-12-17");
    c.expect_input_error(
        &[],
        &["pinned.csv", "line 5", "[E041]", "H3", "lines 3, 4 and 5"],
    );
}

/// Regression (issue 33 #6): pinned.csv's errors came in three rounds, one kind per run
/// (unknown ids, then days the rules forbid, then rules broken together), though the README
/// promises every error at once.
#[test]
fn regression_pin_errors_came_in_three_rounds() {
    let c = Case::new();
    c.append("pinned.csv", "V999,S1,2026-12-05"); // line 3: nobody of that id
    c.append("pinned.csv", "V1,S1,2026-12-04"); // line 4: V1 offers 1-3 December only
    c.append("pinned.csv", "V5,S1,2026-12-04"); // line 5: V5 is at S3 that day (line 2)
    c.append("pinned.csv", "V2,S1,31/11/2026"); // line 6: no such day
    for run in [c.plan(&[]), c.check(&[])] {
        for needles in [
            &[
                "pinned.csv",
                "line 3",
                "column volunteer_id (A)",
                "[E030]",
                "V999",
            ][..],
            &[
                "pinned.csv",
                "line 4",
                "column date (C)",
                "[E040]",
                "did not offer",
            ],
            &[
                "pinned.csv",
                "line 5",
                "column date (C)",
                "[E041]",
                "lines 2 and 5",
            ],
            &[
                "pinned.csv",
                "line 6",
                "column date (C)",
                "[E022]",
                "31/11/2026",
            ],
        ] {
            run.assert_input_error(needles);
        }
        assert!(run.stderr.contains("4 input errors"), "{}", run.context());
        c.assert_nothing_written(&run);
    }
    // With an error elsewhere, the dataset cannot be checked against the horizon: every
    // error of the files is still given at once.
    c.set_cell("sites.csv", 3, "lat", "abc");
    let run = c.check(&[]);
    run.assert_input_error(&["sites.csv", "line 3", "[E020]"]);
    run.assert_input_error(&["pinned.csv", "line 3", "[E030]"]);
    run.assert_input_error(&["pinned.csv", "line 6", "[E022]"]);
}
