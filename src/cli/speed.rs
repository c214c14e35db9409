//! `renfort speed`: solves the same instance with each formulation, alternately, in this one
//! process, and prints medians and the ratio to the plain formulation. Speed claims are
//! ratios measured here, never absolute times from another machine.

use super::HorizonArgs;
use anyhow::Result;
use clap::Args;
use renfort::io::{load_dataset, load_policy, validate_pins};
use renfort::rules::metrics;
use renfort::solve::{ilp, Formulation, SolveOptions};
use renfort::Instance;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct SpeedArgs {
    /// Dataset folders.
    #[arg(required = true)]
    datasets: Vec<PathBuf>,
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    #[command(flatten)]
    horizon: HorizonArgs,
    /// Runs per formulation (the median is reported).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Time limit per solve, seconds.
    #[arg(long, default_value_t = 300.0)]
    time_limit: f64,
    /// HiGHS threads (1 keeps runs comparable on a shared machine).
    #[arg(long, default_value_t = 1)]
    threads: u32,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

pub fn run(a: SpeedArgs) -> Result<ExitCode> {
    let policy = load_policy(a.model.as_deref())?;
    let runs = a.runs.max(1);
    println!("| dataset | candidates | formulation | median s | objective | status | gap | speed-up vs plain |");
    println!("|---|---:|---|---:|---:|---|---:|---:|");
    for dir in &a.datasets {
        let ds = load_dataset(dir)?;
        let horizon = a.horizon.resolve(&ds.month)?;
        let inst = Instance::new(&ds, &policy, horizon);
        validate_pins(&inst, dir)?;
        let forms = [Formulation::Plain, Formulation::Tight];
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); forms.len()];
        let mut last = vec![None; forms.len()];
        // Alternate formulations so that machine noise hits both alike.
        for _ in 0..runs {
            for (j, &f) in forms.iter().enumerate() {
                let opts = SolveOptions {
                    time_limit: Some(Duration::from_secs_f64(a.time_limit)),
                    threads: Some(a.threads),
                    formulation: f,
                    ..Default::default()
                };
                let out = ilp::solve(&inst, &opts);
                times[j].push(out.seconds);
                last[j] = Some(out);
            }
        }
        let base = median(times[0].clone());
        for (j, f) in forms.iter().enumerate() {
            let out = last[j].as_ref().expect("ran");
            let obj = out
                .plan
                .as_ref()
                .map(|p| metrics::compute(&inst, p).objective(&inst));
            let med = median(times[j].clone());
            println!(
                "| {} | {} | {:?} | {:.3} | {} | {} | {} | {:.1}x |",
                ds.name,
                inst.candidates().len(),
                f,
                med,
                obj.map(|o| format!("{o:.2}")).unwrap_or_else(|| "-".into()),
                out.status.as_str(),
                out.gap
                    .map(|g| format!("{g:.1e}"))
                    .unwrap_or_else(|| "-".into()),
                base / med
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
