//! `renfort repair` and `renfort marginal` end to end on the small dataset.

use super::{json, ok, s, small};
use crate::common::{manifest_dir, renfort};
use std::fs;
use std::path::Path;

/// plan.csv rows as (date, site, volunteer).
fn rows(plan_dir: &Path) -> Vec<(String, String, String)> {
    let mut r = csv::Reader::from_path(plan_dir.join("plan.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[0].to_owned(), x[1].to_owned(), x[2].to_owned())
        })
        .collect()
}

fn plan_small(out: &Path) {
    ok(&renfort(&["plan", s(&small()), "--out", s(out), "--quiet"]));
}

#[test]
fn repair_drops_the_cancelled_and_keeps_everyone_else() {
    let tmp = tempfile::tempdir().unwrap();
    let (p, r) = (tmp.path().join("p"), tmp.path().join("r"));
    plan_small(&p);
    let before = rows(&p);
    assert!(
        before.iter().any(|x| x.2 == "V6"),
        "the test needs V6 in the plan"
    );
    ok(&renfort(&[
        "repair",
        s(&small()),
        s(&p),
        "--cancel",
        "V6",
        "--out",
        s(&r),
        "--quiet",
    ]));
    let after = rows(&r);
    assert!(after.iter().all(|x| x.2 != "V6"));
    for x in before.iter().filter(|x| x.2 != "V6") {
        assert!(
            after.contains(x),
            "{x:?} was changed though nothing forced it"
        );
    }
    ok(&renfort(&["check", s(&small()), s(&r)]));
    ok(&renfort(&["check", s(&r.join("dataset")), s(&r)]));
    if let Some((code, text)) = crate::common::run_shared_checker(
        &small(),
        &manifest_dir().join("models/default.toml"),
        &r,
        &[],
    ) {
        assert_eq!(code, 0, "{text}");
    }
    let diff = fs::read_to_string(r.join("diff.csv")).unwrap();
    assert!(diff.starts_with("kind,date,site,volunteer,detail\n"));
    assert_eq!(
        diff.lines()
            .filter(|l| l.starts_with("cancelled,") && l.contains(",V6,"))
            .count(),
        before.iter().filter(|x| x.2 == "V6").count()
    );
    let text = fs::read_to_string(r.join("diff.txt")).unwrap();
    assert!(text.contains("cancelled the day"), "{text}");
    let summary = json(&r.join("summary.json"));
    assert_eq!(summary["repair"]["change_cost"], 500.0);
}

#[test]
fn repair_keeps_the_days_before_from() {
    let tmp = tempfile::tempdir().unwrap();
    let (p, r) = (tmp.path().join("p"), tmp.path().join("r"));
    plan_small(&p);
    let before = rows(&p);
    let from = "2026-12-10";
    let cancels = [
        "--cancel",
        "V1",
        "--cancel",
        "V5@2026-12-16",
        "--cancel",
        "V2",
    ];
    let ds = small();
    let mut args = vec![
        "repair",
        s(&ds),
        s(&p),
        "--from",
        from,
        "--out",
        s(&r),
        "--quiet",
    ];
    args.extend_from_slice(&cancels);
    ok(&renfort(&args));
    let after = rows(&r);
    let early = |v: &[(String, String, String)]| -> Vec<(String, String, String)> {
        v.iter().filter(|x| x.0.as_str() < from).cloned().collect()
    };
    assert_eq!(
        early(&before),
        early(&after),
        "days before --from are frozen"
    );
    assert!(after.iter().all(|x| !(x.2 == "V2" && x.0.as_str() >= from)));
    assert!(!after.contains(&("2026-12-16".into(), "S3".into(), "V5".into())));
    ok(&renfort(&["check", s(&small()), s(&r)]));
}

/// `renfort repair` on a given day (`RENFORT_TODAY`), or with RENFORT_TODAY set to `today`
/// as written.
fn repair_on(today: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_renfort"))
        .arg("repair")
        .args(args)
        .env("RENFORT_TODAY", today)
        .output()
        .expect("run renfort")
}

