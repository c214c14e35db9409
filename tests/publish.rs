//! Publishing any plan (`renfort publish`, `renfort repair`): the whole set of outputs, the
//! calendars that follow changes (RFC 5545: same UID, STATUS:CANCELLED, higher SEQUENCE), and
//! convocations that parse as MIME messages with the calendar attached. Calendars and
//! messages are read back by independent parsers too (Python's icalendar and email).

mod common;

use common::{manifest_dir, renfort};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn small() -> PathBuf {
    manifest_dir().join("tests/data/small")
}

fn ok(o: &std::process::Output) {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `renfort plan tests/data/small --out OUT`, which must succeed; returns OUT.
fn plan_small(out: &Path) -> PathBuf {
    ok(&renfort(&[
        "plan",
        small().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    out.to_path_buf()
}

const WHOLE_SET: [&str; 7] = [
    "plan.csv",
    "coverage.csv",
    "summary.json",
    "report.html",
    "plan.xlsx",
    "not-selected.csv",
    "calendars/volunteers",
];

fn assert_whole_set(out: &Path) {
    for f in WHOLE_SET {
        assert!(out.join(f).exists(), "{f} missing in {}", out.display());
    }
    assert!(out.join("convocations").is_dir() && out.join("hosts").is_dir());
}

/// Every event of every calendar under `dir`: UID → (SEQUENCE, cancelled), read with the
/// icalendar crate's parser.
fn events(dir: &Path) -> BTreeMap<String, (u32, bool)> {
    let mut out = BTreeMap::new();
    for sub in ["volunteers", "sites"] {
        for e in fs::read_dir(dir.join("calendars").join(sub)).unwrap() {
            let text = fs::read_to_string(e.unwrap().path()).unwrap();
            for (uid, v) in renfort::report::ics::read_sequences(&text) {
                out.insert(uid, v);
            }
        }
    }
    out
}

/// Python's icalendar (independent of the icalendar crate) reads every calendar under `dir`
/// and lists `UID SEQUENCE STATUS` per event.
fn python_events(dir: &Path) -> Option<Vec<String>> {
    let have = Command::new("python3")
        .args(["-c", "import icalendar"])
        .status()
        .is_ok_and(|s| s.success());
    if !common::prerequisite(
        have,
        "Python's icalendar (python3 -m pip install icalendar)",
    ) {
        return None;
    }
    let script = r#"
import sys, pathlib, icalendar
for p in sorted(pathlib.Path(sys.argv[1]).glob("calendars/*/*.ics")):
    cal = icalendar.Calendar.from_ical(p.read_bytes())
    for e in cal.walk("VEVENT"):
        print(p.parent.name, e["UID"], int(e.get("SEQUENCE", 0)), str(e.get("STATUS", "CONFIRMED")))
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

/// A doctor cancels: the repaired plan's folder holds the whole set; their calendar carries
/// the cancellations (same UID, STATUS:CANCELLED, SEQUENCE 1); every other vacation that did
/// not move keeps its UID and SEQUENCE; only changed volunteers get a message.
#[test]
fn a_cancellation_reaches_the_calendars_and_the_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let agreed = plan_small(&tmp.path().join("agreed"));
    assert_whole_set(&agreed);
    let before = events(&agreed);
    assert!(before
        .values()
        .all(|&(seq, cancelled)| seq == 0 && !cancelled));
    let plan = fs::read_to_string(agreed.join("plan.csv")).unwrap();
    let who = plan
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(2)
        .unwrap()
        .to_owned();
    let repaired = tmp.path().join("repaired");
    ok(&renfort(&[
        "repair",
        small().to_str().unwrap(),
        agreed.to_str().unwrap(),
        "--cancel",
        &who,
        "--out",
        repaired.to_str().unwrap(),
        "--quiet",
    ]));
    assert_whole_set(&repaired);
    let after = events(&repaired);
    let gone: Vec<&String> = before
        .keys()
        .filter(|uid| uid.starts_with(&format!("renfort-{who}-")))
        .collect();
    assert!(!gone.is_empty());
    for uid in &gone {
        assert_eq!(after.get(*uid), Some(&(1, true)), "{uid} not cancelled");
    }
    let new_plan = fs::read_to_string(repaired.join("plan.csv")).unwrap();
    for (uid, &(seq, cancelled)) in &before {
        if gone.contains(&uid) {
            continue;
        }
        // A vacation still in the plan keeps its UID and SEQUENCE.
        let parts: Vec<&str> = uid.trim_end_matches("@renfort").split('-').collect();
        let (v, s, d) = (parts[1], parts[2], parts[3]);
        let date = format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]);
        if new_plan.contains(&format!("{date},{s},{v}")) {
            assert_eq!(after.get(uid), Some(&(seq, cancelled)), "{uid} changed");
        }
    }
    // The doctor who cancelled gets a message; a volunteer whose days did not change none.
    let messages: Vec<String> = fs::read_dir(repaired.join("convocations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    assert!(messages.contains(&format!("{who}.eml")), "{messages:?}");
    let initial: usize = fs::read_dir(agreed.join("convocations")).unwrap().count() / 2;
    assert!(
        messages.len() < initial,
        "{messages:?} against {initial} at first"
    );
    let letter = fs::read_to_string(repaired.join(format!("convocations/{who}.html"))).unwrap();
    assert!(
        letter.contains("Annulé"),
        "the message does not say what changed"
    );
    // Python's icalendar reads the same cancellations.
    if let Some(lines) = python_events(&repaired) {
        for uid in &gone {
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(uid.as_str()) && l.ends_with(" 1 CANCELLED")),
                "{uid}: {lines:?}"
            );
        }
    }
}

/// Every .eml parses as a MIME message (Python's email package) with the volunteer's
/// calendar attached, and the calendar attached is the one in calendars/.
#[test]
fn convocations_parse_as_mime_messages_with_the_calendar_attached() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::copy_dataset(&small(), &tmp.path().join("data"));
    // Emails for some volunteers (extra columns), one of them unusable.
    let vols = fs::read_to_string(data.join("volunteers.csv")).unwrap();
    let mut lines: Vec<String> = vols.lines().map(str::to_owned).collect();
    lines[0] += ",email,phone";
    for (i, l) in lines.iter_mut().enumerate().skip(1) {
        match i {
            1 => *l += ",alice.martin@example.org,+33 6 00 00 00 01",
            2 => *l += ",not an address,",
            _ => *l += ",,",
        }
    }
    fs::write(data.join("volunteers.csv"), lines.join("\n") + "\n").unwrap();
    let out = tmp.path().join("out");
    ok(&renfort(&[
        "plan",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    let script = r#"
import sys, pathlib, email
from email import policy
for p in sorted(pathlib.Path(sys.argv[1]).glob("convocations/*.eml")):
    m = email.message_from_bytes(p.read_bytes(), policy=policy.default)
    assert m.is_multipart(), p
    cals = [part for part in m.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert len(cals) == 1, p
    ics = pathlib.Path(sys.argv[1]) / "calendars" / "volunteers" / cals[0].get_filename()
    assert cals[0].get_content().replace("\r\n", "\n") == ics.read_text().replace("\r\n", "\n"), p
    body = m.get_body(preferencelist=("plain",)).get_content()
    print(p.stem, m["To"] or "-", m["Subject"], "200" in body)
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    let rows: Vec<&str> = text.lines().collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.ends_with("True")), "{rows:?}");
    // V1 has an address; V2's is unusable: no recipient; the summary counts them.
    for r in &rows {
        if r.starts_with("V1 ") {
            assert!(r.contains("alice.martin@example.org"), "{r}");
        } else {
            assert!(r.split(' ').nth(1) == Some("-"), "{r}");
        }
    }
    let s: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let without = s["convocations"]["without_email"].as_u64().unwrap() as usize;
    assert_eq!(
        without,
        rows.iter().filter(|r| !r.starts_with("V1 ")).count()
    );
}

/// `renfort publish` on a plan.csv edited by hand: the whole set when it keeps the rules,
/// every violation in plain words and nothing written when it does not.
#[test]
fn publish_takes_a_hand_edited_plan_and_refuses_an_invalid_one() {
    let tmp = tempfile::tempdir().unwrap();
    let agreed = plan_small(&tmp.path().join("agreed"));
    let plan = fs::read_to_string(agreed.join("plan.csv")).unwrap();
    // Edited by hand: the last vacation removed (always valid: the pins stay).
    let edited = tmp.path().join("edited");
    fs::create_dir(&edited).unwrap();
    let pinned = fs::read_to_string(small().join("pinned.csv")).unwrap();
    let mut lines: Vec<&str> = plan.lines().collect();
    let drop = lines
        .iter()
        .rposition(|l| {
            let f: Vec<&str> = l.split(',').collect();
            !pinned.contains(&format!("{},{},{}", f[2], f[1], f[0]))
        })
        .unwrap();
    let dropped = lines.remove(drop).to_owned();
    fs::write(edited.join("plan.csv"), lines.join("\n") + "\n").unwrap();
    let out = tmp.path().join("published");
    ok(&renfort(&[
        "publish",
        small().to_str().unwrap(),
        edited.to_str().unwrap(),
        "--previous",
        agreed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    assert_whole_set(&out);
    let f: Vec<&str> = dropped.split(',').collect();
    let uid = format!(
        "renfort-{}-{}-{}@renfort",
        f[2],
        f[1],
        f[0].replace('-', "")
    );
    assert_eq!(events(&out).get(&uid), Some(&(1, true)), "{uid}");
    let s: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    let sent: Vec<String> = fs::read_dir(out.join("convocations"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        s["convocations"]["messages"].as_u64(),
        Some(1),
        "dropped {dropped}: {sent:?}"
    );
    // Invalid: one volunteer twice on the same day.
    let bad = tmp.path().join("bad");
    fs::create_dir(&bad).unwrap();
    let first: Vec<&str> = plan.lines().nth(1).unwrap().split(',').collect();
    let other_site = if first[1] == "S1" { "S3" } else { "S1" };
    // The contract's three columns, as a planner's spreadsheet would export them.
    let three: String = plan
        .lines()
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(",") + "\n")
        .collect();
    fs::write(
        bad.join("plan.csv"),
        format!("{three}{},{other_site},{}\n", first[0], first[2]),
    )
    .unwrap();
    let out_bad = tmp.path().join("bad-published");
    let o = renfort(&[
        "publish",
        small().to_str().unwrap(),
        bad.to_str().unwrap(),
        "--out",
        out_bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("H2") && err.contains("nothing was published"),
        "{err}"
    );
    assert!(!out_bad.exists());
}
