use crate::common;
use crate::support::{dataset, zip_folder, Server};
use serde_json::{json, Value};
use std::path::Path;

/// The vacations of a plan as (volunteer, site, date), from its plan.csv.
fn vacations(server: &Server, plan: i64) -> Vec<(String, String, String)> {
    let (status, _, bytes) = server.get_bytes(&format!("/api/plans/{plan}/files/plan.csv"));
    assert_eq!(status, 200);
    let mut r = csv::Reader::from_reader(bytes.as_slice());
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (v, s, d) = (col("volunteer_id"), col("site_id"), col("date"));
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (x[v].to_string(), x[s].to_string(), x[d].to_string())
        })
        .collect()
}

/// The shared checker on a plan downloaded from the server (plan.csv and summary.json).
fn check_with_shared_checker(server: &Server, plan: i64, dataset: &Path, label: &str) {
    let checker = common::shared_checker();
    if !common::prerequisite(checker.is_some(), "../shared/tools/validate_plan.py") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for f in ["plan.csv", "summary.json"] {
        let (status, _, bytes) = server.get_bytes(&format!("/api/plans/{plan}/files/{f}"));
        assert_eq!(status, 200, "{f}");
        std::fs::write(dir.path().join(f), bytes).unwrap();
    }
    let model = common::manifest_dir().join("models/default.toml");
    let (code, text) = common::run_shared_checker(dataset, &model, dir.path(), &[]).unwrap();
    assert_eq!(code, 0, "{label}: shared checker: {text}");
}

fn row(v: &(String, String, String)) -> Value {
    json!({"volunteer_id": v.0, "site_id": v.1, "date": v.2})
}