/// Regression (issue 33 #7): without --from, repair started on the month's first day, so
/// forgetting --from let days already worked change. It now starts today when the month
/// holds today, and says which day it used.
#[test]
fn regression_repair_without_from_let_past_days_change() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    plan_small(&p);
    let before = rows(&p);
    // Every doctor with a vacation before the 10th is cancelled: only a repair from the
    // 1st could change those days.
    let early: Vec<String> = before
        .iter()
        .filter(|x| x.0.as_str() < "2026-12-10")
        .map(|x| x.2.clone())
        .collect();
    assert!(
        !early.is_empty(),
        "the test needs vacations before the 10th"
    );
    let (ds, r) = (small(), tmp.path().join("r"));
    let mut args = vec![s(&ds), s(&p), "--out", s(&r)];
    for v in &early {
        args.extend(["--cancel", v.as_str()]);
    }
    let o = repair_on("2026-12-10", &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("repair from 2026-12-10 (today); the days before are kept"),
        "{err}"
    );
    let after = rows(&r);
    let kept = |v: &[(String, String, String)]| -> Vec<(String, String, String)> {
        v.iter()
            .filter(|x| x.0.as_str() < "2026-12-10")
            .cloned()
            .collect()
    };
    assert_eq!(kept(&before), kept(&after), "days before today changed");
    assert_eq!(
        json(&r.join("summary.json"))["repair"]["from"],
        "2026-12-10"
    );

    // Today outside the month: its first day, said so.
    let r2 = tmp.path().join("r2");
    let o = repair_on(
        "2027-01-15",
        &[s(&ds), s(&p), "--cancel", &early[0], "--out", s(&r2)],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("repair from 2026-12-01 (the horizon's first day: today is outside it)"),
        "{err}"
    );

    // A wrong RENFORT_TODAY is a command-line error, nothing written.
    let r3 = tmp.path().join("r3");
    let o = repair_on(
        "tomorrow",
        &[s(&ds), s(&p), "--cancel", &early[0], "--out", s(&r3)],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("RENFORT_TODAY") && err.contains("[E060]"),
        "{err}"
    );
    assert!(!r3.exists());
}

#[test]
fn repair_refuses_bad_cancellations() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("p");
    plan_small(&p);
    for (cancel, what) in [
        ("NOPE", "unknown volunteer 'NOPE'"),
        ("V1@2026-11-30", "V1@2026-11-30"),
        ("V1@tomorrow", "VOLUNTEER@YYYY-MM-DD"),
    ] {
        let out = tmp.path().join("r");
        let o = renfort(&[
            "repair",
            s(&small()),
            s(&p),
            "--cancel",
            cancel,
            "--out",
            s(&out),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("command line") && err.contains(what), "{err}");
        assert!(!out.exists());
    }
    let o = renfort(&[
        "repair",
        s(&small()),
        s(&p),
        "--cancel",
        "V1@2026-12-01",
        "--from",
        "2026-12-05",
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a cancellation before --from is in the frozen past"
    );
}

fn marginal_rows(out: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(out.join("marginal.csv"))
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn marginal_gains_are_nonnegative_and_positive_where_uncovered() {
    let tmp = tempfile::tempdir().unwrap();
    for (flag, method) in [("--exact", "exact"), ("--estimate", "estimate")] {
        let out = tmp.path().join(method);
        ok(&renfort(&[
            "marginal",
            s(&small()),
            flag,
            "--out",
            s(&out),
            "--quiet",
        ]));
        let rows = marginal_rows(&out);
        assert!(!rows.is_empty());
        let mut prev = f64::INFINITY;
        for r in &rows {
            let (service, doctor_days): (usize, usize) =
                (r[4].parse().unwrap(), r[5].parse().unwrap());
            // One recruit, held to the monthly cap (2 by default).
            assert_eq!(doctor_days, service.min(2), "{r:?}");
            let (uncovered, gain): (u64, f64) = (r[6].parse().unwrap(), r[7].parse().unwrap());
            assert!(gain >= 0.0 && gain <= prev, "{r:?}");
            prev = gain;
            if uncovered > 0 {
                assert!(gain > 0.0, "{r:?}");
            }
            assert_eq!(&r[8], method);
        }
    }
    // Given a plan folder, by date; small fits the exact budget.
    let p = tmp.path().join("p");
    plan_small(&p);
    let out = tmp.path().join("bydate");
    let o = renfort(&[
        "marginal",
        s(&small()),
        s(&p),
        "--by",
        "date",
        "--out",
        s(&out),
    ]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("exact"));
    assert!(marginal_rows(&out)
        .iter()
        .all(|r| r[3].starts_with("2026-12-") && &r[8] == "exact"));
}
