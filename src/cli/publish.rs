//! `renfort publish`: the whole set of outputs for any plan (the engine's, a repaired one, a
//! what-if scenario's, or a `plan.csv` edited by hand), once it keeps H1 to H6. With
//! `--previous`, the calendars carry the cancellations and only the volunteers whose
//! vacations changed get a new message.

use super::HorizonArgs;
use anyhow::{Context, Result};
use clap::Args;
use renfort::io::{
    load_policy, read_plan_for, read_previous, validate_for_horizon_with, OutputDir,
};
use renfort::model::Plan;
use renfort::report::ics::Previous;
use renfort::report::publish::{publish, Publication};
use renfort::report::{text, Lang, Summary};
use renfort::rules::hard;
use renfort::solve::{Outcome, Status};
use renfort::Instance;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct PublishArgs {
    /// Dataset folder the plan was made for.
    dataset: PathBuf,
    /// The plan's folder (its plan.csv: renfort's, repaired, or edited by hand).
    plan: PathBuf,
    /// Policy file (default: the built-in defaults).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// The plan sent before this one: cancelled vacations reach the calendars, and only the
    /// volunteers whose vacations changed get a new message.
    #[arg(long, value_name = "PLAN_DIR")]
    previous: Option<PathBuf>,
    #[command(flatten)]
    horizon: HorizonArgs,
    /// Output folder (default: <PLAN>-published).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Language of report.html, the convocations and the printed summary.
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
    /// No printed summary.
    #[arg(long, short)]
    quiet: bool,
}

/// Writes every output of `plan` into `dir` (not committed).
pub fn write_all(
    dir: &OutputDir,
    inst: &Instance,
    plan: &Plan,
    summary: Summary,
    lang: Lang,
    previous: Option<&Previous>,
    extra: Option<(&str, serde_json::Value)>,
) -> Result<Publication> {
    let p = publish(inst, plan, summary, lang, previous, extra)?;
    for (path, bytes) in &p.files {
        dir.write(path, bytes)?;
    }
    Ok(p)
}

pub fn run(a: PublishArgs) -> Result<ExitCode> {
    let policy = load_policy(a.model.as_deref())?;
    let super::ForHorizon {
        mut ds,
        warnings,
        pin_errors,
    } = super::load_for_horizon(&a.dataset)?;
    a.horizon.add_history(&mut ds)?;
    let horizon = a.horizon.resolve(&ds.month)?;
    let inst = Instance::new(&ds, &policy, horizon);
    validate_for_horizon_with(&inst, &a.dataset, &pin_errors)?;
    let read = read_plan_for(&ds, &a.plan, &horizon)?;
    let mut problems: Vec<String> = read
        .duplicates
        .iter()
        .map(|(line, first)| format!("plan.csv line {line} repeats the assignment of line {first}"))
        .collect();
    problems.extend(hard::check(&inst, &read.plan).iter().map(|v| v.to_string()));
    if !problems.is_empty() {
        eprintln!(
            "error: the plan in {} breaks {} rule(s); nothing was published:",
            a.plan.display(),
            problems.len()
        );
        for p in &problems {
            eprintln!("  {p}");
        }
        return Ok(ExitCode::from(1));
    }
    let previous = match &a.previous {
        Some(dir) => Some(read_previous(&ds, dir, &horizon)?),
        None => None,
    };
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| super::beside(&a.plan, "published"));
    let inputs = [
        Some(a.dataset.as_path()),
        Some(a.plan.as_path()),
        a.model.as_deref(),
        a.previous.as_deref(),
    ];
    let dir = super::open_out(&out, "--out", inputs)?;
    // A given plan: valid, not solved here, so no bound and no claim of optimality.
    let outcome = Outcome {
        plan: None,
        status: Status::Feasible,
        bound: None,
        gap: None,
        seconds: 0.0,
        solver: "given plan (renfort publish)",
        stats: Default::default(),
    };
    let summary = Summary {
        warnings,
        ..Summary::new(&inst, &read.plan, &outcome)
    };
    let published = write_all(
        &dir,
        &inst,
        &read.plan,
        summary,
        a.lang,
        previous.as_ref(),
        None,
    )?;
    dir.commit()
        .with_context(|| format!("cannot write the output folder {}", out.display()))?;
    if !a.quiet {
        print!("{}", text::render(&published.summary, a.lang));
        super::print_written(a.lang, &out);
    }
    Ok(ExitCode::SUCCESS)
}