#[test]
fn a_planners_month_through_the_api_plan_edit_replan_cancel_publish_restart_and_january() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace");
    let server = Server::start(&ws, &[]);
    let december = dataset("aura-2026-12");

    // Upload, digest.
    let (status, up) = server.upload(&december);
    assert_eq!(status, 201, "{up}");
    let ds = up["id"].as_i64().unwrap();
    let (_, digest) = server.get(&format!("/api/datasets/{ds}"));
    assert_eq!(digest["sites"], 17);
    assert_eq!(digest["volunteers"], 150);
    assert_eq!(digest["history_vacations"], 0);

    // Plan: the same optimum as `renfort plan` (README), proven.
    let (status, queued) = server.post_json(&format!("/api/datasets/{ds}/plans"), &json!({}));
    assert_eq!(status, 202, "{queued}");
    let first = queued["id"].as_i64().unwrap();
    let p = server.wait(first);
    assert_eq!(p["status"], "optimal", "{p}");
    let objective = p["objective"].as_f64().unwrap();
    assert!((objective - 203692.223).abs() < 1e-2, "{objective}");
    assert_eq!(p["metrics"]["uncovered_doctor_days"], 172);
    check_with_shared_checker(&server, first, &december, "the plan");

    // Every file.
    for (name, kind) in [
        ("plan.csv", "text/csv"),
        ("coverage.csv", "text/csv"),
        ("summary.json", "application/json"),
        ("report.html", "text/html"),
        ("plan.xlsx", "application/vnd.openxmlformats"),
        ("calendars.zip", "application/zip"),
        ("convocations.zip", "application/zip"),
    ] {
        let (status, got, bytes) = server.get_bytes(&format!("/api/plans/{first}/files/{name}"));
        assert_eq!(status, 200, "{name}");
        assert!(got.starts_with(kind), "{name}: {got}");
        assert!(bytes.len() > 1000, "{name}: {} bytes", bytes.len());
    }
    let (_, _, zipped) = server.get_bytes(&format!("/api/plans/{first}/files/calendars.zip"));
    let archive = zip::ZipArchive::new(std::io::Cursor::new(zipped)).unwrap();
    assert!(archive
        .file_names()
        .any(|n| n.is_ok_and(|n| n.ends_with(".ics"))));
    let (status, _, _) =
        server.get_bytes(&format!("/api/plans/{first}/files/..%2F..%2Fetc%2Fpasswd"));
    assert_eq!(status, 404);

    // Edits: a rule broken is refused with the rule; pin two, remove one.
    let plan = vacations(&server, first);
    let (kept, gone) = ((&plan[0], &plan[1]), &plan[2]);
    let mut bad = row(kept.0);
    bad["date"] = json!("2026-12-31");
    bad["action"] = json!("assign");
    let (status, refused) = server.post_json(&format!("/api/plans/{first}/edits"), &bad);
    if status != 200 {
        assert_eq!(status, 409, "{refused}");
        assert!(
            refused["broken"][0].as_str().unwrap().contains("(H"),
            "{refused}"
        );
    }
    for (action, v) in [("pin", kept.0), ("pin", kept.1), ("remove", gone)] {
        let mut e = row(v);
        e["action"] = json!(action);
        let (status, r) = server.post_json(&format!("/api/plans/{first}/edits"), &e);
        assert_eq!(status, 200, "{action}: {r}");
    }
    assert!(!vacations(&server, first).contains(gone));

    // Re-plan around the edits: pins kept, the removed vacation not put back.
    let (status, r) = server.post_json(&format!("/api/plans/{first}/replan"), &json!({}));
    assert_eq!(status, 202, "{r}");
    let replanned = r["id"].as_i64().unwrap();
    let p = server.wait(replanned);
    assert_eq!(p["status"], "feasible", "{p}");
    let after = vacations(&server, replanned);
    assert!(after.contains(kept.0) && after.contains(kept.1));
    assert!(!after.contains(gone));
    check_with_shared_checker(&server, replanned, &december, "the re-plan");

    // A doctor cancels: none of their days left, the pins of others kept, a diff.
    let doctor = after
        .iter()
        .find(|v| v.0 != kept.0 .0 && v.0 != kept.1 .0)
        .unwrap()
        .0
        .clone();
    let (status, r) = server.post_json(
        &format!("/api/plans/{replanned}/cancel"),
        &json!({"volunteer_id": doctor}),
    );
    assert_eq!(status, 202, "{r}");
    let repaired = r["id"].as_i64().unwrap();
    let p = server.wait(repaired);
    assert_eq!(p["status"], "feasible", "{p}");
    let after = vacations(&server, repaired);
    assert!(after.iter().all(|v| v.0 != doctor));
    assert!(after.contains(kept.0) && !after.contains(gone));
    let changes = p["changes"]["changes"].as_array().unwrap();
    assert!(changes
        .iter()
        .any(|c| c["kind"] == "cancelled" && c["volunteer"] == doctor.as_str()));

    // Publish: the month's plan.
    let (status, r) = server.post_json(&format!("/api/plans/{repaired}/publish"), &json!({}));
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["month"], "2026-12");
    let published = after.len();

    // A restart keeps everything.
    let (exit, stderr) = server.stop();
    assert!(exit.success(), "{stderr}");
    let server = Server::start(&ws, &[]);
    let (_, p) = server.get(&format!("/api/plans/{repaired}"));
    assert!(p["published"].is_string(), "{p}");
    assert_eq!(vacations(&server, repaired).len(), published);
    let (_, log) = server.get("/api/audit");
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for a in [
        "upload", "plan", "pin", "remove", "replan", "repair", "publish",
    ] {
        assert!(actions.contains(&a), "{a} not in the audit log {actions:?}");
    }

    // January without a history of its own: December's published plan is its history.
    let january = dataset("aura-2027-01");
    let zipped = zip_folder(&january, Some("history.csv"));
    let (status, up) = server.post_bytes("/api/datasets", "application/zip", &zipped);
    assert_eq!(status, 201, "{up}");
    let jan = up["id"].as_i64().unwrap();
    let (_, digest) = server.get(&format!("/api/datasets/{jan}"));
    assert_eq!(
        digest["history_vacations"].as_u64().unwrap() as usize,
        published,
        "{digest}"
    );
    assert_eq!(digest["history_plans"], json!([repaired]));
    let (status, r) = server.post_json(&format!("/api/datasets/{jan}/plans"), &json!({}));
    assert_eq!(status, 202);
    let p = server.wait(r["id"].as_i64().unwrap());
    assert!(p["status"] == "optimal" || p["status"] == "feasible", "{p}");
    let (_, summary) = server.get(&format!("/api/plans/{}/files/summary.json", p["id"]));
    assert_eq!(
        summary["history_vacations"].as_u64().unwrap() as usize,
        published
    );
}

