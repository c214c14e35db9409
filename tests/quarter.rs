//! A quarter at once: `generate --months 3` draws three months of offers in one dataset,
//! `plan --from --to` plans them together, and the plan passes `check` and the shared
//! checker over the quarter (H3 per calendar month).

mod common;

use common::{manifest_dir, renfort};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

fn generate(shared: &Path, months: &str, out: &Path) {
    let o = renfort(&[
        "generate",
        "--zones",
        shared.join("aura_zones.csv").to_str().unwrap(),
        "--communes",
        shared.join("communes_fr.csv").to_str().unwrap(),
        "--volunteers",
        "40",
        "--month",
        "2026-12",
        "--months",
        months,
        "--seed",
        "7",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The offers of `dataset`, (volunteer, date) rows, by month `YYYY-MM`.
fn offers_by_month(dataset: &Path) -> BTreeMap<String, Vec<String>> {
    let text = fs::read_to_string(dataset.join("availability.csv")).unwrap();
    let mut by = BTreeMap::<String, Vec<String>>::new();
    for row in text.lines().skip(1) {
        let date = row.split(',').nth(1).expect("a date column");
        by.entry(date[..7].to_owned())
            .or_default()
            .push(row.to_owned());
    }
    by
}

#[test]
fn a_generated_quarter_plans_at_once_and_passes_both_checkers() {
    let shared = manifest_dir().join("../shared/data");
    let present = shared.join("aura_zones.csv").exists() && common::shared_checker().is_some();
    if !common::prerequisite(present, "../shared/data and ../shared/tools") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (month, quarter) = (tmp.path().join("month"), tmp.path().join("quarter"));
    generate(&shared, "1", &month);
    generate(&shared, "3", &quarter);

    // Three months of offers, the first the one-month dataset's; the rest of the dataset
    // is the same but for the later months' closures and the description.
    let q = offers_by_month(&quarter);
    let months: Vec<&str> = q.keys().map(String::as_str).collect();
    assert_eq!(months, ["2026-12", "2027-01", "2027-02"]);
    assert_eq!(q["2026-12"], offers_by_month(&month)["2026-12"]);
    for f in ["zones.csv", "sites.csv", "volunteers.csv"] {
        assert_eq!(
            fs::read(month.join(f)).unwrap(),
            fs::read(quarter.join(f)).unwrap()
        );
    }
    let toml = fs::read_to_string(quarter.join("dataset.toml")).unwrap();
    assert!(toml.contains("month = \"2026-12\""), "{toml}");
    assert!(toml.contains("--from 2026-12-01 --to 2027-02-28"), "{toml}");

    // Planned over its quarter: no offer lies outside, so no W004.
    let span = ["--from", "2026-12-01", "--to", "2027-02-28"];
    let out = tmp.path().join("plan");
    let mut args = vec![
        "plan",
        quarter.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--time-limit",
        "60",
    ];
    args.extend(span);
    let o = renfort(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(!stderr.contains("W004"), "{stderr}");
    let plan = fs::read_to_string(out.join("plan.csv")).unwrap();
    for m in &months {
        assert!(
            plan.lines().any(|l| l.starts_with(m)),
            "nothing planned in {m}"
        );
    }
    let mut args = vec!["check", quarter.to_str().unwrap(), out.to_str().unwrap()];
    args.extend(span);
    let o = renfort(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let model = manifest_dir().join("models/default.toml");
    let (code, text) = common::run_shared_checker(&quarter, &model, &out, &span).unwrap();
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("valid, summary consistent"), "{text}");

    // Planned over its first month only, the later offers are outside it: W004 says so.
    let dec = tmp.path().join("december");
    let o = renfort(&[
        "plan",
        quarter.to_str().unwrap(),
        "--out",
        dec.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    assert!(stderr.contains("W004"), "{stderr}");
}

#[test]
fn months_out_of_range_are_a_typed_error_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    for months in ["0", "13"] {
        let out = tmp.path().join(format!("m{months}"));
        let o = renfort(&[
            "generate",
            "--zones",
            "zones.csv",
            "--communes",
            "communes.csv",
            "--volunteers",
            "5",
            "--month",
            "2026-12",
            "--months",
            months,
            out.to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!("--months {months}: from 1 to 12")),
            "{err}"
        );
        assert!(!out.exists());
    }
}
