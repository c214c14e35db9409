use crate::helpers::Case;

// ---------------------------------------------------------------------------------------------
// Cells

#[test]
fn sites_lat_not_a_number() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "lat", "abc");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "column lat (D)",
            "[E020]",
            "expected a number",
            "'abc'",
        ],
    );
}

#[test]
fn sites_rooms_negative() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "rooms", "-1");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "column rooms (G)",
            "[E023]",
            "expected a whole number ≥ 0",
        ],
    );
}

#[test]
fn sites_rooms_zero() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "rooms", "0");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "column rooms (G)",
            "[E023]",
            "expected at least 1 room",
        ],
    );
}

#[test]
fn sites_rooms_not_whole() {
    let c = Case::new();
    c.set_cell("sites.csv", 2, "rooms", "1.5");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 2",
            "column rooms (G)",
            "[E020]",
            "expected a whole number",
        ],
    );
}

#[test]
fn sites_demand_more_than_rooms() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "demand", "2");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "column demand (H)",
            "[E023]",
            "demand 2 is more than the site's 1 room",
        ],
    );
}

#[test]
fn demand_csv_demand_more_than_rooms() {
    let c = Case::new();
    c.set_cell("demand.csv", 2, "demand", "3");
    c.expect_input_error(
        &[],
        &[
            "demand.csv",
            "line 2",
            "column demand (C)",
            "[E023]",
            "demand 3 is more than the site's 2 room",
        ],
    );
}

#[test]
fn sites_lat_out_of_range() {
    let c = Case::new();
    c.set_cell("sites.csv", 4, "lat", "95.2");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 4",
            "column lat (D)",
            "[E023]",
            "expected a latitude in degrees between -90 and 90",
        ],
    );
}

/// Regression: a priority of 1e308 made the objective `inf`, written as `null` in
/// summary.json, with exit code 0.
#[test]
fn zones_priority_too_large_to_add_up() {
    let c = Case::new();
    c.set_cell("zones.csv", 2, "priority", "1e308");
    c.expect_input_error(
        &[],
        &[
            "zones.csv",
            "line 2",
            "column priority (D)",
            "[E023]",
            "expected a priority from 0 to 1,000,000, found 1e308",
        ],
    );
}

#[test]
fn zones_priority_negative() {
    let c = Case::new();
    c.set_cell("zones.csv", 3, "priority", "-1");
    c.expect_input_error(
        &[],
        &[
            "zones.csv",
            "line 3",
            "column priority (D)",
            "[E023]",
            "expected a priority from 0 to 1,000,000",
        ],
    );
}

#[test]
fn volunteers_bad_boolean() {
    let c = Case::new();
    c.set_cell("volunteers.csv", 4, "overnight", "peut-être");
    c.expect_input_error(
        &[],
        &[
            "volunteers.csv",
            "line 4",
            "column overnight (H)",
            "[E021]",
            "expected true or false",
            "'peut-être'",
        ],
    );
}

#[test]
fn availability_date_month_13() {
    let c = Case::new();
    c.set_cell("availability.csv", 5, "date", "2026-13-01");
    c.expect_input_error(
        &[],
        &[
            "availability.csv",
            "line 5",
            "column date (B)",
            "[E022]",
            "expected a date like 2026-12-07 or 07/12/2026",
            "'2026-13-01'",
        ],
    );
}

#[test]
fn availability_date_is_a_word() {
    let c = Case::new();
    c.set_cell("availability.csv", 3, "date", "demain");
    c.expect_input_error(
        &[],
        &[
            "availability.csv",
            "line 3",
            "column date (B)",
            "[E022]",
            "expected a date like 2026-12-07 or 07/12/2026",
            "'demain'",
        ],
    );
}

#[test]
fn closures_date_empty() {
    let c = Case::new();
    c.set_cell("closures.csv", 2, "date", "");
    c.expect_input_error(
        &[],
        &[
            "closures.csv",
            "line 2",
            "column date (B)",
            "[E022]",
            "expected a date like 2026-12-07 or 07/12/2026",
        ],
    );
}

#[test]
fn sites_bad_open_days_word() {
    let c = Case::new();
    c.set_cell("sites.csv", 2, "open_days", "mon tue wed thu fry");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 2",
            "column open_days (F)",
            "[E024]",
            "expected weekdays like 'mon tue wed thu fri'",
        ],
    );
}

#[test]
fn crlf_file_error_has_the_right_line() {
    let c = Case::new();
    c.set_cell("volunteers.csv", 5, "max_km", "loin");
    let text = c.read("volunteers.csv");
    c.write("volunteers.csv", text.replace('\n', "\r\n"));
    c.expect_input_error(
        &[],
        &[
            "volunteers.csv",
            "line 5",
            "column max_km (G)",
            "[E020]",
            "'loin'",
        ],
    );
}

#[test]
fn blank_lines_do_not_shift_the_line() {
    let c = Case::new();
    // A blank line after line 3 and one after line 6: the broken row is line 9 of the file.
    c.set_cell("availability.csv", 7, "date", "2026-12-32");
    c.map_lines("availability.csv", |n, l| {
        if n == 3 || n == 6 {
            format!("{l}\n")
        } else {
            l.to_owned()
        }
    });
    c.expect_input_error(
        &[],
        &[
            "availability.csv",
            "line 9",
            "column date (B)",
            "[E022]",
            "'2026-12-32'",
        ],
    );
}

#[test]
fn crlf_ragged_row_has_the_right_line() {
    let c = Case::new();
    c.map_lines("sites.csv", |n, l| {
        if n == 4 {
            format!("{l},extra\r")
        } else {
            format!("{l}\r")
        }
    });
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 4",
            "[E003]",
            "this row has 11 cells but the header has 10",
        ],
    );
}