#[test]
fn a_dataset_with_errors_is_refused_with_each_error_located_and_nothing_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = common::copy_dataset(
        &common::manifest_dir().join("tests/data/small"),
        &tmp.path().join("small"),
    );
    let sites = std::fs::read_to_string(broken.join("sites.csv")).unwrap();
    let mut lines: Vec<String> = sites.lines().map(str::to_string).collect();
    let cells: Vec<&str> = lines[1].split(',').collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let rooms = header.iter().position(|h| *h == "rooms").unwrap();
    let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    cells[rooms] = "two".into();
    lines[1] = cells.join(",");
    std::fs::write(broken.join("sites.csv"), lines.join("\n") + "\n").unwrap();

    let server = Server::start(&tmp.path().join("ws"), &[]);
    let (status, r) = server.upload(&broken);
    assert_eq!(status, 422, "{r}");
    let e = &r["errors"][0];
    assert_eq!(e["code"], "E020", "{r}");
    assert_eq!(e["file"], "sites.csv", "{r}");
    assert_eq!(e["line"], 2, "{r}");
    assert!(e["column"].as_str().unwrap().contains("rooms"), "{r}");
    let (_, list) = server.get("/api/datasets");
    assert_eq!(list, json!([]));
}

#[test]
fn a_what_if_scenario_from_its_text_gives_its_plan_and_the_deltas_against_the_dataset_s_own() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&tmp.path().join("ws"), &[]);
    let (_, up) = server.upload(&dataset("aura-2026-12"));
    let ds = up["id"].as_i64().unwrap();
    let text =
        std::fs::read_to_string(common::manifest_dir().join("scenarios/cap-4-days.toml")).unwrap();
    let (status, r) = server.post_json(
        &format!("/api/datasets/{ds}/whatif"),
        &json!({"scenario": text}),
    );
    assert_eq!(status, 202, "{r}");
    let p = server.wait(r["id"].as_i64().unwrap());
    assert_eq!(p["status"], "optimal", "{p}");
    let deltas = p["changes"]["deltas"].as_array().unwrap();
    let objective = deltas.iter().find(|d| d["metric"] == "objective").unwrap();
    assert!(
        (objective["baseline"].as_f64().unwrap() - 203692.223).abs() < 1e-2,
        "{objective}"
    );
    // Four days a doctor cannot do worse than two.
    assert!(objective["delta"].as_f64().unwrap() < 0.0, "{objective}");
    assert!(p["metrics"]["assigned_days"].as_u64().unwrap() > 150, "{p}");

    // A path in an uploaded scenario is never read.
    let hostile = "name = \"x\"\ncommunes = \"/etc/shadow\"\n[[add_site]]\ncommune = \"43080\"\nname = \"S\"\npriority = 1\nopen_days = \"mon\"\nrooms = 1\ndemand = 1\nbeds = 0\nbed_cost_eur = 0\n";
    let (status, r) = server.post_json(
        &format!("/api/datasets/{ds}/whatif"),
        &json!({"scenario": hostile}),
    );
    assert!([202, 400, 422].contains(&status), "{status} {r}");
    let answer = match r["id"].as_i64() {
        Some(id) => server.wait(id),
        None => r,
    };
    assert!(!answer.to_string().contains("root:"), "{answer}");
}
