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
