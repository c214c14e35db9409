//! `cargo bench --bench national`: `renfort plan`'s default solver (`auto`) on national
//! months of 4,000, 16,000 and 40,000 volunteers, generated at bench time into a temporary
//! folder as `renfort generate --national --communes ../shared/data/communes_fr.csv
//! --volunteers N --month 2026-12 --seed 2026 --name fr-N DIR` writes them.
//!
//! The communes file lives beside the project (`../shared/data`), not in it: without it the
//! bench says so and measures nothing. Each solve takes 10 to 30 s, so the sizes run with
//! criterion's fewest samples (10); `RENFORT_BENCH_SIZES=16000` picks sizes (comma-separated;
//! `100000` as well, about 8 minutes: it is not a default size) and `RENFORT_BENCH_LIMIT=T`
//! sets the time limit of a solve (default 60 s, `renfort plan`'s).

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::generate::{generate, GenerateOptions, ZoneSource};
use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{SolveOptions, SolverKind};
use renfort::{Dataset, Instance, Policy};
use std::path::{Path, PathBuf};
use std::time::Duration;

const SIZES: [usize; 3] = [4_000, 16_000, 40_000];

fn communes() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/communes_fr.csv");
    if p.is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is absent (the national months are drawn from it)",
            p.display()
        );
        None
    }
}

fn sizes() -> Vec<usize> {
    match std::env::var("RENFORT_BENCH_SIZES") {
        Ok(v) => v
            .split(',')
            .map(|s| {
                s.trim()
                    .parse()
                    .expect("RENFORT_BENCH_SIZES: numbers like 4000,16000")
            })
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}

/// The national month of `volunteers` volunteers, as `renfort generate --national` draws it.
fn national(communes: &Path, volunteers: usize, horizon: Horizon) -> Dataset {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = generate(&GenerateOptions {
        zones: ZoneSource::National {
            count: 151,
            named: None,
            totals: None,
        },
        communes: communes.to_path_buf(),
        volunteers,
        partners: 0,
        months: 1,
        horizon,
        seed: 2026,
        name: format!("fr-{volunteers}"),
    })
    .expect("the national month generates");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write the dataset");
    }
    load_dataset(dir.path()).expect("the generated month loads")
}

fn bench_national(c: &mut Criterion) {
    let Some(communes) = communes() else {
        return;
    };
    let limit: f64 = std::env::var("RENFORT_BENCH_LIMIT")
        .map(|v| v.parse().expect("RENFORT_BENCH_LIMIT: seconds"))
        .unwrap_or(60.0);
    let horizon = Horizon::parse_month("2026-12").expect("month");
    let policy = Policy::default();
    let opts = SolveOptions {
        kind: SolverKind::Auto,
        time_limit: Some(Duration::from_secs_f64(limit)),
        ..Default::default()
    };
    let mut g = c.benchmark_group("national");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(60));
    for n in sizes() {
        let ds = national(&communes, n, horizon);
        let inst = Instance::new(&ds, &policy, horizon);
        g.bench_function(format!("auto/fr-{n}"), |b| {
            b.iter(|| renfort::solve(&inst, &opts))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_national);
criterion_main!(benches);
