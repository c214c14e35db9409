//! `renfort plan`.

use super::{default_out, progress::Progress, HorizonArgs};
use anyhow::{Context, Result};
use clap::Args;
use renfort::io::{load_policy, validate_for_horizon_with};
use renfort::model::{Dataset, Horizon};
use renfort::report::{text, Lang, Summary};
use renfort::solve::{SolveOptions, SolverKind, Status};
use renfort::Instance;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct PlanArgs {
    /// Dataset folder (zones.csv, sites.csv, volunteers.csv, availability.csv, dataset.toml, ...).
    dataset: PathBuf,
    /// Policy file (default: the built-in defaults, identical to models/default.toml).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    #[command(flatten)]
    horizon: HorizonArgs,
    /// Output folder (default: out/<dataset folder name>-<month>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Stop the solver this many seconds after the command started (reading the dataset
    /// counts) and keep the best plan found; writing the outputs comes after.
    #[arg(long, value_name = "SECONDS", value_parser = super::parse_seconds, default_value_t = 60.0)]
    time_limit: f64,
    /// Solver threads.
    #[arg(long, value_name = "N", value_parser = super::threads_parser())]
    threads: Option<u32>,
    /// Relative optimality gap at which the solver stops.
    #[arg(long, value_name = "GAP", value_parser = super::parse_gap, default_value_t = 1e-4)]
    mip_gap: f64,
    /// Language of report.html, the convocations and the printed summary.
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
    /// Solver: auto (a heuristic plan first, the local search on large instances, then the
    /// exact ILP started from it), the ILP alone, or the greedy / local-search heuristics
    /// alone (no MIP).
    #[arg(long, value_parser = super::choice::<SolverKind>(), default_value_t = SolverKind::Auto)]
    solver: SolverKind,
    /// No progress line, no printed summary.
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(a: PlanArgs) -> Result<ExitCode> {
    // The time limit counts from here: reading a large dataset and deriving its candidates
    // take seconds of it (20,000 volunteers eligible everywhere: about 2 s).
    let started = Instant::now();
    let policy = load_policy(a.model.as_deref())?;
    let super::ForHorizon {
        mut ds,
        mut warnings,
        pin_errors,
    } = super::load_for_horizon(&a.dataset)?;
    a.horizon.add_history(&mut ds)?;
    let horizon = a.horizon.resolve(&ds.month)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| default_out(&super::dataset_folder_name(&a.dataset, &ds), &horizon));
    let dir = super::open_out(
        &out,
        "--out",
        [Some(a.dataset.as_path()), a.model.as_deref()],
    )?;
    let inst = Instance::new(&ds, &policy, horizon);
    validate_for_horizon_with(&inst, &a.dataset, &pin_errors)?;
    // A horizon given day by day is the planner's choice; a month may be the wrong one.
    let explicit = a.horizon.from.is_some();
    if let Some(w) = offers_outside(&ds, &horizon).filter(|_| !explicit) {
        eprintln!("warning: {w}");
        warnings.push(w);
    }
    // Each offer outside the month, located (the first few, then a count): one among many is
    // easily a typo. A horizon given day by day leaves the rest out on purpose.
    if !explicit {
        let located = renfort::io::warning::offers_outside(&ds, &horizon);
        for line in renfort::io::warning::warning_lines(&located) {
            eprintln!("{line}");
        }
        warnings.extend(renfort::io::warning::summarised(&located));
    }

    let spinner = Progress::start(!a.quiet, inst.candidates().len());
    let opts = SolveOptions {
        time_limit: Some(
            Duration::from_secs_f64(a.time_limit)
                .saturating_sub(started.elapsed())
                .max(Duration::from_millis(1)),
        ),
        threads: a.threads,
        mip_rel_gap: a.mip_gap,
        observer: spinner.observer(),
        kind: a.solver,
        tuning: super::tuning::from_env(),
        ..Default::default()
    };
    let mut outcome = renfort::solve(&inst, &opts);
    spinner.finish();
    let plan = match outcome.plan.take() {
        Some(p) => p,
        None if outcome.status == Status::Infeasible => {
            anyhow::bail!("no valid plan exists (the solver proved the problem infeasible); nothing was written")
        }
        None => {
            // Stopped before any plan (issue 27): the contract's status says so, and the
            // folder holds the agreed assignments alone (a valid plan, so that the summary's
            // figures and the checker agree), never a plan labelled `feasible`.
            outcome.status = Status::TimeoutNoSolution;
            eprintln!(
                "warning: the solver stopped at the time limit before finding any plan \
                 (status timeout_no_solution); plan.csv holds only the pinned assignments. \
                 Give more time (--time-limit) or use --solver auto, which always has a plan."
            );
            ds.pinned_plan()
        }
    };
    let summary = Summary {
        warnings,
        ..Summary::new(&inst, &plan, &outcome)
    };

    let published = super::publish::write_all(&dir, &inst, &plan, summary, a.lang, None, None)?;
    dir.commit()
        .with_context(|| format!("cannot write the output folder {}", out.display()))?;
    if !a.quiet {
        print!("{}", text::render(&published.summary, a.lang));
        super::print_written(a.lang, &out);
    }
    Ok(ExitCode::SUCCESS)
}

/// Offered days outside the horizon are not planned, without being an error (a dataset may
/// hold several months). When most are, the planner has likely picked the wrong month or
/// read day/month as month/day: say so before the plan looks thin. None when at most a
/// tenth of the offers fall outside.
fn offers_outside(ds: &Dataset, horizon: &Horizon) -> Option<String> {
    let total = ds.availability.len();
    let outside = ds
        .availability
        .iter()
        .filter(|(_, d)| !horizon.contains(*d))
        .count();
    if total == 0 || outside * 10 <= total {
        return None;
    }
    let span = format!("{} to {}", horizon.first, horizon.last);
    Some(if outside == total {
        format!(
            "none of the {total} offered days in availability.csv falls within {span}: \
             the plan can only hold the pinned days (is it the right month?)"
        )
    } else {
        format!(
            "{outside} of the {total} offered days in availability.csv fall outside {span} \
             and are not planned (is it the right month? are the dates day/month/year?)"
        )
    })
}
