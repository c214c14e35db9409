//! `cargo bench --bench whatif`: the dropout runs of `renfort whatif` on the shipped AuRA
//! month with `scenarios/dropout-20.toml`: 20 runs repaired by the local search (in
//! parallel, the default) and by the ILP (`--runs-solver ilp`, one at a time). The published
//! plan the runs repair is solved once, outside the measure. Without the dataset the bench
//! says so and measures nothing.
//!
//! `RENFORT_BENCH_WHATIF=france` runs the national month (`datasets/france-2026-12`) instead,
//! 100 local-search runs only (the figure; an exact national run takes about 20 s);
//! `RENFORT_BENCH_RUNS=N` sets the runs.

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{SolveOptions, SolverKind};
use renfort::whatif::scenario::Scenario;
use renfort::whatif::{apply, dropout_runs, solve_case, Solver};
use renfort::Policy;
use std::path::PathBuf;
use std::time::Duration;

fn bench_whatif(c: &mut Criterion) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let national = std::env::var("RENFORT_BENCH_WHATIF").is_ok_and(|v| v == "france");
    let (name, default_runs) = if national {
        ("france-2026-12", 100)
    } else {
        ("aura-2026-12", 20)
    };
    let runs: u64 = std::env::var("RENFORT_BENCH_RUNS")
        .map(|v| v.parse().expect("RENFORT_BENCH_RUNS: a number"))
        .unwrap_or(default_runs);
    let dir = root.join("datasets").join(name);
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
    let run_ids: Vec<u64> = (1..=runs).collect();
    let mut g = c.benchmark_group(format!("whatif/{name}/dropout-20"));
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    let mut solvers = vec![(format!("{runs}_runs_local"), &local)];
    if !national {
        solvers.push((format!("{runs}_runs_ilp"), &ilp));
    }
    for (label, solver) in solvers {
        g.bench_function(label, |b| {
            b.iter(|| {
                dropout_runs(
                    solver,
                    &applied.dataset,
                    &applied.policy,
                    horizon,
                    &sc.dropout,
                    (&run_ids, seed),
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
