use crate::helpers::Case;
use std::fs;

// ---------------------------------------------------------------------------------------------
// Missing files

#[test]
fn missing_zones_csv() {
    let c = Case::new();
    c.remove("zones.csv");
    c.expect_input_error(&[], &["zones.csv", "[E001]", "cannot read the file"]);
}

#[test]
fn missing_sites_csv() {
    let c = Case::new();
    c.remove("sites.csv");
    c.expect_input_error(&[], &["sites.csv", "[E001]", "cannot read the file"]);
}

#[test]
fn missing_volunteers_csv() {
    let c = Case::new();
    c.remove("volunteers.csv");
    c.expect_input_error(&[], &["volunteers.csv", "[E001]", "cannot read the file"]);
}

#[test]
fn missing_availability_csv() {
    let c = Case::new();
    c.remove("availability.csv");
    c.expect_input_error(&[], &["availability.csv", "[E001]", "cannot read the file"]);
}

#[test]
fn missing_dataset_toml() {
    let c = Case::new();
    c.remove("dataset.toml");
    c.expect_input_error(&[], &["dataset.toml", "[E001]", "cannot read the file"]);
}

#[test]
fn dataset_folder_does_not_exist() {
    let c = Case::new();
    fs::remove_dir_all(c.dir()).unwrap();
    c.expect_input_error(
        &[],
        &["no such folder", "[E001]", "is the dataset folder right?"],
    );
}

// ---------------------------------------------------------------------------------------------
// File structure

#[test]
fn zones_missing_priority_column() {
    let c = Case::new();
    c.set_line("zones.csv", 1, "zone_id,name,department,prio");
    c.expect_input_error(
        &[],
        &[
            "zones.csv",
            "line 1",
            "[E004]",
            "missing required column 'priority'",
        ],
    );
}

#[test]
fn sites_duplicate_column() {
    let c = Case::new();
    c.map_lines("sites.csv", |n, l| {
        if n == 1 {
            format!("{l},beds")
        } else {
            format!("{l},0")
        }
    });
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 1",
            "column beds (K)",
            "[E005]",
            "column 'beds' appears twice",
        ],
    );
}

#[test]
fn volunteers_empty_file() {
    let c = Case::new();
    c.write("volunteers.csv", "");
    c.expect_input_error(
        &[],
        &[
            "volunteers.csv",
            "line 1",
            "[E003]",
            "the file is empty: expected a header row",
        ],
    );
}

#[test]
fn sites_ragged_row_extra_cell() {
    let c = Case::new();
    c.map_lines("sites.csv", |n, l| {
        if n == 3 {
            format!("{l},extra")
        } else {
            l.to_owned()
        }
    });
    c.expect_input_error(
        &[],
        &[
            "sites.csv",
            "line 3",
            "[E003]",
            "this row has 11 cells but the header has 10",
        ],
    );
}

#[test]
fn volunteers_binary_garbage() {
    let c = Case::new();
    c.write(
        "volunteers.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00garbage",
    );
    c.expect_input_error(&[], &["volunteers.csv", "[E003]", "not a text file"]);
}
