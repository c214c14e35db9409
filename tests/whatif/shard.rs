//! `renfort whatif --shard I/N` and `renfort whatif-merge` on the shipped AuRA dataset: N
//! shards merged give one process's folder, and shards that do not belong together are
//! refused with nothing written.

use super::{json, ok, s};
use crate::common::{manifest_dir, renfort};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Output;

const RUNS: &str = "7";

/// `renfort whatif` on AuRA with the dropout scenario, 7 runs; extra flags after.
fn whatif(out: &Path, extra: &[&str]) -> Output {
    let ds = manifest_dir().join("datasets/aura-2026-12");
    let sc = manifest_dir().join("scenarios/dropout-20.toml");
    let mut args = vec![
        "whatif",
        s(&ds),
        "--scenario",
        s(&sc),
        "--runs",
        RUNS,
        "--out",
        s(out),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    renfort(&args)
}

fn merge(out: &Path, shards: &[&Path]) -> Output {
    let mut args = vec!["whatif-merge", "--out", s(out), "--quiet"];
    args.extend(shards.iter().map(|p| s(p)));
    renfort(&args)
}

/// whatif.json without its timing.
fn untimed(p: &Path) -> Value {
    let mut v = json(&p.join("whatif.json"));
    v.as_object_mut().unwrap().remove("runs_seconds");
    v
}

fn refused(o: &Output, words: &[&str]) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for w in words {
        assert!(err.contains(w), "{w} not in: {err}");
    }
}

#[test]
fn three_shards_merged_equal_one_run() {
    for solver in ["ilp", "local"] {
        let tmp = tempfile::tempdir().unwrap();
        let one = tmp.path().join("one");
        ok(&whatif(&one, &["--runs-solver", solver]));
        let shards: Vec<_> = (1..=3).map(|i| tmp.path().join(format!("s{i}"))).collect();
        for (i, dir) in shards.iter().enumerate() {
            let flag = format!("{}/3", i + 1);
            ok(&whatif(dir, &["--runs-solver", solver, "--shard", &flag]));
        }
        let part = json(&shards[1].join("whatif.json"));
        assert_eq!(part["partial"], true);
        assert_eq!(part["shard"]["runs"], serde_json::json!([2, 5]));
        assert_ne!(untimed(&shards[1])["rows"], untimed(&one)["rows"]);
        let merged = tmp.path().join("merged");
        // In any order.
        ok(&merge(&merged, &[&shards[2], &shards[0], &shards[1]]));
        assert_eq!(untimed(&merged), untimed(&one), "{solver}");
        for f in [
            "whatif.csv",
            "runs.csv",
            "scenario/plan.csv",
            "baseline/coverage.csv",
        ] {
            assert_eq!(
                fs::read(merged.join(f)).unwrap(),
                fs::read(one.join(f)).unwrap(),
                "{solver}: {f}"
            );
        }
        let runs = fs::read_to_string(one.join("runs.csv")).unwrap();
        assert_eq!(runs.lines().count(), 1 + 7);
    }
}

#[test]
fn bad_shards_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x");
    for bad in ["0/3", "4/3", "3", "a/b"] {
        let o = whatif(&out, &["--shard", bad]);
        refused(&o, &["--shard", bad]);
        assert!(!out.exists());
    }
    // More shards than runs: some shard would have none.
    refused(
        &whatif(&out, &["--shard", "1/8"]),
        &["--shard 1/8", "7 runs"],
    );
    assert!(!out.exists());

    let shard = |i: u32, seed: &str| {
        let dir = tmp.path().join(format!("s{i}-{seed}"));
        ok(&whatif(
            &dir,
            &["--shard", &format!("{i}/3"), "--seed", seed],
        ));
        dir
    };
    let (a, b, c) = (shard(1, "5"), shard(2, "5"), shard(3, "6"));
    let o = merge(&out, &[&a, &b, &c]);
    refused(&o, &[s(&c), "seed", "6", "5"]);
    let c5 = shard(3, "5");
    refused(&merge(&out, &[&a, &b]), &["shard 3/3 is missing"]);
    refused(&merge(&out, &[&a, &b, &b, &c5]), &["both shard 2/3", s(&b)]);
    // A folder that is not a shard's.
    let whole = tmp.path().join("whole");
    ok(&whatif(&whole, &[]));
    refused(&merge(&out, &[&whole]), &[s(&whole), "not a shard"]);
    // A runs.csv edited by hand.
    let runs = c5.join("runs.csv");
    let text = fs::read_to_string(&runs)
        .unwrap()
        .replacen(",322,", ",x,", 1);
    fs::write(&runs, text).unwrap();
    refused(
        &merge(&out, &[&a, &b, &c5]),
        &["runs.csv", "line 2", "total:demand_doctor_days (C)", "'x'"],
    );
    assert!(!out.exists());
}
