//! `cargo bench --bench whatif`: the dropout runs of `renfort whatif` on the shipped AuRA
//! month with `scenarios/dropout-20.toml`: 20 runs repaired by the local search (in
//! parallel, the default) and by the ILP (`--runs-solver ilp`, one at a time). The published
//! plan the runs repair is solved once, outside the measure. Without the dataset the bench
//! says so and measures nothing.

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{SolveOptions, SolverKind};
use renfort::whatif::scenario::Scenario;
use renfort::whatif::{apply, dropout_runs, solve_case, Solver};
use renfort::Policy;
use std::path::PathBuf;
use std::time::Duration;

const RUNS: u64 = 20;

fn bench_whatif(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("datasets/aura-2026-12");
    if !dir.join("dataset.toml").exists() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let ds = load_dataset(&dir).expect("AuRA loads");
    let horizon = Horizon::parse_month(&ds.month).expect("month");
    let sc = Scenario::load(&root.join("scenarios/dropout-20.toml"), false).expect("scenario");
    let seed = sc.seed.unwrap_or(1);
    let applied =
        apply::apply(&ds, &Policy::default(), &sc, None, &horizon, seed).expect("applies");
    let limit = Some(Duration::from_secs(60));
    let ilp = Solver::ilp(SolveOptions {
        time_limit: limit,
        kind: SolverKind::Auto,
        ..Default::default()
    });
    let local = Solver::local(SolveOptions {
        time_limit: limit,
        effort: 0.1,
        ..Default::default()
    });
    let published = solve_case(&ilp, &applied.dataset, &applied.policy, horizon, "scenario")
        .expect("a plan")
        .plan;
    let runs: Vec<u64> = (1..=RUNS).collect();
    let mut g = c.benchmark_group("whatif/aura-2026-12/dropout-20");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    for (label, solver) in [("20_runs_local", &local), ("20_runs_ilp", &ilp)] {
        g.bench_function(label, |b| {
            b.iter(|| {
                dropout_runs(
                    solver,
                    &applied.dataset,
                    &applied.policy,
                    horizon,
                    &sc.dropout,
                    (&runs, seed),
                    &published,
                )
                .expect("runs")
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_whatif);
criterion_main!(benches);
