//! The experiment behind the choice to run ILP solves one at a time (docs/whatif.md):
//!
//!     cargo run --release --example highs_concurrency
//!
//! On the tests' random instances (`renfort::testkit`).

use rayon::prelude::*;
use renfort::rules::metrics;
use renfort::solve::SolveOptions;
use renfort::testkit::{horizon_of, random_instance, Size};
use renfort::Instance;

/// Runs 8 ILP solves at once on a rayon pool, 20 times, on random instances of the size of
/// tests/data/small (and a few larger), and compares every plan and objective with the
/// same solve run alone; stops at the first concurrent solve whose objective differs.
fn main() {
    let sizes = [
        Size {
            zones: 2,
            sites: 3,
            volunteers: 6,
            days: 31,
            offer: 0.15,
        },
        Size {
            zones: 4,
            sites: 8,
            volunteers: 40,
            days: 31,
            offer: 0.15,
        },
    ];
    for (threads, label) in [(None, "HiGHS default threads"), (Some(1), "threads = 1")] {
        for size in sizes {
            let instances: Vec<_> = (0..8u64).map(|seed| random_instance(seed, size)).collect();
            let opts = SolveOptions {
                threads,
                ..Default::default()
            };
            let solve = |(ds, policy): &(renfort::Dataset, renfort::Policy)| {
                let inst = Instance::new(ds, policy, horizon_of(size));
                let out = renfort::solve(&inst, &opts);
                let plan = out.plan.expect("a plan");
                let obj = metrics::compute(&inst, &plan).objective(&inst);
                (plan, obj, out.seconds)
            };
            let t = std::time::Instant::now();
            let sequential: Vec<_> = instances.iter().map(solve).collect();
            let seq_s = t.elapsed().as_secs_f64();
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(8)
                .build()
                .unwrap();
            let (mut same_plan, mut same_obj, mut total) = (0, 0, 0);
            let t = std::time::Instant::now();
            for _round in 0..20 {
                let parallel: Vec<_> = pool.install(|| instances.par_iter().map(solve).collect());
                for (p, s) in parallel.iter().zip(&sequential) {
                    total += 1;
                    same_plan += usize::from(p.0 == s.0);
                    same_obj += usize::from((p.1 - s.1).abs() <= 1e-6 * s.1.abs().max(1.0));
                }
            }
            let par_s = t.elapsed().as_secs_f64() / 20.0;
            println!(
                "{label}, {} sites {} volunteers: {total} concurrent solves, same objective {same_obj}, \
                 same plan {same_plan}; 8 solves sequential {seq_s:.3} s, concurrent {par_s:.3} s",
                size.sites, size.volunteers
            );
            assert_eq!(same_obj, total, "concurrent solves changed an objective");
        }
    }
}
