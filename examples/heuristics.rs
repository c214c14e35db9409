//! The heuristics against the exact solve, printed (median of three runs each):
//!
//!     cargo run --release --example heuristics            # against the ILP, small instances
//!     cargo run --release --example heuristics -- region  # greedy and local on 4,000 volunteers
//!
//! On the tests' random instances (`renfort::testkit`).

use renfort::solve::{bound, greedy, ilp, local, Outcome, SolveOptions};
use renfort::testkit::{horizon_of, random_instance, Size};
use renfort::Instance;
use std::time::Instant;

/// The contract's objective of a plan.
fn objective(inst: &Instance, plan: &renfort::Plan) -> f64 {
    renfort::rules::metrics::compute(inst, plan).objective(inst)
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        None => against_the_ilp(),
        Some("region") => at_the_scale_of_the_region(),
        Some(other) => {
            eprintln!("unknown argument {other:?}: none, or `region`");
            std::process::exit(2);
        }
    }
}

/// Median of three timed runs: (objective, seconds).
fn measure(inst: &Instance, run: impl Fn() -> Outcome) -> (f64, f64) {
    let mut runs: Vec<(f64, f64)> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let out = run();
            let secs = t.elapsed().as_secs_f64();
            (
                out.plan.as_ref().map_or(f64::NAN, |p| objective(inst, p)),
                secs,
            )
        })
        .collect();
    runs.sort_by(|a, b| a.1.total_cmp(&b.1));
    runs[1]
}

fn report(name: &str, inst: &Instance) {
    let ilp_opts = SolveOptions {
        mip_rel_gap: 0.0,
        ..Default::default()
    };
    let (opt, t_ilp) = measure(inst, || ilp::solve(inst, &ilp_opts));
    let (g, t_g) = measure(inst, || greedy::solve(inst, &SolveOptions::default()));
    let (l, t_l) = measure(inst, || local::solve(inst, &SolveOptions::default()));
    let lb = bound::lower_bound(inst);
    let gap = |x: f64| 100.0 * (x - opt) / opt.abs().max(1e-9);
    println!("{name}: {} candidates", inst.candidates().len());
    println!("  ilp     objective {opt:12.3}  {t_ilp:8.3} s");
    println!(
        "  greedy  objective {g:12.3}  {t_g:8.3} s  gap {:+.3}%",
        gap(g)
    );
    println!(
        "  local   objective {l:12.3}  {t_l:8.3} s  gap {:+.3}%",
        gap(l)
    );
    println!(
        "  bound   {lb:12.3}  ({:.1}% of the optimum)",
        100.0 * lb / opt.abs().max(1e-9)
    );
}

/// The ILP, greedy and local search on tests/data/small and three random instances of 300
/// volunteers: objectives, gaps to the optimum, median seconds.
fn against_the_ilp() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/small");
    let ds = renfort::io::load_dataset(&path).expect("small dataset");
    let policy = renfort::Policy::default();
    let horizon = renfort::Horizon::parse_month(&ds.month).expect("month");
    report("tests/data/small", &Instance::new(&ds, &policy, horizon));
    let size = Size {
        zones: 17,
        sites: 17,
        volunteers: 300,
        days: 31,
        offer: 0.3,
    };
    for seed in [1u64, 2, 3] {
        let (ds, policy) = random_instance(seed, size);
        report(
            &format!("random {seed}: 300 volunteers x 17 sites x 31 days"),
            &Instance::new(&ds, &policy, horizon_of(size)),
        );
    }
}

/// Greedy and local search at the scale of the whole region (4,000 volunteers, 151 sites,
/// one month).
fn at_the_scale_of_the_region() {
    let size = Size {
        zones: 17,
        sites: 151,
        volunteers: 4000,
        days: 31,
        offer: 0.15,
    };
    let (mut ds, policy) = random_instance(11, size);
    // Spread the reach: a volunteer works within ~20 km, as around real medical deserts.
    for v in &mut ds.volunteers {
        v.max_km = v.max_km.min(20.0 + v.max_km / 8.0);
    }
    ds.pinned.clear();
    let inst = Instance::new(&ds, &policy, horizon_of(size));
    println!("region: {} candidates", inst.candidates().len());
    let (g, t_g) = measure(&inst, || greedy::solve(&inst, &SolveOptions::default()));
    println!("  greedy  objective {g:12.3}  {t_g:8.3} s");
    let (l, t_l) = measure(&inst, || local::solve(&inst, &SolveOptions::default()));
    println!(
        "  local   objective {l:12.3}  {t_l:8.3} s  ({:+.3}% vs greedy)",
        100.0 * (l - g) / g
    );
    println!("  bound   {:12.3}", bound::lower_bound(&inst));
}
