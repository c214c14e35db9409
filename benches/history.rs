//! `cargo bench --bench history`: a month with history solves as fast as one without. The
//! shipped January dataset (datasets/aura-2027-01, December's plan as history.csv) is solved
//! as it is and with its history removed, in the same process, with the default options;
//! compare the two medians (criterion prints them).

use criterion::{criterion_group, criterion_main, Criterion};
use renfort::io::load_dataset;
use renfort::model::{History, Horizon};
use renfort::solve::SolveOptions;
use renfort::{Instance, Policy};
use std::path::PathBuf;
use std::time::Duration;

fn bench_history(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/aura-2027-01");
    let with = load_dataset(&dir).expect("datasets/aura-2027-01 loads");
    let without = renfort::model::Dataset {
        history: History::default(),
        ..with.clone()
    };
    let horizon = Horizon::parse_month(&with.month).expect("month");
    let opts = SolveOptions {
        threads: Some(1),
        ..Default::default()
    };
    let mut g = c.benchmark_group("history/aura-2027-01");
    g.sample_size(20).measurement_time(Duration::from_secs(15));
    for policy_name in ["default", "continuity-of-care"] {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("models/{policy_name}.toml"));
        let policy: Policy = renfort::io::load_policy(Some(&path)).expect("policy loads");
        for (name, ds) in [("with_history", &with), ("without_history", &without)] {
            let inst = Instance::new(ds, &policy, horizon);
            g.bench_function(format!("{policy_name}/{name}"), |b| {
                b.iter(|| renfort::solve(&inst, &opts))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_history);
criterion_main!(benches);
