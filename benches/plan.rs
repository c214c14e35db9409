//! `cargo bench --bench plan`: building the MIP and solving it on the shipped AuRA dataset
//! (falls back to tests/data/small when the dataset is absent).

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{ilp, Formulation, SolveOptions};
use renfort::{Instance, Policy};
use std::path::PathBuf;
use std::time::Duration;

fn dataset_dir() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let aura = root.join("datasets/aura-2026-12");
    if aura.exists() {
        aura
    } else {
        root.join("tests/data/small")
    }
}

fn bench_plan(c: &mut Criterion) {
    let dir = dataset_dir();
    let ds = load_dataset(&dir).expect("dataset loads");
    let policy = Policy::default();
    let horizon = Horizon::parse_month(&ds.month).expect("month");
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut g = c.benchmark_group(format!("plan/{name}"));
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("instance", |b| {
        b.iter(|| Instance::new(&ds, &policy, horizon))
    });
    let inst = Instance::new(&ds, &policy, horizon);
    for f in [
        Formulation::Plain,
        Formulation::Tight,
        Formulation::Schedules,
    ] {
        g.bench_function(format!("build_model/{f:?}"), |b| {
            b.iter(|| ilp::build(&inst, f))
        });
        // Each formulation alone (no LP-guided start), then the default with it.
        for lp_start in [false, true] {
            if lp_start && f != Formulation::Schedules {
                continue;
            }
            let opts = SolveOptions {
                threads: Some(1),
                formulation: f,
                lp_start,
                ..Default::default()
            };
            let label = if lp_start { "+lp_start" } else { "" };
            g.bench_function(format!("solve_ilp/{f:?}{label}"), |b| {
                b.iter(|| ilp::solve(&inst, &opts))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_plan);
criterion_main!(benches);
