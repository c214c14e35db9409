//! Broken inputs, run through the real binary.
//!
//! Each test copies `tests/data/small` into a temporary folder, breaks ONE thing, runs
//! `renfort plan` (and `renfort check`) and asserts what a planner needs (contract §2): exit
//! code 2, one stderr line naming the file, the line, the column where there is one, the
//! stable code and what was expected; no panic; no output folder and no staging leftovers.
//! Then the spreadsheet variants that must keep working, and a mutation run (no panic, ever).

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_renfort");
const MANIFEST: &str = env!("CARGO_MANIFEST_DIR");

// ---------------------------------------------------------------------------------------------
// Helpers

/// A copy of the small dataset in a temporary folder: `TMP/data`, plans go to `TMP/out`.
struct Case {
    tmp: tempfile::TempDir,
}

/// One run of the binary.
struct Run {
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn context(&self) -> String {
        format!(
            "{}\n--- exit code: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.what, self.code, self.stdout, self.stderr
        )
    }

    fn assert_no_panic(&self) {
        assert!(
            !self.stderr.contains("panicked"),
            "the binary panicked\n{}",
            self.context()
        );
    }

    /// Exit code 2 and one stderr line that contains every needle.
    fn assert_input_error(&self, needles: &[&str]) {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(2),
            "expected exit code 2 (unreadable input)\n{}",
            self.context()
        );
        assert!(
            self.stderr
                .lines()
                .any(|l| needles.iter().all(|n| l.contains(n))),
            "no stderr line contains all of {needles:?}\n{}",
            self.context()
        );
        assert!(
            self.stderr.contains("Nothing was written."),
            "{}",
            self.context()
        );
    }

    /// Lines of stderr that report one input error (`... [E0xx]`).
    fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.trim_end().ends_with(']') && l.contains("[E0"))
            .collect()
    }
}

