//! `renfort repair`: a new plan after cancellations, changing as little as it can.

use anyhow::{Context, Result};
use clap::Args;
use renfort::io::dataset_write::dataset_files;
use renfort::io::read_previous;
use renfort::io::{
    load_policy, read_plan_for, validate_for_horizon_with, Code, InputError, InputErrors,
};
use renfort::model::{Dataset, Horizon};
use renfort::report::{Lang, Summary};
use renfort::rules::metrics::compute;
use renfort::whatif::repair::{
    diff_csv, diff_text, frozen_violations, repair, repair_dataset, Cancel,
};
use renfort::whatif::Solver;
use renfort::{Instance, SolveOptions};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct RepairArgs {
    /// Dataset folder the plan was made for.
    dataset: PathBuf,
    /// The agreed plan's folder (plan.csv).
    plan: PathBuf,
    /// A withdrawal: VOLUNTEER (every day from --from on) or VOLUNTEER@YYYY-MM-DD.
    #[arg(long, value_name = "VOLUNTEER[@DATE]", required = true)]
    cancel: Vec<String>,
    /// First day that may change; the plan's days before it are kept as they are (default:
    /// today if the horizon holds it, else the horizon's first day).
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Policy file (its optional [repair] section sets the cost of each change).
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Month of the plan, YYYY-MM (default: the dataset's month).
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,
    /// Output folder (default: <PLAN>-repaired).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[arg(long, value_name = "SECONDS", value_parser = super::parse_seconds, default_value_t = 60.0)]
    time_limit: f64,
    /// Language of report.html and the convocations.
    #[arg(long, value_parser = super::choice::<Lang>(), default_value_t = Lang::Fr)]
    lang: Lang,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

use super::bad_argument as bad;

fn parse_cancel(
    ds: &Dataset,
    horizon: &Horizon,
    from: chrono::NaiveDate,
    text: &str,
) -> Result<Cancel, InputError> {
    let (id, date) = match text.split_once('@') {
        Some((v, d)) => (v, Some(d)),
        None => (text, None),
    };
    let volunteer = ds.volunteer_index(id.trim()).ok_or_else(|| {
        InputError::new(
            Code::UnknownReference,
            "command line",
            format!("--cancel {text}: unknown volunteer '{id}'"),
        )
    })?;
    let date = match date {
        None => None,
        Some(d) => {
            let d = renfort::io::fr_dates::read_date(d).map_err(|why| {
                bad(format!(
                    "--cancel {text}: expected VOLUNTEER@YYYY-MM-DD (or VOLUNTEER@07/12/2026): {why}"
                ))
            })?;
            if !horizon.contains(d) || d < from {
                return Err(bad(format!("--cancel {text}: {d} is not between --from {from} and the end of the horizon {}", horizon.last)));
            }
            Some(d)
        }
    };
    Ok(Cancel { volunteer, date })
}

pub fn run(a: RepairArgs) -> Result<ExitCode> {
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| super::beside(&a.plan, "repaired"));
    let inputs = [
        Some(a.dataset.as_path()),
        Some(a.plan.as_path()),
        a.model.as_deref(),
    ];
    let dir = super::open_out(&out, "--out", inputs)?;
    let policy = load_policy(a.model.as_deref())?;
    let super::ForHorizon { ds, pin_errors, .. } = super::load_for_horizon(&a.dataset)?;
    let month = a.month.as_deref().unwrap_or(&ds.month);
    let horizon = Horizon::parse_month(month)
        .ok_or_else(|| bad(format!("--month: expected YYYY-MM, found '{month}'")))?;
    let before_inst = Instance::new(&ds, &policy, horizon);
    validate_for_horizon_with(&before_inst, &a.dataset, &pin_errors)?;
    let previous = read_plan_for(&ds, &a.plan, &horizon)?.plan;
    let from = match &a.from {
        None => {
            // Days already worked cannot change: a forgotten --from must not let them move.
            let today = super::today()?;
            let from = if horizon.contains(today) {
                today
            } else {
                horizon.first
            };
            if !a.quiet {
                let why = if from == today {
                    "today"
                } else {
                    "the horizon's first day: today is outside it"
                };
                eprintln!(
                    "repair from {from} ({why}); the days before are kept. \
                     Another day: --from DATE"
                );
            }
            from
        }
        Some(f) => renfort::io::table::parse_date(f)
            .filter(|d| horizon.contains(*d))
            .ok_or_else(|| {
                bad(format!(
                    "--from: expected a date of the horizon {horizon}, found '{f}'"
                ))
            })?,
    };
    let (cancels, errors): (Vec<_>, Vec<_>) = a
        .cancel
        .iter()
        .map(|c| parse_cancel(&ds, &horizon, from, c))
        .partition(Result::is_ok);
    if !errors.is_empty() {
        return Err(InputErrors(errors.into_iter().filter_map(Result::err).collect()).into());
    }
    let cancels: Vec<Cancel> = cancels.into_iter().filter_map(Result::ok).collect();
    // A withdrawal that matches no vacation of the agreed plan is likely a typo (the wrong
    // day or doctor): the repair then changes nothing, which the planner should know why.
    for (text, c) in a.cancel.iter().zip(&cancels) {
        let matches = previous.assignments().iter().any(|x| {
            x.volunteer == c.volunteer && x.date >= from && c.date.is_none_or(|d| d == x.date)
        });
        if !matches {
            eprintln!(
                "warning: --cancel {text}: the agreed plan has no vacation of {} {}",
                ds.volunteers[c.volunteer].id,
                c.date
                    .map_or(format!("from {from} on"), |d| format!("on {d}"))
            );
        }
    }
    // The plan's days before --from are kept: they must still be a valid plan.
    let frozen = repair_dataset(&ds, &previous, &cancels, from);
    let problems = frozen_violations(&Instance::new(&frozen, &policy, horizon));
    if !problems.is_empty() {
        let file = a.plan.join("plan.csv").display().to_string();
        return Err(InputErrors(
            problems
                .iter()
                .map(|v| {
                    InputError::new(
                        Code::PinnedConflict,
                        &file,
                        format!("the plan's days before --from {from} break {v}"),
                    )
                })
                .collect(),
        )
        .into());
    }
    // The agreed plan may break a rule from --from on (edited by hand, or the dataset
    // changed since): the repair keeps the rules, so those vacations change. Say why.
    super::warn_broken_rules(
        &before_inst,
        &previous,
        from,
        "the repaired plan keeps the rules, so it changes these days",
    );
    let solver = Solver::ilp(SolveOptions {
        time_limit: Some(Duration::from_secs_f64(a.time_limit)),
        tuning: super::tuning::from_env(),
        ..Default::default()
    });
    let r = repair(&solver, &ds, &policy, horizon, &previous, &cancels, from)?;
    let before = compute(&before_inst, &previous).objective(&before_inst);
    let inst = Instance::new(&r.dataset, &policy, horizon);
    let after = compute(&inst, &r.plan).objective(&inst);
    let text = diff_text(&ds, &r, before, after);

    let extra = json!({
        "from": from.to_string(),
        "cancel": a.cancel,
        "change_cost": policy.repair.change,
        "kept": r.kept,
        "keepable": r.keepable,
        "changes": r.changes.len(),
        "objective_before": before,
        "note": "solver.status is 'feasible' and bound is null: the plan is optimal for the objective plus change costs (solver.model.solver_objective includes the bonuses), not proven so for the objective alone",
    });
    // The whole set, the agreed plan as the previous one: the calendars carry the
    // cancellations, and only the volunteers whose vacations changed get a new message.
    let previous_sent = read_previous(&ds, &a.plan, &horizon)?;
    let summary = Summary::new(&inst, &r.plan, &r.outcome);
    let published = super::publish::write_all(
        &dir,
        &inst,
        &r.plan,
        summary,
        a.lang,
        Some(&previous_sent),
        Some(("repair", extra)),
    )?;
    dir.write("diff.csv", &diff_csv(&r.changes))?;
    dir.write("diff.txt", text.as_bytes())?;
    let mut rds = r.dataset.clone();
    rds.name = format!("{} (repaired)", ds.name);
    for (name, bytes) in dataset_files(&rds) {
        dir.write(&format!("dataset/{name}"), &bytes)?;
    }
    dir.commit()
        .with_context(|| format!("cannot write the output folder {}", out.display()))?;
    if !a.quiet {
        print!("{text}");
        let w = published.written;
        println!(
            "\n{} message(s) to send in convocations/ ({} without an email address)",
            w.messages, w.without_email
        );
        println!("Written to {}", out.display());
    }
    Ok(ExitCode::SUCCESS)
}
