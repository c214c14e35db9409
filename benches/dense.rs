//! `cargo bench --bench dense`: time limits on dense data (issue 27). The shipped dataset's
//! zones and sites with 2,000 and 20,000 volunteers eligible at every site on every day
//! (`renfort::generate::dense`, seed 1: 644,000 and 6,440,000 candidates), each solver run
//! with a time limit; prints the median wall time of building the instance and solving,
//! against the limit, with the status and the plan's size.
//!
//! `RENFORT_BENCH_LIMIT` (seconds, default 5) and `RENFORT_BENCH_RUNS` (default 3) change the
//! limit and the runs. Run by `cargo test --all-targets` (no `--bench` argument) or with
//! `-- --test` it is a smoke test: one run of the greedy on 2,000 volunteers.

use renfort::io::load_dataset;
use renfort::model::Horizon;
use renfort::solve::{SolveOptions, SolverKind};
use renfort::{Instance, Policy};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn env_or(var: &str, default: f64) -> f64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bench = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("datasets/aura-2026-12");
    let Ok(base) = load_dataset(&dir) else {
        eprintln!("skipped: {} is absent or unreadable", dir.display());
        return;
    };
    let Some(horizon) = Horizon::parse_month(&base.month) else {
        eprintln!("skipped: {} has no month", dir.display());
        return;
    };
    let limit = Duration::from_secs_f64(env_or("RENFORT_BENCH_LIMIT", 5.0).max(0.001));
    let runs = if bench {
        env_or("RENFORT_BENCH_RUNS", 3.0).max(1.0) as usize
    } else {
        1
    };
    let (sizes, kinds): (&[usize], &[SolverKind]) = if bench {
        (
            &[2_000, 20_000],
            &[
                SolverKind::Auto,
                SolverKind::Greedy,
                SolverKind::Local,
                SolverKind::Ilp,
            ],
        )
    } else {
        (&[2_000], &[SolverKind::Greedy])
    };
    let policy = Policy::default();
    println!(
        "{:>7} {:>10} {:>7} {:>9} {:>6} {:>20} {:>8}",
        "vols", "candidates", "solver", "limit s", "wall s", "status", "assigned"
    );
    for &n in sizes {
        let ds = renfort::generate::dense(&base, &horizon, n, 1);
        for &kind in kinds {
            let mut times = Vec::new();
            let mut last = None;
            let mut candidates = 0;
            for _ in 0..runs {
                let t = Instant::now();
                let inst = Instance::new(&ds, &policy, horizon);
                let opts = SolveOptions {
                    kind,
                    time_limit: Some(limit),
                    // One HiGHS thread: runs stay comparable on a shared machine.
                    threads: Some(1),
                    ..Default::default()
                };
                let out = renfort::solve(&inst, &opts);
                times.push(t.elapsed().as_secs_f64());
                candidates = inst.candidates().len();
                last = Some((out.status, out.plan.map_or(0, |p| p.len())));
            }
            times.sort_by(f64::total_cmp);
            let (status, assigned) = last.expect("at least one run");
            println!(
                "{n:>7} {candidates:>10} {:>7} {:>9.1} {:>6.2} {:>20} {assigned:>8}",
                format!("{kind:?}").to_lowercase(),
                limit.as_secs_f64(),
                times[times.len() / 2],
                status.as_str(),
            );
        }
    }
}
