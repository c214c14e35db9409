//! `cargo bench --bench quarter`: `renfort plan`'s default solver (`auto`) on a quarter at
//! once (December 2026 to February 2027, H3 per calendar month), generated at bench time into
//! a temporary folder as `renfort generate ... --months 3 --seed 2026` writes them:
//!
//! - `aura`: the 17 AuRA zones of ../shared/data/aura_zones.csv, 150 volunteers (the
//!   shipped `datasets/aura-2026-12` and two more months of offers);
//! - `fr-4000`: 151 national zones, 4,000 volunteers (the fr-4000 month and two more).
//!
//! The data files live beside the project (`../shared/data`), not in it: without them the
//! bench says so and measures nothing. Before timing, each instance is solved once and its
//! status, objective, bound and gap printed (the quarter's target is a gap, not a time).
//! `RENFORT_BENCH_QUARTERS=aura` picks instances (comma-separated) and
//! `RENFORT_BENCH_LIMIT=T` sets the time limit of a solve (default 120 s).

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::generate::{generate, GenerateOptions, ZoneSource};
use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{SolveOptions, SolverKind};
use renfort::{Dataset, Instance, Policy};
use std::path::{Path, PathBuf};
use std::time::Duration;

const QUARTERS: [&str; 2] = ["aura", "fr-4000"];

fn shared_data() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if p.join("communes_fr.csv").is_file() && p.join("aura_zones.csv").is_file() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} lacks communes_fr.csv or aura_zones.csv (the quarters are drawn from them)",
            p.display()
        );
        None
    }
}

fn picked() -> Vec<String> {
    match std::env::var("RENFORT_BENCH_QUARTERS") {
        Ok(v) => v.split(',').map(|s| s.trim().to_owned()).collect(),
        Err(_) => QUARTERS.iter().map(|s| (*s).to_owned()).collect(),
    }
}

/// The quarter `name` from December 2026, as `renfort generate --months 3` draws it.
fn quarter(data: &Path, name: &str) -> Dataset {
    let (zones, volunteers) = match name {
        "aura" => (ZoneSource::File(data.join("aura_zones.csv")), 150),
        "fr-4000" => (
            ZoneSource::National {
                count: 151,
                named: None,
                totals: None,
            },
            4_000,
        ),
        other => panic!("RENFORT_BENCH_QUARTERS: aura or fr-4000, not {other}"),
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files = generate(&GenerateOptions {
        zones,
        communes: data.join("communes_fr.csv"),
        volunteers,
        partners: 0,
        horizon: Horizon::parse_month("2026-12").expect("month"),
        months: 3,
        seed: 2026,
        name: format!("{name}-quarter"),
    })
    .expect("the quarter generates");
    for (file, bytes) in files {
        std::fs::write(dir.path().join(file), bytes).expect("write the dataset");
    }
    load_dataset(dir.path()).expect("the generated quarter loads")
}

fn bench_quarter(c: &mut Criterion) {
    let Some(data) = shared_data() else {
        return;
    };
    let limit: f64 = std::env::var("RENFORT_BENCH_LIMIT")
        .map(|v| v.parse().expect("RENFORT_BENCH_LIMIT: seconds"))
        .unwrap_or(120.0);
    let first = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date");
    let last = chrono::NaiveDate::from_ymd_opt(2027, 2, 28).expect("a date");
    let horizon = Horizon::range(first, last).expect("a quarter");
    let policy = Policy::default();
    let opts = SolveOptions {
        kind: SolverKind::Auto,
        time_limit: Some(Duration::from_secs_f64(limit)),
        ..Default::default()
    };
    let mut g = c.benchmark_group("quarter");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(60));
    for name in picked() {
        let ds = quarter(&data, &name);
        let inst = Instance::new(&ds, &policy, horizon);
        let out = renfort::solve(&inst, &opts);
        let objective = out
            .plan
            .as_ref()
            .map(|p| renfort::rules::metrics::compute(&inst, p).objective(&inst));
        eprintln!(
            "quarter {name}: {} candidates, {:?} at {:.1} s, objective {objective:?}, bound \
             {:?}, gap {:?}",
            inst.candidates().len(),
            out.status,
            out.seconds,
            out.bound,
            out.gap
        );
        g.bench_function(format!("auto/{name}"), |b| {
            b.iter(|| renfort::solve(&inst, &opts))
        });
    }
    g.finish();
}

criterion_group!(benches, bench_quarter);
criterion_main!(benches);
