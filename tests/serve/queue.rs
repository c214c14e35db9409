use crate::support::{dataset, Server};
use serde_json::json;

#[test]
fn plans_queue_one_at_a_time_one_stopped_while_another_runs_and_twenty_clients_poll_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let server = Server::start(&tmp.path().join("ws"), &[]);
    let (status, up) = server.upload(&dataset("aura-2026-12"));
    assert_eq!(status, 201, "{up}");
    let ds = up["id"].as_i64().unwrap();
    let ids: Vec<i64> = (0..3)
        .map(|_| {
            let (status, r) = server.post_json(&format!("/api/datasets/{ds}/plans"), &json!({}));
            assert_eq!(status, 202, "{r}");
            r["id"].as_i64().unwrap()
        })
        .collect();
    // The last one waits behind two solves: stopped before it starts, it never runs.
    let (status, r) = server.delete(&format!("/api/plans/{}", ids[2]));
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["stopping"], true, "{r}");

    // Twenty clients poll while the queue runs: every answer is a well-formed plan.
    std::thread::scope(|s| {
        for _ in 0..20 {
            s.spawn(|| {
                for k in 0..10 {
                    let id = ids[k % 3];
                    let (status, p) = server.get(&format!("/api/plans/{id}"));
                    assert_eq!(status, 200, "{p}");
                    let st = p["status"].as_str().unwrap();
                    assert!(
                        ["queued", "solving", "optimal", "stopped"].contains(&st),
                        "{p}"
                    );
                }
            });
        }
    });
    let done: Vec<_> = ids.iter().map(|&id| server.wait(id)).collect();
    assert_eq!(done[0]["status"], "optimal");
    assert_eq!(done[1]["status"], "optimal");
    assert_eq!(done[2]["status"], "stopped", "{}", done[2]);
    assert!(done[2]["objective"].is_null());
    // One at a time: the second started after the first ended.
    assert!(
        done[1]["created"].as_str() <= done[1]["updated"].as_str(),
        "{}",
        done[1]
    );
    let (status, r) = server.delete("/api/plans/999");
    assert_eq!(status, 404, "{r}");
}

#[test]
fn a_running_solve_stopped_keeps_its_best_plan() {
    let tmp = tempfile::tempdir().unwrap();
    // 2,000 volunteers eligible everywhere: the local search uses all the time it is given.
    let dense = tmp.path().join("dense");
    let out = crate::common::renfort(&[
        "generate",
        "--dense",
        dataset("aura-2026-12").to_str().unwrap(),
        "--volunteers",
        "2000",
        dense.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let server = Server::start(&tmp.path().join("ws"), &[]);
    let (status, up) = server.upload(&dense);
    assert_eq!(status, 201, "{up}");
    let ds = up["id"].as_i64().unwrap();
    let (_, r) = server.post_json(
        &format!("/api/datasets/{ds}/plans"),
        &json!({"time_limit": 600, "solver": "local"}),
    );
    let id = r["id"].as_i64().unwrap();
    let start = std::time::Instant::now();
    loop {
        let (_, p) = server.get(&format!("/api/plans/{id}"));
        if p["status"] == "solving" {
            break;
        }
        assert_eq!(p["status"], "queued", "{p}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_secs(2));
    let (status, r) = server.delete(&format!("/api/plans/{id}"));
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["stopping"], true, "{r}");
    let p = server.wait(id);
    assert_eq!(p["status"], "stopped", "{p}");
    assert!(
        p["vacations"].as_u64().unwrap() > 0,
        "the best plan is kept: {p}"
    );
    // Stopped, not run to its 600 s limit.
    assert!(start.elapsed().as_secs() < 300, "{:?}", start.elapsed());
}
