use crate::helpers::Case;

// ---------------------------------------------------------------------------------------------
// Identifiers and references

#[test]
fn zones_duplicate_zone_id() {
    let c = Case::new();
    c.append("zones.csv", "Z1,Autre plateau,15,1.0");
    c.expect_input_error(
        &[],
        &[
            "zones.csv",
            "line 4",
            "column zone_id (A)",
            "[E011]",
            "'Z1' is already used on line 2",
        ],
    );
}

#[test]
fn sites_duplicate_site_id() {
    let c = Case::new();
    c.append("sites.csv", "S2,Z2,Autre MSP,45.0,3.0,mon,1,1,0,0");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 5",
            "column site_id (A)",
            "[E011]",
            "'S2' is already used on line 3",
        ],
    );
}

#[test]
fn volunteers_duplicate_volunteer_id() {
    let c = Case::new();
    c.append("volunteers.csv", "V3,Dr Autre,45.0,3.0,true,2,100,false,");
    c.expect_input_error(
        &[],
        &[
            "volunteers.csv",
            "line 8",
            "column volunteer_id (A)",
            "[E011]",
            "'V3' is already used on line 4",
        ],
    );
}

#[test]
fn sites_unknown_zone() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "zone_id", "Z9");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "column zone_id (B)",
            "[E030]",
            "unknown zone 'Z9'",
        ],
    );
}

#[test]
fn availability_unknown_volunteer() {
    let c = Case::new();
    c.append("availability.csv", "V9,2026-12-01");
    c.expect_input_error(
        &[],
        &[
            "availability.csv",
            "line 20",
            "column volunteer_id (A)",
            "[E030]",
            "unknown volunteer 'V9'",
        ],
    );
}

#[test]
fn closures_unknown_site() {
    let c = Case::new();
    c.set_cell("closures.csv", 2, "site_id", "S9");
    c.expect_input_error(
        &[],
        &[
            "closures.csv",
            "line 2",
            "column site_id (A)",
            "[E030]",
            "unknown site 'S9'",
        ],
    );
}

#[test]
fn volunteers_unknown_preferred_zone() {
    let c = Case::new();
    c.set_cell("volunteers.csv", 2, "zones", "Z1;Z7");
    c.expect_input_error(
        &[],
        &[
            "volunteers.csv",
            "line 2",
            "column zones (I)",
            "[E030]",
            "unknown zone 'Z7'",
        ],
    );
}

#[test]
fn pinned_unknown_site() {
    let c = Case::new();
    c.set_cell("pinned.csv", 2, "site_id", "S4");
    c.expect_input_error(
        &[],
        &[
            "pinned.csv",
            "line 2",
            "column site_id (B)",
            "[E030]",
            "unknown site 'S4'",
        ],
    );
}

#[test]
fn sites_id_with_trailing_space() {
    let c = Case::new();
    c.set_cell("sites.csv", 3, "site_id", "S2 ");
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "column site_id (A)",
            "[E010]",
            "identifier 'S2 ' has leading or trailing spaces",
        ],
    );
}

#[test]
fn availability_volunteer_id_with_trailing_space() {
    let c = Case::new();
    c.set_cell("availability.csv", 4, "volunteer_id", "V1 ");
    c.expect_input_error(
        &[],
        &[
            "availability.csv",
            "line 4",
            "column volunteer_id (A)",
            "[E010]",
            "has leading or trailing spaces",
        ],
    );
}

#[test]
fn zones_empty_id() {
    let c = Case::new();
    c.set_cell("zones.csv", 2, "zone_id", "");
    c.expect_input_error(
        &[],
        &[
            "zones.csv",
            "line 2",
            "column zone_id (A)",
            "[E010]",
            "expected an identifier, found an empty cell",
        ],
    );
}

#[test]
fn demand_csv_duplicate_row() {
    let c = Case::new();
    c.append("demand.csv", "S1,2026-12-01,1");
    c.expect_input_error(
        &[],
        &[
            "demand.csv",
            "line 4",
            "column date (B)",
            "[E031]",
            "already on line 2",
        ],
    );
}

#[test]
fn distances_duplicate_row() {
    let c = Case::new();
    c.write(
        "distances.csv",
        "volunteer_id,site_id,km\nV1,S1,80\nV2,S3,40\nV1,S1,95\n",
    );
    c.expect_input_error(
        &[],
        &[
            "distances.csv",
            "line 4",
            "column site_id (B)",
            "[E031]",
            "a distance for this pair is already on line 2",
        ],
    );
}

#[test]
fn distances_negative_km() {
    let c = Case::new();
    c.write(
        "distances.csv",
        "volunteer_id,site_id,km\nV1,S1,80\nV2,S3,-5\n",
    );
    c.expect_input_error(
        &[],
        &[
            "distances.csv",
            "line 3",
            "column km (C)",
            "[E023]",
            "expected a distance from 0 to 40,000 km",
        ],
    );
}

/// Regression (hostile input): an id too long to name a calendar file was refused only
/// after solving, without naming it.
#[test]
fn volunteers_id_too_long_for_a_file_name() {
    let c = Case::new();
    let long = "V".repeat(200);
    c.set_cell("volunteers.csv", 2, "volunteer_id", &long);
    c.expect_input_error(
        &[],
        &[
            "volunteers.csv",
            "line 2",
            "column volunteer_id (A)",
            "[E010]",
            "at most 64 bytes",
        ],
    );
}