impl Case {
    fn new() -> Case {
        let tmp = tempfile::tempdir().expect("temporary folder");
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        for entry in fs::read_dir(Path::new(MANIFEST).join("tests/data/small")).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), data.join(entry.file_name())).unwrap();
        }
        Case { tmp }
    }

    fn dir(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir().join(file)
    }

    fn read(&self, file: &str) -> String {
        fs::read_to_string(self.path(file)).unwrap()
    }

    fn write(&self, file: &str, bytes: impl AsRef<[u8]>) {
        fs::write(self.path(file), bytes).unwrap();
    }

    fn remove(&self, file: &str) {
        fs::remove_file(self.path(file)).unwrap();
    }

    fn append(&self, file: &str, line: &str) {
        let mut text = self.read(file);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        self.write(file, text);
    }

    /// Replaces the text of one line (1-based; line 1 is the header).
    fn set_line(&self, file: &str, line: usize, new: &str) {
        let text = self.read(file);
        let mut lines: Vec<&str> = text.lines().collect();
        assert!(
            line >= 1 && line <= lines.len(),
            "{file} has no line {line}"
        );
        lines[line - 1] = new;
        self.write(file, lines.join("\n") + "\n");
    }

    /// Replaces one cell of a (comma-separated, unquoted) file of the small dataset.
    fn set_cell(&self, file: &str, line: usize, column: &str, value: &str) {
        let text = self.read(file);
        let lines: Vec<&str> = text.lines().collect();
        let index = lines[0]
            .split(',')
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("{file} has no column {column}"));
        let mut cells: Vec<&str> = lines[line - 1].split(',').collect();
        cells[index] = value;
        self.set_line(file, line, &cells.join(","));
    }

    /// Every line of a text file through `f`.
    fn map_lines(&self, file: &str, f: impl Fn(usize, &str) -> String) {
        let text = self.read(file);
        let out: Vec<String> = text.lines().enumerate().map(|(i, l)| f(i + 1, l)).collect();
        self.write(file, out.join("\n") + "\n");
    }

    fn csv_files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".csv"))
            .collect();
        names.sort();
        names
    }

    fn run(&self, args: Vec<OsString>) -> Run {
        let what = format!(
            "renfort {}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        );
        let out = Command::new(BIN)
            .args(&args)
            .current_dir(self.tmp.path())
            .env("RUST_BACKTRACE", "0")
            .output()
            .expect("the renfort binary runs");
        Run {
            what,
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `renfort plan DIR --out TMP/out --quiet --time-limit 10 EXTRA...`
    fn plan(&self, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec![
            "plan".into(),
            self.dir().into(),
            "--out".into(),
            self.out().into(),
        ];
        args.extend(["--quiet", "--time-limit", "10"].map(OsString::from));
        args.extend(extra.iter().map(OsString::from));
        self.run(args)
    }

    /// `renfort check DIR EXTRA...`
    fn check(&self, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec!["check".into(), self.dir().into()];
        args.extend(extra.iter().map(OsString::from));
        self.run(args)
    }

    /// No output folder, no staging folder left behind.
    fn assert_nothing_written(&self, run: &Run) {
        assert!(
            !self.out().exists(),
            "the output folder was written despite the error\n{}",
            run.context()
        );
        let leftovers: Vec<String> = fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".renfort-"))
            .collect();
        assert!(
            leftovers.is_empty(),
            "staging leftovers {leftovers:?}\n{}",
            run.context()
        );
    }

    /// Both `plan` and `check` (with the same extra arguments) refuse the input with exit
    /// code 2, one stderr line holding every needle, and write nothing.
    fn expect_input_error(&self, extra: &[&str], needles: &[&str]) {
        let run = self.plan(extra);
        run.assert_input_error(needles);
        self.assert_nothing_written(&run);
        let run = self.check(extra);
        run.assert_input_error(needles);
        self.assert_nothing_written(&run);
    }

    /// `plan` succeeds, writes a complete folder, finds the same plan as the pristine
    /// dataset, and (when `checker`) the reference checker accepts it.
    fn expect_plan_ok(&self, checker: bool) {
        let run = self.plan(&[]);
        run.assert_no_panic();
        assert_eq!(run.code, Some(0), "expected success\n{}", run.context());
        let plan = fs::read_to_string(self.out().join("plan.csv")).expect("plan.csv written");
        let summary =
            fs::read_to_string(self.out().join("summary.json")).expect("summary.json written");
        let leftovers: Vec<_> = fs::read_dir(self.tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".renfort-"))
            .collect();
        assert!(leftovers.is_empty(), "staging leftovers {leftovers:?}");
        let (base_plan, base_objective) = baseline();
        assert_eq!(
            objective(&summary),
            *base_objective,
            "the variant was not read as the original dataset"
        );
        assert_eq!(
            &plan, base_plan,
            "the variant was not read as the original dataset"
        );

        let run = self.check(&[]);
        run.assert_no_panic();
        assert_eq!(run.code, Some(0), "{}", run.context());

        let validator = Path::new(MANIFEST).join("../shared/tools/validate_plan.py");
        if checker && validator.exists() {
            let out = Command::new("python3")
                .arg(&validator)
                .arg(self.dir())
                .arg(Path::new(MANIFEST).join("models/default.toml"))
                .arg(self.out())
                .output()
                .expect("python3 runs");
            assert!(
                out.status.success(),
                "validate_plan.py refused the plan\n--- stdout:\n{}\n--- stderr:\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
}

fn objective(summary_json: &str) -> f64 {
    let v: serde_json::Value = serde_json::from_str(summary_json).expect("summary.json is JSON");
    v["objective"]
        .as_f64()
        .expect("summary.json has a numeric objective")
}

/// plan.csv and objective of the pristine small dataset (computed once).
fn baseline() -> &'static (String, f64) {
    static BASE: OnceLock<(String, f64)> = OnceLock::new();
    BASE.get_or_init(|| {
        let c = Case::new();
        let run = c.plan(&[]);
        assert_eq!(
            run.code,
            Some(0),
            "the pristine dataset must plan\n{}",
            run.context()
        );
        let plan = fs::read_to_string(c.out().join("plan.csv")).unwrap();
        let summary = fs::read_to_string(c.out().join("summary.json")).unwrap();
        (plan, objective(&summary))
    })
}

/// Windows-1252 bytes of a text whose characters are all in Latin-1's printable range.
fn to_cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c as u32 {
            x @ (0..=0x7F | 0xA0..=0xFF) => x as u8,
            _ => panic!("{c:?} has no single-byte Windows-1252 form in this helper"),
        })
        .collect()
}

