use crate::helpers::{to_cp1252, to_semicolons, Case};
use std::fs;

// ---------------------------------------------------------------------------------------------
// What spreadsheets write must keep working

#[test]
fn works_windows_1252_with_semicolons() {
    let c = Case::new();
    for f in c.csv_files() {
        let text: Vec<String> = c.read(&f).lines().map(to_semicolons).collect();
        c.write(&f, to_cp1252(&(text.join("\r\n") + "\r\n")));
    }
    let bytes = fs::read(c.path("volunteers.csv")).unwrap();
    assert!(
        bytes.windows(5).any(|w| w == b"Chlo\xE9"),
        "'Chloé' is in Windows-1252"
    );
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8 any more"
    );
    c.expect_plan_ok(true);
}

#[test]
fn works_with_utf8_bom() {
    let c = Case::new();
    for f in c.csv_files() {
        let text = c.read(&f);
        c.write(&f, format!("\u{feff}{text}"));
    }
    c.expect_plan_ok(true);
}

#[test]
fn works_with_utf16_bom() {
    let c = Case::new();
    for f in c.csv_files() {
        let text = c.read(&f);
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        c.write(&f, bytes);
    }
    c.expect_plan_ok(false); // the reference checker does not read UTF-16
}

#[test]
fn works_with_oui_non_booleans() {
    let c = Case::new();
    c.map_lines("volunteers.csv", |n, l| {
        if n == 1 {
            l.to_owned()
        } else {
            l.replace(",true,", ",oui,").replace(",false,", ",non,")
        }
    });
    assert!(c.read("volunteers.csv").contains(",non,"));
    c.expect_plan_ok(true);
}

#[test]
fn works_with_dd_mm_yyyy_dates() {
    let c = Case::new();
    c.map_lines("availability.csv", |n, l| {
        if n == 1 {
            return l.to_owned();
        }
        let (v, d) = l.split_once(',').unwrap();
        let (y, rest) = d.split_once('-').unwrap();
        let (m, day) = rest.split_once('-').unwrap();
        format!("{v},{day}/{m}/{y}")
    });
    assert!(c.read("availability.csv").contains("V1,01/12/2026"));
    c.expect_plan_ok(false); // the reference checker reads ISO dates only
}

#[test]
fn works_with_decimal_commas_in_semicolon_files() {
    let c = Case::new();
    for f in ["zones.csv", "sites.csv", "volunteers.csv"] {
        c.map_lines(f, |_, l| {
            to_semicolons(l)
                .split(';')
                .map(|cell| {
                    let is_decimal = cell.contains('.') && cell.parse::<f64>().is_ok();
                    if is_decimal {
                        cell.replace('.', ",")
                    } else {
                        cell.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join(";")
        });
    }
    assert!(c.read("sites.csv").contains(";45,11;2,87;"));
    assert!(c.read("zones.csv").contains(";1,5"));
    c.expect_plan_ok(false); // the reference checker reads `.` decimals only
}

#[test]
fn works_with_crlf_line_endings() {
    let c = Case::new();
    for f in c.csv_files().into_iter().chain(["dataset.toml".to_owned()]) {
        let text = c.read(&f);
        c.write(&f, text.replace('\n', "\r\n"));
    }
    c.expect_plan_ok(true);
}

#[test]
fn works_with_extra_columns_in_another_order() {
    let c = Case::new();
    // Columns are matched by name: reverse them and add one the engine does not know.
    for f in c.csv_files() {
        c.map_lines(&f, |n, l| {
            let mut cells: Vec<&str> = l.split(',').collect();
            cells.reverse();
            let extra = if n == 1 { "commentaire" } else { "rien" };
            format!("{extra},{}", cells.join(","))
        });
    }
    c.expect_plan_ok(true);
}

/// Regression (issue 33 #5): `7/12/2026` (a French spreadsheet's short date) and `08/12/26`
/// (LibreOffice's French default) were refused (E022), in every file that holds dates.
#[test]
fn regression_french_short_dates_were_refused() {
    let c = Case::new();
    c.map_lines("availability.csv", |n, l| {
        if n == 1 {
            return l.to_owned();
        }
        let (v, d) = l.split_once(',').unwrap();
        let (_, rest) = d.split_once('-').unwrap();
        let (m, day) = rest.split_once('-').unwrap();
        let day: u32 = day.parse().unwrap();
        // Alternately D/M/YYYY and DD/MM/YY: both in one file, as a copy-paste leaves them.
        if n % 2 == 0 {
            format!("{v},{day}/{}/2026", m.trim_start_matches('0'))
        } else {
            format!("{v},{day:02}/{m}/26")
        }
    });
    assert!(c.read("availability.csv").contains("V1,1/12/2026"));
    assert!(c.read("availability.csv").contains("/12/26\n"));
    c.map_lines("closures.csv", |n, l| {
        if n == 1 {
            return l.to_owned();
        }
        let (s, d) = l.split_once(',').unwrap();
        let (_, rest) = d.split_once('-').unwrap();
        let (m, day) = rest.split_once('-').unwrap();
        format!("{s},{day}/{m}/26")
    });
    c.write("pinned.csv", "volunteer_id,site_id,date\nV5,S3,4/12/2026\n");
    c.expect_plan_ok(false); // the reference checker reads ISO dates only
                             // A history (which changes the plan) in last month's short dates.
    c.write("history.csv", "date,site_id,volunteer_id\n27/11/26,S3,V5\n");
    let run = c.check(&[]);
    assert_eq!(run.code, Some(0), "{}", run.context());
    assert!(run.stderr.is_empty(), "{}", run.context());
}

/// What stays refused says how to write it: a month/day order (an American spreadsheet), a
/// date without its year, a day the month does not have.
#[test]
fn ambiguous_or_impossible_dates_say_how_to_write_them() {
    for (cell, why) in [
        ("12/31/2026", "there is no month 31 (the day comes first): for 31 December 2026 write 31/12/2026 or 2026-12-31"),
        ("7/12", "the year is missing: write 07/12/2026 or 07/12/26"),
        ("31/11/26", "November 2026 has 30 days, there is no day 31"),
        ("7/12/026", "the year has 4 digits (2026) or 2 (26, meaning 2026)"),
    ] {
        let c = Case::new();
        c.set_cell("availability.csv", 4, "date", cell);
        c.expect_input_error(
            &[],
            &[
                "availability.csv",
                "line 4",
                "column date (B)",
                "[E022]",
                "a two-digit year 26 means 2026",
                &format!("found '{cell}': {why}"),
            ],
        );
    }
}
