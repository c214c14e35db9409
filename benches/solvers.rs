//! `cargo bench --bench solvers`: every solver on the shipped datasets, so that speed claims
//! ("local search plans the region in a fraction of a second", "the baselines are instant")
//! are measured here, as ratios on this machine, not quoted.
//!
//! - `datasets/aura-2026-12` (17 sites, 150 volunteers): greedy, local, fcfs, neediest, the
//!   ILP (default formulation and LP-guided start, one thread) and auto;
//! - `datasets/france-2026-12` (151 sites, 4,000 volunteers): greedy and local; the national
//!   ILP takes about 30 s a solve, so it runs only with `RENFORT_BENCH_NATIONAL_ILP=1`.
//!
//! A dataset that is absent is skipped. `cargo bench --bench solvers -- --test` runs each
//! benchmark once (a smoke test).

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{SolveOptions, SolverKind};
use renfort::{Dataset, Instance, Policy};
use std::path::PathBuf;
use std::time::Duration;

/// A shipped dataset and its horizon, or None when it is not there.
fn dataset(name: &str) -> Option<(Dataset, Horizon)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("datasets")
        .join(name);
    if !dir.join("dataset.toml").exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return None;
    }
    let ds = load_dataset(&dir).ok()?;
    let horizon = Horizon::parse_month(&ds.month)?;
    Some((ds, horizon))
}

fn opts(kind: SolverKind) -> SolveOptions {
    SolveOptions {
        kind,
        // One thread: runs stay comparable on a shared machine.
        threads: Some(1),
        time_limit: Some(Duration::from_secs(120)),
        ..Default::default()
    }
}

fn bench_solvers(c: &mut Criterion, name: &str, kinds: &[(&str, SolverKind)]) {
    let Some((ds, horizon)) = dataset(name) else {
        return;
    };
    let policy = Policy::default();
    let inst = Instance::new(&ds, &policy, horizon);
    let mut g = c.benchmark_group(format!("solvers/{name}"));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for &(label, kind) in kinds {
        let o = opts(kind);
        g.bench_function(label, |b| b.iter(|| renfort::solve(&inst, &o)));
    }
    g.finish();
}

fn regional(c: &mut Criterion) {
    bench_solvers(
        c,
        "aura-2026-12",
        &[
            ("greedy", SolverKind::Greedy),
            ("local", SolverKind::Local),
            ("fcfs", SolverKind::Fcfs),
            ("neediest", SolverKind::Neediest),
            ("ilp_tight", SolverKind::Ilp),
            ("auto", SolverKind::Auto),
        ],
    );
}

fn national(c: &mut Criterion) {
    let mut kinds = vec![("greedy", SolverKind::Greedy), ("local", SolverKind::Local)];
    if std::env::var("RENFORT_BENCH_NATIONAL_ILP").is_ok_and(|v| v == "1") {
        kinds.push(("ilp_tight", SolverKind::Ilp));
    }
    bench_solvers(c, "france-2026-12", &kinds);
}

criterion_group!(benches, regional, national);
criterion_main!(benches);