/// A comma-separated line of the small dataset (no quotes there) re-written with `;`,
/// quoting cells that contain a `;` (the volunteers' `zones`), as a spreadsheet does.
fn to_semicolons(line: &str) -> String {
    line.split(',')
        .map(|c| {
            if c.contains(';') {
                format!("\"{c}\"")
            } else {
                c.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

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
        &["dataset.toml", "[E001]", "is the dataset folder right?"],
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
            "expected a priority ≥ 0",
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
            "expected a date YYYY-MM-DD",
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
            "expected a date YYYY-MM-DD",
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
            "expected a date YYYY-MM-DD",
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
            "expected a distance ≥ 0 km",
        ],
    );
}

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

// ---------------------------------------------------------------------------------------------
// dataset.toml, model file, command line

#[test]
fn dataset_toml_unknown_key() {
    let c = Case::new();
    c.append("dataset.toml", "mois = \"2026-12\"");
    c.expect_input_error(
        &[],
        &[
            "dataset.toml",
            "line 4",
            "column 1",
            "[E051]",
            "unknown key `mois`",
        ],
    );
}

#[test]
fn dataset_toml_bad_month() {
    let c = Case::new();
    c.set_line("dataset.toml", 2, "month = \"2026-13\"");
    c.expect_input_error(
        &[],
        &[
            "dataset.toml",
            "line 2",
            "column 9",
            "[E052]",
            "expected YYYY-MM",
            "'2026-13'",
        ],
    );
}

#[test]
fn dataset_toml_syntax_error() {
    let c = Case::new();
    c.set_line("dataset.toml", 1, "name = \"small");
    c.expect_input_error(&[], &["dataset.toml", "line 1", "[E050]"]);
}

#[test]
fn model_unknown_key() {
    let c = Case::new();
    let model = c.tmp.path().join("model.toml");
    fs::write(&model, "[objective]\nuncovred = 1\n").unwrap();
    c.expect_input_error(
        &["--model", model.to_str().unwrap()],
        &[
            "model.toml",
            "line 2",
            "column 1",
            "[E051]",
            "unknown key `uncovred`",
        ],
    );
}

#[test]
fn model_negative_weight() {
    let c = Case::new();
    let model = c.tmp.path().join("model.toml");
    fs::write(
        &model,
        "[rules]\ncommute_km = 50.0\n\n[objective]\ntravel = -0.5\n",
    )
    .unwrap();
    c.expect_input_error(
        &["--model", model.to_str().unwrap()],
        &[
            "model.toml",
            "line 5",
            "[E052]",
            "objective.travel: expected a number ≥ 0, found -0.5",
        ],
    );
}

#[test]
fn model_file_missing() {
    let c = Case::new();
    let model = c.tmp.path().join("nope.toml");
    c.expect_input_error(
        &["--model", model.to_str().unwrap()],
        &["nope.toml", "[E001]", "cannot read the policy file"],
    );
}

#[test]
fn month_argument_13() {
    let c = Case::new();
    c.expect_input_error(
        &["--month", "2026-13"],
        &[
            "command line",
            "[E060]",
            "--month: expected YYYY-MM",
            "'2026-13'",
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// `check DATASET PLAN_DIR`

#[test]
fn check_plan_with_unknown_site() {
    let c = Case::new();
    let plan_dir = c.tmp.path().join("myplan");
    fs::create_dir(&plan_dir).unwrap();
    fs::write(
        plan_dir.join("plan.csv"),
        "date,site_id,volunteer_id\n2026-12-01,S1,V1\n2026-12-02,S7,V1\n",
    )
    .unwrap();
    let run = c.check(&[plan_dir.to_str().unwrap()]);
    run.assert_input_error(&[
        "plan.csv",
        "line 3",
        "column site_id (B)",
        "[E030]",
        "unknown site 'S7'",
    ]);
}

#[test]
fn check_plan_folder_without_plan_csv() {
    let c = Case::new();
    let plan_dir = c.tmp.path().join("empty-plan");
    fs::create_dir(&plan_dir).unwrap();
    let run = c.check(&[plan_dir.to_str().unwrap()]);
    run.assert_input_error(&["plan.csv", "[E001]", "cannot read the file"]);
}

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

// ---------------------------------------------------------------------------------------------
// Mutations: whatever the bytes, no panic and a meaningful exit code

/// xorshift64*: deterministic, no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn line_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            spans.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < bytes.len() {
        spans.push((start, bytes.len()));
    }
    spans
}

fn mutate(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    const PALETTE: &[u8] = b"\"\"\0\xff,,;;\n\r \t-0912.e\xe9\xc3\xa9";
    let mut b = base.to_vec();
    for _ in 0..1 + rng.below(3) {
        match rng.below(5) {
            0 => {
                let at = rng.below(b.len() + 1);
                b.truncate(at);
            }
            1 | 2 => {
                let at = rng.below(b.len() + 1);
                let n = 1 + rng.below(6);
                let bytes: Vec<u8> = (0..n)
                    .map(|_| {
                        if rng.below(4) == 0 {
                            rng.next() as u8
                        } else {
                            PALETTE[rng.below(PALETTE.len())]
                        }
                    })
                    .collect();
                b.splice(at..at, bytes);
            }
            3 => {
                let spans = line_spans(&b);
                if !spans.is_empty() {
                    let (s, e) = spans[rng.below(spans.len())];
                    let line = b[s..e].to_vec();
                    let at = spans[rng.below(spans.len())].0;
                    b.splice(at..at, line);
                }
            }
            _ => {
                let spans = line_spans(&b);
                if !spans.is_empty() {
                    let (s, e) = spans[rng.below(spans.len())];
                    b.drain(s..e);
                }
            }
        }
    }
    b
}

#[test]
fn mutated_inputs_never_panic() {
    let c = Case::new();
    let mut files = c.csv_files();
    files.push("dataset.toml".to_owned());
    let started = std::time::Instant::now();
    let mut codes = [0usize; 3];
    for (k, f) in files.iter().enumerate() {
        let original = fs::read(c.path(f)).unwrap();
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ (k as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        for i in 0..200 {
            let bytes = mutate(&original, &mut rng);
            c.write(f, &bytes);
            let run = c.check(&[]);
            let show = || {
                format!(
                    "{f}, mutation {i}: {:?}\n{}",
                    String::from_utf8_lossy(&bytes),
                    run.context()
                )
            };
            assert!(!run.stderr.contains("panicked"), "panic on {}", show());
            match run.code {
                Some(code @ 0..=2) => codes[code as usize] += 1,
                _ => panic!("unexpected exit on {}", show()),
            }
            if run.code == Some(2) {
                assert!(
                    !run.error_lines().is_empty(),
                    "exit 2 without a coded error on {}",
                    show()
                );
            }
        }
        c.write(f, &original);
    }
    let run = c.check(&[]);
    assert_eq!(run.code, Some(0), "restored dataset\n{}", run.context());
    assert!(
        codes[2] > 0,
        "the mutations should break something: {codes:?}"
    );
    eprintln!(
        "mutations: exit codes 0/1/2 = {codes:?} in {:.1?}",
        started.elapsed()
    );
}
